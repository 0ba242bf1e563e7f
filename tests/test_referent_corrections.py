"""framing.referent_corrections: stored corrections applied whenever an analysis is read."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from framing import referent_fixes as fixes
from framing.devtools.referent_data import mentions_frame, stored_analysis
from framing.ingest import read_inputs
from framing.pipeline import load_analysis
from framing.store import Store

MENTIONS = [
    (0, "0:0", "a1", "A", "Kim Jong Un", "kim jong un"),
    (0, "0:0", "b1", "B", "Kim", "kim"),
    (0, "0:1", "a1", "A", "dictator", "dictator"),
    (0, "0:1", "b1", "B", "leader", "leader"),
    (1, "1:0", "a2", "A", "caravan", "caravan"),
    (1, "1:0", "b2", "B", "migrants", "migrant"),
]
SENTENCES = pd.DataFrame(
    {
        "id": ["a1", "b1", "a2", "b2"],
        "field": ["text"] * 4,
        "start": [0] * 4,
        "end": [60] * 4,
        "sentence": [f"The sentence of {a}." for a in ("a1", "b1", "a2", "b2")],
    }
)


@pytest.fixture
def store(tmp_path: Path):
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text"])
        for a, o in (("a1", "A"), ("b1", "B"), ("a2", "A"), ("b2", "B")):
            writer.writerow([a, o, f"Title {a}", f"Some text of {a}."])
    with Store(tmp_path / "s.sqlite3") as s:
        s.save_articles("tiny", read_inputs([path]))
        stored_analysis(s, "tiny", mentions_frame(MENTIONS), sentences=SENTENCES)
        yield s


def _names(analysis) -> dict[str, str]:
    align = analysis.tables["alignment"].drop_duplicates("referent_id")
    return dict(zip(align["referent_id"], align["referent"], strict=True))


def test_without_corrections_the_tables_are_the_stored_ones(store: Store) -> None:
    analysis = load_analysis("tiny", store)
    assert "referent_edits" not in analysis.tables
    raw = store.get_results("tiny", analysis.key, tables=["alignment"])["alignment"]
    pd.testing.assert_frame_equal(analysis.tables["alignment"], raw)


@pytest.mark.parametrize("load_batched", [True, False])
def test_load_analysis_applies_the_corrections_and_keeps_the_stored_tables(
    store: Store, load_batched: bool
) -> None:
    fixes.merge_referents(store, "tiny", 0, ["0:0", "0:1"])
    fixes.rename_referent(store, "tiny", 0, "0:0", "Kim Jong Un, leader")
    fixes.hide_referent(store, "tiny", 1, "1:0")
    analysis = load_analysis("tiny", store, load_batched=load_batched)
    assert _names(analysis) == {"0:0": "Kim Jong Un, leader", "1:0": "caravan"}
    align = analysis.tables["alignment"]
    assert align.loc[align["event_id"] == 1, "hidden"].all()
    # examples come from the stored sentences, read in their batch when not loaded
    assert set(align.loc[align["event_id"] == 0, "example"]) == {
        "The sentence of a1.",
        "The sentence of b1.",
    }
    mentions = analysis.tables["mentions"]
    assert set(mentions.loc[mentions["event_id"] == 0, "referent_id"]) == {"0:0"}
    assert analysis.tables["referent_edits"]["status"].tolist() == ["applied"] * 3
    # the store keeps the tables as the analysis made them
    raw = store.get_results("tiny", analysis.key, tables=["alignment", "mentions"])
    assert set(raw["alignment"]["referent_id"]) == {"0:0", "0:1", "1:0"}
    assert set(raw["mentions"]["referent_id"]) == {"0:0", "0:1", "1:0"}


def test_undo_brings_the_rows_back_on_the_next_read(store: Store) -> None:
    fixes.merge_referents(store, "tiny", 0, ["0:0", "0:1"])
    fixes.undo_last(store, "tiny")
    analysis = load_analysis("tiny", store)
    assert set(_names(analysis)) == {"0:0", "0:1", "1:0"}
    assert analysis.tables["referent_edits"]["status"].tolist() == ["undone"]
