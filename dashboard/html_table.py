"""Tables of long text as HTML that wraps: Streamlit's grid cuts a cell at its column width."""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping

import pandas as pd

TABLE_STYLE = (
    "width:100%;border-collapse:collapse;table-layout:auto;font-size:0.92em;line-height:1.4"
)
CELL_STYLE = (
    "border-bottom:1px solid #e3e3e3;padding:5px 8px;text-align:left;vertical-align:top;"
    "white-space:normal;overflow-wrap:anywhere"
)

NOWRAP = ";white-space:nowrap;overflow-wrap:normal"


def table_html(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    formats: Mapping[str, Callable[[object], str]] | None = None,
    first_width: str | None = None,
    nowrap: Collection[str] = (),
) -> str:
    """An escaped HTML table of ``df`` whose cells wrap: no text is cut off.

    Args:
        df: the rows to show.
        columns: column name -> header, in the order shown; other columns are left out.
        formats: column name -> how a value is written (default ``str``); the
            result is escaped like every other cell.
        first_width: a CSS width for the first column (e.g. ``"14em"``), so a
            row's name stays readable beside wide text columns.
        nowrap: columns of short values (a kind, a number) that must not break
            inside a word when the wide columns squeeze them.

    Returns:
        ``<div class="wrap-table">`` with the table; wider than the page, it
        scrolls sideways instead of cutting columns.
    """
    formats = dict(formats or {})
    style = {c: CELL_STYLE + (NOWRAP if c in nowrap else "") for c in columns}
    head = "".join(
        f'<th style="{style[col]};font-weight:600;border-bottom:2px solid #bbb'
        f'{";width:" + first_width if first_width and i == 0 else ""}">'
        f"{html.escape(str(label))}</th>"
        for i, (col, label) in enumerate(columns.items())
    )
    rows = []
    for record in df[list(columns)].itertuples(index=False, name=None):
        cells = "".join(
            f'<td style="{style[col]}">{html.escape(_write(formats.get(col), value))}</td>'
            for col, value in zip(columns, record, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return (
        '<div class="wrap-table" style="overflow-x:auto">'
        f'<table style="{TABLE_STYLE}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _write(fmt: Callable[[object], str] | None, value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return fmt(value) if fmt is not None else str(value)
