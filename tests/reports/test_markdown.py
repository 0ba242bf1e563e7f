"""framing.reports.markdown: untrusted text made literal for Markdown renderers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing.reports.markdown import md_escape, md_escape_frame, md_unescape

PAYLOADS = [
    "Pixel ![p](http://127.0.0.1:9/t.png) Wire",
    "[x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "http://127.0.0.1:9/auto",
    "www.example.com",
    "someone@example.com",
    "**bold** _it_ `code` ~~gone~~",
    ":red[colour] :material/home: $x^2$",
    "# heading\n---\n| a | b |",
    "&lt;b&gt; &amp;",
    "<http://127.0.0.1:9/angle>",
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_reports_markdown_md_escape_leaves_no_markup(text: str) -> None:
    out = md_escape(text)
    specials = set("\\`*_{}[]()#+-.!|<>~$&:@=")
    # every special character is escaped, so none can open a link, tag or format
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert out[i + 1] in specials
            i += 2
            continue
        assert out[i] not in specials, (text, out, i)
        i += 1
    # GFM finds autolinks once the escapes are resolved: the resolved text has none
    resolved = out.replace("\\", "")  # no payload here holds a backslash of its own
    assert not re.search(r"https?://|www\.|[-.\w+]@", resolved)


@pytest.mark.parametrize("text", [*PAYLOADS, "Café · 朝鲜"])
def test_reports_markdown_md_unescape_gives_the_text_back(text: str) -> None:
    assert md_unescape(md_escape(text)) == text


def test_reports_markdown_md_escape_drops_controls_and_keeps_line_breaks() -> None:
    assert md_escape("a\x1b[31mb\x07\nc") == "a\\[31mb  \nc"
    assert md_escape(3.5) == "3\\.5"


def test_reports_markdown_md_escape_frame_escapes_text_cells_only() -> None:
    df = pd.DataFrame({"Outlet": ["[x](javascript:1)", "Wire"], "n": [-1.5, 2.0]})
    out = md_escape_frame(df)
    assert out["Outlet"].tolist() == ["\\[x\\]\\(javascript\\:1\\)", "Wire"]
    assert out["n"].tolist() == [-1.5, 2.0]
    assert list(out.columns) == ["Outlet", "n"]
    assert df["Outlet"].iloc[0] == "[x](javascript:1)"  # a copy
