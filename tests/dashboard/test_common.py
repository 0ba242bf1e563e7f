"""The shared dashboard context: filtered tables, per-event rows and the result cache."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a1", "a2", "a3", "a4", "a5"],
            "outlet": ["X", "Y", "X", "Z", "Y"],
            "event_id": [0, 0, 1, 1, -1],
            "published": ["2024-01-01", "2024-01-02", "2024-02-01", "", "2024-03-01"],
        }
    )


def _tables() -> dict[str, pd.DataFrame]:
    return {
        # by article; a4 (undated) and an id no article has
        "cues": pd.DataFrame(
            {
                "id": ["a3", "a1", "a2", "a4", "a1", "zz", "a5"],
                "start": [0, 1, 2, 3, 4, 5, 6],
            }
        ),
        # by event and outlet, -1 = all events
        "outlet_scores": pd.DataFrame(
            {
                "event_id": [1, 0, -1, 0, 1, -1],
                "outlet": ["X", "Y", "X", "X", "Z", "Y"],
                "n": [1, 2, 3, 4, 5, 6],
            }
        ),
    }


def _context(tmp_path: Path, outlets=("X", "Y", "Z"), dates=None) -> common.Context:
    articles = common.filter_articles(_articles(), outlets, dates)
    return common.Context(
        db_path=str(tmp_path / "store.sqlite3"),
        corpus="c",
        corpus_hash="key1",
        articles=articles,
        events=pd.DataFrame({"event_id": sorted(articles["event_id"].unique())}),
        all_outlets=["X", "Y", "Z"],
        tables=_tables(),
        filters=(tuple(sorted(outlets)), dates),
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    common.clear_caches()
    yield
    common.clear_caches()


def test_dashboard_common_filter_keeps_undated_articles() -> None:
    shown = common.filter_articles(_articles(), ["X", "Z"], ("2024-01-15", "2024-12-31"))
    assert shown["id"].tolist() == ["a3", "a4"]
    assert common.filter_articles(_articles(), ["Y"], None)["id"].tolist() == ["a2", "a5"]


@pytest.mark.parametrize(
    ("outlets", "dates"),
    [(("X", "Y", "Z"), None), (("X", "Z"), None), (("X", "Y", "Z"), ("2024-01-02", "2024-02-28"))],
)
def test_dashboard_common_event_table_is_the_event_rows_of_the_filtered_table(
    tmp_path: Path, outlets, dates
) -> None:
    ctx = _context(tmp_path, outlets, dates)
    cues = ctx.table("cues")
    assert set(cues["id"]) <= set(ctx.articles["id"])
    scores = ctx.table("outlet_scores")
    assert set(scores["outlet"]) <= set(ctx.articles["outlet"])
    event_of = dict(zip(ctx.articles["id"], ctx.articles["event_id"], strict=True))
    for event_id in (-1, 0, 1, 7):
        by_article = cues[cues["id"].map(event_of) == event_id]
        pd.testing.assert_frame_equal(ctx.event_table("cues", event_id), by_article)
        by_event = scores[scores["event_id"] == event_id]
        pd.testing.assert_frame_equal(ctx.event_table("outlet_scores", event_id), by_event)


def test_dashboard_common_cache_follows_filters_and_results(tmp_path: Path) -> None:
    everyone = _context(tmp_path)
    assert everyone.event_table("cues", 0)["id"].tolist() == ["a1", "a2", "a1"]
    only_x = _context(tmp_path, ("X",))
    assert only_x.event_table("cues", 0)["id"].tolist() == ["a1", "a1"]
    calls = []
    assert everyone.cached("n", lambda: calls.append(1) or len(everyone.articles)) == 5
    assert everyone.cached("n", lambda: calls.append(1) or -1) == 5  # computed once
    assert only_x.cached("n", lambda: calls.append(1) or len(only_x.articles)) == 2
    everyone.corpus_hash = "key2"  # new results: computed again
    assert everyone.cached("n", lambda: calls.append(1) or 99) == 99
    assert len(calls) == 3
    common.clear_caches()
    assert only_x.cached("n", lambda: 42) == 42


def test_dashboard_common_tables_handed_out_do_not_change_the_cache(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    mine = ctx.table("cues")
    mine["start"] = -1
    mine.loc[mine.index[0], "id"] = "changed"
    assert (ctx.table("cues")["start"] >= 0).all()
    assert "changed" not in set(ctx.event_table("cues", 0)["id"])
    assert ctx.table("no_such_table").empty


def test_dashboard_common_loaded_tables_are_left_out_of_cycle_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc
    from types import SimpleNamespace

    fake = SimpleNamespace(
        articles=_articles(), events=pd.DataFrame(), tables=_tables(), key="key1"
    )
    monkeypatch.setattr(common.framing, "load_analysis", lambda corpus, store, **kw: fake)
    monkeypatch.setattr(common, "get_store", lambda db_path: None)
    gc.unfreeze()
    tables = common.load_tables(str(tmp_path / "store.sqlite3"), "c", "key1")
    assert set(tables) == {"articles", "events", "cues", "outlet_scores"}
    # Streamlit's gc.collect() after each rerun no longer walks them (nor the modules)
    assert gc.get_freeze_count() > 1000
    common.clear_caches()  # forgotten tables can be collected in full again
    assert gc.get_freeze_count() == 0


def test_common_filtered_articles_are_made_once_per_results_and_filters(monkeypatch) -> None:
    calls = []
    real = common.filter_articles
    monkeypatch.setattr(common, "filter_articles", lambda *a: calls.append(a[1:]) or real(*a))
    common.clear_caches()
    articles = _articles()
    events = pd.DataFrame({"event_id": [-1, 0, 1], "label": ["none", "E0", "E1"]})
    first, first_events = common.filtered("db", "c", "k1", articles, events, ["X", "Y"], None)
    assert first["id"].tolist() == ["a1", "a2", "a3", "a5"]
    assert first_events["event_id"].tolist() == [-1, 0, 1]
    # A run that changes its frame changes neither the cache nor another run's frame.
    first.loc[first.index[0], "outlet"] = "changed"
    again, _ = common.filtered("db", "c", "k1", articles, events, ["Y", "X"], None)
    assert again["outlet"].tolist() == ["X", "Y", "X", "Y"]
    assert len(calls) == 1  # the same outlets in another order are the same filters
    only_x, only_x_events = common.filtered("db", "c", "k1", articles, events, ["X"], None)
    assert only_x["id"].tolist() == ["a1", "a3"] and only_x_events["event_id"].tolist() == [0, 1]
    common.filtered("db", "c", "k2", articles, events, ["X"], None)  # another results key
    assert len(calls) == 3
    common.clear_caches()
