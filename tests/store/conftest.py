"""The store the per-set store tests share: two one-article sets, "one" and "two"."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.devtools.testing import store_with_set
from framing.store import Store


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.sqlite3") as s:
        store_with_set(s, tmp_path, "one")
        store_with_set(s, tmp_path, "two")
        yield s
