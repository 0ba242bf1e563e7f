"""The offline HTML page: one shell for the event report and standalone figures.

- **HTML works offline.** plotly.js is inlined (once per page), there is no
  CDN, web font or stylesheet link, and a Content-Security-Policy forbids the
  page from fetching anything.
- **Data never becomes markup.** Every value from the data goes through
  :func:`esc` (``html.escape``) before it is written into the page.
"""

from __future__ import annotations

import html
import math
import re

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

__all__ = ["FONT_STACK", "PLOTLY_CONFIG", "esc", "figure_div", "figure_html", "page_html"]

# plotly.js 4 shows a "Share chart" button that uploads the data to Plotly
# Cloud: a report on untrusted or unpublished articles must not offer that.
PLOTLY_CONFIG = {
    "showSendToCloud": False,
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

# Scripts are inline (plotly.js and each figure's call); 'unsafe-eval' because
# plotly's WebGL traces (the event map) compile shader code at run time.
# Everything else, network included, is refused: the page cannot phone home
# and behaves the same offline.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:; "
    "form-action 'none'; base-uri 'none'"
)

FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute; missing -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def page_html(title: str, body: str, *, css: str = "", with_plotly: bool = False) -> str:
    """A complete HTML document under the offline Content-Security-Policy.

    Args:
        title: the page title (escaped here).
        body: the page body, already escaped markup.
        css: the inline stylesheet.
        with_plotly: inline plotly.js (about 5 MB), once for all figures.

    Returns:
        The document.
    """
    script = f"<script>{get_plotlyjs()}</script>\n" if with_plotly else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="framing-dashboard">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n{script}</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def figure_div(fig: go.Figure, height: str = "480px") -> str:
    """One figure as a ``<div>`` for a page that inlines plotly.js itself."""
    # plotly escapes '<', '>' and '/' in the figure JSON, so data cannot close
    # the script element.
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        config=PLOTLY_CONFIG,
        default_height=height,
        default_width="100%",
    )


def _figure_title(fig: go.Figure) -> str:
    text = fig.layout.title.text or "Figure"
    # base_layout puts the caption under the title after a <br>.
    return " ".join(re.sub(r"<[^>]+>", "", text.split("<br>")[0]).split()) or "Figure"


def figure_html(fig: go.Figure, *, title: str | None = None) -> str:
    """A figure as a standalone, interactive HTML page that works offline.

    plotly.js is inlined (the equivalent of ``include_plotlyjs=True``), so the
    file needs no network; zoom, hover and the PNG download keep working.

    Args:
        fig: the figure.
        title: the page title; defaults to the figure's title.

    Returns:
        A complete HTML document (about 5 MB, mostly plotly.js).
    """
    page_title = title or html.unescape(_figure_title(fig))
    css = f"html,body{{height:100%;margin:0;font-family:{FONT_STACK}}}.plot{{padding:8px}}"
    body = f'<div class="plot">{figure_div(fig, height="92vh")}</div>'
    return page_html(page_title, body, css=css, with_plotly=True)
