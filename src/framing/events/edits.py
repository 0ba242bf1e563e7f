"""Corrections of the grouping: merge, split, move and rename, replayed on a fresh grouping.

An edit names articles, never event ids: event ids change whenever a corpus
is analysed again, article ids do not. Replaying the edits in order on the
grouper's labels gives the corrected events, so a correction survives a new
analysis. The store keeps the edits (``Store.add_event_edit``); this module
only says what they do.

- ``merge``: every event holding one of ``articles`` becomes one event (must-link).
- ``split``: ``articles`` leave their events for a new one (cannot-link with the rest).
- ``move``: the article ``articles[0]`` joins the event holding most of ``target``.
- ``rename``: the event holding most of ``articles`` is labelled ``label``.

An undone edit is kept (the list shows the history) but not replayed. An
edit whose articles are gone from the corpus is skipped, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

EditOp = Literal["merge", "split", "move", "rename"]
OPS: tuple[str, ...] = ("merge", "split", "move", "rename")

EDIT_COLUMNS = ["seq", "op", "status", "reason", "articles", "target", "label"]


@dataclass(frozen=True)
class EventEdit:
    """One correction of the grouping.

    Attributes:
        op: ``merge``, ``split``, ``move`` or ``rename``.
        articles: merge: the articles of the merged events; split: the picked
            articles; move: the moved article; rename: the event's articles.
        target: move only: the articles of the event the article joins.
        label: rename only: the new label.
        seq: the edit's number in the store (order of replay).
        undone: undone edits are not replayed.
    """

    op: EditOp
    articles: tuple[str, ...]
    target: tuple[str, ...] = ()
    label: str = ""
    seq: int = 0
    undone: bool = False

    def payload(self) -> dict[str, object]:
        """What the store keeps besides ``op`` and ``seq`` (JSON-ready)."""
        out: dict[str, object] = {"articles": list(self.articles)}
        if self.op == "move":
            out["target"] = list(self.target)
        if self.op == "rename":
            out["label"] = self.label
        return out

    @classmethod
    def from_payload(
        cls, op: str, payload: dict, seq: int = 0, *, undone: bool = False
    ) -> EventEdit:
        """The edit kept as ``op`` and ``payload`` (see ``payload``).

        Raises:
            ValueError: an unknown op or a payload of the wrong shape.
        """
        if op not in OPS:
            raise ValueError(f"unknown event edit {op!r} (known: {', '.join(OPS)})")
        articles = payload.get("articles")
        target = payload.get("target", [])
        label = payload.get("label", "")
        if not isinstance(articles, list) or not isinstance(target, list):
            raise ValueError("an event edit's articles and target must be lists of ids")
        if not isinstance(label, str):
            raise ValueError("an event edit's label must be text")
        return cls(
            op,  # type: ignore[arg-type]
            tuple(map(str, articles)),
            tuple(map(str, target)),
            label,
            int(seq),
            bool(undone),
        )


@dataclass
class EditResult:
    """The corrected grouping.

    Attributes:
        event_ids: event per article, numbered 0..n-1 in the order of the
            smallest event id each new event grew from (split-off events after).
        labels: label overrides by (new) event id, from ``rename`` edits.
        skipped: ``(seq, reason)`` of each edit that could not be applied.
        applied: ``seq`` of each edit applied.
    """

    event_ids: np.ndarray
    labels: dict[int, str] = field(default_factory=dict)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    applied: list[int] = field(default_factory=list)


def stored_edits(rows: pd.DataFrame) -> list[EventEdit]:
    """The edits of a ``Store.event_edits`` table, in order, undone ones included.

    A row whose payload cannot be read becomes an edit without articles, which
    replays as skipped (so it is reported, not fatal).
    """
    out = []
    for seq, op, payload, undone in zip(
        rows["seq"], rows["op"], rows["payload"], rows["undone"], strict=True
    ):
        body = payload if isinstance(payload, dict) else {}
        try:
            out.append(EventEdit.from_payload(op, body, seq, undone=bool(undone)))
        except ValueError:
            out.append(EventEdit(str(op), (), seq=int(seq), undone=bool(undone)))  # type: ignore[arg-type]
    return out


def apply_edits(
    event_ids: np.ndarray, article_ids: Sequence[str], edits: Sequence[EventEdit]
) -> EditResult:
    """Replay ``edits`` in order on a grouping.

    Args:
        event_ids: the grouper's event per article.
        article_ids: the id of each article (same order).
        edits: the edits in order (undone ones are passed over).

    Returns:
        The corrected, renumbered grouping with label overrides and the
        skipped edits.
    """
    labels = np.asarray(event_ids, dtype=np.int64).copy()
    ids = np.asarray([str(a) for a in article_ids], dtype=object)
    if len(labels) != len(ids):
        raise ValueError(f"{len(labels)} event ids for {len(ids)} articles")
    row_of = {a: i for i, a in enumerate(ids.tolist())}
    names: dict[int, str] = {}
    result = EditResult(labels)
    for edit in edits:
        if edit.undone:
            continue
        reason = _apply(edit, labels, row_of, names)
        if reason is None:
            result.applied.append(edit.seq)
        else:
            result.skipped.append((edit.seq, reason))
    # Compact numbering; ``np.unique`` sorts, so the order is deterministic.
    kept, new = np.unique(labels, return_inverse=True)
    remap = {int(old): i for i, old in enumerate(kept.tolist())}
    result.event_ids = new.astype(np.int64)
    result.labels = {remap[e]: text for e, text in names.items() if e in remap}
    return result


def _rows(ids: Sequence[str], row_of: dict[str, int]) -> list[int]:
    return sorted({row_of[a] for a in ids if a in row_of})


def _holding_most(labels: np.ndarray, rows: list[int]) -> int:
    """The event holding most of ``rows`` (the smallest id on a tie)."""
    events, counts = np.unique(labels[rows], return_counts=True)
    return int(events[np.argmax(counts)])


def _apply(
    edit: EventEdit, labels: np.ndarray, row_of: dict[str, int], names: dict[int, str]
) -> str | None:
    """Apply one edit in place; the reason it was skipped, or ``None``."""
    if edit.op not in OPS:
        return f"unknown edit {edit.op!r}"
    rows = _rows(edit.articles, row_of)
    if edit.op == "merge":
        if len(rows) < 2:
            return "fewer than two of its articles are left in the article set"
        events = np.unique(labels[rows])
        into = int(events[0])
        # The merged event keeps the first new label any of its parts had.
        named = [names[int(e)] for e in events if int(e) in names]
        labels[np.isin(labels, events)] = into
        for e in events.tolist():
            names.pop(int(e), None)
        if named:
            names[into] = named[0]
        return None
    if edit.op == "split":
        if not rows:
            return "none of its articles is left in the article set"
        labels[rows] = int(labels.max()) + 1
        return None
    if edit.op == "move":
        if not rows:
            return "the moved article is no longer in the article set"
        target = [r for r in _rows(edit.target, row_of) if r not in rows]
        if not target:
            return "none of the target event's articles is left in the article set"
        labels[rows] = _holding_most(labels, target)
        return None
    if not rows:  # rename
        return "none of the renamed event's articles is left in the article set"
    names[_holding_most(labels, rows)] = edit.label
    return None


def edits_table(edits: Sequence[EventEdit], result: EditResult | None) -> pd.DataFrame:
    """One row per edit: ``EDIT_COLUMNS`` (article ids joined by ``;``).

    Args:
        edits: every stored edit, undone ones included.
        result: their replay (``None``: not replayed).
    """
    skipped = dict(result.skipped) if result is not None else {}
    applied = set(result.applied) if result is not None else set()
    rows = []
    for e in edits:
        if e.undone:
            status, reason = "undone", ""
        elif e.seq in skipped:
            status, reason = "skipped", skipped[e.seq]
        else:
            status, reason = ("applied" if e.seq in applied else "not replayed"), ""
        rows.append(
            {
                "seq": e.seq,
                "op": e.op,
                "status": status,
                "reason": reason,
                "articles": ";".join(e.articles),
                "target": ";".join(e.target),
                "label": e.label,
            }
        )
    return pd.DataFrame(rows, columns=EDIT_COLUMNS)
