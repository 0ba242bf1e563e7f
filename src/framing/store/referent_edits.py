"""Referent edits: a corpus's corrections of its "who called it what" rows, in order, undoable.

The store keeps each edit as its op and a JSON payload (the event's articles,
the label sets of the rows it names, a name); what an edit means is
``framing.referents.edits``. Undoing marks the last edit not yet undone;
nothing is deleted, so the list shows the history.
"""

from __future__ import annotations

import json

import pandas as pd

from framing.store.base import StoreBase, _now

REFERENT_EDIT_COLUMNS = ["seq", "op", "payload", "created_at", "undone"]


class ReferentEditsMixin(StoreBase):
    """Store methods for referent edits (corrections of the wording rows) per corpus."""

    def add_referent_edit(self, name: str, op: str, payload: dict) -> int:
        """Keep one edit of corpus ``name`` after its others; its ``seq`` is returned."""
        cid = self._require_corpus(name)
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        with self.transaction() as conn:
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM referent_edits WHERE corpus_id = ?", (cid,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO referent_edits(corpus_id, seq, op, payload, created_at, undone) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                (cid, seq, op, text, _now()),
            )
        return int(seq)

    def referent_edits(self, name: str) -> pd.DataFrame:
        """Every edit of corpus ``name`` in order: ``REFERENT_EDIT_COLUMNS``.

        ``payload`` is the parsed JSON (a dict; ``{}`` when it cannot be read),
        ``undone`` a bool. A corpus that is not stored has no edits.
        """
        cid = self._corpus_id(name)
        rows = (
            []
            if cid is None
            else self._conn.execute(
                "SELECT seq, op, payload, created_at, undone FROM referent_edits "
                "WHERE corpus_id = ? ORDER BY seq",
                (cid,),
            ).fetchall()
        )
        return pd.DataFrame(
            [(int(s), op, _parsed(p), at, bool(u)) for s, op, p, at, u in rows],
            columns=REFERENT_EDIT_COLUMNS,
        )

    def undo_referent_edit(self, name: str) -> int | None:
        """Mark the last edit of corpus ``name`` not yet undone as undone.

        Returns:
            Its ``seq``, or ``None`` when there is nothing to undo.
        """
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT MAX(seq) FROM referent_edits WHERE corpus_id = ? AND undone = 0", (cid,)
            ).fetchone()
            if row[0] is None:
                return None
            conn.execute(
                "UPDATE referent_edits SET undone = 1 WHERE corpus_id = ? AND seq = ?",
                (cid, row[0]),
            )
        return int(row[0])


def _parsed(text: str) -> dict:
    """The payload as a dict; a damaged one reads as ``{}`` (the edit then replays as unmatched)."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
