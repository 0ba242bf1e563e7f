"""Replaying corrections of the grouping (framing.events.edits) on tiny hand-made groupings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.events.edits import (
    EDIT_COLUMNS,
    EventEdit,
    apply_edits,
    edits_table,
    stored_edits,
)

# Six articles in three events: a,b | c,d | e,f
IDS = ["a", "b", "c", "d", "e", "f"]
EVENTS = np.array([0, 0, 1, 1, 2, 2])


def _groups(event_ids: np.ndarray, ids: list[str] = IDS) -> list[set[str]]:
    """The partition as sets of article ids (independent of the numbering)."""
    out: dict[int, set[str]] = {}
    for a, e in zip(ids, event_ids.tolist(), strict=True):
        out.setdefault(e, set()).add(a)
    return sorted(out.values(), key=sorted)


def test_edits_merge_joins_every_event_holding_one_of_the_articles() -> None:
    result = apply_edits(EVENTS, IDS, [EventEdit("merge", ("a", "e"), seq=1)])
    assert _groups(result.event_ids) == [{"a", "b", "e", "f"}, {"c", "d"}]
    assert result.applied == [1] and result.skipped == []


def test_edits_split_puts_the_picked_articles_in_a_new_event() -> None:
    result = apply_edits(EVENTS, IDS, [EventEdit("split", ("b",), seq=1)])
    assert _groups(result.event_ids) == [{"a"}, {"b"}, {"c", "d"}, {"e", "f"}]


def test_edits_split_across_events_gives_one_new_event() -> None:
    result = apply_edits(EVENTS, IDS, [EventEdit("split", ("b", "c"), seq=1)])
    assert _groups(result.event_ids) == [{"a"}, {"b", "c"}, {"d"}, {"e", "f"}]


def test_edits_move_joins_the_event_holding_most_of_the_target() -> None:
    # Two of the three target articles sit in event 2 (e, f), one in event 1 (c).
    move = EventEdit("move", ("a",), target=("c", "e", "f"), seq=1)
    result = apply_edits(EVENTS, IDS, [move])
    assert _groups(result.event_ids) == [{"a", "e", "f"}, {"b"}, {"c", "d"}]


def test_edits_rename_labels_the_event_holding_most_of_the_articles() -> None:
    result = apply_edits(EVENTS, IDS, [EventEdit("rename", ("c", "d", "e"), label="Port strike")])
    event = int(result.event_ids[IDS.index("c")])
    assert result.labels == {event: "Port strike"}


def test_edits_renumber_compactly_and_deterministically() -> None:
    edits = [EventEdit("merge", ("c", "e"), seq=1), EventEdit("split", ("a",), seq=2)]
    first = apply_edits(EVENTS, IDS, edits)
    again = apply_edits(EVENTS, IDS, edits)
    np.testing.assert_array_equal(first.event_ids, again.event_ids)
    assert sorted(set(first.event_ids.tolist())) == [0, 1, 2]
    np.testing.assert_array_equal(first.event_ids, [2, 0, 1, 1, 1, 1])


def test_edits_are_replayed_in_order() -> None:
    split = EventEdit("split", ("b",), seq=1)
    merge = EventEdit("merge", ("a", "c"), seq=2)
    # split then merge: b stays apart; merge then split: b leaves the merged event too
    assert _groups(apply_edits(EVENTS, IDS, [split, merge]).event_ids) == [
        {"a", "c", "d"},
        {"b"},
        {"e", "f"},
    ]
    assert _groups(apply_edits(EVENTS, IDS, [merge, split]).event_ids) == [
        {"a", "c", "d"},
        {"b"},
        {"e", "f"},
    ]
    move = EventEdit("move", ("b",), target=("a",), seq=3)
    assert _groups(apply_edits(EVENTS, IDS, [split, move]).event_ids) == [
        {"a", "b"},
        {"c", "d"},
        {"e", "f"},
    ]
    assert _groups(apply_edits(EVENTS, IDS, [move, split]).event_ids) == [
        {"a"},
        {"b"},
        {"c", "d"},
        {"e", "f"},
    ]


def test_edits_rename_follows_its_event_through_a_later_merge() -> None:
    rename = EventEdit("rename", ("c", "d"), label="Strike", seq=1)
    merge = EventEdit("merge", ("a", "c"), seq=2)
    result = apply_edits(EVENTS, IDS, [rename, merge])
    assert result.labels == {int(result.event_ids[0]): "Strike"}
    assert result.event_ids[0] == result.event_ids[2]


def test_edits_undone_edit_is_left_out_and_the_grouping_comes_back() -> None:
    rows = pd.DataFrame(
        {
            "seq": [1, 2],
            "op": ["merge", "split"],
            "payload": [{"articles": ["a", "c"]}, {"articles": ["e"]}],
            "created_at": ["t", "t"],
            "undone": [False, True],
        }
    )
    edits = stored_edits(rows)
    assert [(e.seq, e.undone) for e in edits] == [(1, False), (2, True)]
    result = apply_edits(EVENTS, IDS, edits)
    assert _groups(result.event_ids) == [{"a", "b", "c", "d"}, {"e", "f"}]
    assert result.applied == [1] and result.skipped == []
    assert edits_table(edits, result)["status"].tolist() == ["applied", "undone"]
    undone_all = apply_edits(EVENTS, IDS, stored_edits(rows.assign(undone=True)))
    np.testing.assert_array_equal(undone_all.event_ids, EVENTS)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (EventEdit("merge", ("a", "gone"), seq=7), "fewer than two"),
        (EventEdit("split", ("gone",), seq=7), "none of its articles"),
        (EventEdit("move", ("gone",), target=("a",), seq=7), "moved article is no longer"),
        (EventEdit("move", ("a",), target=("gone",), seq=7), "target event's articles"),
        (EventEdit("rename", ("gone",), label="X", seq=7), "renamed event's articles"),
    ],
)
def test_edits_whose_articles_are_gone_are_skipped_and_reported(edit, reason) -> None:
    later = EventEdit("merge", ("a", "c"), seq=8)
    result = apply_edits(EVENTS, IDS, [edit, later])
    assert [s for s, _ in result.skipped] == [7] and reason in result.skipped[0][1]
    assert result.applied == [8]
    table = edits_table([edit, later], result)
    assert list(table.columns) == EDIT_COLUMNS
    assert table["status"].tolist() == ["skipped", "applied"]
    assert reason in table.loc[0, "reason"]


def test_edits_payload_round_trips_and_bad_payloads_replay_as_skipped() -> None:
    move = EventEdit("move", ("a",), target=("c", "d"), seq=3)
    assert EventEdit.from_payload("move", move.payload(), 3) == move
    rename = EventEdit("rename", ("a",), label="New", seq=4)
    assert EventEdit.from_payload("rename", rename.payload(), 4) == rename
    with pytest.raises(ValueError, match="unknown event edit"):
        EventEdit.from_payload("explode", {"articles": []})
    rows = pd.DataFrame(
        {
            "seq": [1, 2],
            "op": ["explode", "merge"],
            "payload": [{"articles": ["a"]}, {"articles": "a,c"}],
            "created_at": ["t", "t"],
            "undone": [False, False],
        }
    )
    result = apply_edits(EVENTS, IDS, stored_edits(rows))
    assert [s for s, _ in result.skipped] == [1, 2]
    np.testing.assert_array_equal(result.event_ids, EVENTS)


def test_edits_need_one_event_id_per_article() -> None:
    with pytest.raises(ValueError, match="5 event ids for 6 articles"):
        apply_edits(EVENTS[:5], IDS, [])
