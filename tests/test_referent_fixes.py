"""framing.referent_fixes: corrections checked against the stored analysis, kept by labels."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from framing import referent_fixes as fixes
from framing.devtools.referent_data import mentions_frame, stored_analysis
from framing.errors import InputError
from framing.ingest import read_inputs
from framing.store import Store

# Event 0 (a1, b1): rows 0:0 (Kim), 0:1 (leader), 0:2 (missiles). Event 1 (a2, b2): 1:0.
MENTIONS = [
    (0, "0:0", "a1", "A", "Kim Jong Un", "kim jong un"),
    (0, "0:0", "b1", "B", "Kim", "kim"),
    (0, "0:0", "b1", "B", "Mr. Kim", "mr kim"),
    (0, "0:1", "a1", "A", "dictator", "dictator"),
    (0, "0:1", "b1", "B", "North Korean leader", "north korean leader"),
    (0, "0:2", "a1", "A", "missiles", "missile"),
    (0, "0:2", "b1", "B", "missile test", "missile test"),
    (0, "", "b1", "B", "issue", "issue"),
    (1, "1:0", "a2", "A", "caravan", "caravan"),
    (1, "1:0", "b2", "B", "migrants", "migrant"),
]


@pytest.fixture
def store(tmp_path: Path):
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text"])
        for a, o in (("a1", "A"), ("b1", "B"), ("a2", "A"), ("b2", "B")):
            writer.writerow([a, o, f"Title {a}", f"Some text of {a}."])
    with Store(tmp_path / "s.sqlite3") as s:
        s.save_articles("tiny", read_inputs([path]))
        s.save_articles("bare", read_inputs([path]))
        stored_analysis(s, "tiny", mentions_frame(MENTIONS))
        yield s


def _row_of(store: Store, label: str) -> str:
    rows = fixes.event_rows(store, "tiny", 0)
    return rows.loc[rows["labels"].str.contains(label), "referent_id"].iloc[0]


def test_event_rows_list_ids_names_and_labels(store: Store) -> None:
    rows = fixes.event_rows(store, "tiny", 0)
    assert list(rows.columns) == fixes.ROW_COLUMNS
    assert rows["referent_id"].tolist() == ["0:0", "0:1", "0:2"]
    assert rows.set_index("referent_id").loc["0:0", "labels"] == "kim / kim jong un / mr kim"
    assert rows["outlets"].tolist() == [2, 2, 2]


def test_merge_keeps_the_label_sets_and_the_events_articles(store: Store) -> None:
    align = fixes.corrected(store, "tiny").alignment.set_index("referent_id")
    name = str(align.loc["0:1", "referent"].iloc[0])  # a row named as the table names it
    edit = fixes.merge_referents(store, "tiny", 0, ["0:0", name.title()])
    assert edit.seq == 1
    stored = store.referent_edits("tiny")["payload"].tolist()[0]
    assert stored == {
        "event_id": 0,
        "articles": ["a1", "b1"],
        "rows": [["kim", "kim jong un", "mr kim"], ["dictator", "north korean leader"]],
    }
    rows = fixes.event_rows(store, "tiny", 0)
    assert rows["referent_id"].tolist() == ["0:0", "0:2"]


def test_row_names_are_found_in_any_case(store: Store) -> None:
    name = fixes.corrected(store, "tiny").alignment.set_index("referent_id").loc["0:2", "referent"]
    edit = fixes.hide_referent(store, "tiny", 0, str(name.iloc[0]).upper())
    assert edit.rows == (("missile", "missile test"),)


def test_split_takes_norms_or_written_forms(store: Store) -> None:
    edit = fixes.split_referent(store, "tiny", 0, "0:0", ["Mr. Kim"])
    assert edit.labels == ("mr kim",)
    rows = fixes.event_rows(store, "tiny", 0)
    assert rows["referent_id"].tolist() == ["0:0", "0:1", "0:2", "0:3"]
    # named by one outlet only, the split-off row has no line in the table
    assert rows.set_index("referent_id").loc["0:3", "outlets"] == 0


def test_rename_hide_show_and_undo(store: Store) -> None:
    fixes.rename_referent(store, "tiny", 0, "0:0", "  Kim   Jong Un ")
    fixes.hide_referent(store, "tiny", 0, "0:2")
    align = fixes.corrected(store, "tiny").alignment.drop_duplicates("referent_id")
    by_id = align.set_index("referent_id")
    assert by_id.loc["0:0", "referent"] == "Kim Jong Un"
    assert bool(by_id.loc["0:2", "hidden"])
    fixes.show_referent(store, "tiny", 0, "0:2")
    assert not fixes.event_rows(store, "tiny", 0)["hidden"].any()
    undone = fixes.undo_last(store, "tiny")
    assert undone.op == "show" and undone.seq == 3
    assert fixes.event_rows(store, "tiny", 0).set_index("referent_id").loc["0:2", "hidden"]


def test_list_edits_says_what_became_of_each(store: Store) -> None:
    fixes.hide_referent(store, "tiny", 0, "0:2")
    fixes.rename_referent(store, "tiny", 1, "1:0", "the migrants")
    fixes.undo_last(store, "tiny")
    table = fixes.list_edits(store, "tiny")
    assert list(table.columns) == fixes.LIST_COLUMNS
    assert table["status"].tolist() == ["applied", "undone"]
    assert table["what"].iloc[0] == "hide the row of 'missile', 'missile test' (event 0)"
    assert fixes.list_edits(store, "bare").empty


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        (lambda s: fixes.event_rows(s, "nope", 0), "FRM-S603", "no article set named 'nope'"),
        (lambda s: fixes.event_rows(s, "bare", 0), "FRM-D771", "not analysed yet"),
        (lambda s: fixes.hide_referent(s, "tiny", 7, "0:0"), "FRM-D772", "rows: 0, 1"),
        (lambda s: fixes.hide_referent(s, "tiny", 0, "border wall"), "FRM-D773", "0:0 (kim"),
        (lambda s: fixes.merge_referents(s, "tiny", 0, ["0:0", "0:0"]), "FRM-D775", "one row"),
        (lambda s: fixes.merge_referents(s, "tiny", 0, ["0:0", "1:0"]), "FRM-D773", "'1:0'"),
        (lambda s: fixes.split_referent(s, "tiny", 0, "0:0", ["wall"]), "FRM-D774", "'mr kim'"),
        (
            lambda s: fixes.split_referent(
                s, "tiny", 0, "0:1", ["dictator", "north korean leader"]
            ),
            "FRM-D776",
            "not all",
        ),
        (lambda s: fixes.split_referent(s, "tiny", 0, "0:1", [" "]), "FRM-D776", "not none"),
        (lambda s: fixes.rename_referent(s, "tiny", 0, "0:1", "  "), "FRM-D777", "empty"),
        (lambda s: fixes.rename_referent(s, "tiny", 0, "0:1", "x" * 121), "FRM-D777", "too long"),
        (lambda s: fixes.show_referent(s, "tiny", 0, "0:1"), "FRM-D778", "not hidden"),
        (lambda s: fixes.undo_last(s, "tiny"), "FRM-D779", "no referent correction left"),
    ],
)
def test_bad_input_gets_a_located_error_and_keeps_nothing(store: Store, call, code, words) -> None:
    with pytest.raises(InputError, match=code) as err:
        call(store)
    assert words in str(err.value)
    assert store.referent_edits("tiny").empty


def test_hiding_a_hidden_row_is_refused(store: Store) -> None:
    fixes.hide_referent(store, "tiny", 0, "0:1")
    with pytest.raises(InputError, match="FRM-D778.*hidden already"):
        fixes.hide_referent(store, "tiny", 0, "0:1")


def test_edit_list_without_an_analysis_says_not_analysed_yet(store: Store) -> None:
    fixes.hide_referent(store, "tiny", 0, "0:2")
    table = fixes.edit_list(store.referent_edits("tiny"), None)
    assert table["status"].tolist() == ["not analysed yet"]
    assert table["event_id"].tolist() == [0]
    done = fixes.edit_list(store.referent_edits("tiny"), fixes.corrected(store, "tiny").status)
    assert done["status"].tolist() == ["applied"]
