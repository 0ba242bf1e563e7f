"""Corrections of the referent rows: merge, split, rename, hide and show, replayed on mentions.

An edit names a row by its event and the set of ``norm`` labels of the row's
mentions when the edit was made, never by ``referent_id``: ids are numbered
afresh by every analysis, labels are not. The event is named by its
articles too (event ids change when the events are grouped again), so an
edit finds its event as the one holding most of those articles.

Matching rule: within the event, a stored label set ``S`` matches the row
whose labels share most of ``S``, provided they share at least half of it
(``2 * |S & L| >= |S|``); a tie goes to the row closer to ``S`` (Jaccard),
then to the first row. An edit that matches nothing is kept and reported
(``status == "unmatched"`` with the reason), never dropped in silence.

- ``merge``: the rows of ``rows`` become one (the first one's id and name).
- ``split``: the mentions labelled one of ``labels`` leave the row ``rows[0]``
  for a new row of the event.
- ``rename``: the row ``rows[0]`` is named ``name`` instead of its label.
- ``hide`` / ``show``: the row ``rows[0]`` is hidden from the table, or shown again.

Edits replay in order on the mentions table of an analysis
(``framing.referents.MENTION_COLUMNS``); an undone edit is listed, not
replayed. The store keeps them (``Store.add_referent_edit``); what they mean
is this module, which never touches the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

ReferentOp = Literal["merge", "split", "rename", "hide", "show"]
OPS: tuple[str, ...] = ("merge", "split", "rename", "hide", "show")

# Columns ``apply_edits`` adds to the mentions table: the name a user gave the
# row ("" for none) and whether a user hid it.
NAME_COLUMN = "name"
HIDDEN_COLUMN = "hidden"
STATUS_COLUMNS = ["seq", "op", "event_id", "status", "reason", "what"]


@dataclass(frozen=True)
class ReferentEdit:
    """One correction of the referent rows of an event.

    Attributes:
        op: ``merge``, ``split``, ``rename``, ``hide`` or ``show``.
        event_id: the event's id when the edit was made (shown; an analysis
            that numbers the events otherwise finds the event by ``articles``).
        articles: the article ids of that event.
        rows: the label set of each row the edit names (merge: two or more;
            the others: one), each sorted.
        labels: split only: the labels moved to the new row.
        name: rename only: the new name.
        seq: the edit's number in the store (order of replay).
        undone: undone edits are not replayed.
    """

    op: ReferentOp
    event_id: int
    articles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...] = ()
    name: str = ""
    seq: int = 0
    undone: bool = False

    def payload(self) -> dict[str, object]:
        """What the store keeps besides ``op`` and ``seq`` (JSON-ready)."""
        out: dict[str, object] = {
            "event_id": self.event_id,
            "articles": list(self.articles),
            "rows": [list(r) for r in self.rows],
        }
        if self.op == "split":
            out["labels"] = list(self.labels)
        if self.op == "rename":
            out["name"] = self.name
        return out

    @classmethod
    def from_payload(
        cls, op: str, payload: dict, seq: int = 0, *, undone: bool = False
    ) -> ReferentEdit:
        """The edit kept as ``op`` and ``payload`` (see ``payload``).

        Raises:
            ValueError: an unknown op or a payload of the wrong shape.
        """
        if op not in OPS:
            raise ValueError(f"unknown referent edit {op!r} (known: {', '.join(OPS)})")
        rows = payload.get("rows")
        articles = payload.get("articles", [])
        labels = payload.get("labels", [])
        name = payload.get("name", "")
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ValueError("a referent edit's rows must be lists of labels")
        if not isinstance(articles, list) or not isinstance(labels, list):
            raise ValueError("a referent edit's articles and labels must be lists")
        if not isinstance(name, str):
            raise ValueError("a referent edit's name must be text")
        return cls(
            op,  # type: ignore[arg-type]
            int(payload.get("event_id", -1)),
            tuple(map(str, articles)),
            tuple(label_set(r) for r in rows),
            label_set(labels),
            name,
            int(seq),
            bool(undone),
        )


@dataclass
class EditReplay:
    """The mentions after the edits, and what became of each edit.

    Attributes:
        mentions: the edited mentions, with ``NAME_COLUMN`` and ``HIDDEN_COLUMN``.
        status: one row per edit: ``STATUS_COLUMNS`` (``status`` is
            ``applied``, ``unmatched`` or ``undone``; ``event_id`` the event
            it was applied to, ``-1`` when none).
        touched: the events whose rows an edit changed.
    """

    mentions: pd.DataFrame
    status: pd.DataFrame
    touched: set[int] = field(default_factory=set)

    @property
    def unmatched(self) -> pd.DataFrame:
        """The status rows of the edits that no longer match a row."""
        return self.status[self.status["status"] == "unmatched"]


def label_set(labels: Iterable[object]) -> tuple[str, ...]:
    """Labels as an edit keeps them: distinct, stripped, non-empty, sorted."""
    return tuple(sorted({str(x).strip() for x in labels if str(x).strip()}))


def stored_edits(rows: pd.DataFrame) -> list[ReferentEdit]:
    """The edits of a ``Store.referent_edits`` table, in order, undone ones included.

    A row whose payload cannot be read becomes an edit naming no row, which
    replays as unmatched (reported, not fatal).
    """
    out = []
    for seq, op, payload, undone in zip(
        rows["seq"], rows["op"], rows["payload"], rows["undone"], strict=True
    ):
        body = payload if isinstance(payload, dict) else {}
        try:
            out.append(ReferentEdit.from_payload(op, body, seq, undone=bool(undone)))
        except ValueError:
            out.append(ReferentEdit(str(op), -1, (), (), seq=int(seq), undone=bool(undone)))  # type: ignore[arg-type]
    return out


def apply_edits(mentions: pd.DataFrame, edits: Sequence[ReferentEdit]) -> pd.DataFrame:
    """The mentions with ``edits`` replayed in order (see the module docstring).

    Pure: ``mentions`` is not changed. The result has ``NAME_COLUMN`` and
    ``HIDDEN_COLUMN`` besides the mention columns.
    """
    return replay(mentions, edits).mentions


def replay(mentions: pd.DataFrame, edits: Sequence[ReferentEdit]) -> EditReplay:
    """``apply_edits`` with what became of each edit (``EditReplay``)."""
    out = mentions.copy()
    rid = out["referent_id"].fillna("").astype(str).to_numpy(dtype=object).copy()
    names: dict[str, str] = {}
    hidden: set[str] = set()
    if NAME_COLUMN in out.columns:  # edits replayed on edited mentions keep the earlier ones
        names = {
            r: n
            for r, n in zip(rid, out[NAME_COLUMN], strict=True)
            if r and isinstance(n, str) and n
        }
    if HIDDEN_COLUMN in out.columns:
        hidden = {r for r, h in zip(rid, out[HIDDEN_COLUMN], strict=True) if r and bool(h)}
    state = _State(
        out["event_id"].astype(int).to_numpy(),
        out["id"].astype(str).to_numpy(dtype=object),
        out["norm"].fillna("").astype(str).to_numpy(dtype=object),
        rid,
        names,
        hidden,
    )
    rows, touched = [], set()
    for edit in edits:
        if edit.undone:
            rows.append(_status(edit, -1, "undone", ""))
            continue
        event, reason = state.apply(edit)
        rows.append(_status(edit, event, "applied" if reason is None else "unmatched", reason))
        if reason is None:
            touched.add(event)
    out["referent_id"] = state.rid
    ids = pd.Series(state.rid, index=out.index)
    out[NAME_COLUMN] = ids.map(state.names).astype(object).fillna("").astype(str)
    out[HIDDEN_COLUMN] = ids.isin(state.hidden) & (ids != "")
    return EditReplay(out, pd.DataFrame(rows, columns=STATUS_COLUMNS), touched)


def describe_edit(edit: ReferentEdit) -> str:
    """One line saying what an edit does, by its rows' labels."""
    rows = [_row_name(r) for r in edit.rows] or ["(no row)"]
    where = f" (event {edit.event_id})"
    if edit.op == "merge":
        return "merge " + " with ".join(rows) + where
    if edit.op == "split":
        return f"split {_labels(edit.labels)} off {rows[0]}{where}"
    if edit.op == "rename":
        return f"rename {rows[0]} to '{edit.name}'{where}"
    return f"{edit.op} {rows[0]}{where}"


