"""Quotations and voices on hand-made texts with every quotation shape."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.cues.voice import find_quotations, voice_spans


def _quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will not back down," she said.', ["We will not back down,"]),
        ("\u201cWe will win,\u201d he said.", ["We will win,"]),
        ("\u00abNon,\u00bb a-t-il dit.", ["Non,"]),
        ("Trump: 'We will win big' in 2020.", ["We will win big"]),
        ("Don't touch the players' union or Kim's car.", []),
        ('He called it "a hoax" twice.', ["a hoax"]),
        ("\"He said 'no' to me,\" she recalled.", ["He said 'no' to me,"]),  # nested
        ('the so-called "peace plan"', ["peace plan"]),
        ('"First." "Second," he added.', ["First.", "Second,"]),
        ("\u201cStarts here\n\n\u201cand goes on,\u201d he said.", ["Starts here", "and goes on,"]),
        ("\u201cNever closes\n\nOutlet text follows.", ["Never closes"]),
        ('An odd " mark and the rest.', []),
        ("\u201cOne, \u201d she said \u2014 \u201ctwo.\u201d", ["One, ", "two."]),
    ],
)
def test_voice_quotations_of_every_shape(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


def test_voice_multi_paragraph_quotation_is_linked() -> None:
    text = (
        "\u201cOne paragraph.\n\n\u201cAnother one.\n\n\u201cThe last,\u201d she said.\n\nOutlet."
    )
    quotes = find_quotations(text)
    assert [q.continues for q in quotes] == [True, True, False]
    assert [q.continued for q in quotes] == [False, True, True]
    spans = voice_spans(text, quotes)
    assert text[spans[-1][0] : spans[-1][1]].strip().endswith("Outlet.")
    assert spans[-1][2] == "outlet"


def test_voice_unclosed_quote_never_swallows_the_next_paragraph() -> None:
    text = 'He said "this is it.\n\nThe council met on Monday and voted.'
    spans = voice_spans(text, find_quotations(text))
    voice_of_vote = [v for a, b, v in spans if a <= text.index("voted") < b]
    assert voice_of_vote == ["outlet"]


def test_voice_scare_spans_are_marked_scare() -> None:
    text = 'The so-called "peace plan" failed. "It failed," he said.'
    quotes = find_quotations(text)
    spans = voice_spans(text, quotes, scare={0})
    assert [(text[a:b], v) for a, b, v in spans if v != "outlet"] == [
        ('"peace plan"', "scare"),
        ('"It failed,"', "quoted"),
    ]


PIECES = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "\n\n", "\n",
          " ", "said", "Kim", "don't", ".", ",", "\u2014", "word", "x"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_voice_spans_cover_every_character_exactly_once(pieces: list[str]) -> None:
    text = "".join(pieces)
    quotes = find_quotations(text)
    for q in quotes:
        assert 0 <= q.open_at < q.start <= q.end <= len(text)
        assert "\n" not in text[q.start : q.end]  # a quotation never crosses a paragraph
    spans = voice_spans(text, quotes, scare={0} if quotes else set())
    assert "".join(text[a:b] for a, b, _ in spans) == text
    assert all(a < b for a, b, _ in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def test_cues_voice_quoted_words_by_sentence_agrees_with_the_text_count() -> None:
    import pandas as pd

    from framing.cues.tables import sentence_table
    from framing.cues.voice import quoted_words, quoted_words_by_sentence, voice_lookup

    text = (
        'The minister spoke. "We will not give in. Never," she said.\n\n'
        '"The talks are over," an aide added. Rain fell.'
    )
    articles = pd.DataFrame({"id": ["a"], "title": ["T"], "text": [text]})
    spans = voice_spans(text, find_quotations(text))
    voices = pd.DataFrame(
        [("a", "text", s, e, v) for s, e, v in spans],
        columns=["id", "field", "start", "end", "voice"],
    )
    by_sentence = quoted_words_by_sentence(voices, sentence_table(articles))
    assert int(by_sentence["a"]) == quoted_words(voice_lookup(voices), articles)[0] == 10
