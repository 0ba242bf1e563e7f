"""Articles of a corpus: saving an ingest, reading them back, digests and the ingest log."""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Literal

import pandas as pd

from framing.devtools.pause import pause_at
from framing.errors import InputError
from framing.schema import ARTICLE_COLUMNS, IngestReport
from framing.store.base import StoreBase, _now


class ArticlesMixin(StoreBase):
    """Store methods for the articles of a corpus."""

    def save_articles(
        self,
        name: str,
        report: IngestReport,
        *,
        mode: Literal["replace", "append"] = "replace",
    ) -> dict[str, int]:
        """Store an ingest's accepted articles as corpus ``name``, in one transaction.

        Args:
            name: corpus name; created when missing.
            report: the ingest report (its issues are logged with the corpus).
            mode: ``replace`` makes the corpus exactly these articles;
                ``append`` adds them, skipping articles already present.

        Returns:
            Counts ``added``, ``unchanged`` (already present), ``total``.

        Raises:
            InputError: in ``append`` mode, an id already holds different text.
        """
        articles = report.articles
        if not name.strip():
            raise InputError(
                "the corpus name is empty. Give a name such as 'my-articles'.", code="FRM-I106"
            )
        with self.transaction() as conn:
            cid = self._corpus_id(name)
            now = _now()
            if cid is None:
                cur = conn.execute(
                    "INSERT INTO corpora(name, created_at, updated_at) VALUES (?, ?, ?)",
                    (name, now, now),
                )
                cid = int(cur.lastrowid)
            else:
                conn.execute("UPDATE corpora SET updated_at = ? WHERE id = ?", (now, cid))
            existing: dict[str, str] = {}
            if mode == "replace" and self._same_content(conn, cid, articles):
                # Re-reading the same files must not throw the analysis away.
                conn.execute(
                    "INSERT INTO ingest_log(corpus_id, at, summary, issues) VALUES (?, ?, ?, ?)",
                    (cid, now, report.summary(), report.issues_frame().to_json(orient="records")),
                )
                return {"added": 0, "unchanged": len(articles), "total": len(articles)}
            # The finished analysis, whose batches outlive its results (see _drop_results).
            finished = conn.execute(
                "SELECT key FROM results WHERE corpus_id = ? LIMIT 1", (cid,)
            ).fetchone()
            if mode == "replace":
                conn.execute("DELETE FROM articles WHERE corpus_id = ?", (cid,))
                _drop_results(conn, cid, finished and finished[0])
            else:
                existing = dict(
                    conn.execute(
                        "SELECT id, content_hash FROM articles WHERE corpus_id = ?", (cid,)
                    ).fetchall()
                )
            hashes = set(existing.values())
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM articles WHERE corpus_id = ?", (cid,)
            ).fetchone()[0]
            added = unchanged = 0
            for row in articles.itertuples(index=False):
                if row.content_hash in hashes:
                    unchanged += 1
                    continue
                if row.id in existing:
                    raise InputError(
                        f"{row.source}: id '{row.id}' is already in corpus '{name}' with "
                        "different text. Give the new article another id, or replace the corpus.",
                        code="FRM-I107",
                    )
                conn.execute(
                    f"INSERT INTO articles(corpus_id, seq, {', '.join(ARTICLE_COLUMNS)}) "
                    f"VALUES (?, ?, {', '.join('?' * len(ARTICLE_COLUMNS))})",
                    (cid, seq, *[getattr(row, c) for c in ARTICLE_COLUMNS]),
                )
                seq += 1
                added += 1
            if added:
                _drop_results(conn, cid, finished and finished[0])
            conn.execute(
                "INSERT INTO ingest_log(corpus_id, at, summary, issues) VALUES (?, ?, ?, ?)",
                (cid, now, report.summary(), report.issues_frame().to_json(orient="records")),
            )
            pause_at("ingest")  # test-only: a kill here must leave the store as it was
        return {"added": added, "unchanged": unchanged, "total": int(seq)}

    @staticmethod
    def _same_content(conn: sqlite3.Connection, cid: int, articles: pd.DataFrame) -> bool:
        stored = conn.execute(
            "SELECT id, content_hash FROM articles WHERE corpus_id = ? ORDER BY seq", (cid,)
        ).fetchall()
        incoming = list(zip(articles["id"], articles["content_hash"], strict=True))
        return bool(stored) and stored == incoming

    def articles(self, name: str) -> pd.DataFrame:
        """The articles of corpus ``name`` in ingest order, with ``ARTICLE_COLUMNS``.

        ``published`` is the date a user set for the article
        (``Store.set_date_edit``) where there is one, else the ingested date;
        ``published_raw`` stays as the input gave it.
        """
        cid = self._require_corpus(name)
        cols = ", ".join(
            "COALESCE(d.published, a.published) AS published" if c == "published" else f"a.{c}"
            for c in ARTICLE_COLUMNS
        )
        df = pd.read_sql_query(
            f"SELECT {cols} FROM articles a LEFT JOIN article_date_edits d "
            "ON d.corpus_id = a.corpus_id AND d.article_id = a.id "
            "WHERE a.corpus_id = ? ORDER BY a.seq",
            self._conn,
            params=(cid,),
        )
        return df.fillna({"published": "", "published_raw": "", "url": "", "source": ""})

    def count_articles(self, name: str) -> int:
        """Number of articles in corpus ``name``."""
        cid = self._require_corpus(name)
        return self._conn.execute(
            "SELECT COUNT(*) FROM articles WHERE corpus_id = ?", (cid,)
        ).fetchone()[0]

    def corpus_hash(self, name: str) -> str:
        """A digest of the corpus content: changes whenever an article is added or changed."""
        cid = self._require_corpus(name)
        digest = hashlib.sha256()
        for h, aid in self._conn.execute(
            "SELECT content_hash, id FROM articles WHERE corpus_id = ? ORDER BY seq", (cid,)
        ):
            digest.update(f"{aid}\x1f{h}\n".encode())
        return digest.hexdigest()

    def ingest_log(self, name: str) -> pd.DataFrame:
        """Past ingests of a corpus: ``at, summary, issues`` (issues as JSON records)."""
        cid = self._require_corpus(name)
        return pd.read_sql_query(
            "SELECT at, summary, issues FROM ingest_log WHERE corpus_id = ? ORDER BY id",
            self._conn,
            params=(cid,),
        )


def _drop_results(conn: sqlite3.Connection, cid: int, finished: str | None) -> None:
    """Drop the results of a corpus whose articles changed, and every unfinished run's batches.

    The batches of the ``finished`` analysis stay until the next one is
    stored: its unchanged events are not scored again (``framing.additions``).
    """
    conn.execute("DELETE FROM results WHERE corpus_id = ?", (cid,))
    conn.execute("DELETE FROM result_parts WHERE corpus_id = ? AND key IS NOT ?", (cid, finished))
