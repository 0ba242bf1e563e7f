"""framing.event_fixes: fixes checked against the stored analysis, kept by article ids."""

from __future__ import annotations

from pathlib import Path

import pytest

import framing.pipeline
from framing import event_fixes as fixes
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.errors import InputError
from framing.pipeline import analyze, ingest
from framing.store import Store

CSV = (
    "id,outlet,title,text,published\n"
    "f1,Wire,Storm floods Riverton harbour,Heavy rain flooded Riverton harbour.,2024-03-01\n"
    "f2,Daily,Riverton harbour under water,Boats sank as the Riverton harbour flooded.,2024-03-01\n"
    "r1,Wire,Central bank raises rates,The regime's central bank raised its rate.,2024-03-02\n"
    "r2,Daily,Rate hike to fight inflation,The central bank lifted rates to fight inflation.,"
    "2024-03-02\n"
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    asked: list[str] = []

    def hashing(settings: Settings) -> HashingEmbedder:
        asked.append(settings.model)
        return HashingEmbedder()

    monkeypatch.setattr(framing.pipeline, "make_embedder", hashing)
    source = tmp_path / "tiny.csv"
    source.write_text(CSV, encoding="utf-8")
    db = tmp_path / "s.sqlite3"
    with Store(db) as s:
        ingest([source], "tiny", s, Settings(db_path=db))
        analyze("tiny", s, Settings(db_path=db, model="fast"), embedder=HashingEmbedder())
        s.asked = asked  # type: ignore[attr-defined]
        yield s


def _event_of(store: Store) -> dict[str, int]:
    articles = fixes.stored_events(store, "tiny")
    return dict(zip(articles["id"], articles["event_id"], strict=True))


def test_event_fixes_merge_is_kept_by_the_articles_of_both_events(store: Store) -> None:
    event = _event_of(store)
    assert event["f1"] == event["f2"] != event["r1"] == event["r2"]
    edit = fixes.merge_events(store, "tiny", [event["f1"], event["r1"]])
    assert edit.seq == 1 and sorted(edit.articles) == ["f1", "f2", "r1", "r2"]
    assert store.event_edits("tiny")["payload"].tolist() == [{"articles": list(edit.articles)}]


def test_event_fixes_reanalyze_keeps_model_and_cues_and_reuses_embeddings(store: Store) -> None:
    event = _event_of(store)
    edit = fixes.split_event(store, "tiny", event["r1"], ["r2"])
    analysis = fixes.reanalyze(store, "tiny", Settings(db_path=store.path))
    assert store.asked == ["fast"]  # the stored analysis's model, not the settings' default
    assert analysis.model == "fast" and analysis.n_embedded == 0
    assert "cues" in analysis.tables and "outlet_scores" in analysis.tables
    assert fixes.event_holding(analysis, edit.articles) != fixes.event_holding(analysis, ["r1"])
    listed = fixes.list_edits(store, "tiny")
    assert listed[["seq", "op", "status"]].values.tolist() == [[1, "split", "applied"]]
    assert listed["what"].iloc[0] == "split r2 off into a new event"


def test_event_fixes_list_says_not_analysed_then_undone(store: Store) -> None:
    event = _event_of(store)
    fixes.rename_event(store, "tiny", event["f1"], "  Riverton   flood ")
    listed = fixes.list_edits(store, "tiny")
    assert listed["status"].tolist() == ["not analysed yet"]
    assert listed["what"].iloc[0] == "rename the event of f1, f2 to 'Riverton flood'"
    undone = fixes.undo_last(store, "tiny")
    assert undone.op == "rename" and undone.label == "Riverton flood"
    assert fixes.list_edits(store, "tiny")["status"].tolist() == ["undone"]


def test_event_fixes_event_holding_is_none_when_the_articles_are_gone(store: Store) -> None:
    analysis = fixes.reanalyze(store, "tiny", Settings(db_path=store.path))
    assert fixes.event_holding(analysis, ["gone"]) is None


def test_event_fixes_long_label_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="too long"):
        fixes.rename_event(store, "tiny", 0, "x" * (fixes.MAX_LABEL + 1))
    assert store.event_edits("tiny").empty
