"""framing.referents.corrected: the analysis tables with the referent corrections applied."""

from __future__ import annotations

import pandas as pd

from framing.referents import MENTION_COLUMNS
from framing.referents.corrected import (
    corrected_tables,
    row_labels,
    unmatched_note,
    visible_rows,
)
from framing.referents.edits import ReferentEdit
from framing.referents.rows import referent_rows

# Event 0 (articles a1, b1): rows 0:0 (kim), 0:1 (leader). Event 1 (a2, b2): 1:0.
ROWS = [
    (0, "0:0", "a1", "A", "Kim Jong Un"),
    (0, "0:0", "b1", "B", "Kim"),
    (0, "0:1", "a1", "A", "dictator"),
    (0, "0:1", "b1", "B", "North Korean leader"),
    (1, "1:0", "a2", "A", "caravan"),
    (1, "1:0", "b2", "B", "migrants"),
]
EVENT0 = ("a1", "b1")
KIM = ("kim", "kim jong un")
LEADER = ("dictator", "north korean leader")


def _tables() -> dict[str, pd.DataFrame]:
    mentions = pd.DataFrame(
        [
            {
                "event_id": e,
                "referent_id": r,
                "id": a,
                "outlet": o,
                "field": "text",
                "start": 0,
                "end": len(t),
                "text": t,
                "norm": t.lower().removesuffix("s"),
                "head": t.split()[-1].lower(),
                "kind": "person",
                "voice": "outlet",
                "speaker": "",
                "loaded": 0.5 if t == "dictator" else 0.0,
            }
            for e, r, a, o, t in ROWS
        ],
        columns=MENTION_COLUMNS,
    )
    return {"mentions": mentions, "alignment": referent_rows(mentions), "other": pd.DataFrame()}


def _edit(op, rows, seq=1, **kw) -> ReferentEdit:
    return ReferentEdit(op, 0, EVENT0, tuple(rows), seq=seq, **kw)


def test_corrected_tables_without_edits_are_the_tables() -> None:
    tables = _tables()
    assert corrected_tables(tables, []) is tables


def test_corrected_tables_merge_rebuilds_the_event_and_keeps_the_others() -> None:
    tables = _tables()
    out = corrected_tables(tables, [_edit("merge", [KIM, LEADER])])
    align = out["alignment"]
    assert align[align["event_id"] == 0]["referent_id"].unique().tolist() == ["0:0"]
    merged = align[align["event_id"] == 0].set_index("outlet")["phrase"].to_dict()
    assert merged == {"A": "Kim Jong Un / dictator", "B": "Kim / North Korean leader"}
    before = tables["alignment"]
    pd.testing.assert_frame_equal(
        align[align["event_id"] == 1].reset_index(drop=True),
        before[before["event_id"] == 1].reset_index(drop=True),
    )
    assert out["mentions"].columns.tolist() == MENTION_COLUMNS
    assert set(out["mentions"].loc[out["mentions"]["event_id"] == 0, "referent_id"]) == {"0:0"}
    assert out["referent_edits"]["status"].tolist() == ["applied"]
    # the tables passed in are left as they were
    pd.testing.assert_frame_equal(tables["alignment"], _tables()["alignment"])


def test_corrected_tables_rename_and_hide_show_in_the_alignment() -> None:
    edits = [_edit("rename", [KIM], name="Kim Jong Un (leader)"), _edit("hide", [LEADER], seq=2)]
    align = corrected_tables(_tables(), edits)["alignment"]
    by_id = align.drop_duplicates("referent_id").set_index("referent_id")
    assert by_id.loc["0:0", "referent"] == "Kim Jong Un (leader)"
    assert bool(by_id.loc["0:1", "hidden"]) and not bool(by_id.loc["0:0", "hidden"])
    assert visible_rows(align)["referent_id"].unique().tolist() == ["0:0", "1:0"]
    assert len(visible_rows(align, show_hidden=True)) == len(align)


def test_corrected_tables_reads_sentences_only_for_the_changed_events() -> None:
    asked = []

    def sentences_for(ids):
        asked.append(list(ids))
        return pd.DataFrame(
            {"id": ["a1"], "field": ["text"], "start": [0], "end": [40], "sentence": ["S."]}
        )

    corrected_tables(_tables(), [_edit("hide", [("nothing",)])], sentences=sentences_for)
    assert asked == []  # nothing matched, nothing rebuilt
    out = corrected_tables(_tables(), [_edit("hide", [KIM])], sentences=sentences_for)
    assert asked == [["a1", "b1"]]
    row = out["alignment"].set_index(["referent_id", "outlet"]).loc[("0:0", "A")]
    assert row["example"] == "S."


def test_corrected_tables_report_edits_that_match_no_row() -> None:
    edits = [_edit("hide", [("border wall",)], seq=1), _edit("hide", [("fence", "wall")], seq=2)]
    status = corrected_tables(_tables(), edits)["referent_edits"]
    note = unmatched_note(status)
    assert note.startswith("2 corrections no longer match a row: #1: hide the row of 'border wall'")
    assert "#2: hide the row of 'fence', 'wall' (event 0) (no row of event 0 holds half" in note
    assert unmatched_note(status.iloc[:1]).startswith("1 correction no longer matches a row")
    assert unmatched_note(status.iloc[:0]) == ""


def test_corrected_tables_without_mentions_report_every_edit() -> None:
    tables = {"alignment": _tables()["alignment"]}
    out = corrected_tables(tables, [_edit("hide", [KIM]), _edit("hide", [KIM], seq=2, undone=True)])
    assert out["referent_edits"]["status"].tolist() == ["unmatched", "undone"]
    assert "no mentions table" in out["referent_edits"]["reason"].iloc[0]
    assert out["alignment"] is tables["alignment"]


def test_row_labels_lists_each_rows_labels_of_one_event() -> None:
    mentions = _tables()["mentions"]
    assert row_labels(mentions, 0) == {"0:0": ["kim", "kim jong un"], "0:1": list(LEADER)}
    assert row_labels(mentions, 5) == {} and row_labels(None, 0) == {}


def test_corrected_tables_rebuild_only_events_not_in_the_rows_cache(monkeypatch) -> None:
    import framing.referents.corrected as corrected

    built: list[list[int]] = []

    def counted(mentions, *args, **kwargs):
        built.append(sorted(set(mentions["event_id"])))
        return referent_rows(mentions, *args, **kwargs)

    monkeypatch.setattr(corrected, "referent_rows", counted)
    cache: dict = {}
    hide = _edit("hide", [KIM])
    first = corrected_tables(_tables(), [hide], rows_cache=cache)
    again = corrected_tables(_tables(), [hide], rows_cache=cache)
    pd.testing.assert_frame_equal(first["alignment"], again["alignment"])
    other = ReferentEdit("rename", 1, ("a2", "b2"), (("caravan", "migrant"),), name="x", seq=2)
    both = corrected_tables(_tables(), [hide, other], rows_cache=cache)
    assert built == [[0], [1]]  # event 0 once, then only the newly changed event 1
    rows = both["alignment"].drop_duplicates("referent_id").set_index("referent_id")
    assert rows.loc["1:0", "referent"] == "x" and bool(rows.loc["0:0", "hidden"])
