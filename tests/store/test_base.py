"""Opening a store: the quick integrity check, bounded in time (issue 18, item 4)."""

from __future__ import annotations

import sqlite3
import time

import numpy as np
import pytest
from tests.store.damage import PAGE

from framing.errors import StoreError
from framing.store import Store
from framing.store.base import quick_check


def _big_store_damaged_at_the_end(path) -> None:
    with Store(path) as store:
        vectors = {f"h{i:06d}": np.full(64, i, dtype=np.float32) for i in range(4_000)}
        store.put_embeddings("m", vectors)
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size - 2 * PAGE)
        f.write(b"\xa5" * PAGE)


def test_base_quick_check_stops_at_its_time_budget(tmp_path):
    path = tmp_path / "s.sqlite3"
    _big_store_damaged_at_the_end(path)
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    quick_check(conn, path, budget_s=0.0)  # stopped before it reached the damage
    assert time.perf_counter() - started < 0.5
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] > 0  # handler gone
    conn.close()
    with pytest.raises(StoreError) as info:
        Store(path)  # the full budget reaches the damaged page
    assert info.value.code == "FRM-S606" and "framing store recover" in str(info.value)
