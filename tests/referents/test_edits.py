"""Replaying referent corrections (framing.referents.edits) on tiny hand-made mentions tables."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.referents.edits import (
    HIDDEN_COLUMN,
    NAME_COLUMN,
    STATUS_COLUMNS,
    ReferentEdit,
    apply_edits,
    describe_edit,
    match_row,
    replay,
    stored_edits,
)

# Event 0 (articles a1, b1, c1): rows 0:0 (kim), 0:1 (dictator), 0:2 (missile,
# missile test); one mention grouped into no row. Event 1 (a2, b2): row 1:0.
MENTIONS = [
    (0, "0:0", "a1", "A", "kim jong un"),
    (0, "0:0", "b1", "B", "kim"),
    (0, "0:0", "c1", "C", "mr kim"),
    (0, "0:1", "a1", "A", "dictator"),
    (0, "0:1", "b1", "B", "north korean leader"),
    (0, "0:2", "a1", "A", "missile"),
    (0, "0:2", "b1", "B", "missile test"),
    (0, "0:2", "c1", "C", "missile test"),
    (0, "", "c1", "C", "issue"),
    (1, "1:0", "a2", "A", "caravan"),
    (1, "1:0", "b2", "B", "migrant"),
]
EVENT0 = ("a1", "b1", "c1")


def _mentions(rows=MENTIONS) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "event_id": e,
                "referent_id": r,
                "id": a,
                "outlet": o,
                "field": "text",
                "start": 0,
                "end": len(n),
                "text": n,
                "norm": n,
                "head": n.split()[-1],
                "kind": "person",
                "voice": "outlet",
                "speaker": "",
                "loaded": 0.0,
            }
            for e, r, a, o, n in rows
        ]
    )


def _rows(mentions: pd.DataFrame) -> dict[str, set[str]]:
    """Each row's labels, by referent id (mentions of no row left out)."""
    kept = mentions[mentions["referent_id"] != ""]
    return {r: set(g["norm"]) for r, g in kept.groupby("referent_id")}


def _edit(op, rows, seq=1, **kw) -> ReferentEdit:
    return ReferentEdit(op, 0, EVENT0, tuple(tuple(sorted(r)) for r in rows), seq=seq, **kw)


KIM = {"kim jong un", "kim", "mr kim"}
DICTATOR = {"dictator", "north korean leader"}
MISSILE = {"missile", "missile test"}


def test_apply_edits_merge_makes_one_row_of_two_under_the_first_ones_id() -> None:
    out = apply_edits(_mentions(), [_edit("merge", [KIM, DICTATOR])])
    assert _rows(out) == {"0:0": KIM | DICTATOR, "0:2": MISSILE, "1:0": {"caravan", "migrant"}}


def test_apply_edits_is_pure() -> None:
    before = _mentions()
    apply_edits(before, [_edit("merge", [KIM, DICTATOR]), _edit("hide", [MISSILE], seq=2)])
    pd.testing.assert_frame_equal(before, _mentions())


def test_apply_edits_split_moves_the_labels_to_a_new_row_of_the_event() -> None:
    out = apply_edits(_mentions(), [_edit("split", [KIM], labels=("mr kim",))])
    assert _rows(out)["0:0"] == {"kim jong un", "kim"}
    assert _rows(out)["0:3"] == {"mr kim"}  # after the event's last row, 0:2
    assert len(out) == len(MENTIONS)


def test_apply_edits_rename_and_hide_mark_the_row_and_show_brings_it_back() -> None:
    edits = [
        _edit("rename", [KIM], name="Kim Jong Un"),
        _edit("hide", [MISSILE], seq=2),
        _edit("hide", [DICTATOR], seq=3),
        _edit("show", [DICTATOR], seq=4),
    ]
    out = apply_edits(_mentions(), edits)
    by_row = out.groupby("referent_id")
    assert by_row[NAME_COLUMN].unique().to_dict() == {
        "": [""],
        "0:0": ["Kim Jong Un"],
        "0:1": [""],
        "0:2": [""],
        "1:0": [""],
    }
    hidden = {r for r, g in by_row if g[HIDDEN_COLUMN].all()}
    assert hidden == {"0:2"}


def test_apply_edits_merged_row_keeps_the_first_name_and_is_visible_unless_all_parts_hidden() -> (
    None
):
    edits = [
        _edit("rename", [DICTATOR], name="the leader"),
        _edit("hide", [DICTATOR], seq=2),
        _edit("merge", [KIM, DICTATOR], seq=3),
    ]
    out = apply_edits(_mentions(), edits)
    row = out[out["referent_id"] == "0:0"]
    assert set(row[NAME_COLUMN]) == {"the leader"}
    assert not row[HIDDEN_COLUMN].any()


