"""framing.pipeline.analyze with stored event corrections: applied, keyed, kept, not re-embedded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.store import Store

TOPICS = [
    ("Storm floods Riverton harbour", "Heavy rain flooded Riverton harbour and boats sank."),
    ("Central bank raises rates", "The central bank raised its interest rate to fight inflation."),
    ("Cup final ends in penalties", "The football cup final was decided by a penalty shoot-out."),
]


def _csv(folder: Path) -> Path:
    path = folder / "tiny.csv"
    lines = ["id,outlet,title,text,published"]
    for t, (title, text) in enumerate(TOPICS):
        for o, outlet in enumerate(["Wire", "Daily"]):
            lines.append(f"t{t}-{outlet},{outlet},{title},{text} Report {o}.,2024-03-0{t + 1}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path):
    db = tmp_path / "store.sqlite3"
    with Store(db) as store:
        ingest([_csv(tmp_path)], "tiny", store, Settings(db_path=db))
        yield store, Settings(db_path=db)


def _event_of(analysis) -> dict[str, int]:
    return dict(zip(analysis.articles["id"], analysis.articles["event_id"], strict=True))


def _run(store: Store, settings: Settings, **kw):
    return analyze("tiny", store, settings, embedder=HashingEmbedder(), cues=False, **kw)


def test_pipeline_edits_merge_survives_reanalysis_and_force_without_reembedding(tiny) -> None:
    store, settings = tiny
    before = _run(store, settings)
    event = _event_of(before)
    assert event["t0-Wire"] != event["t1-Wire"]  # the hashing model tells the topics apart
    first = [a for a, e in event.items() if e == event["t0-Wire"]]
    second = [a for a, e in event.items() if e == event["t1-Wire"]]
    store.add_event_edit("tiny", "merge", {"articles": first + second})

    merged = _run(store, settings)
    assert merged.key != before.key  # the edit makes the stored results out of date
    assert merged.n_embedded == 0 and "embed" in merged.timings  # vectors from the store
    after = _event_of(merged)
    assert len({after[a] for a in first + second}) == 1
    assert len(merged.events) == len(before.events) - 1
    assert merged.tables["event_edits"]["status"].tolist() == ["applied"]

    again = _run(store, settings)
    assert set(again.timings) == {"load"} and _event_of(again) == after
    forced = _run(store, settings, force=True)
    assert _event_of(forced) == after and forced.n_embedded == 0
    stored = load_analysis("tiny", store)
    assert stored is not None and _event_of(stored) == after
    assert stored.tables["event_edits"]["op"].tolist() == ["merge"]


def test_pipeline_edits_undo_gives_back_the_grouping_and_lists_the_undone_edit(tiny) -> None:
    store, settings = tiny
    before = _run(store, settings)
    event = _event_of(before)
    store.add_event_edit("tiny", "split", {"articles": ["t2-Daily"]})
    split = _run(store, settings)
    assert len(split.events) == len(before.events) + 1
    assert _event_of(split)["t2-Daily"] != _event_of(split)["t2-Wire"]
    store.undo_event_edit("tiny")
    undone = _run(store, settings)
    assert undone.key not in (before.key, split.key) and undone.n_embedded == 0
    assert _event_of(undone) == event
    pd.testing.assert_frame_equal(undone.events, before.events)
    assert undone.tables["event_edits"]["status"].tolist() == ["undone"]


def test_pipeline_edits_rename_and_move_reach_both_tables(tiny) -> None:
    store, settings = tiny
    event = _event_of(_run(store, settings))
    target = [a for a, e in event.items() if e == event["t1-Wire"]]
    store.add_event_edit("tiny", "move", {"articles": ["t0-Daily"], "target": target})
    store.add_event_edit("tiny", "rename", {"articles": target, "label": "Rates & floods"})
    out = _run(store, settings)
    after = _event_of(out)
    assert after["t0-Daily"] == after["t1-Wire"]
    row = out.events.set_index("event_id").loc[after["t1-Wire"]]
    assert row["label"] == "Rates & floods" and row["n_articles"] == len(target) + 1
    labels = out.articles.set_index("id")["event_label"]
    assert labels["t0-Daily"] == "Rates & floods" and labels["t0-Wire"] != "Rates & floods"


def test_pipeline_edits_of_gone_articles_are_skipped_and_listed(tiny) -> None:
    store, settings = tiny
    before = _run(store, settings)
    store.add_event_edit("tiny", "split", {"articles": ["not-here"]})
    out = _run(store, settings)
    assert _event_of(out) == _event_of(before)
    table = out.tables["event_edits"]
    assert table["status"].tolist() == ["skipped"]
    assert "none of its articles" in table["reason"].iloc[0]
