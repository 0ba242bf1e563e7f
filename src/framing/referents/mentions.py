"""Mentions: every tagged noun phrase, name and action of an article, with its voice.

``extract_mentions`` chunks each title and text (``framing.referents.chunk``,
cached per text), drops bylines, datelines and the outlet's own name, and
says whose words each mention is: the outlet's (``voice == "outlet"``;
scare quotes are the outlet's distancing, so they count as its own) or a
quoted speaker's (``"quoted"``, with the speaker found by
``framing.cues.sources``).

The frame returned has ``MENTION_COLUMNS`` (``referent_id`` empty, ``kind``
and ``loaded`` to be filled) plus the columns the grouping reads:
``shape, name, titled, mods, link, sentence`` (``link``: the row of the
mention this one is apposed to, or -1; ``sentence``: the row of the
sentence table holding it, or -1).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from framing.cues.voice import voice_at
from framing.referents import MENTION_COLUMNS
from framing.referents.chunk import Chunk, chunks, label_norm
from framing.tagging import tokens

GROUPING_COLUMNS = ["shape", "name", "titled", "mods", "link", "sentence"]
# "By Jane Doe", "WASHINGTON (Reuters) -": who wrote it and from where, not the event.
_BYLINE = re.compile(r"^\s*(?:by|photo:|image:|credit:|source:)\s", re.IGNORECASE)
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*"
    r"(?:\([^)\n]{1,40}\))?\s*[\-\u2014\u2013]{1,2}\s"
)


@lru_cache(maxsize=4096)
def field_chunks(text: str) -> tuple[Chunk, ...]:
    """The chunks of one field (cached: a text is tagged once per process)."""
    return tuple(chunks(tokens(text)))


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    """Bylines (short lines opening with "By") and datelines at a paragraph's start."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        if _BYLINE.match(line) and len(line.split()) <= 12:
            out.append((m.start(), m.end()))
            continue
        d = _DATELINE.match(line)
        if d:
            out.append((m.start(), m.start() + d.end()))
    return out


