"""Decoding: NUL bytes, mixed encodings row by row, UTF-16 without a BOM, binary files."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from framing.ingest import read_inputs, read_uploads
from framing.ingest.decode import NotTextError, decode_bytes
from framing.schema import IngestReport

HEADER = b"outlet,title,text\n"
TEXT_HEADER = HEADER.decode()


def _titles(report) -> list[str]:
    return list(report.articles["title"])


@pytest.mark.parametrize("pad", [0, 70_000], ids=["early", "after-64KB"])
def test_nul_in_csv_is_removed_with_a_located_warning_and_rows_kept(pad):
    filler = b"Daily,Filler,The long first text " + b"x" * pad + b".\n"
    data = HEADER + filler + b"Daily,Second,Text with a\x00 NUL.\nDaily,Third,Clean text.\n"
    report = read_uploads([("nul.csv", data)])

    assert _titles(report) == ["Filler", "Second", "Third"]
    second = report.articles.set_index("title").loc["Second"]
    assert second["text"] == "Text with a NUL."
    assert not report.articles["text"].str.contains("\x00").any()
    (warning,) = report.warnings
    assert (warning.source, warning.location, warning.field) == (
        "nul.csv",
        "row 2 (line 3)",
        "text",
    )
    assert "NUL" in warning.message
    assert report.errors == []


def test_nul_in_csv_header_is_removed_with_a_warning():
    report = read_uploads([("h.csv", b"out\x00let,title,text\nDaily,T,Body.\n")])

    assert _titles(report) == ["T"]
    (warning,) = report.warnings
    assert (warning.location, warning.field) == ("header", "outlet")


def test_nul_in_jsonl_string_and_between_tokens_is_removed():
    good = json.dumps({"outlet": "D", "title": "Good", "text": "Body."}).encode()
    in_value = b'{"outlet": "D", "title": "In\x00value", "text": "Body two."}'
    between = b'{"outlet": "D",\x00 "title": "Between", "text": "Body three."}'
    report = read_uploads([("n.jsonl", b"\n".join([good, in_value, between]) + b"\n")])

    assert _titles(report) == ["Good", "Invalue", "Between"]
    located = {(w.location, w.field) for w in report.warnings}
    assert located == {("line 2", "title"), ("line 3", "")}
    assert report.errors == []


def test_nul_in_text_article_is_removed():
    report = read_uploads([("a.txt", b"Outlet: Daily\x00\nTitle: T\n\nBody \x00text.\n")])

    assert report.articles.iloc[0]["outlet"] == "Daily"
    assert report.articles.iloc[0]["text"] == "Body text."
    assert {w.field for w in report.warnings} == {"outlet", "text"}


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "program"),
        (b"MZ\x90\x00\x03" + bytes(100), "program"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(50), "Excel"),
        (bytes(range(32)) * 40, "control"),
    ],
    ids=["png", "pdf", "elf", "exe", "xlsx", "controls"],
)
def test_binary_files_are_still_refused(data, kind):
    with pytest.raises(NotTextError, match=kind):
        decode_bytes(data)
    report = read_uploads([("bin.csv", data), ("good.csv", HEADER + b"D,Kept,Body.\n")])
    assert _titles(report) == ["Kept"]
    (error,) = report.errors
    assert error.source == "bin.csv" and "binary" in error.message


def test_one_bad_byte_falls_back_for_its_row_only():
    data = (
        HEADER
        + "Daily,Café,Crème brûlée.\n".encode()
        + "Daily,Naïve,“Quoted” in cp1252.\n".encode("cp1252")
        + "Daily,Über,Straße.\n".encode()
    )
    report = read_uploads([("mixed.csv", data)])

    rows = report.articles.set_index("title")["text"].to_dict()
    assert rows == {
        "Café": "Crème brûlée.",
        "Naïve": "\u201cQuoted\u201d in cp1252.",
        "Über": "Straße.",
    }
    (warning,) = report.warnings
    assert (warning.source, warning.location) == ("mixed.csv", "row 2 (line 3)")
    assert "Windows-1252" in warning.message


def test_each_mixed_bad_row_gets_its_own_warning_in_jsonl():
    lines = [
        json.dumps({"outlet": "D", "title": "Ünï", "text": "utf8"}, ensure_ascii=False).encode(),
        json.dumps({"outlet": "D", "title": "Bad1", "text": "é"}, ensure_ascii=False).encode(
            "latin-1"
        ),
        json.dumps({"outlet": "D", "title": "Bad2", "text": "ü"}, ensure_ascii=False).encode(
            "latin-1"
        ),
    ]
    report = read_uploads([("m.jsonl", b"\n".join(lines))])

    assert set(report.articles["text"]) == {"utf8", "é", "ü"}
    assert sorted(w.location for w in report.warnings) == ["line 2", "line 3"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec):
    data = "outlet,title,text\nDaily,Café,Ünïcode text.\n".encode(codec)
    decoded = decode_bytes(data)
    assert decoded.text.startswith("outlet,title,text")
    report = read_uploads([("u16.csv", data)])

    assert _titles(report) == ["Café"]
    assert report.errors == []
    (warning,) = report.warnings
    assert "UTF-16" in warning.message


def test_nul_between_tokens_of_a_json_array_is_removed():
    data = b'[{"outlet": "D", "title": "A", "text": "Body."},\n\x00 {"outlet": "D", "title": "B",'
    data += b' "text": "Body \x00two."}]\x00'
    report = read_uploads([("a.json", data)])

    assert _titles(report) == ["A", "B"]
    assert report.articles.iloc[1]["text"] == "Body two."
    located = sorted((w.location, w.field) for w in report.warnings)
    assert located == [("item 2", "text"), ("line 2", "")]


def test_nul_in_an_html_page_is_removed():
    page = (
        b'<html><head><meta property="og:site_name" content="Daily"><title>Storm</title></head>'
        b"<body><article><p>A powerful storm\x00 struck the northern coast on Tuesday, flooding "
        b"streets and cutting power to thousands of homes across the region.</p>"
        b"</article></body></html>"
    )
    report = read_uploads([("page.html", page)])

    assert len(report.articles) == 1
    assert "\x00" not in report.articles.iloc[0]["text"]
    assert any("NUL" in w.message for w in report.warnings)


def test_a_file_all_in_cp1252_gets_one_warning_that_lists_its_lines():
    rows = "".join(f"Daily,Café {i},Crème {i}.\n" for i in range(3))
    report = read_uploads([("win.csv", (HEADER.decode() + "D,Plain,x\n" + rows).encode("cp1252"))])

    assert list(report.articles["title"]) == ["Plain", "Café 0", "Café 1", "Café 2"]
    (warning,) = report.warnings
    assert warning.location == "row 2 (line 3)"
    assert "on line 3; also lines 4, 5" in warning.message


# -- whole files: BOMs, cp1252, binary -------------------------------------------------


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


def test_ingest_utf8_bom_header_maps_outlet(tmp_path):
    data = codecs.BOM_UTF8 + (TEXT_HEADER + "Daily,Café,Crème brûlée.\n").encode("utf-8")
    report = read_inputs([_write(tmp_path, "bom.csv", data)])

    row = _one(report)
    assert (row["outlet"], row["title"], row["text"]) == ("Daily", "Café", "Crème brûlée.")
    assert report.issues == []


def test_ingest_cp1252_is_decoded_with_warning(tmp_path):
    data = (TEXT_HEADER + "Daily,First,Plain ascii.\nDaily,Café,“Quoted” text.\n").encode("cp1252")
    assert b"caf\xe9" in data.lower() and b"\x93" in data and b"\x94" in data
    report = read_inputs([_write(tmp_path, "win.csv", data)])

    row = _one(report, title="Café")
    assert row["text"] == "\u201cQuoted\u201d text."
    assert report.errors == []
    (warning,) = report.warnings
    assert warning.source == "win.csv"
    assert warning.location == "row 2 (line 3)"
    assert "line 3" in warning.message
    assert "Windows-1252" in warning.message


def test_ingest_binary_file_is_rejected_other_files_kept(tmp_path):
    binary = _write(tmp_path, "sheet.csv", b"PK\x03\x04\x00\x00\x00binary\x00data")
    good = _write(tmp_path, "good.csv", TEXT_HEADER + "Daily,Kept,Good text.\n")

    report = read_inputs([binary, good])

    assert list(report.articles["title"]) == ["Kept"]
    (issue,) = report.errors
    assert issue.source == "sheet.csv"
    assert "binary" in issue.message
    assert report.files_read == ["good.csv"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_ingest_utf16_with_bom_is_decoded(tmp_path, encoding):
    text = TEXT_HEADER + "Daily,Café,Ünïcode text.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    report = read_inputs([_write(tmp_path, "u16.csv", data)])

    row = _one(report)
    assert (row["outlet"], row["title"], row["text"]) == ("Daily", "Café", "Ünïcode text.")
    assert report.errors == []
