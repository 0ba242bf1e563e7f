"""Spreadsheet-safe CSV: one table as CSV bytes, several tables as one ZIP or files.

Article text is untrusted, and a cell such as ``=HYPERLINK(...)`` would run as
a formula in Excel, LibreOffice or Google Sheets. :func:`safe_csv` neutralises
such cells (see :func:`neutralise`) and leaves real numbers alone. Every CSV
the project writes goes through this module: the dashboard's downloads through
:func:`safe_csv` and :func:`tables_zip`, the files of ``framing analyze --out``
through :func:`write_csv` and :func:`write_csv_parts`, which also write
atomically (a killed run leaves the old file or none, never half a file).
"""

from __future__ import annotations

import glob
import io
import os
import re
import secrets
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["neutralise", "safe_csv", "tables_zip", "write_csv", "write_csv_parts"]

# A cell whose first visible character is one of these starts a formula in at
# least one common spreadsheet (OWASP "CSV injection"); the full-width forms
# are read as their ASCII twins by some East Asian locales.
_TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
# Characters a spreadsheet (or a person reading the cell) may not see, skipped
# before deciding a cell is a formula: NUL, the soft hyphen, zero-width
# characters, the Arabic letter mark, bidirectional marks, embeddings,
# overrides and isolates, the word joiner and invisible operators, and the BOM.
_INVISIBLE = (
    "\x00\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff"
)
# What may stand before a trigger and still let it through: whitespace, the
# invisible characters above, a double quote (``"=1`` is read as ``=1`` by
# importers that unquote loosely) and URL-encoded whitespace or NUL (``%0A=``,
# for tools that decode a cell before reading it).
_PREFIX = re.compile(r"(?:[\s\"" + re.escape(_INVISIBLE) + r"]|%(?:0[0-9a-f]|1[0-9a-f]|20))*", re.I)
# Dynamic Data Exchange calls run programs without a leading ``=`` in old Excel.
_DDE = re.compile(r"dde(?:auto)?\s*\(", re.I)


def neutralise(cell: str) -> str:
    """Make one text cell inert in a spreadsheet by prefixing a single quote.

    A cell is neutralised when its leading run of whitespace, invisible
    characters (NUL, soft hyphen, zero-width, bidirectional marks and
    isolates), double quotes and URL-encoded control characters (``%0A``)
    holds a tab or a carriage return, or ends before ``=``, ``+``, ``-`` or
    ``@`` (or their full-width forms) or a ``DDE(`` call.

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
    prefix = _PREFIX.match(cell).group()
    rest = cell[len(prefix) :]
    decoded = prefix.lower().replace("%09", "\t").replace("%0d", "\r")
    if "\t" in decoded or "\r" in decoded:
        return "'" + cell
    if rest[:1] and rest[0] in _TRIGGERS or _DDE.match(rest):
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


# A text cell can only need a quote when its first character is one of these
# (or whitespace): what ``_PREFIX`` skips, a trigger, or the "d" of ``DDE(``.
_RISKY_FIRST = frozenset(_TRIGGERS + _INVISIBLE + '"%dD')


def _safe_values(series: pd.Series) -> list[object]:
    """``_safe_cell`` of every value; the common safe text cell is passed by its
    first character alone (tables of 100,000 rows are written on every run)."""
    out: list[object] = []
    append = out.append
    for value in series.astype(object):
        if type(value) is str:
            first = value[:1]
            risky = first in _RISKY_FIRST or first.isspace()
            append(neutralise(value) if risky else value)
        else:
            append(_safe_cell(value))
    return out


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[col] = _safe_values(series)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _csv_text(df: pd.DataFrame, *, header: bool = True) -> str:
    return _safe_frame(df).to_csv(index=False, header=header, lineterminator="\r\n")


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
    return _csv_text(df).encode("utf-8-sig")


def tables_zip(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Several tables as one ZIP of safe CSV files (``<name>.csv`` each)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            safe_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name)) or "table"
            zf.writestr(f"{safe_name}.csv", safe_csv(df))
    return buf.getvalue()


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table to ``path`` as spreadsheet-safe CSV, atomically.

    The same bytes as :func:`safe_csv`. They go to a temporary file in the
    same folder that replaces ``path`` only once complete, so a run killed
    while writing leaves the previous file (or none), never half of one.

    Args:
        df: any DataFrame.
        path: the CSV file to write (its folder must exist).

    Returns:
        ``path``.
    """
    return write_csv_parts([df], path)


def write_csv_parts(parts: Iterable[pd.DataFrame], path: str | Path) -> Path:
    """Write a table that comes in parts (same columns) to one safe CSV file, atomically.

    For tables too large to hold whole, such as the per-sentence tables read
    batch by batch from the store: only one part is in memory at a time. The
    header is the first part's columns. With no parts at all, ``path`` is
    removed (there is no table to write).

    Args:
        parts: the table's parts, in order.
        path: the CSV file to write (its folder must exist).

    Returns:
        ``path``.
    """
    path = Path(path)
    _remove_dead_temporaries(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # os.open applies the umask, as a plain open() of the target would (mkstemp's 0600 would not).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    wrote = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            for part in parts:
                fh.write(_csv_text(part, header=not wrote))
                wrote = True
            fh.flush()
            os.fsync(fh.fileno())
        if wrote:
            os.replace(tmp, path)
        else:
            path.unlink(missing_ok=True)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _remove_dead_temporaries(path: Path) -> None:
    """Remove temporary files of ``path`` left by writers that were killed."""
    for old in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = old.name[len(path.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            old.unlink(missing_ok=True)  # its writer is gone
        except PermissionError:
            pass  # alive, another user's
