"""framing.store.event_edits: event corrections kept per corpus, in order, undoable."""

from __future__ import annotations

import pytest

from framing.errors import StoreError
from framing.store import Store


def test_event_edits_are_kept_in_order_per_corpus(store: Store) -> None:
    assert store.add_event_edit("one", "merge", {"articles": ["a", "b"]}) == 1
    assert store.add_event_edit("one", "rename", {"articles": ["a"], "label": "Café"}) == 2
    assert store.add_event_edit("two", "split", {"articles": ["x"]}) == 1
    edits = store.event_edits("one")
    assert edits["seq"].tolist() == [1, 2]
    assert edits["op"].tolist() == ["merge", "rename"]
    assert edits["payload"].tolist()[1] == {"articles": ["a"], "label": "Café"}
    assert edits["undone"].tolist() == [False, False]
    assert all(edits["created_at"].str.match(r"\d{4}-\d\d-\d\dT"))
    assert store.event_edits("two")["op"].tolist() == ["split"]
    assert store.event_edits("never-stored").empty


def test_event_edits_undo_marks_the_last_edit_not_undone(store: Store) -> None:
    assert store.undo_event_edit("one") is None
    for op in ("merge", "split", "move"):
        store.add_event_edit("one", op, {"articles": ["a"]})
    assert store.undo_event_edit("one") == 3
    assert store.undo_event_edit("one") == 2
    assert store.event_edits("one")["undone"].tolist() == [False, True, True]
    # a new edit comes after the undone ones; undoing it leaves them undone
    assert store.add_event_edit("one", "rename", {"articles": ["a"], "label": "X"}) == 4
    assert store.undo_event_edit("one") == 4
    assert store.undo_event_edit("one") == 1
    assert store.undo_event_edit("one") is None


def test_event_edits_of_an_unknown_corpus_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no corpus named 'nope'"):
        store.add_event_edit("nope", "merge", {"articles": []})
    with pytest.raises(StoreError, match="no corpus named 'nope'"):
        store.undo_event_edit("nope")


def test_event_edits_go_with_their_corpus(store: Store) -> None:
    store.add_event_edit("one", "merge", {"articles": ["a", "b"]})
    store.delete_corpus("one")
    assert store._conn.execute("SELECT COUNT(*) FROM event_edits").fetchone()[0] == 0
