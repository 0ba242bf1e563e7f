"""Event edits: a corpus's corrections of its grouping, kept in order and undoable.

The store keeps each edit as its op and a JSON payload (article ids, a
label); what an edit means is ``framing.events.edits``. Undoing marks the
last edit not yet undone; nothing is deleted, so the list shows the history.
"""

from __future__ import annotations

import json

import pandas as pd

from framing.store.base import StoreBase, _now

EVENT_EDIT_COLUMNS = ["seq", "op", "payload", "created_at", "undone"]


class EventEditsMixin(StoreBase):
    """Store methods for event edits (corrections of the grouping) per corpus."""

    def add_event_edit(self, name: str, op: str, payload: dict) -> int:
        """Keep one edit of corpus ``name`` after its others; its ``seq`` is returned."""
        cid = self._require_corpus(name)
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        with self.transaction() as conn:
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM event_edits WHERE corpus_id = ?", (cid,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO event_edits(corpus_id, seq, op, payload, created_at, undone) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                (cid, seq, op, text, _now()),
            )
        return int(seq)

    def event_edits(self, name: str) -> pd.DataFrame:
        """Every edit of corpus ``name`` in order: ``EVENT_EDIT_COLUMNS``.

        ``payload`` is the parsed JSON (a dict), ``undone`` a bool. A corpus
        that is not stored has no edits.
        """
        cid = self._corpus_id(name)
        rows = (
            []
            if cid is None
            else self._conn.execute(
                "SELECT seq, op, payload, created_at, undone FROM event_edits "
                "WHERE corpus_id = ? ORDER BY seq",
                (cid,),
            ).fetchall()
        )
        return pd.DataFrame(
            [(int(s), op, json.loads(p), at, bool(u)) for s, op, p, at, u in rows],
            columns=EVENT_EDIT_COLUMNS,
        )

    def undo_event_edit(self, name: str) -> int | None:
        """Mark the last edit of corpus ``name`` not yet undone as undone.

        Returns:
            Its ``seq``, or ``None`` when there is nothing to undo.
        """
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT MAX(seq) FROM event_edits WHERE corpus_id = ? AND undone = 0", (cid,)
            ).fetchone()
            if row[0] is None:
                return None
            conn.execute(
                "UPDATE event_edits SET undone = 1 WHERE corpus_id = ? AND seq = ?", (cid, row[0])
            )
        return int(row[0])
