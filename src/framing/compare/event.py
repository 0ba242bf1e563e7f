"""Tidy tables for one event: cues with their sentences, the most loaded
sentences, and the referent x outlet wording matrix.

These reshape the stored cue tables (docs/cues.md) for the event comparison
and "who called it what" views; they score nothing themselves. The event's cue
rates come from ``framing.compare.rates.event_rates``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from framing.compare.corpus import containing_sentence
from framing.cues.lexicon import Category

WORDING_SEPARATOR = " / "

WORDING_CATEGORY = Category(
    "wording",
    "Wording",
    "The words this outlet uses to name the referent.",
    "How this outlet names the thing.",
)


def event_rows(table: pd.DataFrame | None, event_id: object) -> pd.DataFrame:
    """The rows of one event from any stored per-event table.

    Args:
        table: a table with an ``event_id`` column (``outlet_scores``,
            ``frames``, ``contrast``, ...), or ``None``.
        event_id: the event (``-1`` for all events).

    Returns:
        Those rows; an empty frame when the table is missing, empty or has no
        ``event_id`` (a corpus analysed without cues).
    """
    if table is None or table.empty or "event_id" not in table.columns:
        return pd.DataFrame()
    return table[table["event_id"] == event_id]


def cue_sentences(cues: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Each cue span with the sentence it sits in.

    Args:
        cues: cue rows with ``id, field, start, end`` (and any other columns).
        sentences: sentence rows with ``id, field, sentence_index, start, end,
            sentence, loaded_score``.

    Returns:
        The cue rows (same order) plus ``sentence_index``, ``sentence``,
        ``sentence_start`` and ``loaded_score``; a cue outside every sentence
        keeps empty sentence fields rather than being dropped.
    """
    extra = ["sentence_index", "sentence", "sentence_start", "loaded_score"]
    if cues is None or cues.empty:
        return pd.DataFrame(columns=[*(cues.columns if cues is not None else []), *extra])
    base = cues.reset_index(drop=True)
    if sentences is None or sentences.empty:
        return base.assign(
            sentence_index=-1, sentence="", sentence_start=-1, loaded_score=float("nan")
        )
    pos = containing_sentence(base, sentences)
    has = pos >= 0
    found = sentences.iloc[pos[has]]
    out = base.copy()
    out["sentence_index"] = -1
    out.loc[has, "sentence_index"] = found["sentence_index"].to_numpy()
    out["sentence"] = ""
    out.loc[has, "sentence"] = found["sentence"].to_numpy()
    out["sentence_start"] = -1
    out.loc[has, "sentence_start"] = found["start"].to_numpy()
    out["loaded_score"] = float("nan")
    if "loaded_score" in sentences.columns:
        out.loc[has, "loaded_score"] = found["loaded_score"].to_numpy()
    return out


def top_loaded_sentences(
    sentences: pd.DataFrame, n: int = 10, *, voice: str | None = "outlet"
) -> pd.DataFrame:
    """The ``n`` sentences with the highest loaded score, most loaded first (ties by position).

    Args:
        sentences: sentence rows with ``loaded_score`` (and ``voice``).
        n: how many.
        voice: only sentences in this voice (``outlet``: the outlet's own
            wording, so a loaded quotation does not stand for the outlet;
            ``quoted``: the quotations apart); ``None`` or a table without a
            ``voice`` column: all.
    """
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=[] if sentences is None else sentences.columns)
    if voice is not None and "voice" in sentences.columns:
        sentences = sentences[sentences["voice"] == voice]
    return (
        sentences.sort_values(
            ["loaded_score", "id", "field", "sentence_index"],
            ascending=[False, True, True, True],
            kind="stable",
        )
        .head(n)
        .reset_index(drop=True)
    )


def split_wordings(phrase: str) -> list[str]:
    """The separate wordings of one alignment cell (stored joined by ``" / "``)."""
    return [w.strip() for w in str(phrase).split(WORDING_SEPARATOR) if w.strip()]


