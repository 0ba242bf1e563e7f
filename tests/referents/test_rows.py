"""framing.referents.rows: the alignment table from a hand-made mentions table."""

from __future__ import annotations

import pandas as pd

from framing.referents import MENTION_COLUMNS
from framing.referents.rows import ALIGNMENT_COLUMNS, referent_rows


def _m(rid, art, outlet, text, norm, *, kind="group", voice="outlet", speaker="", loaded=0.0,
       start=0):  # fmt: skip
    return {
        "event_id": 1,
        "referent_id": rid,
        "id": art,
        "outlet": outlet,
        "field": "text",
        "start": start,
        "end": start + len(text),
        "text": text,
        "norm": norm,
        "head": norm.split()[-1],
        "kind": kind,
        "voice": voice,
        "speaker": speaker,
        "loaded": loaded,
    }


def _mentions() -> pd.DataFrame:
    rows = [
        # the migrants: named three ways, one of them loaded, one quoted
        _m("1:0", "a", "A", "migrants", "migrant"),
        _m("1:0", "a", "A", "migrants", "migrant", start=40),
        _m("1:0", "b", "B", "illegal aliens", "illegal alien", loaded=0.8),
        _m("1:0", "b", "B", "migrants", "migrant", start=30),
        _m("1:0", "c", "C", "invaders", "invader", voice="quoted", speaker="Trump", loaded=0.9),
        _m("1:0", "c", "C", "caravan", "caravan", start=50),
        # the border: every outlet says the same
        _m("1:1", "a", "A", "border", "border", kind="place", start=80),
        _m("1:1", "b", "B", "border", "border", kind="place", start=80),
        # one outlet only: no row
        _m("1:2", "a", "A", "smugglers", "smuggler", start=100),
        # grouped into nothing
        _m("", "b", "B", "reports", "report", kind="thing", start=120),
    ]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def test_rows_columns_naming_and_order() -> None:
    table = referent_rows(_mentions())
    assert list(table.columns) == ALIGNMENT_COLUMNS
    assert set(table["referent_id"]) == {"1:0", "1:1"}
    # most diverse first
    assert table["referent_id"].iloc[0] == "1:0"
    migrants = table[table["referent_id"] == "1:0"].set_index("outlet")
    assert set(migrants["referent"]) == {"migrants"}
    assert migrants.loc["A", "phrase"] == "migrants" and migrants.loc["A", "count"] == 2
    # its main label is the one it used first of two used once each
    assert migrants.loc["B", "phrase"] == "illegal aliens / migrants"
    assert migrants.loc["B", "loaded"] == 0.8
    assert migrants.loc["B", "labels"] == 3
    assert migrants.loc["C", "phrase"] == "caravan"
    assert migrants.loc["C", "quoted_phrase"] == "invaders (Trump)"
    assert 0 < migrants["diversity"].iloc[0] <= 1
    border = table[table["referent_id"] == "1:1"]
    assert border["diversity"].tolist() == [0.0, 0.0] and border["kind"].iloc[0] == "place"
    assert not table["hidden"].any()


def test_rows_rename_and_hide() -> None:
    table = referent_rows(_mentions(), names={"1:1": "the frontier"}, hidden={"1:0"})
    assert set(table.loc[table["referent_id"] == "1:1", "referent"]) == {"the frontier"}
    assert table.loc[table["referent_id"] == "1:0", "hidden"].all()


def test_rows_examples_come_from_the_sentences() -> None:
    sentences = pd.DataFrame(
        {
            "id": ["a", "a"],
            "field": ["text", "text"],
            "start": [0, 30],
            "end": [30, 90],
            "sentence": ["migrants walked.", "more migrants came to the border."],
        }
    )
    table = referent_rows(_mentions(), sentences)
    row = table[(table["referent_id"] == "1:1") & (table["outlet"] == "A")].iloc[0]
    assert row["example"] == "more migrants came to the border."
    assert (row["example_start"], row["example_end"]) == (30, 90)


def test_rows_empty() -> None:
    empty = pd.DataFrame(columns=MENTION_COLUMNS)
    assert referent_rows(empty).empty and list(referent_rows(empty).columns) == ALIGNMENT_COLUMNS
