"""The connection, transactions, schema migrations and the corpus list."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

import pandas as pd

from framing.errors import StoreError
from framing.store.migrations import MIGRATIONS, SCHEMA_VERSION

# How long opening a store may spend on its integrity check: a large store
# gets a partial check, a damaged page is still found by the reads (see ``damaged``).
QUICK_CHECK_S = 0.3
# Stores already checked by this process, with the file state they were checked at.
_CHECKED: dict[str, tuple] = {}


def damaged(path: str | Path, exc: BaseException) -> StoreError:
    """The plain error for a store SQLite cannot read, saying what to do."""
    todo = (
        f"Run `framing store check --db {path}` to see the problems and "
        f"`framing store recover --db {path}` to copy what is readable into a new file "
        "(the damaged one is kept); or choose another store with --db or FRAMING_DB."
    )
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        return StoreError(
            f"{path}: cannot open the store: the file is not a framing store, or its first "
            f"page (the header) is damaged. {todo}",
            code="FRM-S601",
        )
    return StoreError(f"{path}: the store file is damaged ({exc}). {todo}", code="FRM-S606")


def _file_state(path: Path) -> tuple:
    wal = Path(f"{path}-wal")
    return tuple(
        (p.stat().st_size, p.stat().st_mtime_ns) if p.exists() else None for p in (path, wal)
    )


def quick_check(
    conn: sqlite3.Connection, path: str | Path, budget_s: float = QUICK_CHECK_S
) -> None:
    """``PRAGMA quick_check``, stopped after ``budget_s``; a complete check is not
    repeated by this process while the file stays as it was.

    Raises:
        StoreError: the check found damage.
    """
    resolved = Path(path).resolve()
    state = _file_state(resolved)
    if _CHECKED.get(str(resolved)) == state:
        return
    deadline = time.perf_counter() + budget_s
    conn.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(20)").fetchall()]
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return  # out of time: the part checked was sound; the next open checks again
    finally:
        conn.set_progress_handler(None, 0)
    if problems != ["ok"]:
        raise damaged(path, sqlite3.DatabaseError("; ".join(problems[:3])))
    _CHECKED[str(resolved)] = state


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreBase:
    """The SQLite connection and the corpora; the ``Store`` mixins build on it.

    Args:
        path: database file; its folder is created. ``":memory:"`` for tests.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        # (article set, thread) whose writer lock this object holds (see store.locks).
        self._held_locks: set[tuple[str, int]] = set()
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA foreign_keys = ON")
            if str(path) != ":memory:":
                # Checked first: switching a damaged file to WAL would write to it.
                quick_check(self._conn, path)
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except (StoreError, sqlite3.DatabaseError) as exc:
            if hasattr(self, "_conn"):
                self._conn.close()
            if isinstance(exc, StoreError):
                raise
            raise damaged(path, exc) from exc

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Self:
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
                f"framing ({SCHEMA_VERSION}). Upgrade framing-dashboard, or use another --db.",
                code="FRM-S602",
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                for statement in MIGRATIONS[number].split(";"):
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
            raise StoreError(
                f"no corpus named '{name}' in {self.path} (corpora: {known}).", code="FRM-S603"
            )
        return cid

    def delete_corpus(self, name: str) -> None:
        """Delete a corpus with its articles and results (embeddings stay cached)."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            conn.execute("DELETE FROM corpora WHERE id = ?", (cid,))
