"""Sentence and paragraph spans with character offsets into the original text.

Sentence boundaries come from ``sentencex`` (rule-based, with per-language
abbreviation lists, so "Mr. Kim" or "Nov. 2" do not end a sentence). Offsets
always index the text exactly as given: ``text[start:end] == sentence``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentencex import segment as _sentencex_segment
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

# Lower-case names of days and months, with the months' abbreviations ("Oct."
# in "SEOUL, Oct. 31 --"); "may" is left out, being also a verb.
DATE_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


# A word as the cue scorers count it: initialisms ("U.S."), and runs of letters
# and digits joined by apostrophes or hyphens ("Kim's", "anti-war").
WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
# Words that never bound a phrase and never make a row or a cue on their own.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | {"said", "says", "s", "t", "would", "also"})


@dataclass(frozen=True)
class Span:
    """A piece of text and where it sits in its source.

    Attributes:
        start: offset of the first character.
        end: offset one past the last character.
        text: ``source[start:end]``.
    """

    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Span]:
    """Split on blank lines; each span is trimmed of surrounding whitespace."""
    spans: list[Span] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.extend(_trimmed(text, pos, match.start()))
        pos = match.end()
    spans.extend(_trimmed(text, pos, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    s = start + (len(piece) - len(piece.lstrip()))
    return [Span(s, s + len(stripped), stripped)]


def sentences(text: str, language: str = "en") -> list[Span]:
    """Sentence spans; a sentence never crosses a paragraph break.

    Args:
        text: the text as given.
        language: ISO 639-1 code for the abbreviation rules.
    """
    out: list[Span] = []
    for para in paragraphs(text):
        cursor = para.start
        for piece in _sentencex_segment(language, para.text):
            stripped = piece.strip()
            if not stripped:
                continue
            found = text.find(stripped, cursor, para.end)
            if found < 0:  # pragma: no cover - sentencex returns substrings
                raise AssertionError(f"segmenter returned text not in the source: {stripped!r}")
            out.append(Span(found, found + len(stripped), stripped))
            cursor = found + len(stripped)
    return out


def word_count(text: str) -> int:
    """Whitespace-separated word count."""
    return len(text.split())


def chunks(text: str, max_words: int = 150) -> list[Span]:
    """Consecutive runs of whole sentences of at most ``max_words`` words each.

    A sentence longer than ``max_words`` becomes a chunk of its own (the model
    truncates it). Used to represent an article longer than the model reads.
    """
    out: list[Span] = []
    start = end = None
    words = 0
    for sent in sentences(text):
        n = word_count(sent.text)
        if start is not None and words + n > max_words:
            out.append(Span(start, end, text[start:end]))
            start = None
            words = 0
        if start is None:
            start = sent.start
        end = sent.end
        words += n
    if start is not None:
        out.append(Span(start, end, text[start:end]))
    return out
