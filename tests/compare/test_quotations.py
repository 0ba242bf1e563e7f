"""framing.compare.quotations: the quotations behind a matrix cell, and scare quotes."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.compare.quotations import QUOTATION_COLUMNS, cell_quotations, scare_quote_words
from framing.compare.sources import UNATTRIBUTED
from framing.cues.sources import SOURCE_COLUMNS

TEXT = (
    'Talks stalled on Monday. "We will not give in," Kim said. Crowds gathered outside.\n\n'
    'Later Kim said that the talks were over. The so-called "peace plan" was dropped.'
)
TITLE = 'Kim: "No retreat"'


def _find(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _row(field: str, quote: str, speaker: str, verb: str, kind: str, *, at: int = 0) -> dict:
    text = TITLE if field == "title" else TEXT
    q0, q1 = _find(text[at:], quote) if quote else (-1 - at, -1 - at)
    s0, s1 = _find(text[at:], speaker) if speaker else (-1 - at, -1 - at)
    v0, v1 = _find(text[at:], verb) if verb else (-1 - at, -1 - at)
    return {
        "id": "a1", "field": field, "outlet": "A", "event_id": 0, "speaker": speaker,
        "speaker_norm": "Kim Jong Un" if speaker else "", "speaker_type": "official",
        "affiliation": "North Korea", "verb": verb, "verb_class": "neutral" if verb else "",
        "kind": kind, "quote_start": q0 + at, "quote_end": q1 + at, "speaker_start": s0 + at,
        "speaker_end": s1 + at, "verb_start": v0 + at, "verb_end": v1 + at,
        "n_words": len(quote.split()),
    }  # fmt: skip


@pytest.fixture
def sources() -> pd.DataFrame:
    later = TEXT.index("Later")
    return pd.DataFrame(
        [
            _row("text", "We will not give in,", "Kim", "said", "direct"),
            _row("text", "the talks were over", "Kim", "said", "reported", at=later),
            _row("title", "No retreat", "Kim", "", "direct"),
            _row("text", "peace plan", "", "", "scare"),
            {**_row("text", "We will not give in,", "", "", "direct"), "outlet": "B"},
        ],
        columns=SOURCE_COLUMNS,
    )


@pytest.fixture
def texts() -> pd.DataFrame:
    return pd.DataFrame({"title": [TITLE], "text": [TEXT]}, index=pd.Index(["a1"], name="id"))


@pytest.fixture
def sentences() -> pd.DataFrame:
    spans = [(0, 24), (25, 57), (58, 82), (84, 124), (125, len(TEXT))]
    rows = [{"id": "a1", "field": "text", "start": a, "end": b} for a, b in spans]
    rows.append({"id": "a1", "field": "title", "start": 0, "end": len(TITLE)})
    return pd.DataFrame(rows)


def test_compare_quotations_cell_lists_each_quotation_in_its_sentence(
    sources: pd.DataFrame, texts: pd.DataFrame, sentences: pd.DataFrame
) -> None:
    out = cell_quotations(sources, texts, "A", "kim jong un", sentences=sentences)
    assert list(out.columns) == QUOTATION_COLUMNS
    assert out["field"].tolist() == ["title", "text", "text"]  # the title first
    assert out["kind"].tolist() == ["direct", "direct", "reported"]
    for r in out.itertuples():
        field = TITLE if r.field == "title" else TEXT
        assert field[r.quote_start : r.quote_end] == r.quotation
        assert field[r.context_start : r.context_start + len(r.context)] == r.context
        a, b = r.quote_in_context
        assert r.context[a:b] == r.quotation
    direct = out.iloc[1]
    assert direct["context"] == '"We will not give in," Kim said.'
    assert direct["context"][slice(*direct["speaker_in_context"])] == "Kim"
    assert direct["context"][slice(*direct["verb_in_context"])] == "said"
    assert out.iloc[2]["context"] == "Later Kim said that the talks were over."
    assert out.iloc[0]["verb_in_context"] == (-1, -1)  # no verb in the title


def test_compare_quotations_cell_without_sentences_is_the_quotation_and_attribution(
    sources: pd.DataFrame, texts: pd.DataFrame
) -> None:
    out = cell_quotations(sources, texts, "A", "Kim Jong Un")
    assert out.iloc[1]["context"] == 'We will not give in," Kim said'


def test_compare_quotations_cell_of_the_unattributed_and_of_nobody(
    sources: pd.DataFrame, texts: pd.DataFrame
) -> None:
    unnamed = cell_quotations(sources, texts, "B", UNATTRIBUTED)
    assert unnamed["quotation"].tolist() == ["We will not give in,"]
    assert unnamed.iloc[0]["speaker_in_context"] == (-1, -1)
    none = cell_quotations(sources, texts, "B", "Kim Jong Un")
    assert none.empty and list(none.columns) == QUOTATION_COLUMNS


def test_compare_quotations_scare_quote_words_per_outlet(
    sources: pd.DataFrame, texts: pd.DataFrame
) -> None:
    twice = pd.concat([sources, sources.iloc[[3]]], ignore_index=True)
    out = scare_quote_words(twice, texts)
    assert out.values.tolist() == [["A", "peace plan", 2]]
    assert scare_quote_words(sources.iloc[:3], texts).empty
