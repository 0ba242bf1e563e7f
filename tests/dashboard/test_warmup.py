"""The warm-up: a real server builds every page's shared parts once, before sessions ask."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from framing.devtools.testing import free_port

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
sys.path.insert(0, str(ROOT / "dashboard"))

import warmup  # noqa: E402

# Runs the dashboard with every new shared part ("build") and the end of the
# warm-up ("warmed N") written to a log file, one line each.
LAUNCHER = """
import sys
sys.path.insert(0, {dashboard!r})
import shared_objects, warmup

log = open({log!r}, "a", buffering=1)
grew, visit = shared_objects.grew, warmup.visit_pages

def counted_grew():
    log.write("build\\n")
    grew()

def counted_visit(runtime, corpus):
    pages = visit(runtime, corpus)
    log.write(f"warmed {{len(pages)}}\\n")
    return pages

shared_objects.grew, warmup.visit_pages = counted_grew, counted_visit
from streamlit.web import cli
sys.argv = ["streamlit", "run", {app!r}, "--server.address", "127.0.0.1",
            "--server.port", "{port}", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
cli.main()
"""


async def _visit(url: str, pages: list[str] | None) -> list[str]:
    """A session speaking Streamlit's protocol: the first page, then ``pages`` (None: every one)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    early = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a newer run follows: keep reading
    offered: dict[str, str] = {}
    seen: list[str] = []

    async def run(ws, page_hash: str) -> None:
        msg = BackMsg()
        msg.rerun_script.page_script_hash = page_hash
        await ws.send(msg.SerializeToString())
        while True:
            got = ForwardMsg()
            got.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
            kind = got.WhichOneof("type")
            if kind == "navigation":
                offered.update({p.page_name: p.page_script_hash for p in got.navigation.app_pages})
            elif kind == "delta" and got.delta.WhichOneof("type") == "new_element":
                assert got.delta.new_element.WhichOneof("type") != "exception"
            elif kind == "script_finished" and got.script_finished != early:
                return

    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], origin=url) as ws:
        await run(ws, "")
        for name in warmup.visit_order(list(offered)) if pages is None else pages:
            await run(ws, offered[name])
            seen.append(name)
    return seen


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_dashboard_warmup_builds_every_page_once_before_a_session_visits_it(
    hashed_sample: Path, tmp_path: Path
) -> None:
    log, port = tmp_path / "builds.log", free_port()
    launcher = tmp_path / "launch.py"
    launcher.write_text(
        LAUNCHER.format(dashboard=str(APP.parent), log=str(log), app=str(APP), port=port)
    )
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "FRAMING_DB": str(hashed_sample)}
    with open(tmp_path / "server.txt", "wb") as out:
        server = subprocess.Popen([sys.executable, str(launcher)], env=env, stdout=out, stderr=out)
    try:
        deadline = time.time() + 90
        while True:  # the server answers
            try:
                asyncio.run(_visit(url, []))  # the first page only: starts the warm-up
                break
            except OSError:
                assert time.time() < deadline and server.poll() is None, "no server"
                time.sleep(0.5)
        deadline = time.time() + 240
        while not any(line.startswith("warmed") for line in _lines(log)):
            assert time.time() < deadline, "the warm-up did not finish"
            time.sleep(0.5)
        warmed = next(line for line in _lines(log) if line.startswith("warmed"))
        assert int(warmed.split()[1]) >= 8  # every page but Upload and Articles
        built = _lines(log).count("build")
        assert built > 10
        # A second session's first visit of every page builds nothing new.
        seen = asyncio.run(_visit(url, None))
        assert "Who gets to speak" in seen and "Outlet profiles" in seen
        assert _lines(log).count("build") == built
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_dashboard_warmup_does_nothing_without_a_server() -> None:
    # In scripts and tests there is no runtime to add a session to.
    assert warmup.start("db", "sample", "key") is False


@pytest.mark.parametrize("finished", [True, False])
def test_dashboard_warmup_session_notes_pages_and_the_end_of_a_run(finished: bool) -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    sink = warmup._Sink()
    nav = ForwardMsg()
    page = nav.navigation.app_pages.add()
    page.page_name, page.page_script_hash = "Overview", "h1"
    sink.write_forward_msg(nav)
    end = ForwardMsg()
    end.script_finished = (
        ForwardMsg.FINISHED_SUCCESSFULLY if finished else ForwardMsg.FINISHED_EARLY_FOR_RERUN
    )
    sink.write_forward_msg(end)
    assert sink.pages == {"Overview": "h1"}
    assert sink.finished.is_set() is finished


def test_dashboard_warmup_visits_the_longest_builds_first_and_skips_upload() -> None:
    offered = ["Overview", "Event comparison", "Who gets to speak", "Upload", "Export"]
    assert warmup.visit_order(offered) == [
        "Who gets to speak",
        "Event comparison",
        "Overview",
        "Export",
    ]


def test_dashboard_warmup_a_failing_page_is_skipped_and_the_rest_warmed(monkeypatch) -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    class Loop:  # runs what the warm-up hands the server's event loop, at once
        pass

    def answer(sink, page_hash: str) -> None:
        if page_hash == "h-boom":
            boom = ForwardMsg()
            boom.delta.new_element.exception.message = "KeyError: 'x'"
            sink.write_forward_msg(boom)
        if page_hash == "":
            nav = ForwardMsg()
            for name in ("Overview", "Classroom", "Export"):
                page = nav.navigation.app_pages.add()
                page.page_name = name
                page.page_script_hash = "h-boom" if name == "Classroom" else f"h-{name}"
            sink.write_forward_msg(nav)
        end = ForwardMsg()
        end.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
        sink.write_forward_msg(end)

    class Session:
        session_state: dict = {}

    class Runtime:
        def __init__(self) -> None:
            self.sink, self.closed = None, False

        def _get_async_objs(self):
            return type("Objs", (), {"eventloop": Loop()})()

        def connect_session(self, client, user_info):
            self.sink = client
            return "s1"

        def get_app_session(self, session_id):
            return Session()

        def handle_backmsg(self, session_id, msg) -> None:
            answer(self.sink, msg.rerun_script.page_script_hash)

        def close_session(self, session_id) -> None:
            self.closed = True

    monkeypatch.setattr(warmup, "_on_loop", lambda loop, call, timeout_s=30.0: call())
    runtime = Runtime()
    assert warmup.visit_pages(runtime, "sample") == ["Overview", "Export"]
    assert runtime.closed
    assert Session.session_state[warmup.gate.GRANTED] is True
