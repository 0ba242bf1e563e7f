"""framing.reports.csv: spreadsheet-safe CSV and ZIPs of it."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.reports.csv import neutralise, safe_csv, tables_zip, write_csv, write_csv_parts

ROOT = Path(__file__).resolve().parents[2]


def _read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


@pytest.mark.parametrize(
    "cell",
    [
        "=SUM(A1)",
        "+1",
        "-2+3",
        "-1+1",
        "@cmd",
        "\t=1",
        "\tplain",
        "\r=1",
        "  =1",
        '\n=HYPERLINK("http://x")',
        "\u00a0@x",
        "\u200b=1",
        "\uff1d1+1",
        '=HYPERLINK("http://evil.example","click")',
        # prefixes a spreadsheet (or the eye) skips before the formula
        "\x00=1+1",
        "\u200e=1+1",  # LRM
        "\u200f@SUM(A1)",  # RLM
        "\u2066=1",  # LRI
        "\u2067-1+1",  # RLI
        "\u2068+1",  # FSI
        "\u2069=1",  # PDI
        "\u202e=1",  # RLO
        "\u00ad=1",  # soft hyphen
        "\u200b \u200d\u00a0=1",
        "\u200b\tplain",
        "\u00ad\rplain",
        '"=1+1',
        "\" =cmd|' /C calc'!A0",
        'DDE("cmd";"/C calc";"A0")',
        "ddeauto (x)",
        " dde(x)",
        "%0A=1+1",
        "%0a%0d-1+1",
        "%00@x",
        "%09plain",
        "%20=1",
    ],
)
def test_reports_csv_safe_csv_neutralises_formula_cells(cell: str) -> None:
    df = pd.DataFrame({"text": [cell, "plain"]})
    back = _read(safe_csv(df))
    assert back["text"].tolist() == ["'" + cell, "plain"]
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    [
        "hello",
        "a=b",
        "O'Brien",
        "e-mail",
        "1-2",
        "x @y",
        "",
        'Kim\'s "regime", again',
        "😀 =",
        '"Quoted" lead',
        "100% sure",
        "%41=1",
        "Dde is a name",
        "\u200eplain",
    ],
)
def test_reports_csv_safe_csv_keeps_ordinary_text(cell: str) -> None:
    df = pd.DataFrame({"text": [cell]})
    assert _read(safe_csv(df))["text"].tolist() == [cell]
    assert neutralise(cell) == cell


def test_reports_csv_safe_csv_keeps_numbers_and_round_trips() -> None:
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "count": [3, -5, 0],
            "z": [-1.5, 2.25, float("nan")],
            "flag": [True, False, True],
            "text": ["line one\nline two", 'quote " and, comma', "-1"],
        }
    )
    data = safe_csv(df)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets detect UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["count"].tolist() == [3, -5, 0]
    assert pd.api.types.is_integer_dtype(back["count"])
    assert back["z"].iloc[:2].tolist() == [-1.5, 2.25] and pd.isna(back["z"].iloc[2])
    assert back["flag"].tolist() == [True, False, True]
    # text that only looks like a number is text, and neutralised
    assert back["text"].tolist() == ["line one\nline two", 'quote " and, comma', "'-1"]
    assert back["id"].tolist() == ["a", "b", "c"]
    assert list(back.columns) == list(df.columns)


def test_reports_csv_safe_csv_neutralises_column_names_and_mixed_objects() -> None:
    df = pd.DataFrame({"=cmd": ["x"], "mixed": [7]}).astype({"mixed": object})
    df.loc[1] = ["@y", "=2"]
    back = _read(safe_csv(df))
    assert list(back.columns) == ["'=cmd", "mixed"]
    assert back["'=cmd"].tolist() == ["x", "'@y"]
    assert back["mixed"].astype(str).tolist() == ["7", "'=2"]


def test_reports_csv_safe_csv_handles_empty_and_unicode() -> None:
    assert _read(safe_csv(pd.DataFrame({"a": pd.Series([], dtype=str)}))).empty
    df = pd.DataFrame({"outlet": ["朝鲜中央通讯社", "Ñandú"]})
    assert _read(safe_csv(df))["outlet"].tolist() == ["朝鲜中央通讯社", "Ñandú"]


def test_reports_csv_tables_zip_holds_one_safe_csv_per_table() -> None:
    data = tables_zip({"cues": pd.DataFrame({"p": ["=1"]}), "events": pd.DataFrame({"e": [1]})})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["cues.csv", "events.csv"]
        assert _read(zf.read("cues.csv"))["p"].tolist() == ["'=1"]


def test_reports_csv_safe_csv_keeps_negative_numbers_in_numeric_columns() -> None:
    df = pd.DataFrame({"rate": [-3.5, 1.0], "n": [-2, 4], "text": ["-3.5", "x"]})
    back = _read(safe_csv(df))
    assert back["rate"].tolist() == [-3.5, 1.0]
    assert back["n"].tolist() == [-2, 4]
    assert back["text"].tolist() == ["'-3.5", "x"]


def test_reports_csv_write_csv_writes_the_safe_bytes_and_replaces_atomically(
    tmp_path: Path,
) -> None:
    df = pd.DataFrame({"t": ["=1", "ok"], "v": [-1.5, 2.0]})
    target = tmp_path / "t.csv"
    target.write_text("old")
    assert write_csv(df, target) == target
    assert target.read_bytes() == safe_csv(df)
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left


def test_reports_csv_write_csv_parts_writes_one_header_and_every_part(tmp_path: Path) -> None:
    parts = [pd.DataFrame({"t": [f"@{i}"], "n": [i]}) for i in range(3)]
    target = write_csv_parts(iter(parts), tmp_path / "p.csv")
    assert target.read_bytes() == safe_csv(pd.concat(parts, ignore_index=True))
    write_csv_parts([], target)
    assert not target.exists()  # no parts: no table, and no stale file either


def test_reports_csv_write_csv_parts_failing_midway_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "p.csv"
    write_csv(pd.DataFrame({"a": [1]}), target)
    before = target.read_bytes()

    def parts():
        yield pd.DataFrame({"a": [2]})
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        write_csv_parts(parts(), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.csv"]


_KILLED_WRITER = """
import sys, time
from pathlib import Path
import pandas as pd
from framing.reports.csv import write_csv_parts

