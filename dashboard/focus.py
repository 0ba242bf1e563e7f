"""Open Event comparison on one sentence: the session keys another page sets.

A page that lists sentences (Search) calls ``open_in_event``: it records the
event, the article and the sentence's character offsets in the article's text
under the keys below and switches to Event comparison, which reads them to
show that article with the sentence highlighted.

Keys: ``focus_event_id`` (int), ``focus_article_id`` (str), ``focus_start``
and ``focus_end`` (int offsets into the article's ``text``), and
``focus_field`` (``text`` or ``title``: which of the two the offsets index).
"""

from __future__ import annotations

import streamlit as st

import state

FOCUS_EVENT = "focus_event_id"
FOCUS_ARTICLE = "focus_article_id"
FOCUS_START = "focus_start"
FOCUS_END = "focus_end"
FOCUS_FIELD = "focus_field"
EVENTS_PAGE = "views/events.py"


def set_focus(event_id: int, article_id: str, start: int, end: int, field: str = "text") -> None:
    """Record the sentence to open, and make Event comparison start on its event."""
    st.session_state[FOCUS_EVENT] = int(event_id)
    st.session_state[FOCUS_ARTICLE] = str(article_id)
    st.session_state[FOCUS_START] = int(start)
    st.session_state[FOCUS_END] = int(end)
    st.session_state[FOCUS_FIELD] = field
    # The event picker starts on the event picked last; its own widget value
    # would win, so it is dropped rather than set (setting it as well as an
    # index would make Streamlit warn).
    st.session_state[state.CHOSEN_EVENT] = int(event_id)
    st.session_state.pop(state.EVENT, None)


def open_in_event(event_id: int, article_id: str, start: int, end: int, field: str = "text"):
    """``set_focus`` and switch to Event comparison."""
    set_focus(event_id, article_id, start, end, field)
    st.switch_page(EVENTS_PAGE)
