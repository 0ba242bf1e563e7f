"""Two outlets: one event's articles by two outlets, aligned sentence by sentence.

The alignment is ``framing.compare.pair.pair_outlets`` over the stored sentence
vectors (``framing.embed.cache.stored_vectors``); this page picks the event
and the outlets and draws the table as two escaped HTML columns.
"""

from __future__ import annotations

import dataclasses
import html

import streamlit as st

import common
import framing
from framing.compare.pair import DEFAULT_PAIR_THRESHOLD, pair_outlets, word_spans
from framing.embed.cache import stored_vectors
from framing.model_choice import stored_model_id
from framing.viz.theme import outlet_colors

MAX_ROWS = 200
# Differing words: a colour and an underline, so they are told apart without colour.
MARK = (
    '<mark style="background:{bg};color:inherit;text-decoration:underline 2px;'
    'text-underline-offset:3px;padding:0 1px">{word}</mark>'
)
MISSING = (
    '<div style="color:#666;font-style:italic;border:1px dashed #bbb;padding:4px 8px">'
    "{outlet} has no sentence like this</div>"
)

ctx = common.get_context()
st.title("Two outlets")
st.caption(
    "One event as two outlets told it: their sentences lined up by meaning. Underlined words "
    "are the ones one outlet used and the other did not; a dashed box marks a fact one of "
    "them left out."
)
if ctx is None or ctx.events.empty:
    st.info("No event matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()
if "sentences" not in ctx.tables:
    st.warning(
        "This article set was analysed without framing cues (`--no-cues`), so its sentences "
        "were not stored. Re-analyse it with cues to compare two outlets."
    )
    st.stop()

# Only events that two of the shown outlets covered can be compared.
spread = ctx.articles.groupby("event_id")["outlet"].nunique()
shared = ctx.events[ctx.events["event_id"].map(spread).fillna(0) >= 2]
if shared.empty:
    st.info(
        "No event is covered by two of the outlets shown. Widen the outlet or date filters "
        "in the sidebar."
    )
    st.stop()
event_id = common.event_picker(
    dataclasses.replace(ctx, events=shared),
    "pair_event_id",
    help="Events covered by at least two of the outlets shown.",
)
members = ctx.articles[ctx.articles["event_id"] == event_id]
outlets = sorted(members["outlet"].unique())
left, right, slider = st.columns([2, 2, 2])
outlet_a = left.selectbox("Outlet A", outlets, index=0, key="pair_outlet_a")
others = [o for o in outlets if o != outlet_a]
outlet_b = right.selectbox("Outlet B", others, index=0, key="pair_outlet_b")
threshold = slider.slider(
    "How alike two sentences must be to pair them",
    min_value=0.3,
    max_value=0.9,
    value=DEFAULT_PAIR_THRESHOLD,
    step=0.05,
    key="pair_threshold",
    help="Cosine similarity of the sentences' meaning vectors. Lower pairs more loosely.",
)


def _table():
    store = common.get_store(ctx.db_path)
    sents = ctx.event_table("sentences", event_id)
    sents = sents[sents["id"].isin(members.loc[members["outlet"].isin([outlet_a, outlet_b]), "id"])]
    sents = sents[sents["field"] == "text"]
    model_id = stored_model_id(ctx.corpus, store) or ""
    model = common.analysis_model(store, ctx.corpus)
    vectors = stored_vectors(
        sents["sentence"].tolist(), store, model_id, common.get_embedder(model)
    )
    return pair_outlets(
        ctx.articles,
        sents,
        vectors,
        event_id=event_id,
        outlet_a=outlet_a,
        outlet_b=outlet_b,
        threshold=threshold,
    )


try:
    table = ctx.cached(("pair", event_id, outlet_a, outlet_b, threshold), _table)
except framing.FramingError as exc:
    st.error(common.plain(exc))
    st.stop()

counts = table["status"].value_counts()
colors = outlet_colors(ctx.all_outlets)
a_col, b_col, c_col = st.columns(3)
a_col.metric("Sentences paired", int(counts.get("matched", 0)))
b_col.metric(f"Only in {outlet_a}", int(counts.get("only_a", 0)))
c_col.metric(f"Only in {outlet_b}", int(counts.get("only_b", 0)))
show = st.radio(
    "Show",
    ["Everything", "Only what one left out", "Only paired sentences"],
    horizontal=True,
    key="pair_show",
)
if show == "Only what one left out":
    table = table[table["status"] != "matched"]
elif show == "Only paired sentences":
    table = table[table["status"] == "matched"]


def _marked(text: str, forms: str, bg: str) -> str:
    """``text`` escaped, with the words of ``forms`` marked."""
    out, at = [], 0
    for start, end in word_spans(text, forms) if forms else []:
        out.append(html.escape(text[at:start]))
        out.append(MARK.format(bg=bg, word=html.escape(text[start:end])))
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def _cell(row, side: str, other: str) -> str:
    text = getattr(row, f"text_{side}")
    if not text:
        return MISSING.format(outlet=html.escape(getattr(row, f"outlet_{side}")))
    body = _marked(
        text, getattr(row, f"words_only_{side}"), "#fde68a" if side == "a" else "#bfdbfe"
    )
    note = ""
    if row.status != "matched":
        note = (
            '<div style="font-size:0.8em;color:#666">'
            f"left out by {html.escape(other)} · closest {row.similarity:.2f}</div>"
        )
    border = "3px solid #999" if row.status == "matched" else "3px dashed #c2410c"
    return f'<div style="border-left:{border};padding:4px 8px">{body}{note}</div>'


badge = '<div style="border-left:6px solid {color};padding:2px 8px;font-weight:700">{name}</div>'
head = "<div></div>".join(
    badge.format(color=colors.get(o, "#999"), name=html.escape(o)) for o in (outlet_a, outlet_b)
)
rows = [
    f'<div style="display:grid;grid-template-columns:1fr 4em 1fr;gap:8px;'
    f'margin-bottom:6px;align-items:start">{_cell(r, "a", outlet_b)}'
    f'<div style="text-align:center;color:#666;font-size:0.85em">'
    f"{f'{r.similarity:.2f}' if r.status == 'matched' else ''}</div>"
    f"{_cell(r, 'b', outlet_a)}</div>"
    for r in table.head(MAX_ROWS).itertuples(index=False)
]
st.html(
    '<div style="display:grid;grid-template-columns:1fr 4em 1fr;gap:8px;margin-bottom:8px">'
    f"{head}</div>{''.join(rows)}"
)
if len(table) > MAX_ROWS:
    st.caption(f"Showing the first {MAX_ROWS} of {len(table)} rows.")
with st.expander("The table behind this view"):
    st.dataframe(table, hide_index=True, width="stretch")
