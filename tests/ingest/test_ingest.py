"""Unit tests for framing.ingest: every format, located issues, limits."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from framing.errors import InputError
from framing.ingest import read_inputs, read_uploads
from framing.schema import ARTICLE_COLUMNS, IngestReport

HEADER = "outlet,title,text\n"

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Storm hits the coast - Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<meta property="og:title" content="Storm hits the coast">
<meta property="article:published_time" content="2022-11-02T08:00:00Z">
</head><body><article>
<h1>Storm hits the coast</h1>
<p>A powerful storm struck the northern coast on Tuesday, flooding streets and cutting
power to thousands of homes across the region, officials said.</p>
<p>Emergency crews worked through the night to clear fallen trees and restore
electricity, while residents in low-lying areas were told to move to higher ground.</p>
<p>The weather service said the storm would weaken by Thursday but warned that heavy rain
could continue to cause flooding in river valleys for several days.</p>
</article></body></html>
"""


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def _zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def _one(report: IngestReport, **match: str) -> dict:
    rows = report.articles
    for key, value in match.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, f"expected one article matching {match}, got {len(rows)}"
    return rows.iloc[0].to_dict()


def _assert_located(report: IngestReport) -> None:
    for issue in report.issues:
        base = Path(issue.source.split("/")[0]).name
        assert issue.source, issue
        assert base in str(issue), issue


# -- good files of every format ------------------------------------------------------


GOOD_FILES = [
    pytest.param(
        "a.csv",
        "outlet,title,text,published,url,id\n"
        'Daily,Storm hits,"Rain, wind and floods.",2022-11-02,http://x/1,d-1\n',
        {
            "id": "d-1",
            "outlet": "Daily",
            "title": "Storm hits",
            "text": "Rain, wind and floods.",
            "published": "2022-11-02",
            "url": "http://x/1",
        },
        id="csv-comma",
    ),
    pytest.param(
        "a.csv",
        "outlet;title;text;published\nDaily;Storm hits;Rain, wind and floods.;2022-11-02\n",
        {
            "outlet": "Daily",
            "title": "Storm hits",
            "text": "Rain, wind and floods.",
            "published": "2022-11-02",
        },
        id="csv-semicolon",
    ),
    pytest.param(
        "a.tsv",
        "outlet\ttitle\ttext\nDaily\tStorm hits\tRain, wind; and floods.\n",
        {"outlet": "Daily", "title": "Storm hits", "text": "Rain, wind; and floods."},
        id="tsv",
    ),
    pytest.param(
        "a.jsonl",
        json.dumps(
            {
                "outlet": "Daily",
                "title": "Storm hits",
                "text": "Rain and floods.",
                "published": "2022-11-02",
                "id": "j-1",
            }
        )
        + "\n",
        {
            "id": "j-1",
            "outlet": "Daily",
            "title": "Storm hits",
            "text": "Rain and floods.",
            "published": "2022-11-02",
        },
        id="jsonl",
    ),
    pytest.param(
        "a.json",
        json.dumps([{"outlet": "Daily", "title": "Storm hits", "text": "Rain and floods."}]),
        {"outlet": "Daily", "title": "Storm hits", "text": "Rain and floods."},
        id="json-array",
    ),
    pytest.param(
        "a.txt",
        "Outlet: Daily\nTitle: Storm hits\nDate: 2022-11-02\nID: t-1\n\n"
        "Rain and floods.\nSecond paragraph.\n",
        {
            "id": "t-1",
            "outlet": "Daily",
            "title": "Storm hits",
            "text": "Rain and floods.\nSecond paragraph.",
            "published": "2022-11-02",
        },
        id="txt-header",
    ),
    pytest.param(
        "a.md",
        "Outlet: Daily\nTitle: Storm hits\nDate: 2022-11-02\n\nRain and **floods**.\n",
        {
            "outlet": "Daily",
            "title": "Storm hits",
            "text": "Rain and **floods**.",
            "published": "2022-11-02",
        },
        id="md-header",
    ),
    pytest.param(
        "a.md",
        "---\noutlet: Daily\ndate: 2022-11-02\n---\n\n# Storm hits\n\nRain and floods.\n",
        {
            "outlet": "Daily",
            "title": "Storm hits",
            "text": "# Storm hits\n\nRain and floods.",
            "published": "2022-11-02",
        },
        id="md-front-matter-heading-title",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), GOOD_FILES)
def test_ingest_reads_good_file_of_each_format(tmp_path, name, content, expected):
    report = read_inputs([_write(tmp_path, name, content)])

    assert report.errors == []
    assert report.files_read == [name]
    assert list(report.articles.columns) == ARTICLE_COLUMNS
    row = _one(report)
    for key, value in expected.items():
        assert row[key] == value, key
    assert row["source"].startswith(name)
    assert len(row["content_hash"]) == 64


