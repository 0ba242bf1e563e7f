"""Row validation: dates, titles, duplicates and ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.ingest import read_inputs
from framing.schema import IngestReport

HEADER = "outlet,title,text\n"


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def _one(report: IngestReport, **match: str) -> dict:
    rows = report.articles
    for key, value in match.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, f"expected one article matching {match}, got {len(rows)}"
    return rows.iloc[0].to_dict()


# -- dates and titles ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        ("2022-11-02", "2022-11-02"),
        ("2022-11-02T23:30:00Z", "2022-11-02"),
        ("2022-11-02T08:00:00+02:00", "2022-11-02"),
        ("2022-11-02 08:00", "2022-11-02"),
    ],
)
def test_ingest_iso_dates_are_normalised(tmp_path, raw, published):
    content = "outlet,title,text,published\n" + f"Daily,T,Some text.,{raw}\n"
    report = read_inputs([_write(tmp_path, "d.csv", content)])

    row = _one(report)
    assert row["published"] == published
    assert row["published_raw"] == raw
    assert report.issues == []


@pytest.mark.parametrize("raw", ["Nov 2, 2022", "02/11/2022", "yesterday"])
def test_ingest_non_iso_date_kept_without_date_and_warns(tmp_path, raw):
    content = "outlet,title,text,published\n" + f'Daily,T,Some text.,"{raw}"\n'
    report = read_inputs([_write(tmp_path, "d.csv", content)])

    row = _one(report)
    assert row["published"] == ""
    assert row["published_raw"] == raw
    assert report.errors == []
    (warning,) = report.warnings
    assert warning.field == "published"
    assert raw in warning.message
    assert warning.location == "row 1 (line 2)"


def test_ingest_empty_title_warns_and_derives_title(tmp_path):
    words = " ".join(f"w{i}" for i in range(20))
    report = read_inputs([_write(tmp_path, "t.csv", HEADER + f"Daily,,{words}\n")])

    row = _one(report)
    assert row["title"] == " ".join(f"w{i}" for i in range(12)) + "…"
    (warning,) = report.warnings
    assert warning.field == "title"
    assert warning.severity == "warning"


# -- duplicates and ids --------------------------------------------------------------


def test_ingest_duplicate_text_same_outlet_stored_once(tmp_path):
    content = (
        HEADER
        + "Daily,First,Rain and floods in the north.\n"
        + 'daily ,Again,"  RAIN and   floods\nin the NORTH. "\n'
    )
    report = read_inputs([_write(tmp_path, "dup.csv", content)])

    row = _one(report)
    assert row["title"] == "First"
    (dup,) = report.duplicates
    assert dup["duplicate_of"] == row["id"]
    assert dup["source"] == "dup.csv:row 2 (line 3)"
    assert dup["kept_source"] == row["source"]
    assert report.errors == []


def test_ingest_same_text_two_outlets_is_two_articles(tmp_path):
    content = HEADER + "Daily,Wire,Wire copy text.\nHerald,Wire,Wire copy text.\n"
    report = read_inputs([_write(tmp_path, "wire.csv", content)])

    assert sorted(report.articles["outlet"]) == ["Daily", "Herald"]
    assert report.articles["id"].is_unique
    assert report.duplicates == []


def test_ingest_duplicate_id_different_content_rejected(tmp_path):
    content = "id,outlet,title,text\nx-1,Daily,One,First text.\nx-1,Daily,Two,Other text.\n"
    report = read_inputs([_write(tmp_path, "ids.csv", content)])

    assert list(report.articles["title"]) == ["One"]
    (issue,) = report.errors
    assert issue.field == "id"
    assert "'x-1'" in issue.message
    assert issue.location == "row 2 (line 3)"
