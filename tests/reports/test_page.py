"""framing.reports.page: a figure as a standalone page that works offline."""

from __future__ import annotations

import re

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from framing.reports.page import figure_html

PLOTLY_JS = get_plotlyjs()
URL = re.compile(r"https?://[^\s\"'<>)\\]+", re.IGNORECASE)


def _outside_library(page: str) -> str:
    """The page without the inlined plotly.js (whose source names URLs it never fetches)."""
    assert page.count(PLOTLY_JS) <= 1
    return page.replace(PLOTLY_JS, "")


def test_reports_page_figure_html_inlines_plotly_and_needs_no_network() -> None:
    fig = go.Figure(go.Bar(x=["</script><script>alert(1)</script>"], y=[1]))
    fig.update_layout(title="Coverage <b>matrix</b>")
    page = figure_html(fig)
    assert page.startswith("<!DOCTYPE html>")
    assert page.count(PLOTLY_JS) == 1  # the library itself, inline
    rest = _outside_library(page)
    assert "https://cdn" not in rest and not URL.search(rest)
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link\b", rest)
    assert "Content-Security-Policy" in rest and "default-src 'none'" in rest
    assert "<title>Coverage matrix</title>" in rest
    assert '"showSendToCloud": false' in rest  # no "Share chart" upload button
    # data cannot close the figure's script element
    assert "</script><script>alert(1)" not in rest


def test_reports_page_figure_html_escapes_the_page_title() -> None:
    page = figure_html(go.Figure(), title="<img src=x onerror=alert(1)>")
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in page
    assert "<img" not in _outside_library(page)
