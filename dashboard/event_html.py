"""Escaped HTML pieces of the Event comparison page: outlet badges and cue sentence lists.

A helper of ``views/events.py``, not a page. Every piece of article text is
escaped here or by ``framing.reports.highlight.highlight_html``.
"""

from __future__ import annotations

import html

import pandas as pd

from framing.reports.highlight import highlight_html

PER_ROW = 3
MAX_LISTED = 60


def rows(items: list, n: int = PER_ROW) -> list[list]:
    """``items`` in rows of ``n`` (the page's columns)."""
    return [items[i : i + n] for i in range(0, len(items), n)]


def outlet_badge(outlet: str, color: str, note: str = "") -> str:
    """An outlet's name in its colour, with an optional grey ``note``."""
    extra = f' <span style="font-weight:400;color:#666">{html.escape(note)}</span>' if note else ""
    return (
        f'<div style="border-left:6px solid {color};padding:2px 0 2px 8px;'
        f'font-weight:700;font-size:1.05em">{html.escape(outlet)}{extra}</div>'
    )


def sentence_list(listed: pd.DataFrame, titles: pd.Series, cats: dict) -> str:
    """Escaped HTML list: each cue's sentence with the cue marked, and its article."""
    items = []
    for r in listed.head(MAX_LISTED).itertuples(index=False):
        if r.sentence:
            offset = int(r.sentence_start)
            span = pd.DataFrame(
                [
                    {
                        "start": int(r.start) - offset,
                        "end": int(r.end) - offset,
                        "category": r.category,
                        "rationale": r.rationale,
                        "weight": r.weight,
                    }
                ]
            )
            body = highlight_html(r.sentence, span, cats, paragraphs=False)
        else:
            body = f"<b>{html.escape(str(r.phrase))}</b>"
        where = "title" if r.field == "title" else "text"
        title = html.escape(str(titles.get(r.id, r.id)))
        items.append(
            f'<li style="margin-bottom:6px">{body}<br>'
            f'<span style="color:#666;font-size:0.85em">in the {where} of “{title}”</span></li>'
        )
    more = len(listed) - MAX_LISTED
    tail = f"<p style='color:#666'>…and {more} more.</p>" if more > 0 else ""
    return f"<ul>{''.join(items)}</ul>{tail}"
