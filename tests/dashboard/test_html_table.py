"""HTML tables of long text: whole cells, escaped, wrapping."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dashboard"))
import html_table  # noqa: E402


def test_html_table_keeps_every_word_and_wraps() -> None:
    long = "A sentence far longer than any column of the grid would show " * 4
    df = pd.DataFrame({"score": [0.876], "sentence": [long + "<b>end</b>"], "other": ["x"]})
    out = html_table.table_html(
        df, {"sentence": "Sentence", "score": "Score"}, formats={"score": "{:.2f}".format}
    )
    assert long.strip() in out  # nothing cut off
    assert "&lt;b&gt;end&lt;/b&gt;" in out and "<b>end" not in out
    assert "white-space:normal" in out and "overflow-wrap:anywhere" in out
    assert out.index("Sentence") < out.index("Score")  # the order asked for
    assert "0.88" in out and ">x<" not in out  # formatted; unlisted column left out


def test_html_table_writes_missing_values_as_empty_cells() -> None:
    df = pd.DataFrame({"a": ["one", None], "b": [1.0, float("nan")]})
    out = html_table.table_html(df, {"a": "A", "b": "B"}, first_width="10em")
    assert out.count("<td") == 4 and "nan" not in out and "None" not in out
    assert "width:10em" in out


def test_html_table_short_columns_do_not_break_inside_a_word() -> None:
    df = pd.DataFrame({"kind": ["thing"], "text": ["a long wording " * 20]})
    out = html_table.table_html(df, {"kind": "Kind", "text": "Text"}, nowrap=("kind",))
    cells = out.split("<td")[1:]
    assert "white-space:nowrap" in cells[0] and "thing" in cells[0]
    assert "white-space:nowrap" not in cells[1]  # the long text still wraps
    assert out.split("<th style")[1].count("white-space:nowrap") == 1  # its header too
