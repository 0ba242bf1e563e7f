"""Ingest limits: rows, file size, ZIP file count and unpacked size; broken archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from framing.config import IngestLimits
from framing.errors import LimitExceededError
from framing.ingest import read_inputs, read_uploads
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


def _zip_bytes(members: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def test_ingest_max_rows_stops_with_error(tmp_path):
    content = HEADER + "".join(f"Daily,T{i},Text number {i}.\n" for i in range(5))
    report = read_inputs([_write(tmp_path, "many.csv", content)], IngestLimits(max_rows=3))

    assert report.n_accepted == 3
    assert list(report.articles["title"]) == ["T0", "T1", "T2"]
    (issue,) = report.errors
    assert "row limit of 3" in issue.message
    assert "not read" in issue.message
    assert issue.location.startswith("row 4")


@pytest.mark.parametrize("via", ["inputs", "uploads"])
def test_ingest_max_file_bytes_rejects_file(tmp_path, via):
    big = HEADER + "Daily,Big,A rather long text that pushes the file over its limit.\n"
    small = HEADER + "Daily,Small,ok\n"
    limits = IngestLimits(max_file_bytes=len(small.encode()) + 1)
    if via == "inputs":
        report = read_inputs(
            [_write(tmp_path, "big.csv", big), _write(tmp_path, "s.csv", small)], limits
        )
    else:
        report = read_uploads([("big.csv", big.encode()), ("s.csv", small.encode())], limits)

    assert list(report.articles["title"]) == ["Small"]
    (issue,) = report.errors
    assert issue.source == "big.csv"
    assert "over the limit" in issue.message
    assert "max_file_bytes" in issue.hint


def test_ingest_zip_over_max_files_raises(tmp_path):
    data = _zip_bytes({f"a{i}.csv": HEADER + f"Daily,T{i},Text {i}.\n" for i in range(4)})
    path = _write(tmp_path, "many.zip", data)

    with pytest.raises(LimitExceededError, match="max_zip_files") as info:
        read_inputs([path], IngestLimits(max_zip_files=3))
    assert "many.zip" in str(info.value)
    assert "limit of 3" in str(info.value)


def test_ingest_zip_over_uncompressed_size_raises(tmp_path):
    data = _zip_bytes({"a.csv": HEADER + "Daily,T," + "word " * 200 + "\n"})
    path = _write(tmp_path, "bomb.zip", data)

    with pytest.raises(LimitExceededError, match="max_zip_uncompressed_bytes") as info:
        read_inputs([path], IngestLimits(max_zip_uncompressed_bytes=500))
    assert "bomb.zip" in str(info.value)


@pytest.mark.parametrize(
    "make_bytes",
    [
        pytest.param(lambda: bytes(range(256)) * 4, id="random-bytes"),
        pytest.param(
            lambda: _zip_bytes({"a.csv": HEADER + "Daily,T,zip text.\n" * 20})[:60],
            id="truncated",
        ),
    ],
)
def test_ingest_broken_zip_is_located_error_other_file_kept(tmp_path, make_bytes):
    broken = _write(tmp_path, "broken.zip", make_bytes())
    good = _write(tmp_path, "good.csv", HEADER + "Daily,Kept,Good text.\n")

    report = read_inputs([broken, good])

    assert list(report.articles["title"]) == ["Kept"]
    (issue,) = report.errors
    assert (issue.source, issue.location) == ("broken.zip", "file")
    assert "not a readable ZIP archive" in issue.message
