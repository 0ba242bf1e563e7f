"""The texts behind the sourcing tables: one matrix cell's quotations, and scare quotes.

Reads the stored ``sources`` table with the article texts (``title``,
``text``; offsets index them exactly) and returns tidy DataFrames for a
drill-down. Speakers are named as ``framing.compare.sources.speaker_labels``
names them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from framing.compare.sources import scope, speech_rows

QUOTATION_COLUMNS = [
    "id", "field", "outlet", "event_id", "speaker", "speaker_type", "affiliation", "verb",
    "verb_class", "kind", "n_words", "quote_start", "quote_end", "quotation", "context",
    "context_start", "quote_in_context", "speaker_in_context", "verb_in_context",
]  # fmt: skip
SCARE_COLUMNS = ["outlet", "words", "count"]
# Attribution further than this from the quotation's sentences is not pulled
# into its context (a continued quotation's speaker may be paragraphs back).
CONTEXT_REACH = 300


def _span(row, a: str, b: str, offset: int, length: int) -> tuple[int, int]:
    start, end = int(getattr(row, a)), int(getattr(row, b))
    if start < 0 or end < 0 or start < offset or end > offset + length:
        return (-1, -1)
    return (start - offset, end - offset)


def _context(
    text: str, sents: pd.DataFrame, start: int, end: int, extra: list[tuple[int, int]]
) -> tuple[int, int]:
    """The sentences holding ``text[start:end]``, widened to nearby attribution spans."""

    def around(a: int, b: int) -> tuple[int, int]:
        if sents.empty:
            return a, b
        hold = sents[(sents["start"] < max(b, a + 1)) & (sents["end"] > a)]
        if hold.empty:
            return a, b
        return min(a, int(hold["start"].min())), max(b, int(hold["end"].max()))

    lo, hi = around(start, end)
    for a, b in extra:
        if a < 0:
            continue
        wlo, whi = around(a, b)
        if min(lo, wlo) >= lo - CONTEXT_REACH and max(hi, whi) <= hi + CONTEXT_REACH:
            lo, hi = min(lo, wlo), max(hi, whi)
    return max(lo, 0), min(hi, len(text))


def cell_quotations(
    sources: pd.DataFrame,
    texts: pd.DataFrame,
    outlet: str,
    speaker: str,
    *,
    sentences: pd.DataFrame | None = None,
    event_id: int | None = None,
) -> pd.DataFrame:
    """The quotations and statements of one speaker in one outlet, each in its sentence.

    Args:
        sources: the stored ``sources`` table.
        texts: articles indexed by ``id`` with ``title`` and ``text``.
        outlet: the outlet (a matrix row).
        speaker: the speaker as ``speaker_labels`` shows it (a matrix column,
            or ``UNATTRIBUTED``).
        sentences: the stored ``sentences`` table (``id, field, start, end``);
            without it the context is the quotation and its attribution.
        event_id: one event, or ``None`` for all.

    Returns:
        Columns ``QUOTATION_COLUMNS``, in article order (title first, then
        by position): ``quotation`` is ``field[quote_start:quote_end]``;
        ``context`` the sentence(s) holding it, widened to its speaker and
        verb when they are near, starting at ``context_start`` in the field;
        ``quote_in_context``, ``speaker_in_context`` and ``verb_in_context``
        are ``(start, end)`` offsets into ``context`` (``(-1, -1)`` when
        absent or outside it).
    """
    speech = speech_rows(scope(sources, event_id, [outlet]))
    key = " ".join(str(speaker).split()).casefold()
    rows = speech[speech["label"].str.split().str.join(" ").str.casefold() == key]
    rows = rows[rows["id"].isin(texts.index)]
    if rows.empty:
        return pd.DataFrame(columns=QUOTATION_COLUMNS)
    rows = rows.assign(_f=(rows["field"] != "title").astype(int))
    rows = rows.sort_values(["id", "_f", "quote_start"], kind="stable")
    by_field = {}
    if sentences is not None and not sentences.empty:
        mine = sentences[sentences["id"].isin(rows["id"])]
        by_field = {k: g for k, g in mine.groupby(["id", "field"], sort=False)}
    empty = pd.DataFrame(columns=["start", "end"])
    out = []
    for r in rows.itertuples(index=False):
        text = str(texts.at[r.id, r.field])
        q0, q1 = int(r.quote_start), int(r.quote_end)
        extra = [(int(r.speaker_start), int(r.speaker_end)), (int(r.verb_start), int(r.verb_end))]
        lo, hi = _context(text, by_field.get((r.id, r.field), empty), q0, q1, extra)
        out.append(
            {
                "id": r.id, "field": r.field, "outlet": r.outlet, "event_id": int(r.event_id),
                "speaker": r.label, "speaker_type": r.speaker_type, "affiliation": r.affiliation,
                "verb": r.verb, "verb_class": r.verb_class, "kind": r.kind,
                "n_words": int(r.n_words), "quote_start": q0, "quote_end": q1,
                "quotation": text[q0:q1], "context": text[lo:hi], "context_start": lo,
                "quote_in_context": _span(r, "quote_start", "quote_end", lo, hi - lo),
                "speaker_in_context": _span(r, "speaker_start", "speaker_end", lo, hi - lo),
                "verb_in_context": _span(r, "verb_start", "verb_end", lo, hi - lo),
            }
        )  # fmt: skip
    return pd.DataFrame(out, columns=QUOTATION_COLUMNS)


def scare_quote_words(
    sources: pd.DataFrame,
    texts: pd.DataFrame,
    *,
    event_id: int | None = None,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The words each outlet puts in scare quotes ("so-called "peace plan"").

    Args:
        texts: articles indexed by ``id`` with ``title`` and ``text``.

    Returns:
        Columns ``SCARE_COLUMNS``: the quoted ``words`` (first spelling,
        compared in lower case) and how often the outlet scare-quoted them.
        Sorted by outlet, then most used first.
    """
    scoped = scope(sources, event_id, outlets)
    rows = scoped[(scoped["kind"] == "scare") & scoped["id"].isin(texts.index)]
    if rows.empty:
        return pd.DataFrame(columns=SCARE_COLUMNS)
    words = [
        " ".join(str(texts.at[r.id, r.field])[int(r.quote_start) : int(r.quote_end)].split())
        for r in rows.itertuples(index=False)
    ]
    df = pd.DataFrame({"outlet": rows["outlet"].to_numpy(), "words": words})
    df = df[df["words"] != ""]
    df["key"] = df["words"].str.casefold()
    out = df.groupby(["outlet", "key"], sort=False).agg(
        words=("words", "first"), count=("words", "size")
    )
    out = out.reset_index().sort_values(["outlet", "count", "key"], ascending=[True, False, True])
    return out[SCARE_COLUMNS].astype({"count": int}).reset_index(drop=True)