def test_apply_edits_matches_a_row_that_kept_half_of_its_labels_after_reanalysis() -> None:
    # A new analysis numbered the rows otherwise and put "mr kim" elsewhere:
    # the stored label set of the kim row still names the row holding 2 of its 3 labels.
    rows = [m for m in MENTIONS if m[4] != "mr kim"] + [(0, "0:1", "c1", "C", "mr kim")]
    renumbered = [(e, {"0:0": "0:5", "0:1": "0:0"}.get(r, r), a, o, n) for e, r, a, o, n in rows]
    result = replay(_mentions(renumbered), [_edit("rename", [KIM], name="Kim")])
    named = result.mentions[result.mentions[NAME_COLUMN] == "Kim"]
    assert set(named["referent_id"]) == {"0:5"}
    assert result.status["status"].tolist() == ["applied"]


def test_apply_edits_finds_the_event_by_its_articles_when_event_ids_changed() -> None:
    moved = [
        ({0: 7, 1: 0}[e], r.replace("0:", "7:") if e == 0 else r, a, o, n)
        for e, r, a, o, n in MENTIONS
    ]
    result = replay(_mentions(moved), [_edit("hide", [MISSILE])])
    assert result.status["event_id"].tolist() == [7]
    hidden = result.mentions[result.mentions[HIDDEN_COLUMN]]
    assert set(hidden["referent_id"]) == {"7:2"}


def test_apply_edits_reports_edits_that_match_no_row_and_applies_the_rest() -> None:
    edits = [
        _edit("hide", [{"border wall", "wall"}], seq=1),
        _edit("merge", [KIM, {"someone else"}], seq=2),
        _edit("split", [KIM], labels=("nobody",), seq=3),
        _edit("hide", [MISSILE], seq=4),
        ReferentEdit("hide", 9, ("gone",), (tuple(MISSILE),), seq=5),
    ]
    result = replay(_mentions(), edits)
    assert list(result.status.columns) == STATUS_COLUMNS
    status = dict(zip(result.status["seq"], result.status["status"], strict=True))
    assert status == {1: "unmatched", 2: "unmatched", 3: "unmatched", 4: "applied", 5: "unmatched"}
    reasons = dict(zip(result.status["seq"], result.status["reason"], strict=True))
    assert reasons[1] == "no row of event 0 holds half of its labels any more"
    assert "'someone else'" in reasons[2]
    assert "'nobody'" in reasons[3]
    assert "event 9" in reasons[5]
    assert result.unmatched["seq"].tolist() == [1, 2, 3, 5]
    assert result.touched == {0}


def test_apply_edits_skips_undone_edits_and_lists_them() -> None:
    result = replay(_mentions(), [_edit("merge", [KIM, DICTATOR], undone=True)])
    assert _rows(result.mentions) == _rows(_mentions())
    assert result.status["status"].tolist() == ["undone"]


def test_apply_edits_split_of_every_label_is_unmatched_not_an_empty_row() -> None:
    result = replay(_mentions(), [_edit("split", [MISSILE], labels=tuple(MISSILE))])
    assert result.status["status"].tolist() == ["unmatched"]
    assert _rows(result.mentions) == _rows(_mentions())


def test_apply_edits_later_edits_name_rows_an_earlier_edit_made() -> None:
    edits = [
        _edit("split", [KIM], labels=("mr kim",), seq=1),
        _edit("merge", [{"mr kim"}, DICTATOR], seq=2),
    ]
    out = apply_edits(_mentions(), edits)
    # The merged row takes the id of the first row the merge names: the split-off one.
    assert _rows(out)["0:3"] == DICTATOR | {"mr kim"}
    assert "0:1" not in _rows(out)


def test_match_row_needs_half_of_the_stored_labels() -> None:
    rows = {"0:0": {"a", "b"}, "0:1": {"c", "d", "e", "f"}}
    assert match_row(["a", "b", "x"], rows) == "0:0"
    assert match_row(["a", "x", "y"], rows) is None
    assert match_row(["a", "x"], rows) == "0:0"  # exactly half
    # A tie on shared labels goes to the row closer to the stored set.
    assert match_row(["a", "c"], {"0:0": {"a", "b"}, "0:1": {"c", "d", "e"}}) == "0:0"
    assert match_row([], rows) is None


def test_stored_edits_round_trip_and_bad_payloads_replay_as_unmatched() -> None:
    edit = _edit("split", [KIM], labels=("mr kim",), seq=3)
    table = pd.DataFrame(
        {
            "seq": [3, 4],
            "op": ["split", "merge"],
            "payload": [edit.payload(), {"rows": "not a list"}],
            "undone": [False, False],
        }
    )
    back = stored_edits(table)
    assert back[0] == edit
    result = replay(_mentions(), back[1:])
    assert result.status["status"].tolist() == ["unmatched"]
    assert "could not be read" in result.status["reason"].iloc[0]


def test_from_payload_rejects_an_unknown_op() -> None:
    with pytest.raises(ValueError, match="unknown referent edit"):
        ReferentEdit.from_payload("explode", {"rows": []})


def test_describe_edit_names_rows_by_their_labels() -> None:
    text = describe_edit(_edit("merge", [KIM, DICTATOR]))
    assert text.startswith("merge the row of 'kim', 'kim jong un', 'mr kim' with the row of")
    assert text.endswith("(event 0)")
    assert "to 'Kim'" in describe_edit(_edit("rename", [KIM], name="Kim"))