target, marker = Path(sys.argv[1]), Path(sys.argv[2])
def parts():
    for i in range(200):
        yield pd.DataFrame({"text": ["=cmd|' /C calc'!A0 " * 20] * 500, "n": range(500)})
        if i == 2:
            marker.write_text("writing")  # three parts are on disk; the kill comes now
            time.sleep(30)
write_csv_parts(parts(), target)
"""


def test_reports_csv_kill_during_csv_writing_leaves_no_half_file(tmp_path: Path) -> None:
    target, marker = tmp_path / "big.csv", tmp_path / "marker"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), str(marker)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the writer ended before it was killed"
            assert time.monotonic() < deadline, "the writer never started writing"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert not target.exists()  # absent, not half written
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".big.csv.")]
    assert leftovers and leftovers[0].stat().st_size > 0  # the kill came mid-write
    # a rerun writes the whole file and clears the dead run's temporary one
    df = pd.DataFrame({"text": ["=x"] * 10, "n": range(10)})
    write_csv(df, target)
    assert target.read_bytes() == safe_csv(df)
    assert [p.name for p in tmp_path.iterdir() if p.name != "marker"] == ["big.csv"]


def test_reports_csv_write_csv_leaves_a_live_writers_temporary_file(tmp_path: Path) -> None:
    live = tmp_path / f".p.csv.{os.getpid()}.0000.tmp"  # this process is alive
    live.write_text("in progress")
    write_csv(pd.DataFrame({"a": [1]}), tmp_path / "p.csv")
    assert live.read_text() == "in progress"


_CELL_CHARS = st.sampled_from(
    list('=+-@dDe(a1 \t\r\n"%0AaD') + ["\x00", "\u00ad", "\u200e", "\u2066", "\uff1d", "\ufeff"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(_CELL_CHARS, max_size=8), st.text(max_size=8)), max_size=20))
def test_reports_csv_first_character_screen_agrees_with_neutralise(cells: list[str]) -> None:
    """The quick screen by first character quotes exactly the cells ``neutralise`` quotes."""
    from framing.reports.csv import _safe_values

    assert _safe_values(pd.Series(cells, dtype=object)) == [neutralise(c) for c in cells]
