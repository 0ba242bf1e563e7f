"""The analysis tables with the users' referent corrections applied: a table transformation.

``corrected_tables`` replays the stored edits (``framing.referents.edits``)
on the ``mentions`` table and rebuilds the ``alignment`` rows of the events
they changed with ``framing.referents.rows.referent_rows``; the rows of the
other events are kept as the analysis made them. Nothing is embedded or
analysed again, so the stored results stay valid whatever the edits: an
analysis stores its tables as its stages made them, and the corrections are
applied whenever an analysis is returned (``framing.pipeline``) or shown.

Added table ``referent_edits`` (``STATUS_COLUMNS`` of
``framing.referents.edits``): what became of each edit, so an edit that no
longer matches a row is reported, not dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping, Sequence

import pandas as pd

from framing.referents import MENTION_COLUMNS
from framing.referents.edits import (
    HIDDEN_COLUMN,
    NAME_COLUMN,
    STATUS_COLUMNS,
    ReferentEdit,
    describe_edit,
    replay,
)
from framing.referents.rows import ALIGNMENT_COLUMNS, referent_rows

SentencesFor = Callable[[Sequence[str]], pd.DataFrame | None]
NO_MENTIONS = (
    "this analysis has no mentions table (it was analysed without framing cues, or before "
    "referents were built): analyse the article set again"
)


def corrected_tables(
    tables: dict[str, pd.DataFrame],
    edits: Sequence[ReferentEdit],
    *,
    sentences: pd.DataFrame | SentencesFor | None = None,
    rows_cache: MutableMapping[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """``tables`` with ``edits`` applied to ``mentions`` and ``alignment``, and their status.

    Args:
        tables: analysis tables; ``mentions`` and ``alignment`` are the ones changed.
        edits: the stored edits in order, undone ones included.
        sentences: the sentence table the examples come from, or a function
            giving the sentences of some articles (read only when an edit
            changed rows); ``tables["sentences"]`` when ``None``; without
            any, an example is the mention itself.
        rows_cache: rebuilt rows by a digest of their event's corrected
            mentions, kept across calls on the same analysis, so a new fix
            rebuilds only the events it changes (the dashboard keeps one).

    Returns:
        A new dict (the frames passed in are not changed). Without edits,
        ``tables`` as they are. With edits, also ``referent_edits``.
    """
    if not edits:
        return tables
    out = dict(tables)
    mentions = tables.get("mentions")
    if mentions is None:
        out["referent_edits"] = _unapplied(edits, NO_MENTIONS)
        return out
    result = replay(mentions, edits)
    out["referent_edits"] = result.status
    out["mentions"] = result.mentions[[c for c in mentions.columns]]
    if not result.touched:
        return out
    touched = sorted(result.touched)
    changed = result.mentions[result.mentions["event_id"].isin(touched)]
    parts: dict[int, pd.DataFrame] = {}
    keys: dict[int, str] = {}
    if rows_cache is not None:
        for event, sub in changed.groupby("event_id", sort=True):
            keys[int(event)] = _event_key(sub)
            if keys[int(event)] in rows_cache:
                parts[int(event)] = rows_cache[keys[int(event)]]
    missing = [e for e in touched if e not in parts]
    if missing:
        need = changed[changed["event_id"].isin(missing)]
        if sentences is None:
            sentences = tables.get("sentences")
        if callable(sentences):
            sentences = sentences(sorted(set(need["id"].astype(str))))
        kept = need[need["referent_id"] != ""]
        rebuilt = referent_rows(
            need[MENTION_COLUMNS],
            sentences,
            names={r: n for r, n in zip(kept["referent_id"], kept[NAME_COLUMN], strict=True) if n},
            hidden=set(kept.loc[kept[HIDDEN_COLUMN], "referent_id"]),
        )
        for event in missing:
            parts[event] = rebuilt[rebuilt["event_id"] == event]
            if rows_cache is not None:
                rows_cache[keys[event]] = parts[event]
    rebuilt = pd.concat([parts[e] for e in touched], ignore_index=True)
    alignment = tables.get("alignment")
    if alignment is None:
        alignment = pd.DataFrame(columns=ALIGNMENT_COLUMNS)
    others = alignment[~alignment["event_id"].isin(touched)]
    # The rebuilt events take their place in event order; rows keep their order within.
    joined = pd.concat([others, rebuilt], ignore_index=True) if len(others) else rebuilt
    out["alignment"] = joined.sort_values("event_id", kind="stable").reset_index(drop=True)
    return out


def visible_rows(alignment: pd.DataFrame, *, show_hidden: bool = False) -> pd.DataFrame:
    """The rows of an alignment table a user did not hide (all of them with ``show_hidden``)."""
    if show_hidden or "hidden" not in alignment.columns or alignment.empty:
        return alignment
    return alignment[~alignment["hidden"].fillna(False).astype(bool)]


def row_labels(mentions: pd.DataFrame | None, event_id: int) -> dict[str, list[str]]:
    """Each row of an event (referent id -> its ``norm`` labels, sorted), from a mentions table."""
    if mentions is None or mentions.empty:
        return {}
    at = mentions[(mentions["event_id"] == int(event_id)) & (mentions["referent_id"] != "")]
    return {str(r): sorted(set(g["norm"].astype(str))) for r, g in at.groupby("referent_id")}


def unmatched_note(status: pd.DataFrame | None) -> str:
    """ "2 corrections no longer match a row: ..." for a status table, "" when all matched."""
    if status is None or status.empty:
        return ""
    lost = status[status["status"] == "unmatched"]
    if lost.empty:
        return ""
    one = len(lost) == 1
    head = f"{len(lost)} correction{'' if one else 's'} no longer match{'es' if one else ''} a row"
    items = [
        f"#{s}: {w} ({r})"
        for s, w, r in zip(lost["seq"], lost["what"], lost["reason"], strict=True)
    ]
    return head + ": " + "; ".join(items) + "."


def _event_key(mentions: pd.DataFrame) -> str:
    """A digest of one event's corrected mentions: what its rebuilt rows depend on."""
    cols = [*MENTION_COLUMNS, NAME_COLUMN, HIDDEN_COLUMN]
    hashed = pd.util.hash_pandas_object(mentions[cols], index=False).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()


def _unapplied(edits: Sequence[ReferentEdit], reason: str) -> pd.DataFrame:
    rows = [
        {
            "seq": e.seq,
            "op": e.op,
            "event_id": -1,
            "status": "undone" if e.undone else "unmatched",
            "reason": "" if e.undone else reason,
            "what": describe_edit(e),
        }
        for e in edits
    ]
    return pd.DataFrame(rows, columns=STATUS_COLUMNS)
