"""The server-wide cache of stored tables: shared by sessions, renewed by a new results key."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from framing.ingest import read_uploads
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402
import shared_objects  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
CSV = b"outlet,title,text\nX,Harbour opens,The harbour opened today.\n"


def _results(title: str) -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame({"id": ["a1"], "outlet": ["X"], "title": [title], "event_id": [0]})
    return {"articles": articles, "events": pd.DataFrame({"event_id": [0], "label": ["E"]})}


@pytest.fixture
def store_with_results(tmp_path: Path) -> str:
    db = tmp_path / "store.sqlite3"
    with Store(db) as store:
        store.save_articles("c", read_uploads([("c.csv", CSV)]))
        store.put_results("c", "k1", _results("first analysis"))
    return str(db)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every read of stored results (``framing.load_analysis``) by the dashboard."""
    calls: list[str] = []
    real = common.framing.load_analysis

    def counted(corpus, store, **kwargs):
        calls.append(corpus)
        return real(corpus, store, **kwargs)

    monkeypatch.setattr(common.framing, "load_analysis", counted)
    common.clear_caches()
    yield calls
    common.clear_caches()


def test_dashboard_cache_reads_the_store_once_for_every_session(
    store_with_results: str, reads: list[str]
) -> None:
    first = common.shared_tables(store_with_results, "c", "k1")
    second = common.shared_tables(store_with_results, "c", "k1")
    assert reads == ["c"]
    assert first["articles"]["title"].tolist() == ["first analysis"]
    # A session changing its tables changes neither the cache nor another session's.
    first["articles"].loc[0, "title"] = "changed by one session"
    first["extra"] = pd.DataFrame()
    third = common.shared_tables(store_with_results, "c", "k1")
    assert third["articles"]["title"].tolist() == ["first analysis"]
    assert second["articles"]["title"].tolist() == ["first analysis"]
    assert "extra" not in third
    assert reads == ["c"]


def test_dashboard_cache_a_new_results_key_loads_the_new_tables(
    store_with_results: str, reads: list[str]
) -> None:
    assert common.shared_tables(store_with_results, "c", "k1")["articles"]["title"][0] == (
        "first analysis"
    )
    with Store(store_with_results) as store:
        store.put_results("c", "k2", _results("second analysis"))
        key = store.results_key("c")
    assert key == "k2"
    tables = common.shared_tables(store_with_results, "c", key)
    assert tables["articles"]["title"].tolist() == ["second analysis"]
    assert reads == ["c", "c"]


def test_dashboard_cache_never_keeps_tables_under_a_key_they_do_not_have(
    store_with_results: str, reads: list[str]
) -> None:
    # A session read "k1", then another analysis stored "k2" before the tables were read.
    with Store(store_with_results) as store:
        store.put_results("c", "k2", _results("second analysis"))
    with pytest.raises(common.ResultsChanged):
        common.load_tables(store_with_results, "c", "k1")
    with pytest.raises(common.ResultsChanged):  # nothing was cached under "k1"
        common.load_tables(store_with_results, "c", "k1")
    assert reads == ["c", "c"]
    assert common.load_tables(store_with_results, "c", "k2")["articles"]["title"][0] == (
        "second analysis"
    )


def test_dashboard_cache_two_browser_sessions_share_one_read_and_the_figures(
    sample_db: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from framing import viz

    built: list[str] = []
    real_map = viz.event_map

    def counted_map(*args, **kwargs):
        built.append("event_map")
        return real_map(*args, **kwargs)

    monkeypatch.setattr(viz, "event_map", counted_map)
    one = AppTest.from_file(APP, default_timeout=120).run()
    two = AppTest.from_file(APP, default_timeout=120).run()
    assert not one.exception and not two.exception
    assert len(two.get("plotly_chart")) == 4  # map, coverage, over time, storylines
    assert reads == ["sample"]
    assert built == ["event_map"]


def test_dashboard_cache_a_shared_figure_is_turned_into_a_dict_once(tmp_path: Path) -> None:
    import plotly.graph_objects as go
    import plotly.io as pio

    ctx = common.Context(
        db_path=str(tmp_path / "store.sqlite3"),
        corpus="c",
        corpus_hash="k1",
        articles=pd.DataFrame({"id": ["a1"], "outlet": ["X"], "event_id": [0]}),
        events=pd.DataFrame({"event_id": [0]}),
        all_outlets=["X"],
    )
    built: list[int] = []

    def chart() -> go.Figure:
        built.append(1)
        return go.Figure(go.Bar(x=["X", "Y"], y=[3, 4]), layout={"title": "t"})

    common.clear_caches()
    first = ctx.cached("chart", chart)
    table, again = ctx.cached("table_and_chart", lambda: (pd.DataFrame(), chart()))
    assert ctx.cached("chart", chart) is first and len(built) == 2
    assert isinstance(first, shared_objects.SharedFigure)
    assert isinstance(again, shared_objects.SharedFigure)
    assert first.to_dict() is first.to_dict()  # what st.plotly_chart asks for on each rerun
    assert pio.to_json(first, validate=False) == pio.to_json(chart(), validate=False)
    common.clear_caches()


def test_dashboard_cache_new_entries_are_left_out_of_later_collections(tmp_path: Path) -> None:
    import gc

    ctx = common.Context(
        db_path=str(tmp_path / "store.sqlite3"),
        corpus="c",
        corpus_hash="k1",
        articles=pd.DataFrame({"id": ["a1"], "outlet": ["X"], "event_id": [0]}),
        events=pd.DataFrame({"event_id": [0]}),
        all_outlets=["X"],
    )
    shared_objects.freeze_new_entries()  # whatever earlier tests cached
    common.clear_caches()
    assert gc.get_freeze_count() == 0
    entry = ctx.cached("rows", lambda: [{"n": i} for i in range(2000)])
    shared_objects.freeze_new_entries()  # at the start of the next script run
    frozen = gc.get_freeze_count()
    assert frozen >= len(entry)
    ctx.cached("rows", lambda: [])  # a cache hit: nothing new to freeze
    shared_objects.freeze_new_entries()
    assert gc.get_freeze_count() == frozen
    common.clear_caches()
    assert gc.get_freeze_count() == 0


def test_dashboard_cache_garbage_of_the_run_that_grew_a_cache_is_not_frozen(
    tmp_path: Path,
) -> None:
    """Without Streamlit's collection after each run, the freeze collects first: a
    cycle the building run threw away is freed, not kept frozen."""
    import gc
    import weakref

    class Node:
        pass

    ctx = common.Context(
        db_path=str(tmp_path / "store.sqlite3"),
        corpus="c",
        corpus_hash="k2",
        articles=pd.DataFrame({"id": ["a1"], "outlet": ["X"], "event_id": [0]}),
        events=pd.DataFrame({"event_id": [0]}),
        all_outlets=["X"],
    )
    common.clear_caches()

    def build() -> list[int]:
        thrown = Node()
        thrown.me = thrown  # a cycle: only a collection frees it
        seen.append(weakref.ref(thrown))
        return [1, 2, 3]

    seen: list = []
    ctx.cached("built", build)
    shared_objects.freeze_new_entries()
    assert seen[0]() is None
    assert gc.get_freeze_count() > 0
    common.clear_caches()
