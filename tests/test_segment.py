from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.segment import chunks, paragraphs, sentences, word_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Kim spoke. Then he left.", ["Mr. Kim spoke.", "Then he left."]),
        (
            "The U.S. and Japan met on Nov. 2. Officials said so!",
            ["The U.S. and Japan met on Nov. 2.", "Officials said so!"],
        ),
        (
            '"We will respond," he said. Is that so? Yes.',
            ['"We will respond," he said.', "Is that so?", "Yes."],
        ),
        ("One paragraph\n\nAnother one", ["One paragraph", "Another one"]),
    ],
)
def test_segment_sentences_split_on_real_boundaries(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


def test_segment_sentences_do_not_cross_paragraphs() -> None:
    text = "A first paragraph without a full stop\n\nSecond paragraph. Two sentences."
    spans = sentences(text)
    assert [s.text for s in spans] == [
        "A first paragraph without a full stop",
        "Second paragraph.",
        "Two sentences.",
    ]


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=6))
def test_segment_offsets_index_the_original_text(parts: list[str]) -> None:
    text = " ".join(parts)
    for span in sentences(text) + paragraphs(text):
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text


def test_segment_chunks_respect_word_budget_and_cover_text() -> None:
    text = " ".join(f"Sentence number {i} has five words." for i in range(40))
    parts = chunks(text, max_words=30)
    assert all(word_count(p.text) <= 30 for p in parts)
    assert sum(word_count(p.text) for p in parts) == word_count(text)
    assert parts[0].start == 0 and parts[-1].end == len(text)
