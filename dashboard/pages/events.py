"""Events: pick an event and read how each outlet covered it."""

from __future__ import annotations

import streamlit as st

import common
import state

ctx = common.get_context()
st.title("Events")
if ctx is None or ctx.events.empty:
    st.info("No event matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()

events = ctx.events
st.dataframe(
    events[["event_id", "label", "headline", "n_articles", "n_outlets", "start", "end"]],
    hide_index=True,
    width="stretch",
    column_config={
        "event_id": "Event",
        "label": "Label",
        "headline": "Most central headline",
        "n_articles": "Articles",
        "n_outlets": "Outlets",
        "start": "First",
        "end": "Last",
    },
)
options = events["event_id"].tolist()
labels = dict(zip(events["event_id"], events["label"], strict=True))
event_id = st.selectbox(
    "Event", options, format_func=lambda e: f"E{e}: {labels[e]}", key=state.EVENT
)
members = ctx.articles[ctx.articles["event_id"] == event_id]
full = common.load_articles(ctx.db_path, ctx.corpus, ctx.corpus_hash).set_index("id")
st.subheader(f"{len(members)} article(s) from {members['outlet'].nunique()} outlet(s)")
if len(members) == 1:
    st.caption("Only one outlet covered this event, so there is nothing to compare it with.")
silent = sorted(set(ctx.all_outlets) - set(members["outlet"]))
if silent:
    st.caption("Silent on this event: " + ", ".join(silent))
cols = st.columns(min(len(members), 3))
for i, row in enumerate(members.sort_values("outlet").itertuples(index=False)):
    with cols[i % len(cols)], st.container(border=True):
        st.markdown(f"**{common.plain(row.outlet)}** · {common.plain(row.published or 'no date')}")
        st.markdown(f"#### {common.plain(row.title)}")
        with st.expander("Read the article"):
            st.markdown(common.plain(full.loc[row.id, "text"]))
