"""Who gets to speak: whom each outlet quotes, how much, and with which verbs."""

from __future__ import annotations

import html

import streamlit as st

import common
import quotes
from framing import compare
from framing.viz import sources as viz
from framing.viz.theme import outlet_colors

EVENT = "sources_event"
MATRIX = "sources_matrix"
CELL_OUTLET = "sources_cell_outlet"
CELL_SPEAKER = "sources_cell_speaker"
VERB_OUTLET = "sources_verb_outlet"
TOP_SPEAKERS = 15
MAX_QUOTES = 40
ALL = -999  # the "all events" option (event ids are >= -1)
PERCENT = ["anonymous_share", "official_share", "neutral_share"]
SUMMARY = ["outlet", "n_sources", "n_quotations", "n_reported", "n_speakers", "n_words"]
SUMMARY += [*PERCENT, "n_scare"]

ctx = common.get_context()
st.title("Who gets to speak")
st.caption(
    "Whom each outlet quotes, how much room it gives them, and the verbs it introduces them "
    'with: "said" reports, "claimed" or "admitted" colours what follows. Found in the text '
    "by rules, not by hand: read the quotations before drawing conclusions."
)
if ctx is None or ctx.articles.empty:
    st.info("No article matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()
if "sources" not in ctx.tables:
    st.info(
        "This article set was analysed before quotations were found, or without framing cues "
        "(`--no-cues`). Analyse it again (Upload page, or `framing analyze`) to fill this page."
    )
    st.stop()

outlets = sorted(ctx.articles["outlet"].unique())
events = ctx.events.sort_values("event_id")
labels = dict(zip(events["event_id"], events["label"], strict=True))
choice = st.selectbox(
    "Event",
    [ALL, *events["event_id"].tolist()],
    format_func=lambda e: "All events" if e == ALL else f"E{e}: {labels[e]}",
    key=EVENT,
    help="Count the quotations of every shown article, or of one event's articles only.",
)
event_id = None if choice == ALL else int(choice)
sources = ctx.table("sources") if event_id is None else ctx.event_table("sources", event_id)
summary = ctx.cached(
    ("sources_summary", event_id),
    lambda: compare.outlet_sourcing(sources, outlets=outlets),
)
if int(summary["n_sources"].sum()) == 0:
    st.info(
        "No quotation or reported statement was found in the shown articles"
        + (" of this event." if event_id is not None else ".")
    )
    st.stop()
if len(outlets) == 1:
    st.warning(
        f"Only one outlet ({common.plain(outlets[0])}) is shown, so there is nothing to compare "
        "it with. Pick more outlets in the sidebar."
    )

st.dataframe(
    summary[SUMMARY].assign(**{c: summary[c] * 100 for c in PERCENT}),
    hide_index=True,
    width="stretch",
    key="sources_summary_table",
    column_config={
        "outlet": "Outlet",
        "n_sources": st.column_config.NumberColumn("Sources", help="Quotations and statements"),
        "n_quotations": st.column_config.NumberColumn("In quotes", help="Direct or partial"),
        "n_reported": st.column_config.NumberColumn("Reported", help='"X said that ..."'),
        "n_speakers": st.column_config.NumberColumn("Speakers", help="Distinct named speakers"),
        "n_words": st.column_config.NumberColumn("Words given", format="%d"),
        "anonymous_share": st.column_config.NumberColumn(
            "Anonymous", format="%.0f%%", help="Share of sources not named"
        ),
        "official_share": st.column_config.NumberColumn(
            "Officials", format="%.0f%%", help="Share of sources who are officials"
        ),
        "neutral_share": st.column_config.NumberColumn(
            "Neutral verbs", format="%.0f%%", help='Share introduced by "said", "told", ...'
        ),
        "n_scare": st.column_config.NumberColumn(
            "Scare quotes", help="Words the outlet itself puts in quotation marks: distancing"
        ),
    },
)

# ---- 1. The matrix --------------------------------------------------------------------------
st.header("Who is quoted")
matrix = ctx.cached(
    ("sources_matrix", event_id),
    lambda: compare.speaker_matrix(sources, outlets=outlets, top=TOP_SPEAKERS),
)
speakers = ctx.cached(
    ("sources_speakers", event_id), lambda: compare.speaker_counts(sources, outlets=outlets)
)


def _picked() -> None:
    """A click on a matrix cell opens it below (the select boxes follow it)."""
    event = st.session_state.get(MATRIX)
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        cell = point.get("customdata")
        if isinstance(cell, list | tuple) and len(cell) == 2:
            st.session_state[CELL_OUTLET], st.session_state[CELL_SPEAKER] = map(str, cell)
            return


if matrix.empty:
    st.info("No quotation here names its speaker, so there is no one to put in a matrix.")
else:
    st.plotly_chart(
        ctx.cached(
            ("sources_matrix_chart", event_id),
            lambda: viz.speaker_heatmap(matrix, ctx.all_outlets),
        ),
        width="stretch",
        key=MATRIX,
        on_select=_picked,
        selection_mode="points",
    )
    unnamed = int(summary["n_unattributed"].sum())
    st.caption(
        f"The {matrix['speaker'].nunique()} most quoted speakers. Click a cell, or pick an outlet "
        "and a speaker below, to read the quotations."
        + (
            f" {unnamed} quotation(s) with no named speaker (none found, or an unresolved "
            "'he' or 'she') are left out of the matrix."
            if unnamed
            else ""
        )
    )

st.subheader("The quotations behind a cell")
quoting = [o for o in outlets if (speakers["outlet"] == o).any()]
common.relabel(CELL_OUTLET, quoting)
c1, c2 = st.columns(2)
outlet = c1.selectbox("Outlet", quoting, key=CELL_OUTLET)
mine = speakers[speakers["outlet"] == outlet]
# Named speakers first: "(unattributed)" is no one to open by default.
mine = mine.sort_values(
    "speaker", key=lambda s: s.isin([compare.UNATTRIBUTED, compare.UNRESOLVED]), kind="stable"
)
counts = dict(zip(mine["speaker"], mine["n_sources"], strict=True))
wanted = st.session_state.get(CELL_SPEAKER)
missing = wanted is not None and wanted not in counts
# The labels carry counts that change with the event: send the current one to the browser.
common.relabel(CELL_SPEAKER, mine["speaker"].tolist())
speaker = c2.selectbox(
    "Speaker",
    mine["speaker"].tolist(),
    format_func=lambda s: f"{s} ({counts[s]})",
    key=CELL_SPEAKER,
    help="Everyone this outlet quotes, most quoted first.",
)
if missing:
    st.info(f"{common.plain(outlet)} does not quote {common.plain(wanted)} here.")

cell = ctx.cached(
    ("sources_cell", event_id, outlet, speaker),
    lambda: compare.cell_quotations(
        sources,
        ctx.texts(),
        outlet,
        speaker,
        sentences=ctx.table("sentences")
        if event_id is None
        else ctx.event_table("sentences", event_id),
    ),
)
if cell.empty:
    st.info("No quotation of this speaker in this outlet's shown articles.")
else:
    row = mine[mine["speaker"] == speaker].iloc[0]
    side = f", {row['affiliation']}" if row["affiliation"] else ""
    st.markdown(
        f"**{common.plain(outlet)}** quotes **{common.plain(speaker)}** "
        f"({common.plain(row['speaker_type'] + side)}) {int(row['n_sources'])} time(s): "
        f"{int(row['n_quotations'])} in quotation marks, {int(row['n_reported'])} reported, "
        f"{int(row['n_words']):,} words."
    )
    titles = ctx.articles.set_index("id")
    verb_names = compare.verb_labels()
    blocks = []
    for r in cell.head(MAX_QUOTES).itertuples(index=False):
        art = titles.loc[r.id] if r.id in titles.index else None
        where = (
            f"{html.escape(str(art['title']))} · {html.escape(str(art['published'] or 'no date'))}"
            if art is not None
            else html.escape(str(r.id))
        )
        if r.field == "title":
            where += " · in the title"
        blocks.append(quotes.quotation_html(r, where, verb_names))
    st.html(quotes.quotation_legend() + '<div class="cell-quotes">' + "".join(blocks) + "</div>")
    if len(cell) > MAX_QUOTES:
        st.caption(f"Showing the first {MAX_QUOTES} of {len(cell)} quotations.")

# ---- 2. Verbs -------------------------------------------------------------------------------
st.header("How they are introduced")
mix = ctx.cached(("sources_verbs", event_id), lambda: compare.verb_mix(sources, outlets=outlets))
if mix.empty:
    st.info("No attribution verb was found in the shown articles.")
else:
    st.plotly_chart(
        ctx.cached(
            ("sources_verb_chart", event_id), lambda: viz.verb_mix_chart(mix, ctx.all_outlets)
        ),
        width="stretch",
        key="sources_verb_chart",
    )
    st.caption(
        "Only quotations and statements with an attribution verb count; the share of each bar "
        "is of that outlet's. A few loaded verbs can be routine (courts 'allege'): read them below."
    )
    verbs = ctx.cached(
        ("sources_verb_counts", event_id), lambda: compare.verb_counts(sources, outlets=outlets)
    )
    verb_outlet = st.selectbox("Verbs used by", sorted(verbs["outlet"].unique()), key=VERB_OUTLET)
    names = compare.verb_labels()
    table = verbs[verbs["outlet"] == verb_outlet].assign(
        verb_class=lambda d: d["verb_class"].map(lambda k: names.get(k, k))
    )
    st.dataframe(
        table[["verb", "verb_class", "count"]],
        hide_index=True,
        width="stretch",
        key="sources_verb_table",
        column_config={"verb": "Verb", "verb_class": "Kind", "count": "Uses"},
    )

# ---- 3. Anonymous sources and officials -----------------------------------------------------
st.header("Anonymous sources and officials")
left, right = st.columns(2)
with left:
    st.plotly_chart(
        ctx.cached(
            ("sources_anonymous_chart", event_id),
            lambda: viz.anonymous_share_chart(summary, ctx.all_outlets),
        ),
        width="stretch",
        key="sources_anonymous_chart",
    )
with right:
    officials = ctx.cached(
        ("sources_officials", event_id), lambda: compare.official_sides(sources, outlets=outlets)
    )
    if officials.empty:
        st.info("No official is quoted in the shown articles.")
    else:
        st.plotly_chart(
            ctx.cached(
                ("sources_officials_chart", event_id),
                lambda: viz.official_sides_chart(officials, ctx.all_outlets),
            ),
            width="stretch",
            key="sources_officials_chart",
        )
st.caption(
    "Speaker types and sides come from the words around the name ('a senior official', "
    "'North Korean state media', 'Democratic senator'); a speaker the text does not "
    "describe counts as neither."
)

# ---- 4. Scare quotes ------------------------------------------------------------------------
st.header("Scare quotes: the outlet keeping its distance")
scare = ctx.cached(
    ("sources_scare", event_id),
    lambda: compare.scare_quote_words(sources, ctx.texts(), outlets=outlets),
)
if scare.empty:
    st.info("No outlet puts single words in quotation marks here.")
else:
    st.caption(
        "A few words an outlet puts in quotation marks with no one saying them (a so-called "
        '"peace plan"): not a source, but a way of not owning the words.'
    )
    st.html(quotes.scare_html(scare, outlet_colors(ctx.all_outlets)))
