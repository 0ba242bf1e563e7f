"""Overview: counts, the event map and the coverage matrix."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import common
from framing import viz


def _span(dates) -> tuple[int, str]:
    first, last = pd.to_datetime(min(dates)), pd.to_datetime(max(dates))
    return (last - first).days + 1, f"{first:%d %b %Y} to {last:%d %b %Y}"


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

st.plotly_chart(viz.event_map(a, ctx.all_outlets), width="stretch")
st.plotly_chart(viz.coverage_matrix(a, ctx.events), width="stretch")
if not dated.empty:
    st.plotly_chart(viz.events_timeline(a, ctx.all_outlets), width="stretch")
