"""framing.compare.event on hand-made tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from framing.compare import event as ce


def _sentences() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "a", "a", "b"],
            "field": ["title", "text", "text", "text"],
            "sentence_index": [0, 0, 1, 0],
            "start": [0, 0, 20, 0],
            "end": [15, 19, 40, 30],
            "sentence": ["Title of a here", "First sentence of a", "Second sentence of a", "b"],
            "loaded_score": [0.1, 0.9, 0.3, 0.9],
        }
    )


def test_compare_event_cue_sentences_finds_the_containing_sentence() -> None:
    cues = pd.DataFrame(
        {
            "id": ["a", "a", "a", "b"],
            "field": ["text", "title", "text", "text"],
            "start": [25, 2, 3, 100],
            "end": [30, 5, 8, 104],
            "category": ["x", "y", "x", "x"],
        }
    )
    out = ce.cue_sentences(cues, _sentences())
    assert out["sentence"].tolist() == [
        "Second sentence of a",
        "Title of a here",
        "First sentence of a",
        "",
    ]
    assert out["sentence_start"].tolist() == [20, 0, 0, -1]
    assert out["category"].tolist() == ["x", "y", "x", "x"]
    assert math.isnan(out["loaded_score"].iloc[3])


def test_compare_event_cue_sentences_without_sentences_keeps_cues() -> None:
    cues = pd.DataFrame({"id": ["a"], "field": ["text"], "start": [1], "end": [2]})
    out = ce.cue_sentences(cues, pd.DataFrame())
    assert len(out) == 1 and out["sentence"].iloc[0] == ""


def test_compare_event_top_loaded_sentences_orders_and_breaks_ties() -> None:
    out = ce.top_loaded_sentences(_sentences(), n=3)
    assert out["loaded_score"].tolist() == [0.9, 0.9, 0.3]
    assert out["id"].tolist()[:2] == ["a", "b"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("war games", ["war games"]),
        ("war games / drills", ["war games", "drills"]),
        (" a /  b ", ["a", "b"]),
        ("", []),
    ],
)
def test_compare_event_split_wordings(phrase: str, expected: list[str]) -> None:
    assert ce.split_wordings(phrase) == expected


def _alignment() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [1] * 6,
            "referent": ["drills", "drills", "drills", "regime", "regime", "fund"],
            "outlet": ["A", "B", "C", "A", "B", "A"],
            "phrase": ["war games", "exercises / drills", "drills", "regime", "government", "fund"],
            "count": [3, 2, 1, 5, 1, 9],
            "example": ["s1", "s2", "s3", "s4", "s5", "s6"],
            "example_id": ["a", "b", "c", "a", "b", "a"],
            "example_start": [0] * 6,
            "example_end": [2] * 6,
        }
    )


def test_compare_event_rank_referents_most_informative_first() -> None:
    out = ce.rank_referents(_alignment())
    assert out["referent"].tolist() == ["drills", "regime", "fund"]
    first = out.iloc[0]
    assert (first["n_outlets"], first["n_wordings"], first["uses"]) == (3, 3, 6)
    assert first["outlets"] == "A; B; C"


def test_compare_event_wording_matrix_cells_and_counts() -> None:
    text, counts = ce.wording_matrix(_alignment())
    assert list(text.index) == ["drills", "regime", "fund"]
    assert list(text.columns) == ["A", "B", "C"]
    assert text.loc["drills", "B"] == "exercises / drills (2)"
    assert text.loc["regime", "C"] == ""
    assert counts.loc["regime", "A"] == 5 and counts.loc["fund", "B"] == 0


def test_compare_event_wording_matrix_respects_given_order() -> None:
    text, counts = ce.wording_matrix(_alignment(), ["fund", "drills"], ["C", "A"])
    assert list(text.index) == ["fund", "drills"] and list(text.columns) == ["C", "A"]
    assert counts.loc["drills", "C"] == 1


def test_compare_event_wording_matrix_empty() -> None:
    text, counts = ce.wording_matrix(_alignment().iloc[:0])
    assert text.empty and counts.empty


@pytest.mark.parametrize(
    ("sentence", "wordings", "spans"),
    [
        ("The War Games began.", ["war games"], [(4, 13)]),
        ("war-games and war games", ["war games"], [(0, 9), (14, 23)]),
        ("wargames", ["war games"], []),
        ("the drills, drills.", ["drills"], [(4, 10), (12, 18)]),
        ("a (b) c", ["(b)"], [(2, 5)]),
    ],
)
def test_compare_event_wording_spans(
    sentence: str, wordings: list[str], spans: list[tuple[int, int]]
) -> None:
    out = ce.wording_spans(sentence, wordings, rationale="why")
    assert list(zip(out["start"], out["end"], strict=True)) == spans
    assert set(out["category"]) <= {"wording"}
    assert list(out.columns) == ["start", "end", "category", "rationale", "weight"]


def test_compare_event_top_loaded_sentences_keeps_quotations_apart() -> None:
    sents = _sentences().assign(voice=["outlet", "quoted", "outlet", "outlet"])
    own = ce.top_loaded_sentences(sents, n=2)
    assert own["sentence"].tolist() == ["b", "Second sentence of a"]
    quoted = ce.top_loaded_sentences(sents, n=2, voice="quoted")
    assert quoted["sentence"].tolist() == ["First sentence of a"]
    assert len(ce.top_loaded_sentences(sents, n=9, voice=None)) == 4
