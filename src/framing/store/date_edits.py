"""Article dates set by a user: one per article id, kept across re-ingests.

``Store.articles`` reads an article's ``published`` from here when there is
one. What a valid date is, and which article may get one, is ``framing.dates``.
"""

from __future__ import annotations

import pandas as pd

from framing.store.base import StoreBase, _now

DATE_EDIT_COLUMNS = ["article_id", "published", "created_at"]


class DateEditsMixin(StoreBase):
    """Store methods for the article dates a user added or corrected."""

    def set_date_edit(self, name: str, article_id: str, published: str) -> None:
        """Keep ``published`` (an ISO date) as the date of article ``article_id``."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO article_date_edits(corpus_id, article_id, published, "
                "created_at) VALUES (?, ?, ?, ?)",
                (cid, article_id, published, _now()),
            )

    def clear_date_edit(self, name: str, article_id: str) -> bool:
        """Forget the date set for an article; whether there was one."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            cur = conn.execute(
                "DELETE FROM article_date_edits WHERE corpus_id = ? AND article_id = ?",
                (cid, article_id),
            )
        return cur.rowcount > 0

    def date_edits(self, name: str) -> pd.DataFrame:
        """The dates set in corpus ``name`` (``DATE_EDIT_COLUMNS``), by article id.

        A corpus that is not stored has none.
        """
        cid = self._corpus_id(name)
        if cid is None:
            return pd.DataFrame(columns=DATE_EDIT_COLUMNS)
        return pd.read_sql_query(
            "SELECT article_id, published, created_at FROM article_date_edits "
            "WHERE corpus_id = ? ORDER BY article_id",
            self._conn,
            params=(cid,),
        )

    def ingested_dates(self, name: str) -> pd.Series:
        """Each article's date as ingested, before any user's date (by article id)."""
        cid = self._require_corpus(name)
        rows = self._conn.execute(
            "SELECT id, COALESCE(published, '') FROM articles WHERE corpus_id = ? ORDER BY seq",
            (cid,),
        ).fetchall()
        return pd.Series(dict(rows), dtype=object)