@pytest.mark.parametrize(("name", "content", "expected"), GOOD_FILES)
def test_ingest_read_uploads_matches_read_inputs(tmp_path, name, content, expected):
    from_disk = read_inputs([_write(tmp_path, name, content)])
    uploaded = read_uploads([(name, content.encode("utf-8"))])

    assert uploaded.articles.to_dict("records") == from_disk.articles.to_dict("records")


def test_ingest_reads_html_page_with_metadata(tmp_path):
    report = read_inputs([_write(tmp_path, "page.html", HTML_PAGE)])

    assert report.errors == []
    row = _one(report)
    assert row["outlet"] == "Daily Example"
    assert row["title"] == "Storm hits the coast"
    assert row["published"] == "2022-11-02"
    assert "flooding streets" in row["text"]
    assert "weaken by Thursday" in row["text"]


def test_ingest_folder_mixes_formats_and_skips_docs(tmp_path):
    folder = tmp_path / "corpus"
    _write(folder, "a.csv", HEADER + "Daily,CSV story,Text from the csv.\n")
    _write(
        folder,
        "sub/b.jsonl",
        json.dumps({"outlet": "Herald", "title": "JSONL story", "text": "Text from jsonl."}) + "\n",
    )
    _write(folder, "c.txt", "Outlet: Post\nTitle: Text story\n\nText from txt.\n")
    _write(folder, "README.md", "# About this folder\n\nNot an article.\n")
    _write(folder, "settings.toml", "a = 1\n")
    _write(folder, ".hidden.csv", HEADER + "Hidden,x,y\n")

    report = read_inputs([folder])

    assert sorted(report.articles["title"]) == ["CSV story", "JSONL story", "Text story"]
    assert sorted(report.files_read) == ["corpus/a.csv", "corpus/c.txt", "corpus/sub/b.jsonl"]
    skipped = dict(report.files_skipped)
    assert set(skipped) == {"corpus/README.md", "corpus/settings.toml"}
    assert "documentation" in skipped["corpus/README.md"]
    assert "not a supported format" in skipped["corpus/settings.toml"]
    assert report.errors == []


def test_ingest_zip_mixes_formats_and_reads_nested_zip(tmp_path):
    inner = _zip_bytes({"x.csv": HEADER + "Inner,nested,read\n"})
    data = _zip_bytes(
        {
            "a.csv": HEADER + "Daily,CSV story,Text from the csv.\n",
            "dir/b.jsonl": json.dumps(
                {"outlet": "Herald", "title": "JSONL story", "text": "Text from jsonl."}
            )
            + "\n",
            "c.md": "---\noutlet: Post\n---\n\n# MD story\n\nText from md.\n",
            "README.txt": "not an article",
            "nested.zip": inner,
            "notes.toml": "a = 1\n",
            "__MACOSX/._a.csv": "junk",
        }
    )
    report = read_inputs([_write(tmp_path, "bundle.zip", data)])

    assert sorted(report.articles["title"]) == ["CSV story", "JSONL story", "MD story", "nested"]
    assert _one(report, title="CSV story")["source"] == "bundle.zip/a.csv:row 1 (line 2)"
    assert _one(report, title="nested")["source"] == "bundle.zip/nested.zip/x.csv:row 1 (line 2)"
    skipped = dict(report.files_skipped)
    assert set(skipped) == {"bundle.zip/README.txt", "bundle.zip/notes.toml"}
    assert report.errors == []


# -- column mapping ------------------------------------------------------------------


def test_ingest_maps_synonym_columns(tmp_path):
    content = "source,headline,body,date\nDaily,Storm hits,Rain and floods.,2022-11-02\n"
    report = read_inputs([_write(tmp_path, "a.csv", content)])

    row = _one(report)
    assert (row["outlet"], row["title"], row["text"], row["published"]) == (
        "Daily",
        "Storm hits",
        "Rain and floods.",
        "2022-11-02",
    )


def test_ingest_missing_text_column_rejects_file_keeps_other(tmp_path):
    bad = _write(tmp_path, "bad.csv", "outlet,title,summary\nDaily,Storm,short\nPost,Flood,x\n")
    good = _write(tmp_path, "good.csv", HEADER + "Herald,Kept,Good text.\n")

    report = read_inputs([bad, good])

    assert list(report.articles["outlet"]) == ["Herald"]
    assert len(report.errors) == 1
    issue = report.errors[0]
    assert (issue.source, issue.location, issue.field) == ("bad.csv", "header", "text")
    assert "text" in issue.message
    assert "outlet, title, summary" in issue.message


# -- row-level errors -----------------------------------------------------------------