def match_row(labels: Sequence[str], rows: dict[str, set[str]]) -> str | None:
    """The row of ``rows`` (id -> its labels) that ``labels`` names, by the matching rule.

    Returns:
        The row's id, or ``None`` when no row shares at least half of ``labels``.
    """
    wanted = set(labels)
    if not wanted:
        return None
    best, best_key = None, None
    for row, have in rows.items():
        shared = len(wanted & have)
        if 2 * shared < len(wanted) or shared == 0:
            continue
        key = (shared, shared / len(wanted | have))
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best


class _State:
    """The replay's working copy: per mention its event, article, label and row.

    The mentions of each event and the events of each article are indexed
    once, so an edit costs the size of its event, not of the whole table.
    """

    def __init__(self, event, article, norm, rid, names: dict[str, str], hidden: set[str]):
        self.event, self.norm, self.rid = event, norm, rid
        self.names, self.hidden = names, hidden
        order = np.argsort(event, kind="stable")
        keys, starts = np.unique(event[order], return_index=True)
        self.at = dict(zip(keys.tolist(), np.split(order, starts[1:]), strict=True))
        pairs = pd.DataFrame({"a": article, "e": event}).drop_duplicates()
        self.events_of: dict[str, list[int]] = {}
        for a, e in zip(pairs["a"], pairs["e"], strict=True):
            self.events_of.setdefault(a, []).append(int(e))

    def apply(self, edit: ReferentEdit) -> tuple[int, str | None]:
        """Apply one edit in place: the event it applied to and why it could not (or None)."""
        if edit.op not in OPS or not edit.rows:
            return -1, "the edit could not be read"
        event = self._event(edit)
        if event is None:
            return -1, f"none of the articles of event {edit.event_id} has a mention any more"
        rows = self._rows(event)
        found = [match_row(r, rows) for r in edit.rows]
        lost = [_row_name(r) for r, f in zip(edit.rows, found, strict=True) if f is None]
        if edit.op == "merge":
            kept = list(dict.fromkeys(f for f in found if f is not None))
            if len(kept) < 2:
                what = "it names one row now" if not lost else f"no row matches {lost[0]}"
                return event, f"nothing to merge: {what}"
            self._merge(event, kept)
            return event, None
        row = found[0]
        if row is None:
            return event, f"no row of event {event} holds half of its labels any more"
        if edit.op == "split":
            return event, self._split(event, row, set(edit.labels))
        if edit.op == "rename":
            self.names[row] = edit.name
        elif edit.op == "hide":
            self.hidden.add(row)
        else:
            self.hidden.discard(row)
        return event, None

    def _event(self, edit: ReferentEdit) -> int | None:
        """The event holding most of the edit's articles (its stored id when it has none)."""
        if not edit.articles:
            return edit.event_id if edit.event_id in self.at else None
        counts: dict[int, int] = {}
        for a in set(edit.articles):
            for e in self.events_of.get(a, ()):
                counts[e] = counts.get(e, 0) + 1
        if not counts:
            return None
        return min(counts, key=lambda e: (-counts[e], e))

    def _rows(self, event: int) -> dict[str, set[str]]:
        at = self.at.get(event, _NONE)
        rows: dict[str, set[str]] = {}
        for r, n in zip(self.rid[at], self.norm[at], strict=True):
            if r:
                rows.setdefault(r, set()).add(n)
        return dict(sorted(rows.items(), key=lambda kv: _order(kv[0])))

    def _merge(self, event: int, kept: list[str]) -> None:
        into = kept[0]
        # The merged row keeps the first name its parts had, and stays hidden
        # only when every part was hidden.
        named = [self.names[r] for r in kept if r in self.names]
        was_hidden = all(r in self.hidden for r in kept)
        at = self.at[event]
        self.rid[at[np.isin(self.rid[at], np.asarray(kept[1:], dtype=object))]] = into
        for r in kept:
            self.names.pop(r, None)
            self.hidden.discard(r)
        if named:
            self.names[into] = named[0]
        if was_hidden:
            self.hidden.add(into)

    def _split(self, event: int, row: str, moved: set[str]) -> str | None:
        at = self.at[event]
        picks = at[self.rid[at] == row]
        out = picks[np.isin(self.norm[picks], np.asarray(sorted(moved), dtype=object))]
        if not len(out):
            return f"none of {_labels(sorted(moved))} is in its row any more"
        if len(out) == len(picks):
            return f"its row holds nothing but {_labels(sorted(moved))} now"
        used = [_order(r)[1] for r in set(self.rid[at]) if r]
        new = f"{event}:{max(used, default=-1) + 1}"
        self.rid[out] = new
        if row in self.hidden:
            self.hidden.add(new)
        return None


_NONE = np.array([], dtype=np.int64)


def _order(referent_id: str) -> tuple[str, int]:
    """Sort key of ``"event:n"`` ids: by event, then by ``n`` as a number."""
    head, _, tail = str(referent_id).rpartition(":")
    return (head, int(tail)) if tail.isdigit() else (str(referent_id), -1)


def _status(edit: ReferentEdit, event: int, status: str, reason: str | None) -> dict:
    return {
        "seq": edit.seq,
        "op": edit.op,
        "event_id": int(event),
        "status": status,
        "reason": reason or "",
        "what": describe_edit(edit),
    }


def _labels(labels: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(f"'{x}'" for x in list(labels)[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def _row_name(labels: Sequence[str]) -> str:
    return "the row of " + _labels(labels, 3)
