"""Protocol sessions for ``load.py --client protocol``: the server alone, no browser.

Run: python benchmarks/load.py --client protocol --sessions 20 [--db STORE]
(``python benchmarks/load_protocol.py ...`` is the same command.)

``load.py --client browser`` drives real browsers; on a small machine the
browsers themselves then take most of the CPU (about 2 s of it per page
switch each, twelve times the dashboard's share), so what it times is mostly
the machine drawing 20 pages at once, not the dashboard serving them. Here
each session is one websocket client that talks to the dashboard exactly as
the browser's Streamlit client does (binary ``BackMsg`` / ``ForwardMsg``
protobufs on ``/_stcore/stream``), asks for a page by its script hash, and
reads every message the server sends until the run finishes. A switch is
timed from the request until the server reports the page's run finished; a
run that ends with an exception element, a compile error, a missing page or
no answer within ``--switch-timeout`` seconds is an error. It measures what
the dashboard can serve, with each user's browser on the user's own machine.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time
from pathlib import Path


def _sibling_load():
    """``benchmarks/load.py`` (store, server, bounds, table), loaded by file.

    Not through ``sys.path``: a benchmarks/ entry there would shadow the
    dashboard's own top-level modules.
    """
    if "benchmarks_load" in sys.modules:
        return sys.modules["benchmarks_load"]
    spec = importlib.util.spec_from_file_location(
        "benchmarks_load", Path(__file__).resolve().with_name("load.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmarks_load"] = module
    spec.loader.exec_module(module)
    return module


load = _sibling_load()


async def _receive_run(ws, timeout_s: float) -> str | None:
    """Read messages until the script run ends; the error text, or None when it went well."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    deadline = time.monotonic() + timeout_s
    error = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return f"no answer within {timeout_s:g} s"
        try:
            frame = await asyncio.wait_for(ws.recv(), timeout=left)
        except TimeoutError:
            return f"no answer within {timeout_s:g} s"
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception":
                error = f"exception on the page: {element.exception.message[:160]}"
        elif kind == "page_not_found":
            return "page not found"
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                return "compile error"
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # a newer run follows: keep reading
            return error
        elif kind == "navigation":
            _PAGES.update({p.page_name: p.page_script_hash for p in msg.navigation.app_pages})


_PAGES: dict[str, str] = {}  # page name -> script hash, from the server's navigation message


def _rerun(page_hash: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = page_hash
    return msg.SerializeToString()


async def _session(url: str, index: int, args, outcome: load.Outcome, gates) -> None:
    import websockets

    loads, ready, deadline, marks = gates
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with loads:
        ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            origin=url,
            max_size=None,
            open_timeout=args.switch_timeout,
        )
        await ws.send(_rerun(""))  # the first load: the default page
        first_error = await _receive_run(ws, args.switch_timeout)
    try:
        if await ready.wait() == 0:  # all first loads done: the switches' CPU counts from here
            marks["cpu_start"] = load.tree_cpu_seconds(marks["server"])
        if first_error is not None:
            outcome.errors.append(f"session {index}, first load: {first_error}")
            outcome.not_run += args.switches
            return
        for done, name in enumerate(load.page_sequence(index, args.switches)):
            if time.monotonic() > deadline:
                outcome.not_run += args.switches - done
                return
            if name not in _PAGES:
                outcome.errors.append(f"session {index}: the server offers no page {name!r}")
                continue
            started = time.perf_counter()
            await ws.send(_rerun(_PAGES[name]))
            error = await _receive_run(ws, args.switch_timeout)
            if error is None:
                outcome.add(name, time.perf_counter() - started)
            else:
                outcome.errors.append(f"session {index}, {name}: {error}")
            if args.pause:
                await asyncio.sleep(args.pause)
    finally:
        await ws.close()


async def warm(url: str, timeout_s: float) -> None:
    """One session visits every page once, as a first user of a new server would."""
    import websockets

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url) as ws:
        await ws.send(_rerun(""))
        await _receive_run(ws, timeout_s)
        for name in load.PAGES:
            if name in _PAGES:
                await ws.send(_rerun(_PAGES[name]))
                await _receive_run(ws, timeout_s)


async def run_sessions(url: str, args, outcome: load.Outcome, server: int) -> None:
    """N protocol sessions, each switching pages; fills ``outcome``."""
    ready = asyncio.Barrier(args.sessions)
    marks: dict = {"server": server}
    deadline = time.monotonic() + args.time_limit
    gates = (asyncio.Semaphore(load.LOADS_AT_ONCE), ready, deadline, marks)
    tasks = [
        asyncio.ensure_future(_session(url, i, args, outcome, gates)) for i in range(args.sessions)
    ]
    done, pending = await asyncio.wait(tasks, timeout=args.time_limit + 30)
    for task in pending:
        task.cancel()
        outcome.errors.append("a session did not stop by the time limit")
    for task in done:
        if task.exception() is not None:
            outcome.errors.append(f"a session failed: {task.exception()!r}"[:200])
    cpu_start, cpu_end = marks.get("cpu_start"), load.tree_cpu_seconds(server)
    if cpu_start is not None and cpu_end is not None:
        outcome.cpu = (cpu_end - cpu_start, cpu_end - cpu_start)


def main(argv: list[str] | None = None) -> int:
    """``load.py --client protocol`` with these arguments."""
    return load.main(["--client", "protocol", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
