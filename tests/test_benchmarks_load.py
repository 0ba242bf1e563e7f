"""The load benchmark's bounds, percentiles and bar (no server or browser started)."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import pytest

# Loaded by file, not through sys.path: a benchmarks/ entry on the path would
# shadow the dashboard's own top-level modules in later tests.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_load", Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"
)
load = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_load"] = load
_SPEC.loader.exec_module(load)


@pytest.mark.parametrize(
    "argv",
    [
        ["--sessions", "0"],
        ["--sessions", "41"],
        ["--switches", "51"],
        ["--time-limit", "100000"],
        ["--pause", "-1"],
        ["--sessions", "many"],
    ],
)
def test_benchmarks_load_refuses_counts_and_times_out_of_bounds(argv, capsys) -> None:
    with pytest.raises(SystemExit):
        load.build_parser().parse_args(argv)
    err = capsys.readouterr().err
    assert "outside" in err or "not a" in err


def test_benchmarks_load_defaults_are_bounded_twenty_sessions() -> None:
    args = load.build_parser().parse_args([])
    assert args.sessions == 20
    assert 1 <= args.switches <= load.MAX_SWITCHES
    assert args.time_limit <= 3600


def test_benchmarks_load_percentile_is_nearest_rank() -> None:
    times = [float(t) for t in range(1, 11)]
    assert load.percentile(times, 50) == 5.0
    assert load.percentile(times, 90) == 9.0
    assert load.percentile([2.0], 90) == 2.0


def test_benchmarks_load_bar_needs_fast_switches_and_no_error() -> None:
    fast = load.Outcome(times=[0.5] * 9 + [2.5])
    assert load.verdict(fast) == (True, [])
    assert "holds" in load.table(20, fast)
    slow = load.Outcome(times=[2.0] * 10)
    ok, reasons = load.verdict(slow)
    assert not ok and reasons == ["p50 2.00 s > 1.5 s"]
    failed = load.Outcome(times=[0.5] * 10, errors=["session 1, Overview: TimeoutError"])
    assert load.verdict(failed)[0] is False
    assert "| 20 | 10 | 0.50 s | 0.50 s | 0.50 s | 1 |" in load.table(20, failed)
    assert load.verdict(load.Outcome(times=[0.5], not_run=3))[0] is False
    assert load.verdict(load.Outcome())[0] is False


def test_benchmarks_load_never_clicks_the_page_already_shown() -> None:
    for index in range(load.MAX_SESSIONS):
        pages = load.page_sequence(index, 12)
        assert len(pages) == 12
        shown = [load.PAGES[0], *pages]
        assert all(a != b for a, b in zip(shown, shown[1:], strict=False))
    firsts = {load.page_sequence(i, 1)[0] for i in range(20)}
    assert len(firsts) == len(load.PAGES) - 1  # sessions spread over the other pages


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux /proc")
def test_benchmarks_load_counts_cpu_seconds_of_a_process_tree() -> None:
    import os
    import time

    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:  # burn a little CPU in this process
        pass
    used = load.tree_cpu_seconds(os.getpid())
    assert used is not None and used >= time.process_time() - 0.05


_PSPEC = importlib.util.spec_from_file_location(
    "benchmarks_load_protocol",
    Path(__file__).resolve().parents[1] / "benchmarks" / "load_protocol.py",
)
protocol = importlib.util.module_from_spec(_PSPEC)
_PSPEC.loader.exec_module(protocol)


class _FakeSocket:
    """Hands out the given ForwardMsgs, serialised, as a websocket would."""

    def __init__(self, messages) -> None:
        self.frames = [m.SerializeToString() for m in messages]

    async def recv(self) -> bytes:
        if not self.frames:
            await asyncio.sleep(10)
        return self.frames.pop(0)


def _finished(status=None):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY if status is None else status
    return msg


def test_benchmarks_load_protocol_asks_for_a_page_by_its_script_hash() -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(protocol._rerun("abc123"))
    assert msg.WhichOneof("type") == "rerun_script"
    assert msg.rerun_script.page_script_hash == "abc123"


def test_benchmarks_load_protocol_reads_pages_errors_and_the_end_of_a_run() -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    nav = ForwardMsg()
    page = nav.navigation.app_pages.add()
    page.page_name, page.page_script_hash = "Overview", "h-overview"
    boom = ForwardMsg()
    boom.delta.new_element.exception.message = "KeyError: 'x' not in index"
    early = _finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN)

    run = protocol._receive_run
    assert asyncio.run(run(_FakeSocket([nav, early, _finished()]), 5)) is None
    assert protocol._PAGES["Overview"] == "h-overview"
    assert "KeyError" in asyncio.run(run(_FakeSocket([boom, _finished()]), 5))
    compile_error = _finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
    assert asyncio.run(run(_FakeSocket([compile_error]), 5)) == "compile error"
    assert "no answer" in asyncio.run(run(_FakeSocket([]), 0.2))


def test_benchmarks_load_runs_browser_or_protocol_clients() -> None:
    assert load.build_parser().parse_args([]).client == "browser"
    args = load.build_parser().parse_args(["--client", "protocol", "--warm"])
    assert args.client == "protocol" and args.warm
    with pytest.raises(SystemExit):
        load.build_parser().parse_args(["--client", "telnet"])
    # Both clients fill the same outcome through the same entry point.
    for stem in ("load_browser", "load_protocol"):
        assert callable(load._sibling(stem).run_sessions)
    assert load._sibling("load_protocol").load is load


def test_benchmarks_load_table_counts_switches_by_page() -> None:
    outcome = load.Outcome()
    for page, seconds in [("Overview", 0.2), ("Lexicon", 1.0), ("Overview", 0.4)]:
        outcome.add(page, seconds)
    assert outcome.times == [0.2, 1.0, 0.4]
    assert outcome.by_page == {"Overview": [0.2, 0.4], "Lexicon": [1.0]}
    assert "| 20 | 3 | 0.40 s | 1.00 s | 1.00 s | 0 | holds |" in load.table(20, outcome)
