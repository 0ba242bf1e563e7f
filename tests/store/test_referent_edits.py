"""framing.store.referent_edits: referent corrections kept per corpus, in order, undoable."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from framing.devtools.testing import store_with_set
from framing.errors import StoreError
from framing.store import SCHEMA_VERSION, Store
from framing.store.migrations import MIGRATIONS


def test_referent_edits_are_kept_in_order_per_corpus(store: Store) -> None:
    rows = {"event_id": 0, "articles": ["a-1"], "rows": [["kim"], ["dictator"]]}
    assert store.add_referent_edit("one", "merge", rows) == 1
    assert store.add_referent_edit("one", "rename", {**rows, "name": "Kim Jong Un"}) == 2
    assert store.add_referent_edit("two", "hide", rows) == 1
    edits = store.referent_edits("one")
    assert edits["seq"].tolist() == [1, 2]
    assert edits["op"].tolist() == ["merge", "rename"]
    assert edits["payload"].tolist()[1]["name"] == "Kim Jong Un"
    assert edits["undone"].tolist() == [False, False]
    assert all(edits["created_at"].str.match(r"\d{4}-\d\d-\d\dT"))
    assert store.referent_edits("two")["op"].tolist() == ["hide"]
    assert store.referent_edits("never-stored").empty
    # kept apart from the event edits
    assert store.event_edits("one").empty


def test_referent_edits_undo_marks_the_last_edit_not_undone(store: Store) -> None:
    assert store.undo_referent_edit("one") is None
    for op in ("merge", "split", "hide"):
        store.add_referent_edit("one", op, {"rows": []})
    assert store.undo_referent_edit("one") == 3
    assert store.undo_referent_edit("one") == 2
    assert store.referent_edits("one")["undone"].tolist() == [False, True, True]
    assert store.add_referent_edit("one", "show", {"rows": []}) == 4
    assert store.undo_referent_edit("one") == 4
    assert store.undo_referent_edit("one") == 1
    assert store.undo_referent_edit("one") is None


def test_referent_edits_of_an_unknown_corpus_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no corpus named 'nope'"):
        store.add_referent_edit("nope", "merge", {"rows": []})
    with pytest.raises(StoreError, match="no corpus named 'nope'"):
        store.undo_referent_edit("nope")


def test_referent_edits_go_with_their_corpus(store: Store) -> None:
    store.add_referent_edit("one", "hide", {"rows": [["x"]]})
    store.delete_corpus("one")
    assert store._conn.execute("SELECT COUNT(*) FROM referent_edits").fetchone()[0] == 0


def test_a_damaged_payload_reads_as_empty_not_as_an_error(store: Store) -> None:
    store.add_referent_edit("one", "hide", {"rows": [["x"]]})
    store._conn.execute("UPDATE referent_edits SET payload = 'not json'")
    assert store.referent_edits("one")["payload"].tolist() == [{}]


def test_a_store_from_before_the_migration_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with Store(path) as s:
        store_with_set(s, tmp_path, "one")
    # The store as it was before this migration (and any appended after it).
    before = next(i for i, m in enumerate(MIGRATIONS) if "TABLE referent_edits" in m)
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[before:]:
        for table in re.findall(r"CREATE TABLE (\w+)", script):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f"PRAGMA user_version = {before}")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.add_referent_edit("one", "hide", {"rows": [["x"]]}) == 1
