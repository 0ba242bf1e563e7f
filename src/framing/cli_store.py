"""``framing store check`` and ``framing store recover``: a damaged store, plainly.

``check`` runs SQLite's full ``PRAGMA integrity_check`` and prints ``ok`` or
the problems. ``recover`` copies what is readable into a new file with
SQLite's own recovery (the ``sqlite3`` command's ``.recover``), or, where
that command is missing, by reading every table row by row and keeping the
rows SQLite can still read. The damaged file is never written to: recovery
works on a copy, whose 100-byte header is rebuilt first when it is garbage.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from framing.config import load_settings
from framing.errors import StoreError
from framing.store.migrations import MIGRATIONS, SCHEMA_VERSION

MAGIC = b"SQLite format 3\x00"


# Tables each schema version added, newest first: a recovered file whose
# header was lost gets the version its tables show.
def _version_tables() -> list[tuple[int, str]]:
    """(schema version, a table it created), newest first, read from the migrations
    themselves so that a migration added later is recognised too."""
    found = []
    for number, script in enumerate(MIGRATIONS, start=1):
        tables = re.findall(r"CREATE TABLE (\w+)", script)
        if tables:
            found.append((number, tables[0]))
    return found[::-1]


def store_path(args: argparse.Namespace) -> Path:
    """The store file the command names (``--db``, else the settings' store)."""
    settings = load_settings(getattr(args, "config", None))
    db = Path(args.db).expanduser() if getattr(args, "db", None) else None
    return settings.replace(db_path=db).resolved_db_path


def integrity_problems(path: Path) -> list[str]:
    """SQLite's full integrity check of the file at ``path``, read-only: ``[]`` when sound."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(100)").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            return [f"{exc}: the file's header (its first 100 bytes) is damaged"]
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def cmd_check(args: argparse.Namespace) -> int:
    path = _existing(store_path(args))
    problems = integrity_problems(path)
    if not problems:
        print(f"ok: {path} passed SQLite's integrity check.")
        return 0
    print(f"{path} is damaged; SQLite's integrity check found:", file=sys.stderr)
    for line in problems:
        print(f"  - {line}", file=sys.stderr)
    print(
        f"Copy what is readable into a new file with `framing store recover --db {path}` "
        "(the damaged file is kept as it is).",
        file=sys.stderr,
    )
    return 1


def cmd_recover(args: argparse.Namespace) -> int:
    path = _existing(store_path(args))
    out = (
        Path(args.out).expanduser()
        if args.out
        else path.with_name(f"{path.stem}.recovered.sqlite3")
    )
    if out.exists():
        raise StoreError(
            f"{out}: the recovery output already exists. Give --out a new file name.",
            code="FRM-S607",
        )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "copy.sqlite3"
        shutil.copyfile(path, work)
        wal = Path(f"{path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{work}-wal"))
        rebuilt = _rebuild_header(work)
        try:
            how = _recover(work, out)
        except sqlite3.DatabaseError as exc:
            out.unlink(missing_ok=True)
            raise StoreError(
                f"{path}: nothing could be recovered ({exc}): SQLite cannot read even the "
                "list of tables. Restore the store from a backup, or start a new one "
                "(choose another --db) and analyse your articles again.",
                code="FRM-S606",
            ) from exc
    _set_version(out)
    problems = integrity_problems(out)
    counts = _counts(out)
    print(
        f"Recovered {path} into {out} ({how}{', header rebuilt' if rebuilt else ''}): "
        f"{counts[0]} article set(s), {counts[1]} article(s)."
        + ("" if not problems else f" The new file still has problems: {problems[0]}")
        + f"\nThe damaged file is kept as it was. To use the recovered store: "
        f"`framing corpora --db {out}` (or set FRAMING_DB={out}); analyse a set again with "
        f"`framing analyze ... --db {out}`. Once you are happy with it, move it in place of "
        "the damaged file."
    )
    return 0 if not problems else 1


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise StoreError(f"{path}: no such store file. Check --db.", code="FRM-S607")
    return path


def _rebuild_header(db: Path) -> bool:
    """Write a sound 100-byte header into the copy ``db`` when its own is garbage."""
    if not any("header" in problem for problem in integrity_problems(db)):
        return False
    with db.open("rb") as f:
        head = f.read(100)
    size = db.stat().st_size
    (raw,) = struct.unpack(">H", head[16:18]) if len(head) >= 18 else (0,)
    page = 65536 if raw == 1 else raw
    if page < 512 or page > 65536 or page & (page - 1) or size % page:
        page = 4096  # SQLite's default page size
    header = (
        MAGIC
        + struct.pack(">HBBBBBB", page if page < 65536 else 1, 1, 1, 0, 64, 32, 32)
        + struct.pack(">12I", 1, size // page, 0, 0, 1, 4, 0, 0, 1, 0, 0, 0)
        + bytes(20)
        + struct.pack(">II", 1, 3045000)
    )
    with db.open("r+b") as f:
        f.write(header)
    return True


def _recover(src: Path, out: Path) -> str:
    """Copy the readable content of ``src`` into the new file ``out``; says how."""
    sqlite_cli = shutil.which("sqlite3")
    if sqlite_cli:
        dump = subprocess.run(
            [sqlite_cli, str(src), ".recover"], capture_output=True, timeout=600, check=False
        )
        if dump.returncode == 0 and dump.stdout:
            conn = sqlite3.connect(out)
            try:
                conn.executescript(dump.stdout.decode("utf-8", errors="replace"))
            finally:
                conn.close()
            return "SQLite's .recover"
    _salvage(src, out)
    return "row by row"


def _salvage(src: Path, out: Path) -> None:
    """Copy every row SQLite can still read, table by table, skipping unreadable runs."""
    old, new = sqlite3.connect(src), sqlite3.connect(out)
    try:
        tables = old.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for name, sql in tables:
            new.execute(sql)
            _copy_rows(old, new, name)
        for (sql,) in old.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall():
            new.execute(sql)
        new.commit()
    finally:
        old.close()
        new.close()


def _copy_rows(old: sqlite3.Connection, new: sqlite3.Connection, table: str) -> None:
    last, misses = -(2**63), 0
    while misses < 50:
        try:
            rows = old.execute(
                f'SELECT rowid, * FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 500', (last,)
            ).fetchall()
        except sqlite3.DatabaseError:
            misses += 1
            last += 1000 if last > -(2**62) else 2**62  # step past the unreadable part
            continue
        if not rows:
            return
        marks = ", ".join("?" * (len(rows[0]) - 1))
        new.executemany(f'INSERT OR IGNORE INTO "{table}" VALUES ({marks})', [r[1:] for r in rows])
        last = rows[-1][0]


def _set_version(db: Path) -> None:
    """Give a recovered store the schema version its tables show, if it lost it."""
    conn = sqlite3.connect(db)
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0]:
            return
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = next((v for v, t in _version_tables() if t in names), 0)
        conn.execute(f"PRAGMA user_version = {min(version, SCHEMA_VERSION)}")
    finally:
        conn.close()


def _counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("corpora", "articles")
        )
    except sqlite3.DatabaseError:
        return (0, 0)
    finally:
        conn.close()


def add_store_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register ``framing store check`` and ``framing store recover``."""
    p = sub.add_parser(
        "store",
        help="check a store file, or recover a damaged one into a new file",
        description="Check the store with SQLite's integrity check, or copy what is readable "
        "of a damaged store into a new file (the damaged file is kept).",
    )
    actions = p.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    c = actions.add_parser("check", parents=[common], help="run SQLite's full integrity check")
    c.set_defaults(func=cmd_check)
    r = actions.add_parser(
        "recover", parents=[common], help="copy what is readable into a new store file"
    )
    r.add_argument(
        "--out", metavar="NEW", help="the new file (default: STORE.recovered.sqlite3 beside it)"
    )
    r.set_defaults(func=cmd_recover)
