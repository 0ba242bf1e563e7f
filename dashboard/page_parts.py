"""Page parts: above ``common.LARGE`` shown articles, chart-heavy pages draw one at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from common import Context


# Sidebar chips show whole outlet names (Streamlit cuts them at a fixed width), and the
# box grows to hold them all instead of scrolling.
SIDEBAR_CSS = """<style>
.st-key-outlets [data-tag] { max-width: 100%; height: auto; }
.st-key-outlets [data-testid="stMultiSelect"] div {
  max-height: none !important; overflow-y: visible !important;
}
.st-key-outlets [data-tag] span[title] {
  max-width: none; white-space: normal; overflow: visible; text-overflow: clip;
  overflow-wrap: anywhere;
}
</style>"""


class Part:
    """One part of a page: a container to draw into, and whether to draw it now."""

    def __init__(self, container, open_: bool) -> None:
        self.container = container
        self.open = open_

    def __enter__(self) -> Part:
        self.container.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.container.__exit__(*exc)


def parts(ctx: Context, labels: Sequence[str], *, key: str) -> list[Part]:
    """Containers for the parts of a chart-heavy page.

    Up to ``LARGE`` shown articles every part is drawn, one under the other.
    Above, the parts become tabs and only the open one is drawn (a caption
    says so), so a page switch draws one chart, not all of them.

    Args:
        ctx: the page context (its article count decides).
        labels: one label per part (the tab names).
        key: widget key of the tabs (remembers the open one).
    """
    import common  # at call time: the threshold is common's (tests lower it there)

    if len(ctx.articles) <= common.LARGE:
        return [Part(st.container(), True) for _ in labels]
    st.caption(
        f"With {len(ctx.articles):,} articles shown, this page draws one part at a time: "
        "pick it in the tabs below."
    )
    tabs = st.tabs(list(labels), key=key, on_change="rerun")
    return [Part(tab, bool(tab.open)) for tab in tabs]


def relabel(key: str, options: Sequence) -> None:
    """Have the browser show a select box's current label afresh on this run.

    A keyed select box keeps its identity when its labels change (a count in
    them, say), and the browser keeps showing the label it had: "(4)" from the
    previous event. Setting the value through session state sends the current
    label with the widget. Call it before the widget is drawn.
    """
    offered = list(options)
    value = st.session_state.get(key)
    if value is not None and value in offered:
        st.session_state[key] = value
    elif offered:
        st.session_state[key] = offered[0]  # not offered any more: the first, shown as such
    else:
        st.session_state.pop(key, None)
