"""framing.store.classroom: a teacher's quiz and the class's answers, per set and story."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import StoreError
from framing.store import SCHEMA_VERSION, Store

ITEMS = [
    {"wording": "war games", "letter": "Outlet B", "others": ["joint drills"]},
    {"wording": "café talks", "letter": "Outlet A", "others": []},
]


def test_store_classroom_quiz_items_survive_reopening_per_set_and_story(
    store: Store, tmp_path: Path
) -> None:
    assert store.quiz_items("one", "story-1") is None
    store.save_quiz_items("one", "story-1", ITEMS)
    store.save_quiz_items("one", "story-1", ITEMS[:1])  # a second save replaces the first
    store.save_quiz_items("two", "story-1", ITEMS)
    store.close()
    with Store(tmp_path / "s.sqlite3") as again:
        assert again.schema_version == SCHEMA_VERSION
        assert again.quiz_items("one", "story-1") == ITEMS[:1]
        assert again.quiz_items("two", "story-1") == ITEMS
        assert again.quiz_items("one", "story-2") is None
        again.reset_quiz_items("one", "story-1")
        assert again.quiz_items("one", "story-1") is None
        assert again.quiz_items("two", "story-1") == ITEMS


def test_store_classroom_answers_one_per_student_and_item_latest_wins(store: Store) -> None:
    store.record_answer("one", "s", "Ana", 0, "war games", "Outlet A")
    store.record_answer("one", "s", "Ana", 0, "war games", "Outlet B")  # changed her mind
    store.record_answer("one", "s", "Group 2", 1, "café talks", "Outlet A")
    store.record_answer("one", "other story", "Ana", 0, "x", "Outlet A")
    answers = store.class_answers("one", "s")
    assert answers[["student", "item", "answer"]].values.tolist() == [
        ["Ana", 0, "Outlet B"],
        ["Group 2", 1, "Outlet A"],
    ]
    assert answers["answered_at"].str.len().min() > 0
    assert store.clear_class_answers("one", "s") == 2
    assert store.class_answers("one", "s").empty
    assert len(store.class_answers("one", "other story")) == 1


def test_store_classroom_needs_a_stored_set_and_goes_with_it(store: Store) -> None:
    with pytest.raises(StoreError):
        store.save_quiz_items("nope", "s", ITEMS)
    with pytest.raises(StoreError):
        store.record_answer("nope", "s", "Ana", 0, "w", "Outlet A")
    assert store.class_answers("nope", "s").empty and store.quiz_items("nope", "s") is None
    store.save_quiz_items("one", "s", ITEMS)
    store.record_answer("one", "s", "Ana", 0, "w", "Outlet A")
    store.delete_corpus("one")
    conn = store._conn
    assert conn.execute("SELECT COUNT(*) FROM quiz_items").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM class_answers").fetchone()[0] == 0
