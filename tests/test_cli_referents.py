"""``framing referents ...``: fix who-called-it-what rows from the command line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from framing.cli import main
from framing.devtools.referent_data import mentions_frame, stored_analysis
from framing.ingest import read_inputs
from framing.store import Store

MENTIONS = [
    (0, "0:0", "a1", "A", "Kim Jong Un", "kim jong un"),
    (0, "0:0", "b1", "B", "Kim", "kim"),
    (0, "0:0", "b1", "B", "Mr. Kim", "mr kim"),
    (0, "0:1", "a1", "A", "dictator", "dictator"),
    (0, "0:1", "b1", "B", "leader", "leader"),
]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("FRAMING_DB", raising=False)
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text"])
        writer.writerow(["a1", "A", "Title a1", "Some text."])
        writer.writerow(["b1", "B", "Title b1", "Other text."])
    db = tmp_path / "s.sqlite3"
    with Store(db) as s:
        s.save_articles("tiny", read_inputs([path]))
        stored_analysis(s, "tiny", mentions_frame(MENTIONS))
    return str(db)


def _run(db: str, action: str, *args: str) -> int:
    return main(["referents", action, "--corpus", "tiny", "--db", db, *args])


def test_cli_referents_rows_merge_list_and_undo(db: str, capsys) -> None:
    assert _run(db, "rows", "--event", "0") == 0
    out = capsys.readouterr().out
    assert "0:0" in out and "kim / kim jong un / mr kim" in out
    assert _run(db, "merge", "--event", "0", "0:0", "dictator") == 0
    out = capsys.readouterr().out
    assert out.startswith("Kept correction #1: merge the row of 'kim', 'kim jong un', 'mr kim'")
    assert "framing analyze INPUT --corpus tiny --out DIR" in out
    assert _run(db, "list") == 0
    assert "applied" in capsys.readouterr().out
    assert _run(db, "undo") == 0
    assert capsys.readouterr().out.startswith("Undid correction #1: merge")
    with Store(db) as s:
        assert s.referent_edits("tiny")["undone"].tolist() == [True]


def test_cli_referents_split_rename_hide_show(db: str, capsys) -> None:
    assert _run(db, "split", "--event", "0", "0:0", "--labels", "Mr. Kim") == 0
    assert _run(db, "rename", "--event", "0", "0:1", "the leader") == 0
    assert _run(db, "hide", "--event", "0", "the leader") == 0
    assert _run(db, "show", "--event", "0", "0:1") == 0
    with Store(db) as s:
        assert s.referent_edits("tiny")["op"].tolist() == ["split", "rename", "hide", "show"]


def test_cli_referents_bad_input_is_a_located_error(db: str, capsys) -> None:
    assert _run(db, "merge", "--event", "0", "0:0", "0:0") == 2
    err = capsys.readouterr().err
    assert "[FRM-D775]" in err and "Traceback" not in err
    assert _run(db, "split", "--event", "0", "0:0", "--labels", "wall") == 2
    assert "[FRM-D774]" in capsys.readouterr().err
    assert _run(db, "hide", "--event", "9", "0:0") == 2
    assert "[FRM-D772]" in capsys.readouterr().err
    assert _run(db, "undo") == 2
    assert "[FRM-D779]" in capsys.readouterr().err


def test_cli_referents_list_without_corrections_says_how_to_make_one(db: str, capsys) -> None:
    assert _run(db, "list") == 0
    assert "No referent corrections for 'tiny'" in capsys.readouterr().out
