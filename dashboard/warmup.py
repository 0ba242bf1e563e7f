"""Build every page's shared parts once, in the background, when a results key is first opened.

A page's first visit for a filter state builds its tables and figures (up to
a second of server CPU for Who gets to speak); later visits, in any session,
reuse them (``Context.cached``). When twenty people open a new server at
once, all of them waited on those first builds. So the first script run that
opens a set's results starts one warm-up: a session of the server's own, with
no browser behind it, that visits every page once with the default filters,
exactly as a new visitor would. Nothing is built twice: a real session asking
for a part that the warm-up is building waits for it (the caches' per-key
locks) and then shares it.

The warm-up never blocks a page: it runs in its own thread and session, and
any failure only ends it (logged), as the pages build what they need anyway.
Only a real Streamlit server has a runtime to add a session to; under AppTest
and in scripts ``start`` does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime
from streamlit.runtime.session_manager import SessionClient

import gate
import state

_LOG = get_logger(__name__)  # Streamlit's: shown with the server's own messages
_STARTED: set[tuple[str, str, str]] = set()
_LOCK = threading.Lock()
RUN_TIMEOUT_S = 300.0  # one page's first build; past it the warm-up stops
_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a newer run follows
SKIP = frozenset({"Upload", "Articles"})  # nothing shared to build there
# The pages with the longest first builds first (sample, server CPU): sessions that
# arrive while the warm-up runs wait least when those are started early.
FIRST = ["Who gets to speak", "Classroom", "Outlet profiles", "Lexicon", "Event comparison"]


def start(db_path: str, corpus: str, corpus_hash: str) -> bool:
    """Start the warm-up of one set's results, once per server process.

    Returns:
        True when this call started it; False when it ran already for this
        results key, or there is no server runtime (AppTest, scripts).
    """
    runtime = _runtime()
    if runtime is None:
        return False
    key = (db_path, corpus, corpus_hash)
    with _LOCK:
        if key in _STARTED:
            return False
        _STARTED.add(key)
    threading.Thread(
        target=visit_pages, args=(runtime, corpus), name="framing-warmup", daemon=True
    ).start()
    return True


def _runtime() -> Runtime | None:
    if not Runtime.exists():
        return None
    runtime = Runtime.instance()
    # AppTest stands a mock in for the runtime: there is no server to add a session to.
    return runtime if type(runtime) is Runtime else None


class _Sink(SessionClient):
    """The warm-up session's client: drops what the server sends, notes the pages and run ends."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}  # page title -> script hash
        self.finished = threading.Event()
        self.error: str | None = None

    def write_forward_msg(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            self.pages = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            if msg.delta.new_element.WhichOneof("type") == "exception":
                self.error = msg.delta.new_element.exception.message[:200]
        elif kind == "script_finished" and msg.script_finished != _EARLY:
            self.finished.set()

    @property
    def client_context(self) -> None:
        return None


def visit_pages(runtime: Runtime, corpus: str) -> list[str]:
    """Visit every page of ``corpus`` once in a new session of ``runtime``; the pages visited.

    Runs on a thread of its own: the runtime's session calls are made on its
    event loop, and each page's script run in the session's own thread.
    """
    started, visited = time.perf_counter(), []
    try:
        loop = runtime._get_async_objs().eventloop  # no public handle on the server's loop
    except (AttributeError, RuntimeError):
        return visited
    sink = _Sink()
    session_id = None
    try:
        session_id = _on_loop(loop, lambda: runtime.connect_session(client=sink, user_info={}))
        session = runtime.get_app_session(session_id)
        if session is None:
            return visited
        # A session of the server's own: past the access gate, on the set just opened.
        with _quiet("streamlit.runtime.scriptrunner_utils.script_run_context"):
            # set outside a script run, which Streamlit warns about: it is meant here
            session.session_state[gate.GRANTED] = True
            session.session_state[state.CORPUS] = corpus
        _run_page(runtime, loop, session_id, sink, "")
        for name in visit_order(list(sink.pages)):
            try:
                _run_page(runtime, loop, session_id, sink, sink.pages[name])
            except PageFailed as exc:  # that page shows its error to users too: warm the rest
                _LOG.warning("The warm-up of '%s' skipped %s: %s", corpus, name, exc)
                continue
            visited.append(name)
        _LOG.info(
            "Warm-up of '%s': %d pages built in %.1f s", corpus, len(visited),
            time.perf_counter() - started,
        )  # fmt: skip
    except Exception:  # the warm-up is an optimisation: log it and let the pages build
        _LOG.exception("The warm-up of '%s' stopped", corpus)
    finally:
        if session_id is not None:
            try:
                _on_loop(loop, lambda: runtime.close_session(session_id))
            except Exception:  # the server is stopping
                _LOG.debug("the warm-up session was not closed", exc_info=True)
    return visited


class PageFailed(Exception):
    """A page's run ended on an exception (its message)."""


def visit_order(pages: list[str]) -> list[str]:
    """The pages to visit, longest first builds first, then the others as offered."""
    first = [p for p in FIRST if p in pages]
    return first + [p for p in pages if p not in first and p not in SKIP]


def _run_page(runtime: Runtime, loop, session_id: str, sink: _Sink, page_hash: str) -> None:
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = page_hash
    sink.finished.clear()
    sink.error = None
    _on_loop(loop, lambda: runtime.handle_backmsg(session_id, msg))
    if not sink.finished.wait(RUN_TIMEOUT_S):
        raise TimeoutError(f"a page did not finish within {RUN_TIMEOUT_S:g} s")
    if sink.error is not None:
        raise PageFailed(sink.error)


def _on_loop(loop, call: Callable[[], Any], timeout_s: float = 30.0) -> Any:
    """``call()`` on the server's event loop (where the runtime must be called), its result."""

    async def run() -> Any:
        return call()

    return asyncio.run_coroutine_threadsafe(run(), loop).result(timeout_s)


@contextlib.contextmanager
def _quiet(name: str):
    """Leave warnings of the logger ``name`` out while the block runs."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
