"""Embedded SQLite store: corpora, articles, embeddings, analysis results.

Schema versions live in ``_MIGRATIONS``; ``PRAGMA user_version`` records the
newest one applied. Every write that belongs together runs in one transaction,
so an interrupted ingest leaves the store as it was.

Embeddings are keyed by ``(model_id, text_hash)``: the same text embedded by the
same model is computed once, whatever corpus it belongs to.

Analysis results are written batch by batch into ``result_parts`` under the
analysis key, then the finished tables go to ``results``; a large table may
stay in its parts (its ``results`` row then has an empty payload), and
``get_results`` joins them.

User lexicons (edits made in the dashboard) are kept as TOML text by name, so
the built-in lexicon file is never written to.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from framing.errors import InputError, StoreError
from framing.schema import ARTICLE_COLUMNS, IngestReport

_MIGRATIONS: list[str] = [
    # 1: initial schema
    """
    CREATE TABLE corpora (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        outlet TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT,
        published_raw TEXT,
        url TEXT,
        source TEXT,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (corpus_id, id)
    );
    CREATE INDEX articles_hash ON articles(corpus_id, content_hash);
    CREATE TABLE embeddings (
        model_id TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model_id, text_hash)
    );
    CREATE TABLE results (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (corpus_id, name)
    );
    CREATE TABLE ingest_log (
        id INTEGER PRIMARY KEY,
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        summary TEXT NOT NULL,
        issues TEXT NOT NULL
    );
    """,
    # 2: lexicon edits made in the dashboard (the built-in lexicon file stays read-only)
    """
    CREATE TABLE user_lexicons (
        name TEXT PRIMARY KEY,
        toml TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 3: analysis results written batch by batch, so a stopped run resumes
    """
    CREATE TABLE result_parts (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        part INTEGER NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (corpus_id, key, name, part)
    );
    """,
]
SCHEMA_VERSION = len(_MIGRATIONS)
DEFAULT_USER_LEXICON = "default"


