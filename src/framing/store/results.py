"""Analysis results: finished tables, and the batches of a run in progress."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import pandas as pd

from framing.errors import StoreError
from framing.store.base import StoreBase, _now


class ResultsMixin(StoreBase):
    """Store methods for analysis results and their parts."""

    def put_results(
        self,
        name: str,
        key: str,
        tables: dict[str, pd.DataFrame],
        *,
        in_parts: Sequence[str] = (),
        keep_parts: Sequence[str] = (),
        content: str | None = None,
    ) -> None:
        """Store the finished analysis of corpus ``name`` under ``key``, atomically.

        Earlier results and the parts of other keys are dropped. Tables named in
        ``in_parts`` are not copied: they stay in their parts (see ``put_parts``).

        Args:
            keep_parts: more part tables of this key to keep, though ``tables``
                holds their combined form (the batches a later lexicon edit
                re-scores from, see ``framing.incremental``).
            content: the ``corpus_hash`` of the articles the results were
                computed from; ``None`` means the articles stored now.

        Raises:
            StoreError: ``content`` is no longer the corpus content (another
                run changed the articles meanwhile); nothing is written.
        """
        cid = self._require_corpus(name)
        now = _now()
        with self.transaction() as conn:
            # Checked inside the write transaction: no ingest can slip in between.
            current = self.corpus_hash(name)
            if content is not None and content != current:
                raise StoreError(
                    f"the articles of '{name}' changed while they were being analysed "
                    f"(another run replaced them in {self.path}), so these results were not "
                    "stored. Run framing analyze again.",
                    code="FRM-S604",
                )
            conn.execute("DELETE FROM results WHERE corpus_id = ?", (cid,))
            conn.execute(
                "DELETE FROM result_parts WHERE corpus_id = ? AND (key != ? OR name NOT IN "
                f"({', '.join('?' * (len(in_parts) + len(keep_parts)))}))",
                (cid, key, *in_parts, *keep_parts),
            )
            rows = [(table, _parquet(frame)) for table, frame in tables.items()]
            rows += [(table, b"") for table in in_parts]
            for table, payload in rows:
                conn.execute(
                    "INSERT OR REPLACE INTO results(corpus_id, name, key, created_at, payload, "
                    "content) VALUES (?, ?, ?, ?, ?, ?)",
                    (cid, table, key, now, payload, current),
                )

    def get_results(
        self, name: str, key: str | None = None, *, tables: Sequence[str] | None = None
    ) -> dict[str, pd.DataFrame]:
        """Stored analysis tables of a corpus; only those made with ``key`` when given,
        only ``tables`` when given."""
        cid = self._require_corpus(name)
        query = "SELECT name, key, payload FROM results WHERE corpus_id = ?"
        out: dict[str, pd.DataFrame] = {}
        for table, stored_key, payload in self._conn.execute(query, (cid,)).fetchall():
            if key is not None and stored_key != key:
                continue
            if tables is not None and table not in tables:
                continue
            if payload:
                out[table] = self._frame(name, table, payload)
            else:
                parts = [p[table] for p in self.iter_parts(name, stored_key, [table])]
                out[table] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        return out

    def put_parts(self, name: str, key: str, part: int, tables: dict[str, pd.DataFrame]) -> None:
        """Store one batch of an analysis in progress; all its tables commit together."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            for table, frame in tables.items():
                conn.execute(
                    "INSERT OR REPLACE INTO result_parts(corpus_id, key, name, part, payload) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (cid, key, table, part, _parquet(frame)),
                )

    def drop_parts(self, name: str, key: str) -> None:
        """Forget the stored batches of the analysis ``key`` (to start it over)."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            conn.execute("DELETE FROM result_parts WHERE corpus_id = ? AND key = ?", (cid, key))

    def done_parts(self, name: str, key: str) -> set[int]:
        """The batches of the analysis ``key`` already stored."""
        cid = self._require_corpus(name)
        rows = self._conn.execute(
            "SELECT DISTINCT part FROM result_parts WHERE corpus_id = ? AND key = ?", (cid, key)
        )
        return {int(r[0]) for r in rows}

    def get_part(self, name: str, key: str, part: int) -> dict[str, pd.DataFrame]:
        """One stored batch by table name (empty when it is not stored)."""
        cid = self._require_corpus(name)
        rows = self._conn.execute(
            "SELECT name, payload FROM result_parts WHERE corpus_id = ? AND key = ? AND part = ?",
            (cid, key, part),
        ).fetchall()
        return {table: self._frame(name, table, payload) for table, payload in rows}

    def iter_parts(
        self, name: str, key: str, tables: Sequence[str], *, min_part: int = 0
    ) -> Iterator[dict[str, pd.DataFrame]]:
        """Stored batches in order, each as ``{table: frame}`` for the named tables,
        read one batch at a time."""
        cid = self._require_corpus(name)
        marks = ", ".join("?" * len(tables))
        parts = [
            int(r[0])
            for r in self._conn.execute(
                f"SELECT DISTINCT part FROM result_parts WHERE corpus_id = ? AND key = ? "
                f"AND part >= ? AND name IN ({marks}) ORDER BY part",
                (cid, key, min_part, *tables),
            ).fetchall()
        ]
        for part in parts:
            rows = self._conn.execute(
                f"SELECT name, payload FROM result_parts WHERE corpus_id = ? AND key = ? "
                f"AND part = ? AND name IN ({marks})",
                (cid, key, part, *tables),
            ).fetchall()
            yield {table: self._frame(name, table, payload) for table, payload in rows}

    def part_keys(self, name: str, part: int) -> list[str]:
        """The analysis keys that have batch ``part`` stored."""
        cid = self._require_corpus(name)
        rows = self._conn.execute(
            "SELECT DISTINCT key FROM result_parts WHERE corpus_id = ? AND part = ? ORDER BY key",
            (cid, part),
        )
        return [r[0] for r in rows]

    def results_key(self, name: str) -> str | None:
        """The settings key the stored results were made with, if any."""
        cid = self._require_corpus(name)
        row = self._conn.execute(
            "SELECT key FROM results WHERE corpus_id = ? LIMIT 1", (cid,)
        ).fetchone()
        return None if row is None else row[0]

    def results_match(self, name: str) -> bool:
        """Whether the stored results of corpus ``name`` were computed from its articles now.

        False when there are no results, or they were stored before the store
        kept the content digest with them (they may belong to other articles).
        """
        cid = self._require_corpus(name)
        rows = self._conn.execute(
            "SELECT DISTINCT content FROM results WHERE corpus_id = ?", (cid,)
        ).fetchall()
        return len(rows) == 1 and rows[0][0] == self.corpus_hash(name)

    def _frame(self, corpus: str, table: str, payload: bytes) -> pd.DataFrame:
        """A stored table read back; a payload SQLite returned but parquet cannot read
        means damage inside a page, which SQLite's checks do not see."""
        try:
            return pd.read_parquet(io.BytesIO(payload))
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"{self.path}: the stored table '{table}' of '{corpus}' cannot be read "
                f"({type(exc).__name__}); the store file is damaged. Run "
                "`framing store check` and `framing store recover`, or analyse the set "
                "again with --force.",
                code="FRM-S606",
            ) from exc


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()
