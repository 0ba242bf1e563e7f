"""Outlet profiles: cue rates per outlet, outlet-to-outlet distances, trends over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import common
import event_html
import quotes
from framing import compare
from framing.reports.highlight import legend_html
from framing.viz import profiles as viz
from profiles_text import BASES, EXPLAIN

CELL_OUTLET = "profiles_cell_outlet"
CELL_CATEGORY = "profiles_cell_category"
DIST_BASIS = "profiles_distance_basis"
PAIR_A = "profiles_pair_a"
PAIR_B = "profiles_pair_b"
TREND_OUTLET = "profiles_trend_outlet"
TREND_PERIOD = "profiles_trend_period"
MAX_SPANS = 60

ctx = common.get_context()
st.title("Outlet profiles")
if ctx is None or ctx.articles.empty:
    st.info("No article matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()

scores = quotes.scores(ctx)
counting = quotes.count_quoted()  # the sidebar switch: part of every cache key below
if scores.empty:
    st.info(
        "This article set was analysed without framing cues (`--no-cues`), so there are no "
        "cue rates, distances or trends to show. Re-run `framing analyze` without "
        "`--no-cues` to fill this page."
    )
    st.stop()

cats = ctx.categories
# Whole-corpus tables and figures: computed once per filter state (cached in
# common), not on every rerun.
rates = ctx.cached(("profiles_rates", counting), lambda: compare.outlet_rates(scores))
if rates.empty:
    st.info("No cue rates were stored for the shown outlets. Re-run `framing analyze`.")
    st.stop()
labels = {k: (cats[k].label if k in cats else k) for k in rates["category"].unique()}
outlets = sorted(rates["outlet"].unique())
cues = ctx.table("cues")
sentences = ctx.table("sentences")
single = len(outlets) == 1
if single:
    st.warning(
        f"Only one outlet ({common.plain(outlets[0])}) is shown, so there is nothing to "
        "compare it with. Its cue rates and trends are below; pick more outlets in the "
        "sidebar to compare."
    )


# ---- 1. Cue rates --------------------------------------------------------------------------
def _picked_cell() -> None:
    """A click on a heatmap cell opens its cues below (the select boxes follow it)."""
    event = st.session_state.get("profiles_rates_chart") or {}
    for point in event.get("selection", {}).get("points", []):
        cell = point.get("customdata")
        if isinstance(cell, list | tuple) and len(cell) == 2:
            st.session_state[CELL_OUTLET], st.session_state[CELL_CATEGORY] = map(str, cell)
            return


def _cue_rates() -> None:
    """Section 1: the cue-rate heatmap and the cue spans behind a cell."""
    st.header("How often each outlet uses framing cues")
    st.plotly_chart(
        ctx.cached(("profiles_rates_chart", counting), lambda: viz.rate_heatmap(rates, labels)),
        width="stretch",
        key="profiles_rates_chart",
        on_select=_picked_cell,
        selection_mode="points",
    )
    st.caption(
        "Lexicon cues per 1,000 words of article text, over all of each outlet's articles in "
        "this set (all events). In brackets: the exact 95% confidence interval; a wide interval "
        "means few words or few cues, so read it with care. Click a cell to read its cues."
    )
    st.caption(quotes.quoted_caption(scores))
    covered = int(scores.loc[scores["event_id"] == compare.ALL_EVENTS, "n_articles"].sum())
    if covered > len(ctx.articles):
        st.caption(
            f"The date filter hides some articles: the rates cover all {covered} articles of the "
            f"shown outlets, the cue spans below only the {len(ctx.articles)} shown ones."
        )

    st.subheader("The cues behind a cell")
    # Only cells with a cue are offered: an empty one has nothing to open.
    used = rates[rates["count"] > 0]
    if used.empty:
        st.info("No shown outlet used any lexicon cue.")
        return
    c1, c2 = st.columns(2)
    with_cues = [o for o in outlets if (used["outlet"] == o).any()]
    common.relabel(CELL_OUTLET, with_cues)
    outlet = c1.selectbox("Outlet", with_cues, key=CELL_OUTLET)
    mine = used[used["outlet"] == outlet]
    counts = dict(zip(mine["category"], mine["count"], strict=True))
    cat_keys = [k for k in labels if k in counts]
    common.relabel(CELL_CATEGORY, cat_keys)
    category = c2.selectbox(
        "Cue category",
        cat_keys,
        format_func=lambda k: f"{labels[k]} ({int(counts.get(k, 0))})",
        key=CELL_CATEGORY,
    )
    if category in cats and cats[category].description:
        st.caption(f"{common.plain(labels[category])}: {common.plain(cats[category].description)}")
    cell = rates[(rates["outlet"] == outlet) & (rates["category"] == category)].iloc[0]

    def _cell_spans() -> pd.DataFrame:
        ids = ctx.articles.loc[ctx.articles["outlet"] == outlet, "id"]
        if cues.empty:
            return compare.spans_with_sentences(cues, sentences)
        counted = quotes.counted_cues(cues)  # the cues the rate counts
        chosen = counted[
            counted["id"].isin(ids)
            & (counted["source"] == "lexicon")
            & (counted["category"] == category)
        ]
        # Only the sentences of these articles: the same matches, a far smaller join.
        mine = sentences[sentences["id"].isin(chosen["id"])] if not sentences.empty else sentences
        return compare.spans_with_sentences(chosen, mine)

    spans = ctx.cached(("profiles_cell", outlet, category, counting), _cell_spans)
    quoted = cues[
        (cues["source"] == "lexicon")
        & (cues["category"] == category)
        & (cues.get("voice", "") == "quoted")
        & cues["id"].isin(ctx.articles.loc[ctx.articles["outlet"] == outlet, "id"])
    ]
    note = f" (quoted, not counted: {len(quoted)})" if len(quoted) and not counting else ""
    st.markdown(
        f"**{common.plain(outlet)}** · {common.plain(labels[category])}: "
        f"{cell['rate']:.1f} per 1,000 words \\[{cell['lo']:.1f}–{cell['hi']:.1f}\\], "
        f"{int(cell['count'])} cue(s) in {int(cell['n_words']):,} words. "
        f"{len(spans)} cue span(s) in the shown articles{note}."
    )
    if spans.empty:
        st.info("No cue of this category in this outlet's shown articles.")
    else:
        left, right = st.columns([1, 3])
        with left:
            st.dataframe(
                compare.top_phrases(spans),
                hide_index=True,
                width="stretch",
                column_config={"phrase": "Wording", "count": "Uses"},
                key="profiles_cell_phrases",
            )
        # Highlighting the spans is most of this section's work: once for all sessions.
        blocks = ctx.cached(
            ("profiles_cell_html", outlet, category, counting),
            lambda: event_html.span_blocks(
                spans.head(MAX_SPANS),
                ctx.articles.set_index("id"),
                cats,
                quotes.voice_lookup(ctx.table("voices"), spans["id"].unique()),
            ),
        )
        with right:
            legend = [cats[category]] if category in cats else []
            shown = legend_html(legend, voices=quotes.marked_in(blocks))
            if shown:
                st.html(shown)
            st.html('<div class="cell-spans">' + blocks + "</div>")
            if len(spans) > MAX_SPANS:
                st.caption(f"Showing the first {MAX_SPANS} of {len(spans)} spans.")


# ---- 2. Distances --------------------------------------------------------------------------
def _distances() -> None:
    """Section 2: outlet-to-outlet distances and what sets two outlets apart."""
    st.header("How far apart the outlets are")
    if single:
        st.info("A distance needs at least two outlets. Pick more outlets in the sidebar.")
    else:
        basis = st.radio(
            "Compare the outlets by",
            list(BASES),
            format_func=BASES.get,
            horizontal=True,
            key=DIST_BASIS,
        )
        with st.expander("What does 'distance' mean here?", expanded=False):
            st.markdown(EXPLAIN[basis])
            st.markdown(
                "A distance says how *differently* two outlets word and frame the news, not which "
                "one is right. Distances are relative to the outlets shown: adding or removing an "
                "outlet changes the scale."
            )
        table = None
        if basis == "vocabulary":
            contrast = ctx.table("contrast")
            phrases = (
                contrast.loc[contrast["event_id"] == compare.ALL_EVENTS, "phrase"]
                if not contrast.empty
                else pd.Series(dtype=str)
            )
            if phrases.empty:
                st.info(
                    "No distinctive phrases were found across all events (too few articles or "
                    "words), so there is no vocabulary to compare. Try the framing-profile view."
                )
            else:

                def _vocabulary() -> tuple[pd.DataFrame, object]:
                    full = ctx.texts().loc[ctx.articles["id"]].reset_index()
                    counts = compare.phrase_counts(
                        full.assign(
                            text=full["title"].astype(str) + ". " + full["text"].astype(str)
                        ),
                        phrases,
                    )
                    fig = viz.distance_heatmap(
                        compare.vocabulary_distance(counts),
                        title="How differently outlets word things",
                        caption="0 = the same distinctive phrases in the same proportions; "
                        "1 = no phrase in common.",
                        zmax=1.0,
                    )
                    return counts, fig

                table, fig = ctx.cached("profiles_vocabulary", _vocabulary)
                st.plotly_chart(fig, width="stretch", key="profiles_distance_chart")
        else:
            metric = "cosine" if basis == "profile_cosine" else "euclidean"

            def _profile_distances() -> tuple[pd.DataFrame, object]:
                profiles = compare.outlet_profiles(scores, ctx.table("frames"))
                caption = (
                    "0 = the same pattern of cue use, frames and loaded language; 1 = unrelated; "
                    "2 = opposite."
                    if metric == "cosine"
                    else "0 = identical profiles; 1 = about one typical outlet-to-outlet gap per "
                    "measure."
                )
                dist = compare.framing_distance(profiles, metric=metric)
                return profiles, viz.distance_heatmap(dist, caption=caption)

            table, fig = ctx.cached(("profiles_distance", metric, counting), _profile_distances)
            st.plotly_chart(fig, width="stretch", key="profiles_distance_chart")
        if table is not None:
            st.caption(
                "Light (yellow) cells: outlets close to each other; dark (purple) cells: far "
                "apart. Pick two outlets to see what sets them apart."
            )
            p1, p2 = st.columns(2)
            a = p1.selectbox("First outlet", outlets, index=0, key=PAIR_A)
            b = p2.selectbox("Second outlet", outlets, index=1, key=PAIR_B)
            if a == b:
                st.info("Pick two different outlets.")
            else:
                if basis != "vocabulary":
                    # Read in plain standard deviations: the block balancing is for the distance.
                    table = ctx.cached(
                        ("profiles_unbalanced", counting),
                        lambda: compare.outlet_profiles(
                            scores, ctx.table("frames"), balance_blocks=False
                        ),
                    )
                diff = compare.profile_contrast(table, a, b)
                if basis == "vocabulary":
                    diff = diff.rename(columns={"feature": "Phrase", "a": a, "b": b})
                    diff = diff.drop(columns="difference").astype({a: int, b: int})
                    st.dataframe(diff, hide_index=True, width="stretch", key="profiles_pair_table")
                    st.caption(
                        "Uses of the phrases whose counts differ most. Open 'Event comparison' to "
                        "read them in context."
                    )
                else:

                    def _feature(name: str) -> str:
                        kind, _, key = name.partition(":")
                        if kind == "rate":
                            return f"Cue rate: {labels.get(key, key)}"
                        if kind == "frame":
                            return f"Frame share: {key.replace('_', ' ')}"
                        return "Mean loaded score"

                    diff = diff.assign(feature=diff["feature"].map(_feature)).rename(
                        columns={"feature": "Measure", "a": a, "b": b, "difference": "Difference"}
                    )
                    st.dataframe(
                        diff.round(2), hide_index=True, width="stretch", key="profiles_pair_table"
                    )
                    words = rates.groupby("outlet")["n_words"].max()
                    st.caption(
                        "Measures on which the two outlets differ most, in standard deviations "
                        "across the shown outlets (0 = their average). The cue rates lead to their "
                        "spans in the section above. The rates are computed on "
                        f"{int(words.get(a, 0)):,} words of {common.plain(a)} and "
                        f"{int(words.get(b, 0)):,} words of {common.plain(b)}."
                    )


# ---- 3. Trends -----------------------------------------------------------------------------
def _picked_point() -> None:
    """A click on a trend point opens its sentences below."""
    event = st.session_state.get("profiles_trends") or {}
    for point in event.get("selection", {}).get("points", []):
        data = point.get("customdata")
        if isinstance(data, list | tuple) and len(data) == 2:
            st.session_state[TREND_OUTLET] = str(data[0])
            st.session_state[TREND_PERIOD] = pd.Timestamp(data[1])
            return


def _over_time() -> None:
    """Section 3: loaded score and cue rate over time, and the sentences behind a point."""
    st.header("Over time")
    freq = ctx.cached(
        "profiles_freq", lambda: compare.resolve_freq(ctx.articles["published"].astype(str))
    )
    with_quoted = quotes.count_quoted()
    trend = ctx.cached(
        ("profiles_trends", with_quoted),
        lambda: compare.trends(
            ctx.articles,
            sentences,
            cues,
            voices=ctx.table("voices"),
            count_quoted=with_quoted,
            freq=freq,
        ),
    )
    if trend.empty:
        st.info(
            "No shown article has a publication date, so there is no timeline. Give articles a "
            "`published` column (ISO date such as 2024-05-31) or a `Date:` header to see trends."
        )
        st.stop()
    st.plotly_chart(
        ctx.cached(
            ("profiles_trend_chart", with_quoted),
            lambda: viz.trend_chart(trend, ctx.all_outlets, freq=freq),
        ),
        width="stretch",
        key="profiles_trends",
        on_select=_picked_point,
        selection_mode="points",
    )
    st.caption(
        f"One point per outlet and {'week' if freq == 'week' else 'publication day'}; points "
        "with few articles swing more. Different days often cover different events, so a rise "
        "may reflect the story, not the outlet."
    )
    # Open when a point was clicked: its sentences are what the click asked for.
    with st.expander("Sentences behind a point", expanded=TREND_PERIOD in st.session_state):
        t1, t2 = st.columns(2)
        t_outlet = t1.selectbox("Outlet", sorted(trend["outlet"].unique()), key=TREND_OUTLET)
        periods = trend.loc[trend["outlet"] == t_outlet, "period"].tolist()
        period = t2.selectbox(
            "Week starting" if freq == "week" else "Date",
            periods,
            format_func=lambda p: f"{p:%Y-%m-%d}",
            key=TREND_PERIOD,
        )

        def _point() -> tuple[pd.DataFrame, pd.DataFrame]:
            in_period = compare.article_periods(ctx.articles, freq)
            ids = in_period[in_period == period].index
            ids = ctx.articles.loc[
                ctx.articles["id"].isin(ids) & (ctx.articles["outlet"] == t_outlet), "id"
            ]
            if sentences.empty:
                return sentences, sentences
            mine = sentences[sentences["id"].isin(ids)]
            lex = cues[cues["id"].isin(ids) & (cues["source"] == "lexicon")]
            return mine.nlargest(8, "loaded_score"), compare.spans_with_sentences(lex, mine)

        top, marks = ctx.cached(("profiles_point", t_outlet, period), _point)
        if top.empty:
            st.info("No scored sentence for this outlet and date.")
        else:
            body = ctx.cached(
                ("profiles_point_html", t_outlet, period),
                lambda: event_html.loaded_sentences(
                    top, marks, cats, quotes.voice_lookup(ctx.table("voices"), top["id"].unique())
                ),
            )
            st.caption("The most loaded sentences of that point (score 0–1), cues highlighted.")
            shown_cats = [cats[k] for k in dict.fromkeys(marks["category"]) if k in cats]
            st.html(legend_html(shown_cats, voices=quotes.marked_in(body)) + body)


# A big set draws one section at a time (each holds a large chart).
sections = common.parts(ctx, ["Cue rates", "Distances", "Over time"], key="profiles_part")
for part, draw in zip(sections, (_cue_rates, _distances, _over_time), strict=True):
    with part:
        if part.open:
            draw()
