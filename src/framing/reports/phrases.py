"""Whole wordings for the quiz: a phrase as the outlet wrote it, never a fragment.

The aligned wordings are word n-grams, so they can cut a name or a noun
phrase in two ("states and south" from "the United States and South Korea",
"official of the ruling" from "an official of the ruling party").
``whole_wording`` grows such a fragment, in the sentence it comes from, to
the phrase it belongs to, using the part-of-speech tags of
``framing.tagging``; ``related`` tells two wordings that share a word or its
stem ("provocative war", "provocation").
"""

from __future__ import annotations

import re

from framing.segment import STOP_WORDS
from framing.tagging import Token, tokens

# Tags a phrase may not start or end with: articles, prepositions,
# conjunctions, possessive endings, pronouns, "to".
_EDGE_BAD = {"DT", "PDT", "IN", "CC", "TO", "POS", "PRP", "PRP$", "WDT", "WP", "WP$", "EX", "MD"}
# A phrase ending in one of these still needs its noun ("the ruling" party).
_OPEN_END = {"JJ", "JJR", "JJS", "VBG", "VBN", "CD", "NNP", "NNPS", "NN", "NNS"} | _EDGE_BAD
_NOUN = {"NN", "NNS", "NNP", "NNPS"}
_PROPER = {"NNP", "NNPS"}
_MAX_GROW = 3
_SUFFIXES = (
    "ations", "ation", "atives", "ative", "ively", "ive", "ions", "ion", "ings", "ing",
    "ments", "ment", "ers", "er", "ed", "es", "ly", "al", "s",
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def _covering(toks: list[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(toks) if t.end > start and t.start < end]
    return (inside[0], inside[-1]) if inside else None


def whole_wording(sentence: str, start: int, end: int) -> str | None:
    """The whole phrase around ``sentence[start:end]``, or None when there is none.

    The span grows over a name it cuts ("States and South" -> "United States
    and South Korea") and to the right up to the noun an open ending needs
    ("official of the ruling" -> "official of the ruling party"); leading and
    trailing function words are dropped. A phrase of several words must end
    in a noun to count as whole; a single content word always does.

    Args:
        sentence: the sentence holding the wording (original text).
        start, end: the wording's character span in ``sentence``.

    Returns:
        The phrase as written in ``sentence`` (spaces normalised), or None.
    """
    toks = [t for t in tokens(sentence)]
    span = _covering(toks, start, end)
    if span is None:
        return None
    a, b = span
    # A proper name cut in two: grow over the rest of it on either side.
    if toks[a].tag in _PROPER and toks[a].text[:1].isupper():
        while a > 0 and toks[a - 1].tag in _PROPER and toks[a - 1].text[:1].isupper():
            a -= 1
    grown = 0
    while b + 1 < len(toks) and grown < _MAX_GROW:
        nxt = toks[b + 1]
        if toks[b].tag in _PROPER and nxt.tag in _PROPER and nxt.text[:1].isupper():
            b += 1
        elif toks[b].tag in _OPEN_END - _NOUN and nxt.tag in _NOUN | {"JJ", "DT", "VBG"}:
            b += 1
            grown += 1
        elif toks[b].tag in _NOUN - _PROPER and nxt.tag in {"NN", "NNS"}:
            b += 1  # a compound noun goes on: "ruling party"
            grown += 1
        else:
            break
    while a <= b and (toks[a].tag in _EDGE_BAD or not toks[a].text[0].isalnum()):
        a += 1
    while b >= a and (toks[b].tag in _EDGE_BAD or not toks[b].text[0].isalnum()):
        b -= 1
    if a > b:
        return None
    words = toks[a : b + 1]
    if any(not t.text[0].isalnum() and t.text not in "-'’" for t in words):
        return None  # it ran over a comma or a full stop
    if len(words) > 1 and words[-1].tag not in _NOUN:
        return None
    if len(words) == 1 and words[0].text.lower() in STOP_WORDS:
        return None
    return " ".join(sentence[words[0].start : words[-1].end].split())


def stem(word: str) -> str:
    """A rough stem: "provocative", "provocation" and "provoked" -> "provok"/"provoc"."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return w[:6]


def content_stems(wording: str) -> set[str]:
    """The stems of a wording's content words."""
    return {stem(w) for w in _WORD.findall(wording.lower()) if w not in STOP_WORDS}


def related(a: str, b: str) -> bool:
    """Whether two wordings share a content word or its stem."""
    return bool(content_stems(a) & content_stems(b))
