"""Real store files damaged the two ways issue 18 found: garbage pages mid-file, garbage header."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

PAGE = 4096


def pages_of(db: Path, table: str) -> list[int]:
    """Page numbers holding ``table``'s b-tree and overflow pages (SQLite's dbstat)."""
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    finally:
        conn.close()


def damage(sound: Path, out: Path, how: str) -> Path:
    """A copy of ``sound`` with random bytes over its ``articles`` pages (``mid``) or
    over its 100-byte header (``header``)."""
    shutil.copyfile(sound, out)
    rng = random.Random(18)
    with out.open("r+b") as f:
        if how == "header":
            f.write(rng.randbytes(100))
        else:
            # The article pages after the first: the middle of the file, not page 1.
            for page in [p for p in pages_of(sound, "articles") if p > 1][-2:]:
                f.seek((page - 1) * PAGE)
                f.write(rng.randbytes(PAGE))
    return out