def text_hash(text: str) -> str:
    """SHA-256 hex digest of a string, the key of an embedding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A framing store in one SQLite file.

    Args:
        path: database file; its folder is created. ``":memory:"`` for tests.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA foreign_keys = ON")
            if str(path) != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{path}: cannot open the store ({exc}). If the file is not a framing store, "
                "choose another path with --db or FRAMING_DB."
            ) from exc

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: everything inside commits together or not at all."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    # -- schema -----------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store has schema version {version}, newer than this "
                f"framing ({SCHEMA_VERSION}). Upgrade framing-dashboard, or use another --db."
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                for statement in _MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # -- corpora ----------------------------------------------------------------

    def corpora(self) -> pd.DataFrame:
        """Corpora with ``name, n_articles, n_outlets, created_at, updated_at``."""
        return pd.read_sql_query(
            """
            SELECT c.name, COUNT(a.id) AS n_articles, COUNT(DISTINCT a.outlet) AS n_outlets,
                   c.created_at, c.updated_at
            FROM corpora c LEFT JOIN articles a ON a.corpus_id = c.id
            GROUP BY c.id ORDER BY c.name
            """,
            self._conn,
        )

    def version(self) -> str:
        """Changes whenever a corpus is added, changed or deleted (a cheap cache key)."""
        count, latest = self._conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM corpora"
        ).fetchone()
        return f"{count}:{latest}"

    def _corpus_id(self, name: str) -> int | None:
        row = self._conn.execute("SELECT id FROM corpora WHERE name = ?", (name,)).fetchone()
        return None if row is None else int(row[0])

    def _require_corpus(self, name: str) -> int:
        cid = self._corpus_id(name)
        if cid is None:
            known = ", ".join(self.corpora()["name"]) or "none yet"
            raise StoreError(f"no corpus named '{name}' in {self.path} (corpora: {known}).")
        return cid

    def delete_corpus(self, name: str) -> None:
        """Delete a corpus with its articles and results (embeddings stay cached)."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            conn.execute("DELETE FROM corpora WHERE id = ?", (cid,))

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
            raise InputError("the corpus name is empty. Give a name such as 'my-articles'.")
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
            if mode == "replace":
                conn.execute("DELETE FROM articles WHERE corpus_id = ?", (cid,))
                conn.execute("DELETE FROM results WHERE corpus_id = ?", (cid,))
                conn.execute("DELETE FROM result_parts WHERE corpus_id = ?", (cid,))
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
                        "different text. Give the new article another id, or replace the corpus."
                    )
                conn.execute(
                    f"INSERT INTO articles(corpus_id, seq, {', '.join(ARTICLE_COLUMNS)}) "
                    f"VALUES (?, ?, {', '.join('?' * len(ARTICLE_COLUMNS))})",
                    (cid, seq, *[getattr(row, c) for c in ARTICLE_COLUMNS]),
                )
                seq += 1
                added += 1
            if added:
                conn.execute("DELETE FROM results WHERE corpus_id = ?", (cid,))
                conn.execute("DELETE FROM result_parts WHERE corpus_id = ?", (cid,))
            conn.execute(
                "INSERT INTO ingest_log(corpus_id, at, summary, issues) VALUES (?, ?, ?, ?)",
                (cid, now, report.summary(), report.issues_frame().to_json(orient="records")),
            )
        return {"added": added, "unchanged": unchanged, "total": int(seq)}

    @staticmethod
    def _same_content(conn: sqlite3.Connection, cid: int, articles: pd.DataFrame) -> bool:
        stored = conn.execute(
            "SELECT id, content_hash FROM articles WHERE corpus_id = ? ORDER BY seq", (cid,)
        ).fetchall()
        incoming = list(zip(articles["id"], articles["content_hash"], strict=True))
        return bool(stored) and stored == incoming

    def articles(self, name: str) -> pd.DataFrame:
        """The articles of corpus ``name`` in ingest order, with ``ARTICLE_COLUMNS``."""
        cid = self._require_corpus(name)
        df = pd.read_sql_query(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE corpus_id = ? ORDER BY seq",
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

    # -- user lexicon ---------------------------------------------------------------

    def save_user_lexicon(self, toml: str, name: str = DEFAULT_USER_LEXICON) -> None:
        """Keep a user lexicon (TOML text in the lexicon file format) under ``name``.

        The text is stored as given; validating it is the caller's job
        (``framing.cues.lexicon.parse_lexicon``), so the store never depends on
        the lexicon format.
        """
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO user_lexicons(name, toml, updated_at) VALUES (?, ?, ?)",
                (name, toml, _now()),
            )

    def user_lexicon(self, name: str = DEFAULT_USER_LEXICON) -> str | None:
        """The stored user lexicon TOML, or ``None`` when there is none."""
        row = self._conn.execute(
            "SELECT toml FROM user_lexicons WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else str(row[0])

    def user_lexicon_updated(self, name: str = DEFAULT_USER_LEXICON) -> str | None:
        """When the user lexicon was last saved (ISO 8601, UTC), or ``None``."""
        row = self._conn.execute(
            "SELECT updated_at FROM user_lexicons WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else str(row[0])

    def clear_user_lexicon(self, name: str = DEFAULT_USER_LEXICON) -> None:
        """Forget the user lexicon, so the built-in one applies again."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM user_lexicons WHERE name = ?", (name,))

    # -- embeddings ---------------------------------------------------------------

    def get_embeddings(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the given text hashes (missing ones are absent)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._conn.execute(
                f"SELECT text_hash, dim, vector FROM embeddings WHERE model_id = ? "
                f"AND text_hash IN ({', '.join('?' * len(chunk))})",
                (model_id, *chunk),
            )
            for h, dim, blob in rows:
                found[h] = np.frombuffer(blob, dtype=np.float32, count=dim)
        return found

    def put_embeddings(self, model_id: str, vectors: dict[str, np.ndarray]) -> None:
        """Cache vectors by text hash, in one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings(model_id, text_hash, dim, vector) "
                "VALUES (?, ?, ?, ?)",
                [
                    (model_id, h, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
                    for h, v in vectors.items()
                ],
            )

    def count_embeddings(self, model_id: str | None = None) -> int:
        """Number of cached vectors (for one model, or all)."""
        if model_id is None:
            return self._conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
        return self._conn.execute(
            "SELECT COUNT(*) FROM embeddings WHERE model_id = ?", (model_id,)
        ).fetchone()[0]

    # -- results ------------------------------------------------------------------

    def put_results(
        self,
        name: str,
        key: str,
        tables: dict[str, pd.DataFrame],
        *,
        in_parts: Sequence[str] = (),
    ) -> None:
        """Store the finished analysis of corpus ``name`` under ``key``, atomically.

        Earlier results and the parts of other keys are dropped. Tables named in
        ``in_parts`` are not copied: they stay in their parts (see ``put_parts``).
        """
        cid = self._require_corpus(name)
        now = _now()
        with self.transaction() as conn:
            conn.execute("DELETE FROM results WHERE corpus_id = ?", (cid,))
            conn.execute(
                "DELETE FROM result_parts WHERE corpus_id = ? AND (key != ? OR name NOT IN "
                f"({', '.join('?' * len(in_parts))}))",
                (cid, key, *in_parts),
            )
            rows = [(table, _parquet(frame)) for table, frame in tables.items()]
            rows += [(table, b"") for table in in_parts]
            for table, payload in rows:
                conn.execute(
                    "INSERT OR REPLACE INTO results(corpus_id, name, key, created_at, payload) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (cid, table, key, now, payload),
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
                out[table] = pd.read_parquet(io.BytesIO(payload))
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
        return {table: pd.read_parquet(io.BytesIO(payload)) for table, payload in rows}

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
            yield {table: pd.read_parquet(io.BytesIO(payload)) for table, payload in rows}

    def results_key(self, name: str) -> str | None:
        """The settings key the stored results were made with, if any."""
        cid = self._require_corpus(name)
        row = self._conn.execute(
            "SELECT key FROM results WHERE corpus_id = ? LIMIT 1", (cid,)
        ).fetchone()
        return None if row is None else row[0]


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def settings_key(**parts: object) -> str:
    """A short stable digest of analysis settings, to tell stale results apart."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]