def test_ingest_row_errors_keep_good_rows(tmp_path):
    content = (
        HEADER
        + "Daily,First,Good text one.\n"
        + "Daily,Second,\n"
        + ",Third,Text without outlet.\n"
        + "Herald,Fourth,Good text four.\n"
    )
    report = read_inputs([_write(tmp_path, "rows.csv", content)])

    assert list(report.articles["title"]) == ["First", "Fourth"]
    by_row = {i.location.split(" (")[0]: i for i in report.errors}
    assert set(by_row) == {"row 2", "row 3"}
    assert by_row["row 2"].field == "text"
    assert by_row["row 2"].raw == "Daily,Second,"
    assert by_row["row 3"].field == "outlet"
    assert by_row["row 3"].raw == ",Third,Text without outlet."
    for issue in report.errors:
        assert issue.source == "rows.csv"
        assert "rows.csv" in str(issue) and issue.location in str(issue)


def test_ingest_row_with_too_many_fields_is_rejected(tmp_path):
    content = (
        HEADER + "Daily,First,Good text.\nDaily,Second,Rain, wind and floods.\nPost,Third,Ok.\n"
    )
    report = read_inputs([_write(tmp_path, "a.csv", content)])

    assert list(report.articles["title"]) == ["First", "Third"]
    (issue,) = report.errors
    assert issue.location == "row 2 (line 3)"
    assert "4 fields" in issue.message and "header has 3" in issue.message
    assert issue.raw == "Daily,Second,Rain, wind and floods."


@pytest.mark.parametrize(
    "bad_row",
    [
        pytest.param('Daily,Second,"Text whose quote never closes.\n', id="in-last-column"),
        pytest.param('Daily,"Second,Text whose title quote never closes.\n', id="in-middle-column"),
    ],
)
def test_ingest_unterminated_quote_is_located_and_keeps_rows_before(tmp_path, bad_row):
    content = HEADER + "Daily,First,Good text one.\n" + bad_row + "Post,Third,Good text three.\n"
    report = read_inputs([_write(tmp_path, "q.csv", content)])

    assert list(report.articles["title"]) == ["First"]
    (issue,) = report.errors
    assert issue.source == "q.csv"
    assert issue.location == "line 3"
    assert "quote" in issue.message
    assert "Post,Third" in issue.raw


# -- JSON Lines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_line", "field", "message"),
    [
        pytest.param('{"outlet": "Daily", "title": ', "", "not valid JSON", id="invalid-json"),
        pytest.param('["Daily", "t", "x"]', "", "expected a JSON object", id="not-object"),
        pytest.param('{"outlet": "Daily", "title": "t"}', "text", "missing key", id="missing-key"),
    ],
)
def test_ingest_jsonl_bad_line_is_located_other_lines_kept(tmp_path, bad_line, field, message):
    good = [
        json.dumps({"outlet": "Daily", "title": "One", "text": "First text."}),
        json.dumps({"outlet": "Daily", "title": "Three", "text": "Third text."}),
    ]
    content = "\n".join([good[0], bad_line, good[1]]) + "\n"
    report = read_inputs([_write(tmp_path, "a.jsonl", content)])

    assert list(report.articles["title"]) == ["One", "Three"]
    (issue,) = report.errors
    assert (issue.source, issue.location, issue.field) == ("a.jsonl", "line 2", field)
    assert message in issue.message
    assert issue.raw == bad_line


def test_ingest_missing_path_raises_input_error(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(InputError, match="nope.csv"):
        read_inputs([missing])


def test_ingest_every_issue_names_its_file(tmp_path):
    files = [
        _write(tmp_path, "cols.csv", "outlet,summary\nDaily,x\n"),
        _write(tmp_path, "rows.csv", HEADER + "Daily,,text\n,T,text\nDaily,T,\n"),
        _write(tmp_path, "lines.jsonl", '{"outlet": \n[1]\n{"outlet": "D", "title": "t"}\n'),
        _write(tmp_path, "win.csv", (HEADER + "Daily,Café,x\n").encode("cp1252")),
        _write(tmp_path, "bin.csv", b"\x00\x01\x02"),
        _write(tmp_path, "noheader.txt", "Just prose here.\n"),
        _write(tmp_path, "date.csv", "outlet,title,text,date\nD,T,text here,soon\n"),
        _write(tmp_path, "bad.zip", b"not a zip"),
        _write(tmp_path, "inner.zip", _zip_bytes({"x.csv": "outlet,title\nA,b\n"})),
    ]
    report = read_inputs(files)

    assert len(report.issues) >= 10
    _assert_located(report)
    sources = {i.source.split("/")[0] for i in report.issues}
    assert sources == {f.name for f in files}