def rank_referents(alignment: pd.DataFrame) -> pd.DataFrame:
    """Referents of one event, the most informative first.

    With referent rows (``framing.referents.rows``: a ``diversity`` column),
    the most differently named first, then by outlets; otherwise a referent
    named by more outlets, then with more distinct wordings, then with more
    uses, tells more about how the outlets differ.

    Args:
        alignment: rows of the stored ``alignment`` table (one event).

    Returns:
        ``referent, n_outlets, n_wordings, uses, outlets`` (outlets joined by
        ``"; "``), plus ``referent_id, kind, diversity`` when the table has
        them, sorted most informative first.
    """
    cols = ["referent", "n_outlets", "n_wordings", "uses", "outlets"]
    extra = [c for c in ("referent_id", "kind", "diversity") if alignment is not None
             and c in alignment.columns]  # fmt: skip
    if alignment is None or alignment.empty:
        return pd.DataFrame(columns=cols + extra)
    rows = []
    for referent, g in alignment.groupby("referent", sort=True):
        wordings = {w.lower() for p in g["phrase"] for w in split_wordings(p)}
        rows.append(
            {
                "referent": referent,
                "n_outlets": int(g["outlet"].nunique()),
                "n_wordings": len(wordings),
                "uses": int(g["count"].sum()),
                "outlets": "; ".join(sorted(g["outlet"].astype(str).unique())),
                **{c: g[c].iloc[0] for c in extra},
            }
        )
    out = pd.DataFrame(rows, columns=cols + extra)
    keys = ["n_outlets", "n_wordings", "uses", "referent"]
    if "diversity" in extra:
        keys = ["diversity", *keys]
    return out.sort_values(
        keys, ascending=[k == "referent" for k in keys], kind="stable"
    ).reset_index(drop=True)


def wording_matrix(
    alignment: pd.DataFrame,
    referents: Sequence[str] | None = None,
    outlets: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The referent x outlet wording matrix of one event.

    Args:
        alignment: rows of the stored ``alignment`` table (one event).
        referents: row order (e.g. from ``rank_referents``); defaults to that ranking.
        outlets: column order; defaults to the outlets present, sorted.

    Returns:
        ``(text, counts)``: two frames indexed by referent with one column per
        outlet. ``text`` holds ``"wording / wording (n)"`` or ``""`` where the
        outlet does not name the referent; ``counts`` holds the uses (0 there).
    """
    if referents is None:
        referents = rank_referents(alignment)["referent"].tolist()
    if outlets is None:
        outlets = sorted(alignment["outlet"].astype(str).unique()) if not alignment.empty else []
    outlets = list(outlets)
    text = pd.DataFrame("", index=pd.Index(list(referents), name="referent"), columns=outlets)
    counts = pd.DataFrame(0, index=text.index, columns=outlets)
    if alignment is None or alignment.empty:
        return text, counts
    for row in alignment.itertuples(index=False):
        if row.referent not in text.index or row.outlet not in text.columns:
            continue
        text.loc[row.referent, row.outlet] = f"{row.phrase} ({int(row.count)})"
        counts.loc[row.referent, row.outlet] = int(row.count)
    return text, counts


def wording_spans(sentence: str, wordings: Iterable[str], *, rationale: str = "") -> pd.DataFrame:
    """Where the given wordings occur in a sentence (case-insensitive, whole words).

    Args:
        sentence: the example sentence.
        wordings: the outlet's wordings of one referent.
        rationale: hover text for each span.

    Returns:
        Spans ``start, end, category, rationale, weight`` (category ``"wording"``)
        ready for ``framing.reports.highlight.highlight_html``; longer wordings first
        where two overlap.
    """
    cols = ["start", "end", "category", "rationale", "weight"]
    rows = []
    for w in sorted({w for w in wordings if w}, key=len, reverse=True):
        pattern = r"(?<!\w)" + r"[\s\-]+".join(map(re.escape, w.split())) + r"(?!\w)"
        for m in re.finditer(pattern, sentence, flags=re.IGNORECASE):
            rows.append((m.start(), m.end(), WORDING_CATEGORY.key, rationale, 1.0))
    return pd.DataFrame(rows, columns=cols)
