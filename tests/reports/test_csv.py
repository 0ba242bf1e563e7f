"""framing.reports.csv: spreadsheet-safe CSV and ZIPs of it."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from framing.reports.csv import neutralise, safe_csv, tables_zip


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
    ],
)
def test_reports_csv_safe_csv_neutralises_formula_cells(cell: str) -> None:
    df = pd.DataFrame({"text": [cell, "plain"]})
    back = _read(safe_csv(df))
    assert back["text"].tolist() == ["'" + cell, "plain"]
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    ["hello", "a=b", "O'Brien", "e-mail", "1-2", "x @y", "", 'Kim\'s "regime", again', "😀 ="],
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
