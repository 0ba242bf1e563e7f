"""Overview: counts, the event map and the coverage matrix."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import common
import state
from framing import viz
from framing.events.hierarchy import GRANULARITY, regroup


def _span(dates) -> tuple[int, str]:
    first, last = pd.to_datetime(dates.min()), pd.to_datetime(dates.max())
    return (last - first).days + 1, f"{first:%d %b %Y} to {last:%d %b %Y}"


def _open_clicked(clicked, level: str) -> None:
    """A clicked dot opens its article (and event) on Event comparison (``focus``)."""
    points = (clicked or {}).get("selection", {}).get("points", []) if clicked else []
    for point in points:
        data = point.get("customdata")
        if not (isinstance(data, list | tuple) and len(data) == 2):
            continue
        article = str(data[1])
        # At another granularity the dot's event is a regrouped one: open the stored one.
        stored = ctx.articles.loc[ctx.articles["id"] == article, "event_id"]
        if stored.empty:
            continue
        st.session_state[state.FOCUS_EVENT] = int(stored.iloc[0])
        st.session_state[state.FOCUS_ARTICLE] = article
        st.session_state[state.FOCUS_START] = 0
        st.session_state[state.FOCUS_END] = 0  # no sentence: the article itself
        st.switch_page("views/events.py")


ctx = common.get_context()
st.title("Overview")
if ctx is None or ctx.articles.empty:
    st.info("No article matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()

a = ctx.articles
c1, c2, c3, c4 = st.columns(4)
c1.metric("Articles", len(a))
c2.metric("Outlets", a["outlet"].nunique())
c3.metric("Events", a["event_id"].nunique())
dated = a.loc[a["published"].astype(str) != "", "published"]
if dated.empty:
    c4.metric("Days covered", "no dates")
else:
    days, span = _span(dated)
    c4.metric("Days covered", days, help=f"Published {span}")
    st.caption(f"Articles published {span}; {len(a) - len(dated)} without a date.")

if a["outlet"].nunique() == 1:
    st.warning("Only one outlet is shown: comparisons need at least two.")

# Figures are built once per filter state (about a second at 10,000 articles),
# then shared. A big set draws one chart at a time, and a sample of the map:
# drawing them took the browser seconds.
large = len(a) > common.LARGE
stories = "storyline_id" in ctx.events.columns and not dated.empty
names = ["Event map", "Coverage"] + ([] if dated.empty else ["Over time"])
names += ["Storylines"] if stories else []
parts = common.parts(ctx, names, key="overview_chart")
merges = ctx.tables.get("event_merges")
with parts[0] as part:
    if part.open:
        level = "as grouped"
        if merges is not None and len(merges):
            level = st.select_slider(
                "Event granularity",
                options=list(GRANULARITY),
                value="as grouped",
                key="overview_granularity",
                help="Make events finer or coarser at once, from the grouping's own merge "
                "history: nothing is embedded or grouped again. Other pages keep the stored "
                "events.",
            )
        shown = a
        if level != "as grouped":
            per_article, groups = ctx.cached(
                ("regroup", level), lambda: regroup(a, ctx.events, merges, GRANULARITY[level])
            )
            labels = dict(zip(groups["group_id"], groups["label"], strict=True))
            shown = a.assign(
                event_id=per_article.to_numpy(), event_label=per_article.map(labels).to_numpy()
            )
            st.caption(
                f"{len(groups)} events at this granularity ({a['event_id'].nunique()} as grouped)."
            )
            st.dataframe(
                groups.assign(event_ids=groups["event_ids"].map(lambda e: ", ".join(map(str, e)))),
                hide_index=True,
                column_config={"event_ids": "stored events", "group_id": None},
            )
        clicked = st.plotly_chart(
            ctx.cached(
                ("overview_map", level),
                lambda: viz.event_map(
                    shown, ctx.all_outlets, max_points=common.MAP_POINTS if large else None
                ),
            ),
            width="stretch",
            key="overview_map",
            on_select="rerun",
            selection_mode="points",
        )
        st.caption("Click a dot to open its article on Event comparison.")
        _open_clicked(clicked, level)
        if large:
            st.caption(
                "The map shows a sample of the articles; the Export page has the map of all "
                "of them as an interactive file."
            )
with parts[1] as part:
    if part.open:
        st.plotly_chart(
            ctx.cached("overview_coverage", lambda: viz.coverage_matrix(a, ctx.events)),
            width="stretch",
        )
if not dated.empty:
    with parts[2] as part:
        if part.open:
            st.plotly_chart(
                ctx.cached("overview_timeline", lambda: viz.events_timeline(a, ctx.all_outlets)),
                width="stretch",
            )
if stories:
    with parts[-1] as part:
        if part.open:
            st.plotly_chart(
                ctx.cached("overview_storylines", lambda: viz.storyline_timeline(ctx.events, a)),
                width="stretch",
            )
