"""Event comparison's "focus": another page asks it to open one sentence of one article.

The contract (docs/dashboard.md): a page sets ``state.FOCUS_EVENT``,
``state.FOCUS_ARTICLE``, ``state.FOCUS_START`` and ``state.FOCUS_END`` (character
offsets into the article's text; ``state.FOCUS_FIELD`` "title" when they index
the title) and calls ``st.switch_page("views/events.py")`` (``open_in_event``
does both).
Event comparison takes the request (clearing the four keys), opens the event,
shows the article with the sentence marked and scrolls to it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import state
from framing.reports.highlight import highlight_html, spans_in

EVENTS_PAGE = "views/events.py"
SHOWN = "event_focus"  # the request taken, kept while its event is on screen
ANCHOR = "framing-focus"
FOCUS_STYLE = (
    "background:#FFF3B0;outline:2px solid #332288;outline-offset:2px;border-radius:2px;"
    "scroll-margin-top:120px"
)
# Constant code, no data in it: it only scrolls to the marked sentence.
SCROLL_JS = (
    "<script>setTimeout(function () {"
    f"var el = document.getElementById('{ANCHOR}') || document.getElementById('{ANCHOR}-article');"
    "if (el) { el.scrollIntoView({block: 'center'}); }}, 300);</script>"
)


@dataclass(frozen=True)
class Focus:
    """One sentence to show: its event, article and character offsets in the text."""

    event_id: int
    article_id: str
    start: int
    end: int


def take(event_ids: list[int]) -> Focus | None:
    """Take a pending focus request (clearing its keys) and point the event picker at it.

    Returns the request when it names an event among ``event_ids`` (the
    filters may hide it), else ``None``. Call before the event picker is drawn.
    """
    ss = st.session_state
    keys = (state.FOCUS_EVENT, state.FOCUS_ARTICLE, state.FOCUS_START, state.FOCUS_END)
    if state.FOCUS_EVENT not in ss:
        return None
    raw = [ss.pop(k, None) for k in keys]
    if ss.pop(state.FOCUS_FIELD, "text") == "title":
        # The offsets index the title, not the text: open the article unmarked.
        raw[2] = raw[3] = 0
    try:
        focus = Focus(int(raw[0]), str(raw[1]), int(raw[2]), int(raw[3]))
    except (TypeError, ValueError):
        st.warning("The sentence to open was not given in full, so the page opens as usual.")
        return None
    if focus.event_id not in event_ids:
        st.info(f"Event E{focus.event_id} is hidden by the sidebar filters: widen them to open it.")
        return None
    ss[state.EVENT] = focus.event_id
    ss[state.CHOSEN_EVENT] = focus.event_id
    ss[SHOWN] = focus
    return focus


def set_focus(event_id: int, article_id: str, start: int, end: int, field: str = "text") -> None:
    """Record a request to open one sentence (offsets into ``field``: text or title)."""
    ss = st.session_state
    ss[state.FOCUS_EVENT] = int(event_id)
    ss[state.FOCUS_ARTICLE] = str(article_id)
    ss[state.FOCUS_START] = int(start)
    ss[state.FOCUS_END] = int(end)
    ss[state.FOCUS_FIELD] = field


def open_in_event(event_id: int, article_id: str, start: int, end: int, field: str = "text"):
    """``set_focus``, then switch to Event comparison, which takes the request."""
    set_focus(event_id, article_id, start, end, field)
    st.switch_page(EVENTS_PAGE)


def current(event_id: int) -> Focus | None:
    """The focus taken earlier, while its event is the one shown; forgotten otherwise."""
    focus = st.session_state.get(SHOWN)
    if focus is not None and focus.event_id != event_id:
        st.session_state.pop(SHOWN, None)
        return None
    return focus


def focused_text(
    text: str, spans: pd.DataFrame, cats: dict, start: int, end: int, voices=None
) -> str:
    """Escaped HTML of an article's text with one sentence marked and anchored.

    Args:
        text: the article text (offsets index it).
        spans: its cue spans (``start, end, category, rationale, weight``).
        cats: cue categories by key.
        start: where the sentence starts.
        end: where it ends.
        voices: its voice spans (``start, end, voice``), or ``None``.

    Returns:
        A ``<div>`` keeping the text's line breaks; the sentence sits in
        ``<span id="framing-focus">``, its cues still highlighted inside it.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    pieces = []
    for a, b, marked in ((0, start, False), (start, end, True), (end, len(text), False)):
        if a >= b:
            continue
        body = highlight_html(
            text[a:b],
            spans_in(spans, a, b),
            cats,
            paragraphs=False,
            voices=spans_in(voices, a, b),
        )
        if marked:
            body = f'<span id="{ANCHOR}" class="focus-sentence" style="{FOCUS_STYLE}">{body}</span>'
        pieces.append(body)
    return f'<div style="white-space:pre-wrap;line-height:1.6">{"".join(pieces)}</div>'


def focus_box(focus: Focus, members: pd.DataFrame, body: str) -> str:
    """The header above the focused article: which article, and why it is shown."""
    row = members.loc[members["id"] == focus.article_id]
    title = html.escape(str(row["title"].iloc[0])) if len(row) else html.escape(focus.article_id)
    outlet = html.escape(str(row["outlet"].iloc[0])) if len(row) else ""
    what = "The sentence you opened" if focus.end > focus.start else "The article you opened"
    return (
        f'<div id="{ANCHOR}-article" class="focus-article" style="border:2px solid #332288;'
        'border-radius:6px;padding:10px 14px;margin:6px 0 14px 0;scroll-margin-top:120px">'
        f'<div style="color:#332288;font-weight:600;font-size:0.9em">{what}</div>'
        f'<div style="font-weight:700;font-size:1.1em;margin:4px 0 8px 0">{title}'
        f' <span style="font-weight:400;color:#555">· {outlet}</span></div>{body}</div>'
    )