def extract_mentions(
    articles: pd.DataFrame,
    *,
    voices: dict[tuple[str, str], list[tuple[int, int, str]]] | None = None,
    sources: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Every mention of ``articles`` (``id, outlet, event_id, title, text``).

    Args:
        voices: voice spans by ``(id, field)`` (``framing.cues.voice.voice_lookup``).
        sources: quotations with their speakers (``framing.cues.sources.SOURCE_COLUMNS``).
        sentences: the batch's sentence table (``id, field, start, end``); each
            mention gets the row number of the sentence that holds it.
        progress: called with what it is doing, article by article.
    """
    voices = voices or {}
    speakers = _speaker_index(sources)
    sentence_at = _sentence_index(sentences)
    rows: list[tuple] = []
    for n, art in enumerate(articles.itertuples(index=False)):
        if progress is not None:
            progress(f"tagging article {n + 1} of {len(articles)}")
        outlet = str(art.outlet)
        own_name = label_norm(outlet.split())
        for field in ("title", "text"):
            text = str(getattr(art, field))
            found = field_chunks(text)
            if not found:
                continue
            skipped = _skipped_spans(text) if field == "text" else []
            spans = voices.get((art.id, field), [])
            said = voice_at(spans, [c.start for c in found])
            base = len(rows)
            kept: dict[int, int] = {}
            for k, (c, voice) in enumerate(zip(found, said, strict=True)):
                if c.norm == own_name or any(a <= c.start < b for a, b in skipped):
                    continue
                v = "quoted" if voice == "quoted" else "outlet"
                who = _speaker(speakers.get((art.id, field)), c.start) if v == "quoted" else ""
                kept[k] = base + len(kept)
                rows.append(
                    (
                        int(getattr(art, "event_id", -1)),
                        art.id,
                        outlet,
                        field,
                        c,
                        v,
                        who,
                        _sentence(sentence_at.get((art.id, field)), c.start),
                    )
                )
            # links point at rows of the table, not chunks of the field
            for row_no in kept.values():
                c = rows[row_no][4]
                link = kept.get(c.link, -1) if c.link >= 0 else -1
                rows[row_no] = (*rows[row_no][:4], (c, link), *rows[row_no][5:])
    return _frame(rows, articles)


def _frame(rows: list[tuple], articles: pd.DataFrame) -> pd.DataFrame:
    text_of = {
        (a, f): str(t)
        for f in ("title", "text")
        for a, t in zip(articles["id"], articles[f], strict=True)
    }
    data = {c: [] for c in MENTION_COLUMNS + GROUPING_COLUMNS}
    for event_id, art, outlet, field, (c, link), voice, who, sent in rows:
        text = text_of[(art, field)]
        data["event_id"].append(event_id)
        data["referent_id"].append("")
        data["id"].append(art)
        data["outlet"].append(outlet)
        data["field"].append(field)
        data["start"].append(c.start)
        data["end"].append(c.end)
        data["text"].append(text[c.start : c.end])
        data["norm"].append(c.norm)
        data["head"].append(c.head)
        data["kind"].append("action" if c.shape == "action" else "")
        data["voice"].append(voice)
        data["speaker"].append(who)
        data["loaded"].append(0.0)
        data["shape"].append(c.shape)
        data["name"].append(" ".join(c.name))
        data["titled"].append(bool(c.titled))
        data["mods"].append(" ".join(sorted(c.mods)))
        data["link"].append(int(link))
        data["sentence"].append(int(sent))
    frame = pd.DataFrame(data, columns=MENTION_COLUMNS + GROUPING_COLUMNS)
    for col in ("event_id", "start", "end", "link", "sentence"):
        frame[col] = frame[col].astype(np.int64)
    frame["loaded"] = frame["loaded"].astype(float)
    return frame


def _speaker_index(sources: pd.DataFrame | None) -> dict:
    out: dict[tuple[str, str], tuple[list[int], list[tuple[int, int, str]]]] = {}
    if sources is None or sources.empty:
        return out
    quoted = sources[sources["kind"] != "reported"].sort_values("quote_start", kind="stable")
    for (art, field), g in quoted.groupby(["id", "field"], sort=False):
        who = [str(n) or str(s) for n, s in zip(g["speaker_norm"], g["speaker"], strict=True)]
        spans = list(
            zip(g["quote_start"].astype(int), g["quote_end"].astype(int), who, strict=True)
        )
        out[(art, field)] = ([a for a, _, _ in spans], spans)
    return out


def _speaker(index, at: int) -> str:
    if not index:
        return ""
    starts, spans = index
    k = bisect.bisect_right(starts, at) - 1
    # the quotation marks are the quotation's voice too: a mention may start on one
    if k >= 0 and at <= spans[k][1]:
        return spans[k][2]
    if k + 1 < len(spans) and spans[k + 1][0] - at <= 1:
        return spans[k + 1][2]
    return ""


def _sentence_index(sentences: pd.DataFrame | None) -> dict:
    out: dict[tuple[str, str], tuple[list[int], list[tuple[int, int, int]]]] = {}
    if sentences is None or sentences.empty:
        return out
    sent = sentences.reset_index(drop=True)
    order = sent.sort_values(["id", "field", "start"], kind="stable")
    for (art, field), g in order.groupby(["id", "field"], sort=False):
        spans = list(zip(g["start"].astype(int), g["end"].astype(int), g.index, strict=True))
        out[(art, field)] = ([a for a, _, _ in spans], spans)
    return out


def _sentence(index, at: int) -> int:
    if not index:
        return -1
    starts, spans = index
    k = bisect.bisect_right(starts, at) - 1
    return int(spans[k][2]) if k >= 0 and at < spans[k][1] else -1
