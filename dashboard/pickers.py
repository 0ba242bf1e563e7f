"""The event picker every event page shares (re-exported by ``common``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from common import Context


def event_picker(ctx: Context, key: str, *, help: str | None = None) -> int:
    """An event selectbox that starts on the event picked last on any page.

    Args:
        ctx: the page context (its ``events`` are the options).
        key: this page's widget key.
        help: tooltip.
    """
    import state

    events = ctx.events
    options = events["event_id"].tolist()
    labels = dict(zip(events["event_id"], events["label"], strict=True))
    if st.session_state.get(key) not in options:
        # Set through session state, not ``index``: the browser then shows it too.
        current = st.session_state.get(state.CHOSEN_EVENT)
        st.session_state[key] = current if current in options else options[0]

    def remember() -> None:
        st.session_state[state.CHOSEN_EVENT] = st.session_state[key]

    choice = st.selectbox(
        "Event",
        options,
        format_func=lambda e: f"E{e}: {labels[e]}",
        key=key,
        on_change=remember,
        help=help,
    )
    return int(choice)
