"""Articles: add a date to an article that has none, or correct a wrong one.

Dates are set through ``framing.dates`` (validated, kept in the store by
article id, so a re-ingest keeps them). The page says when the stored
analysis still shows the old dates and offers to analyse the set again
(``run.run_analysis``). Not offered in read-only mode.
"""

from __future__ import annotations

import streamlit as st

import common
import framing
import gate
from framing.dates import article_dates, set_article_date, stale_dates
from run import run_analysis

SAVED = "articles_saved"  # the last save's message, shown after the rerun

ctx = common.get_context()
st.title("Articles")
st.caption(
    "Every article of the set with its date. Add a date where the input had none, or "
    "correct a wrong one: your dates are kept when the same files are read again."
)
if gate.read_only():
    st.info(gate.READ_ONLY_NOTE)
    st.stop()
if ctx is None:
    st.info("No article set is ready yet.")
    st.stop()
store = common.get_store(ctx.db_path)
dates = article_dates(store, ctx.corpus)
analysed = common.load_tables(ctx.db_path, ctx.corpus, ctx.corpus_hash)
stale = stale_dates(analysed["articles"], store, ctx.corpus) if analysed else dates.iloc[:0]

if st.session_state.get(SAVED):
    st.success(st.session_state.pop(SAVED))
if not stale.empty:
    st.warning(
        f"The analysis is out of date: {len(stale)} article date(s) changed since it ran, "
        "so the events, time lines and filters still use the old dates."
    )
    if st.button("Analyse the set again now", type="primary", key="articles_reanalyse"):
        try:
            run_analysis(ctx.corpus, store)
        except framing.FramingError as exc:
            st.error(common.plain(exc))
            st.stop()
        st.session_state[SAVED] = "Analysed again with the new dates."
        st.rerun()

undated = int((dates["published"] == "").sum())
st.write(
    f"**{len(dates)}** articles, **{undated}** without a date, "
    f"**{int(dates['edited'].sum())}** with a date you set."
)
only_undated = st.toggle(
    "Only articles without a date", value=undated > 0, key="articles_only_undated"
)
listed = dates[dates["published"] == ""] if only_undated else dates
st.dataframe(
    listed[["id", "outlet", "title", "published", "edited", "ingested", "published_raw"]],
    hide_index=True,
    width="stretch",
    column_config={
        "id": "Article id",
        "outlet": "Outlet",
        "title": st.column_config.TextColumn("Title", width="medium"),
        "published": "Date in use",
        "ingested": "Date in the input",
        "published_raw": "As the input wrote it",
        "edited": st.column_config.CheckboxColumn("Set by you"),
    },
)

if listed.empty:
    st.info("Every article has a date. Turn the switch off to correct one.")
    st.stop()
titles = dict(zip(listed["id"], listed["title"], strict=True))
outlets = dict(zip(listed["id"], listed["outlet"], strict=True))
with st.form("articles_date_form"):
    article_id = st.selectbox(
        "Article",
        listed["id"].tolist(),
        format_func=lambda i: f"{outlets[i]}: {titles[i][:80]} ({i})",
        key="articles_pick",
    )
    value = st.text_input(
        "Date (YYYY-MM-DD)",
        key="articles_date",
        placeholder="2024-03-15",
        help="Leave empty and press 'Remove my date' to go back to the input's date.",
    )
    save, remove = st.columns(2)
    saved = save.form_submit_button("Save date", type="primary")
    removed = remove.form_submit_button("Remove my date")
if saved or removed:
    try:
        result = set_article_date(store, ctx.corpus, article_id, "" if removed else value)
    except framing.FramingError as exc:
        st.error(common.plain(exc))
        st.stop()
    st.session_state[SAVED] = common.plain(
        f"Article {article_id} now has the date {result}."
        if result
        else f"Article {article_id} is back to the date its input gave."
    )
    st.rerun()
