"""Spreadsheet-safe CSV: one table as CSV bytes, several tables as one ZIP.

Article text is untrusted, and a cell such as ``=HYPERLINK(...)`` would run as
a formula in Excel, LibreOffice or Google Sheets. :func:`safe_csv` neutralises
such cells (see :func:`neutralise`) and leaves real numbers alone.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["neutralise", "safe_csv", "tables_zip"]

# A cell whose first visible character is one of these starts a formula in at
# least one common spreadsheet (OWASP "CSV injection"); the full-width forms
# are read as their ASCII twins by some East Asian locales.
_TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
# Invisible characters a spreadsheet skips before deciding a cell is a formula.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def neutralise(cell: str) -> str:
    """Make one text cell inert in a spreadsheet by prefixing a single quote.

    A cell is neutralised when it starts with a tab or a carriage return, or
    when its first character after any leading whitespace (or zero-width
    character) is ``=``, ``+``, ``-`` or ``@`` (or their full-width forms).

    Why a quote: it is the OWASP recommendation, and Excel and Google Sheets
    treat a leading ``'`` as "this is text" and hide it. The cost is that the
    quote stays visible in tools that do not (LibreOffice with default CSV
    import options, pandas); strip a leading ``'`` there if needed. Text that
    merely looks like a negative number (``"-1"``) is neutralised as well:
    only real numeric values are left alone.

    Args:
        cell: the cell text.

    Returns:
        The text unchanged, or prefixed with ``'``.
    """
    if not cell:
        return cell
    if cell[0] in "\t\r":
        return "'" + cell
    visible = cell.lstrip()
    while visible and visible[0] in _INVISIBLE:
        visible = visible[1:].lstrip()
    if visible[:1] and visible[0] in _TRIGGERS:
        return "'" + cell
    return cell


def _safe_cell(value: object) -> object:
    if isinstance(value, str):
        return neutralise(value)
    if value is None or isinstance(value, bool | int | float | np.number | np.bool_):
        return value
    if value is pd.NA or value is pd.NaT:
        return value
    # Anything else is written through str() by the CSV writer anyway.
    return neutralise(str(value))


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[col] = series.astype(object).map(_safe_cell)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def safe_csv(df: pd.DataFrame) -> bytes:
    """A table as CSV bytes that are safe to open in a spreadsheet.

    Text cells and column names go through :func:`neutralise`; numeric,
    boolean and datetime columns are written as they are (a negative number
    stays a number). UTF-8 with a byte-order mark, so Excel detects the
    encoding; CRLF line ends as in RFC 4180. The index is not written (call
    ``reset_index()`` first to keep it).

    Args:
        df: any DataFrame.

    Returns:
        The CSV file's bytes; ``pd.read_csv(io.BytesIO(data))`` reads it back.
    """
    text = _safe_frame(df).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def tables_zip(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Several tables as one ZIP of safe CSV files (``<name>.csv`` each)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            safe_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name)) or "table"
            zf.writestr(f"{safe_name}.csv", safe_csv(df))
    return buf.getvalue()
