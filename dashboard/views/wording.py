"""Who called it what: the referent x outlet wording matrix of one event."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

import common
import html_table
import quotes
import referent_panel
from framing.compare import event as ce
from framing.compare import referents as cr
from framing.reports.highlight import highlight_html
from framing.viz import event as event_viz
from framing.viz.theme import outlet_colors

PER_ROW = 3
HEATMAP_ROWS = 20


def _sentence_html(behind: pd.DataFrame, cats: dict) -> tuple[str, ...]:
    """Each sentence behind a cell, its labels marked, with where it stands."""
    out = []
    for sent in behind.itertuples(index=False):
        marks = pd.DataFrame(
            [(a, b, ce.WORDING_CATEGORY.key, sent.labels, 1.0) for a, b in sent.spans],
            columns=["start", "end", "category", "rationale", "weight"],
        )
        said = " (quoted)" if sent.voice == "quoted" else ""
        where = "headline" if sent.field == "title" else "text"
        out.append(
            highlight_html(sent.sentence, marks, cats, paragraphs=False)
            + f'<div style="color:#666;font-size:0.8em">{where}{said}, '
            f"{html.escape(str(sent.id))}</div>"
        )
    return tuple(out)


ctx = common.get_context()
st.title("Who called it what")
st.caption(
    "Each row is one thing the articles about an event talk about; each column shows "
    "the words one outlet used for it, so different names for the same thing sit side by side."
)
if ctx is None or ctx.events.empty:
    st.info("No event matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()
if "alignment" not in ctx.tables:
    st.warning(
        "This article set was analysed without framing cues (`--no-cues`), so there is no "
        "wording table. Re-analyse it with cues to see who called it what."
    )
    st.stop()

event_id = common.event_picker(
    ctx,
    "wording_event_id",
    help="Events are groups of articles about the same happening, found automatically.",
)
members = ctx.articles[ctx.articles["event_id"] == event_id]
event_outlets = sorted(members["outlet"].unique())
colors = outlet_colors(ctx.all_outlets)

alignment = referent_panel.shown_rows(ctx.event_table("alignment", event_id))
referent_panel.fix_referents(ctx, event_id)
if not alignment.empty:
    # The date filter can hide an outlet's example article; keep the filters binding.
    alignment = alignment[alignment["example_id"].isin(members["id"])]
# With outlets filtered out, a referent can be left with one outlet: nothing to compare.
ranking = ctx.cached(("wording_ranking", event_id), lambda: ce.rank_referents(alignment))
ranking = ranking[ranking["n_outlets"] >= 2]
if ranking.empty:
    if len(event_outlets) < 2:
        st.info(
            f"Only {len(event_outlets)} outlet covers this event among those shown, and "
            "comparing wording needs at least two. Pick another event or widen the outlet "
            "and date filters in the sidebar."
        )
    else:
        st.info(
            "No referent in this event is named by at least two of the shown outlets with "
            "different wordings, so there is nothing to line up here. Pick another event or "
            "widen the filters."
        )
    st.stop()

most = int(ranking["n_outlets"].max())
min_outlets = (
    st.slider(
        "Show referents named by at least this many outlets",
        min_value=2,
        max_value=most,
        value=2,
        key="wording_min_outlets",
    )
    if most > 2
    else 2
)
ranking = ranking[ranking["n_outlets"] >= min_outlets]
alignment = alignment[alignment["referent"].isin(ranking["referent"])]
# The matrix and its heatmap are this page's heavy part: once per event and
# threshold for all sessions, not on every rerun.
text, counts = ctx.cached(
    ("wording_matrix", event_id, min_outlets),
    lambda: ce.wording_matrix(alignment, ranking["referent"].tolist(), event_outlets),
)
# Referent rows (from tagged mentions) say more per cell: every label with its
# uses and loaded score, and the labels only quoted, with their speakers.
mentions = ctx.event_table("mentions", event_id) if "referent_id" in alignment else None
labels = (
    ctx.cached(("wording_labels", event_id), lambda: cr.cell_labels(mentions))
    if mentions is not None and not mentions.empty
    else None
)
if labels is not None:
    # Filled once per event and threshold for all sessions: writing every cell
    # on each rerun made this the slowest page under load.
    text = ctx.cached(
        ("wording_cells", event_id, min_outlets),
        lambda: cr.filled_matrix(text, alignment, labels),
    )
st.subheader(
    f"{len(ranking)} referent(s) across {len(event_outlets)} outlet(s), "
    "the most differently named first"
)
st.caption(
    "Found automatically and loose: one thing can be split over several rows, and a row "
    "can hold near-matches. Read each cell as a lead, with its example sentence below."
)

tab_table, tab_chart = st.tabs(["Table", "Heatmap"])


def _table_html(text: pd.DataFrame, ranking: pd.DataFrame, event_outlets: list[str]) -> str:
    """The matrix as an HTML table that wraps (the grid cut wordings off at seven outlets)."""
    table = text.copy()
    by_referent = ranking.set_index("referent")
    table.insert(0, "_n_wordings", by_referent["n_wordings"])
    table.insert(0, "_n_outlets", by_referent["n_outlets"])
    extra = {}
    if "diversity" in by_referent:
        table.insert(0, "_diversity", by_referent["diversity"].astype(float))
        table.insert(0, "_kind", by_referent["kind"].astype(str))
        extra = {"_kind": "Kind", "_diversity": "Diversity"}
    return html_table.table_html(
        table.reset_index(),
        {
            "referent": "Referent",
            **extra,
            "_n_outlets": "Outlets",
            "_n_wordings": "Wordings",
            **{o: o for o in event_outlets},
        },
        formats={
            "_n_outlets": "{:.0f}".format,
            "_n_wordings": "{:.0f}".format,
            "_diversity": "{:.2f}".format,
        },
        first_width="12em",
        nowrap=("_kind", "_diversity", "_n_outlets", "_n_wordings"),
    )


with tab_table:
    # once per event and threshold for all sessions, as the matrix itself
    st.html(
        ctx.cached(
            ("wording_table_html", event_id, min_outlets),
            lambda: _table_html(text, ranking, event_outlets),
        )
    )
    st.caption(
        "Cells: the outlet's own wordings, most used first, with how often it used them and "
        "how loaded each is; 'quoted:' labels are a speaker's words the outlet quoted, not its "
        "own. Diversity runs from 0 (every outlet uses the same words) to 1 (no two share one). "
        "Pick a referent below to read every sentence behind a cell."
    )
with tab_chart:
    top = ranking["referent"].head(HEATMAP_ROWS).tolist()
    st.plotly_chart(
        ctx.cached(
            ("wording_heatmap", event_id, min_outlets),
            lambda: event_viz.wording_heatmap(
                text.loc[top],
                counts.loc[top],
                title=f"Who called it what, E{event_id}"
                + (f" (top {HEATMAP_ROWS} referents)" if len(ranking) > HEATMAP_ROWS else ""),
            ),
        ),
        width="stretch",
        key="wording_heatmap",
    )

st.header("Wording and example sentences")
stats = ranking.set_index("referent")
referent = st.selectbox(
    "Referent",
    ranking["referent"].tolist(),
    format_func=lambda r: (
        f"{r} ({stats.loc[r, 'n_outlets']} outlets, {stats.loc[r, 'n_wordings']} wordings)"
    ),
    key="wording_referent",
)
cells = alignment[alignment["referent"] == referent].sort_values("outlet")
cell_texts = (
    ctx.cached(("wording_cell_texts", event_id), lambda: cr.cell_texts(labels))
    if labels is not None
    else {}
)
titles = members.set_index("id")
cats = {**ctx.categories, ce.WORDING_CATEGORY.key: ce.WORDING_CATEGORY}
outlets = cells["outlet"].tolist()
voices = quotes.voice_lookup(ctx.event_table("voices", event_id), cells["example_id"])
for chunk in [outlets[i : i + PER_ROW] for i in range(0, len(outlets), PER_ROW)]:
    cols = st.columns(min(len(outlets), PER_ROW))
    for col, outlet in zip(cols, chunk, strict=False):
        row = cells[cells["outlet"] == outlet].iloc[0]
        wordings = ce.split_wordings(row["phrase"])
        spans = ce.wording_spans(
            str(row["example"]),
            wordings,
            rationale=f"{outlet}'s wording for '{referent}'",
        )
        art = titles.loc[row["example_id"]] if row["example_id"] in titles.index else None
        where = (
            f"{html.escape(str(art['title']))} · {html.escape(str(art['published'] or 'no date'))}"
            if art is not None
            else html.escape(str(row["example_id"]))
        )
        rid = row["referent_id"] if "referent_id" in row.index else None
        cell = cell_texts.get((rid, outlet))
        calls = (
            html.escape(cell)
            if cell is not None
            else " / ".join(f"<b>{html.escape(w)}</b>" for w in wordings)
        )
        with col, st.container(border=True):
            st.html(
                f'<div style="border-left:6px solid {colors.get(outlet, "#666")};'
                f'padding:2px 0 2px 8px;font-weight:700">{html.escape(outlet)}</div>'
                f'<div style="margin:6px 0">Calls it: {calls}'
                + f' <span style="color:#666">({int(row["count"])} own use(s))</span></div>'
                f'<blockquote style="margin:4px 0;padding-left:8px;border-left:3px solid #ddd">'
                + ctx.cached(  # highlighting is the slow part: once for all sessions
                    ("wording_example", event_id, referent, outlet),
                    lambda row=row, spans=spans: highlight_html(
                        str(row["example"]),
                        spans,
                        cats,
                        paragraphs=False,
                        voices=quotes.sentence_voices(
                            voices, ctx.texts(), row["example_id"], str(row["example"])
                        ),
                    ),
                )
                + f"</blockquote>"
                f'<div style="color:#666;font-size:0.85em">in “{where}”</div>'
            )
            if cell is not None:
                behind = ctx.cached(
                    ("wording_sentences", event_id, rid, outlet),
                    lambda rid=rid, outlet=outlet: cr.cell_sentences(
                        mentions, ctx.event_table("sentences", event_id), rid, outlet
                    ),
                )
                snippets = ctx.cached(
                    ("wording_sentence_html", event_id, rid, outlet),
                    lambda behind=behind: _sentence_html(behind, cats),
                )
                with st.expander(f"Every sentence ({len(behind)})"):
                    for snippet in snippets:
                        st.html(snippet)
silent = [o for o in event_outlets if o not in outlets]
if silent:
    st.caption(
        "Do not name this referent in a way the matcher found: "
        + ", ".join(common.plain(o) for o in silent)
    )
