"""Search: every sentence of the shown articles that holds the words typed.

The search is ``framing.search.search`` over the articles the sidebar filters
keep (and the events picked here). Each hit's button opens Event comparison on
its article with the sentence highlighted (``focus.open_in_event``).
"""

from __future__ import annotations

import html

import streamlit as st

import common
import focus
import framing
from framing.search import SearchIndex, search

PER_PAGE = 25
MARK = (
    '<mark style="background:#fde68a;color:inherit;text-decoration:underline 2px;'
    'text-underline-offset:3px">{}</mark>'
)

ctx = common.get_context()
st.title("Search")
st.caption(
    "Find sentences across the article set. Several words: sentences holding all of them. "
    '"Words in quotes": that phrase. A word ending in \\*: any word it begins (provoc\\*).'
)
if ctx is None or ctx.articles.empty:
    st.info("No article matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()

query = st.text_input("Search for", key="search_query", placeholder='e.g. "war games" or provoc*')
labels = dict(zip(ctx.events["event_id"], ctx.events["label"], strict=True))
picked = st.multiselect(
    "In these events only",
    list(labels),
    format_func=lambda e: f"E{e}: {labels[e]}",
    key="search_events",
    help="Empty: every event. The sidebar's outlet and date filters apply as well.",
)
if not query.strip():
    st.info("Type a word or a phrase to search the articles shown.")
    st.stop()

articles = ctx.articles
if picked:
    articles = articles[articles["event_id"].isin(picked)]


def _index() -> SearchIndex:
    sentences = ctx.table("sentences")
    return SearchIndex(ctx.articles, ctx.texts()["text"], None if sentences.empty else sentences)


def _hits():
    # One index per article set and filters, shared by every query.
    return search(query, articles, index=ctx.cached("search_index", _index))


try:
    hits = ctx.cached(("search", query, tuple(sorted(picked))), _hits)
except framing.FramingError as exc:
    st.error(common.plain(exc))
    st.stop()

if hits.empty:
    st.info(f"No sentence of the {len(articles)} articles shown holds {common.plain(query)}.")
    st.stop()
n_articles = hits["article_id"].nunique()
st.write(
    f"**{len(hits)}** sentences in **{n_articles}** articles "
    f"({hits['outlet'].nunique()} outlets) hold it."
)
pages = (len(hits) - 1) // PER_PAGE + 1
page = (
    st.number_input("Page", min_value=1, max_value=pages, value=1, key="search_page")
    if pages > 1
    else 1
)
shown = hits.iloc[(page - 1) * PER_PAGE : page * PER_PAGE]


def _marked(sentence: str, offset: int, matches) -> str:
    out, at = [], 0
    for start, end in matches:
        start, end = start - offset, end - offset
        out.append(html.escape(sentence[at:start]))
        out.append(MARK.format(html.escape(sentence[start:end])))
        at = end
    out.append(html.escape(sentence[at:]))
    return "".join(out)


for n, hit in enumerate(shown.itertuples(index=False)):
    body, button = st.columns([6, 1])
    where = " (title)" if hit.field == "title" else ""
    body.html(
        f'<div style="margin-bottom:2px">{_marked(hit.sentence, hit.sentence_start, hit.matches)}'
        f'</div><div style="font-size:0.85em;color:#555">{html.escape(str(hit.outlet))} · '
        f"{html.escape(str(hit.published) or 'no date')} · “{html.escape(str(hit.title))}”"
        f"{where} · E{int(hit.event_id)}: {html.escape(str(labels.get(hit.event_id, '')))}</div>"
    )
    if button.button("Open", key=f"search_open_{(page - 1) * PER_PAGE + n}", help="Open its event"):
        focus.open_in_event(
            hit.event_id, hit.article_id, hit.sentence_start, hit.sentence_end, hit.field
        )
