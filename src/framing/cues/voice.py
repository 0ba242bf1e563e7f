"""Whose words are they: every character of a field is the outlet's own, quoted, or scare-quoted.

- ``quoted``: direct and partial quotations in double quotes (straight or
  curly), guillemets, or single quotes where they cannot be apostrophes. A
  quotation that runs over paragraphs reopens each paragraph without closing
  the one before; a quotation that does not close within its paragraph ends
  there, so an odd mark never swallows the rest of an article.
- ``scare``: a few quoted words inside the outlet's own sentence with no
  speaker: the outlet's distancing move ('so-called "peace plan"'), not
  someone else's speech. Which quotations are scare quotes is decided by
  ``framing.cues.sources`` (it needs the attribution); this module finds the
  quotations and turns the decision into spans.
- ``outlet``: everything else, reported speech included (the outlet chose
  those words).

Offsets index the field exactly as given. The quotation marks belong to the
quotation's voice; ``Quotation.start``/``end`` are the quoted words without them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Voice = Literal["outlet", "quoted", "scare"]
VOICE_COLUMNS = ["id", "field", "start", "end", "voice"]

# opening mark -> the marks that close it
_DOUBLE = {"\u201c": "\u201d\u201c", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", '"': '"'}
_CLOSERS = {"\u201d", "\u00bb"}
_SINGLE = {"\u2018": "\u2019", "'": "'", "\u2039": "\u203a"}
_BEFORE_OPEN = set(" \t([{\u2014\u2013-:/")
_AFTER_CLOSE = set(" \t.,;:!?)]}\u2014\u2013-/\u2026")
_LINE = re.compile(r"[^\n]+")
_LETTER = re.compile(r"\w")
_SINGLE_MAX = 300  # a single-quoted quotation is short; further on, it is an apostrophe


@dataclass(frozen=True)
class Quotation:
    """One quotation in a field.

    Attributes:
        start: offset of the first quoted character (after the opening mark).
        end: offset one past the last quoted character (before the closing mark).
        open_at: offset of the opening mark.
        close_at: offset of the closing mark, or -1 when it never closed
            (the quotation then ends at its paragraph's end).
        continues: the quotation goes on in the next paragraph (it reopens
            there without having closed).
        continued: this piece continues a quotation of the paragraph before.
    """

    start: int
    end: int
    open_at: int
    close_at: int
    continues: bool = False
    continued: bool = False

    @property
    def outer(self) -> tuple[int, int]:
        """The span with its marks."""
        return self.open_at, (self.close_at + 1 if self.close_at >= 0 else self.end)


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of ``text``, in order; the pieces of a multi-paragraph one are linked.

    Nested quotations are part of the outer one and are not listed.
    """
    out: list[Quotation] = []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    carry = False
    for k, (a, b) in enumerate(lines):
        found, still_open = _scan_line(text, a, b, reopened=carry)
        nxt = lines[k + 1][0] if k + 1 < len(lines) else None
        if still_open is not None:
            # Only a paragraph that opens with a mark continues the quotation.
            carry = nxt is not None and _opens_with_mark(text, nxt)
            found.append(
                Quotation(
                    still_open[0], b, still_open[1], -1, continues=carry, continued=still_open[2]
                )
            )
        else:
            carry = False
        out.extend(found)
    return out


def _opens_with_mark(text: str, pos: int) -> bool:
    return text[pos] in _DOUBLE


def _scan_line(
    text: str, a: int, b: int, *, reopened: bool
) -> tuple[list[Quotation], tuple[int, int, bool] | None]:
    """Quotations of one line; and (start, mark, continued) of one still open at its end."""
    found: list[Quotation] = []
    i = a
    pending: tuple[int, int, bool] | None = None
    if reopened and text[a] in _DOUBLE:
        pending = (a + 1, a, True)
        i = a + 1
    while i < b:
        c = text[i]
        if pending is None:
            if c in _DOUBLE and _can_open(text, i, a, b):
                pending = (i + 1, i, False)
            elif c in _SINGLE and _can_open(text, i, a, b):
                close = _single_close(text, i, b)
                if close is not None:
                    found.append(Quotation(i + 1, close, i, close))
                    i = close
        else:
            start, mark, continued = pending
            closers = _DOUBLE[text[mark]]
            if c in closers and (c in _CLOSERS or _can_close(text, i, a, b)) and i > start:
                found.append(Quotation(start, i, mark, i, continued=continued))
                pending = None
            elif c == '"' and text[mark] == '"' and _can_open(text, i, a, b) and i > start:
                # A straight mark that only looks like an opener: the one
                # before never closed, so it ends with its sentence.
                end = _sentence_end(text, start, i)
                found.append(Quotation(start, end, mark, -1, continued=continued))
                pending = (i + 1, i, False)
        i += 1
    return found, pending


def _can_open(text: str, i: int, a: int, b: int) -> bool:
    before_ok = i == a or text[i - 1] in _BEFORE_OPEN or text[i - 1] in _DOUBLE
    return before_ok and i + 1 < b and not text[i + 1].isspace()


def _can_close(text: str, i: int, a: int, b: int) -> bool:
    return (
        i > a
        and not text[i - 1].isspace()
        and (
            i + 1 >= b
            or text[i + 1] in _AFTER_CLOSE
            or text[i + 1] in _DOUBLE
            or text[i + 1] in _SINGLE
        )
    )


def _single_close(text: str, i: int, b: int) -> int | None:
    """The mark closing a single-quoted quotation opened at ``i``, if it is one."""
    closer = _SINGLE[text[i]]
    j = i + 2
    limit = min(b, i + _SINGLE_MAX)
    while j < limit:
        if text[j] in closer and not text[j - 1].isspace():
            after = text[j + 1] if j + 1 < b else " "
            # "don't", "Kim's": a mark between letters is an apostrophe.
            if not _LETTER.match(after) and (after in _AFTER_CLOSE or after in _DOUBLE):
                # "the players' union": a closing-looking mark after a plural
                # with no opener is never reached here; a lone word in quotes
                # needs its opener right before it, which it has.
                return j
        j += 1
    return None


def _sentence_end(text: str, start: int, limit: int) -> int:
    m = re.compile(r"[.!?](?=\s)").search(text, start, limit)
    return m.end() if m else limit


def voice_spans(
    text: str, quotations: list[Quotation], scare: set[int] | frozenset[int] = frozenset()
) -> list[tuple[int, int, Voice]]:
    """Spans covering every character of ``text`` exactly once, in order.

    Args:
        text: the field.
        quotations: its quotations (``find_quotations``).
        scare: positions in ``quotations`` that are scare quotes.
    """
    out: list[tuple[int, int, Voice]] = []
    pos = 0
    for k, q in enumerate(quotations):
        a, b = q.outer
        a = max(a, pos)
        if b <= a:
            continue
        if a > pos:
            out.append((pos, a, "outlet"))
        out.append((a, b, "scare" if k in scare else "quoted"))
        pos = b
    if pos < len(text):
        out.append((pos, len(text), "outlet"))
    return out


def voice_at(spans: list[tuple[int, int, Voice]], starts: list[int]) -> list[Voice]:
    """The voice of each offset in ``starts`` (``outlet`` past the end)."""
    bounds = [s for s, _, _ in spans]
    out: list[Voice] = []
    for p in starts:
        k = bisect.bisect_right(bounds, p) - 1
        out.append(spans[k][2] if 0 <= k < len(spans) and p < spans[k][1] else "outlet")
    return out


def voice_lookup(voices: pd.DataFrame) -> dict[tuple[str, str], list[tuple[int, int, Voice]]]:
    """The voice spans of each ``(id, field)``, in order."""
    out: dict[tuple[str, str], list[tuple[int, int, Voice]]] = {}
    for row in voices.itertuples(index=False):
        out.setdefault((row.id, row.field), []).append((row.start, row.end, row.voice))
    return out


def voices_of(
    lookup: dict[tuple[str, str], list[tuple[int, int, Voice]]], spans: pd.DataFrame
) -> list[Voice]:
    """The voice at the start of each span of ``spans`` (``id, field, start``)."""
    out: list[Voice] = []
    for (art, field), group in spans.groupby(["id", "field"], sort=False):
        got = voice_at(lookup.get((art, field), []), group["start"].tolist())
        out.extend(zip(group.index, got, strict=True))
    by_index = dict(out)
    return [by_index[i] for i in spans.index]


def quoted_share(
    lookup: dict[tuple[str, str], list[tuple[int, int, Voice]]], spans: pd.DataFrame
) -> list[float]:
    """The share of each span's characters (``id, field, start, end``) in quoted voice."""
    out = []
    for row in spans.itertuples(index=False):
        n = max(row.end - row.start, 1)
        inside = sum(
            max(0, min(b, row.end) - max(a, row.start))
            for a, b, v in lookup.get((row.id, row.field), [])
            if v == "quoted"
        )
        out.append(inside / n)
    return out


def mask_quoted(articles: pd.DataFrame, lookup) -> pd.DataFrame:
    """``articles`` with quoted text blanked out (same lengths, so offsets still hold)."""
    masked = articles.copy()
    for field in ("title", "text"):
        values = []
        for art, value in zip(articles["id"], articles[field].astype(str), strict=True):
            chars = list(value)
            for a, b, v in lookup.get((art, field), []):
                if v == "quoted":
                    chars[a:b] = " " * (b - a)
            values.append("".join(chars))
        masked[field] = values
    return masked


def quoted_words_by_sentence(voices: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """Words in quoted voice per article, read from the text sentences alone.

    For callers that hold the sentence table but not the article texts (the
    dashboard); it agrees with ``quoted_words`` because the text sentences
    cover every word of the text.

    Args:
        voices: voice spans (``id, field, start, end, voice``).
        sentences: with ``id, field, start, end, sentence``.

    Returns:
        Quoted word counts indexed by article ``id`` (articles with none left out).
    """
    counts: dict[str, int] = {}
    if voices.empty or sentences.empty:
        return pd.Series(counts, dtype=int)
    quoted = voices[(voices["voice"] == "quoted") & (voices["field"] == "text")]
    spans = {k: g[["start", "end"]].to_numpy() for k, g in quoted.groupby("id", sort=False)}
    texts = sentences[(sentences["field"] == "text") & sentences["id"].isin(spans)]
    for row in texts.itertuples(index=False):
        n = 0
        for a, b in spans[row.id]:
            lo, hi = max(int(a), int(row.start)), min(int(b), int(row.end))
            if lo < hi:
                n += len(row.sentence[lo - row.start : hi - row.start].split())
        if n:
            counts[row.id] = counts.get(row.id, 0) + n
    return pd.Series(counts, dtype=int)


def quoted_words(lookup, articles: pd.DataFrame) -> list[int]:
    """Words in quoted voice in each article's text."""
    out = []
    for art, text in zip(articles["id"], articles["text"].astype(str), strict=True):
        spans = lookup.get((art, "text"), [])
        out.append(sum(len(text[a:b].split()) for a, b, v in spans if v == "quoted"))
    return out
