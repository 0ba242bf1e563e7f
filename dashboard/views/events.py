"""Event comparison: one event, its outlets side by side, and the cues behind every score."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

import common
import event_fix
import event_html
import event_panels
import focus as focus_mod
import html_table
import quotes
import state
from framing.compare import event as ce
from framing.compare.rates import event_rates
from framing.reports.highlight import legend_html
from framing.viz import event as event_viz
from framing.viz.theme import outlet_colors

SOURCES = {
    "lexicon": "Lexicon cues",
    "model": "Model cues",
    "contrastive": "Distinctive phrases",
}

ctx = common.get_context()
st.title("Event comparison")
if ctx is None or ctx.events.empty:
    st.info("No event matches the filters. Widen the outlet or date filters in the sidebar.")
    st.stop()

asked = focus_mod.take(ctx.events["event_id"].tolist())  # a sentence another page opened
event_id = common.event_picker(
    ctx,
    state.EVENT,
    help="Events are groups of articles about the same happening, found automatically.",
)
focus = focus_mod.current(event_id)
members = ctx.articles[ctx.articles["event_id"] == event_id].sort_values(
    ["outlet", "published", "title"], kind="stable"
)
event_outlets = sorted(members["outlet"].unique())
shown_outlets = sorted(ctx.articles["outlet"].unique())
colors = outlet_colors(ctx.all_outlets)
titles = members.set_index("id")["title"]

st.subheader(f"{len(members)} article(s) from {len(event_outlets)} outlet(s)")
if len(shown_outlets) == 1:
    st.warning(
        "Only one outlet is shown: comparing outlets needs at least two. Add outlets in "
        "the sidebar filter."
    )
elif len(members) == 1:
    st.info(
        "Only one article covers this event, so there is nothing to compare it with. "
        "Its highlighted wording and scores are still shown below."
    )
elif len(event_outlets) == 1:
    st.info(
        "Only one outlet covered this event (with several articles), so the charts show "
        "that outlet alone, with no other outlet to compare against."
    )
silent = [o for o in shown_outlets if o not in event_outlets]
if silent:
    st.caption(
        "Silent on this event (no article about it among those shown): "
        + ", ".join(common.plain(o) for o in silent)
    )
hidden = len(ctx.all_outlets) - len(shown_outlets)
if hidden:
    st.caption(f"{hidden} outlet(s) are hidden by the sidebar filters.")
event_fix.fix_event(ctx, event_id, members)

has_cues = "cues" in ctx.tables
cats = {**ctx.categories}
if has_cues:
    # Split by event once per filter state: no scan of the whole tables per event.
    cues = ctx.event_table("cues", event_id)
    sentences = ctx.event_table("sentences", event_id)
    voices = quotes.voice_lookup(ctx.event_table("voices", event_id), members["id"])
else:
    voices = {}
    cues = pd.DataFrame(columns=["id", "field", "start", "end", "category", "source"])
    sentences = pd.DataFrame()
    st.warning(
        "This article set was analysed without framing cues (`--no-cues`), so there are "
        "no highlights or scores. Re-analyse it with cues to see them."
    )

picked = st.pills(
    "Highlight",
    list(SOURCES),
    selection_mode="multi",
    default=["lexicon", "model"],
    format_func=SOURCES.get,
    key="event_cue_sources",
    help=(
        "Lexicon cues: wording from the framing lexicon. Model cues: words the "
        "loaded-language model flags. Distinctive phrases: words this outlet uses far "
        "more than the others covering the event."
    ),
    disabled=not has_cues,
)
marked = cues[cues["source"].isin(picked or [])]
present = list(dict.fromkeys(marked["category"]))
order = [k for k in cats if k in present] + [k for k in present if k not in cats]
if order or voices:
    legend = legend_html((cats[k] for k in order if k in cats), voices=quotes.present(voices))
    if legend:  # nothing to explain: st.html refuses an empty body
        st.html(legend)
    if order:
        st.caption("Hover over a highlighted word to see its category and why it counts.")
if has_cues and not order:
    st.caption("No cue of the chosen kinds in these articles.")

if focus is not None:
    texts = ctx.texts()
    if focus.article_id in set(members["id"]) and focus.article_id in texts.index:
        own = marked[(marked["id"] == focus.article_id) & (marked["field"] == "text")]
        body = focus_mod.focused_text(
            str(texts.loc[focus.article_id, "text"]),
            own,
            cats,
            focus.start,
            focus.end,
            voices.get((focus.article_id, "text")),
        )
        st.html(focus_mod.focus_box(focus, members, body))
        if asked is not None:  # scroll once, when the request arrives
            st.html(focus_mod.SCROLL_JS, unsafe_allow_javascript=True)
    else:
        st.info("The article you opened is hidden by the sidebar filters: widen them to see it.")

# Highlighting every article is most of this page's work: once per event and
# choice of cues for all sessions, not on every rerun.
highlighted = ctx.cached(
    ("event_highlighted", event_id, tuple(picked or ())),
    lambda: event_html.highlighted_articles(members, marked, ctx.texts(), cats, voices),
)
n_cols = min(len(event_outlets), event_html.PER_ROW) or 1
for chunk in event_html.rows(event_outlets):
    cols = st.columns(n_cols)
    for col, outlet in zip(cols, chunk, strict=False):
        arts = members[members["outlet"] == outlet]
        note = f"· {len(arts)} articles" if len(arts) > 1 else ""
        with col:
            st.html(event_html.outlet_badge(outlet, colors[outlet], note))
            for art in arts.itertuples(index=False):
                title_html, body_html = highlighted[art.id]
                with st.container(border=True):
                    st.html(
                        f'<div style="color:#666;font-size:0.85em">'
                        f"{html.escape(str(art.published or 'no date'))}</div>"
                        f'<div style="font-weight:600;font-size:1.1em;line-height:1.3">'
                        f"{title_html}</div>"
                    )
                    st.html(body_html)  # the whole article: no small scroll box

if not has_cues:
    st.stop()

st.header("Per outlet on this event")
st.caption(
    "Each score below leads to the sentences behind it: pick an outlet under a chart to read them."
)
# Only the open panel runs and draws (Streamlit otherwise draws hidden tabs
# too, which made switching events take over a second in the browser).
tab_cues, tab_loaded, tab_phrases, tab_frames = st.tabs(
    ["Cue categories", "Loaded language", "Distinctive phrases", "Frames"],
    key="event_panel",
    on_change="rerun",
)


def _picked_bar() -> None:
    """A click on a bar opens its cues below (the select boxes follow it)."""
    event = st.session_state.get("event_rates_chart") or {}
    for point in event.get("selection", {}).get("points", []):
        data = point.get("customdata")
        if isinstance(data, list | tuple) and len(data) == 6 and data[0]:
            st.session_state["event_cue_outlet"] = str(data[4])
            st.session_state["event_cue_category"] = str(data[5])
            return


with tab_cues:
    if tab_cues.open:
        counting = quotes.count_quoted()  # the sidebar switch: part of the cache keys
        rates = ctx.cached(
            ("event_rates", event_id, counting),
            lambda: event_rates(quotes.scores(ctx, event_id), event_id),
        )
        rates = rates[rates["outlet"].isin(event_outlets)]
        cat_labels = {k: c.label for k, c in cats.items()}
        # Categories nobody used here only add whiskers of an empty count; name them instead.
        used = rates.groupby("category")["count"].transform("sum") > 0
        unused = list(dict.fromkeys(rates.loc[~used, "category"]))
        if rates.empty:
            st.info("No cue rates are stored for this event.")
        elif not used.any():
            st.info("No outlet used any lexicon cue in this event.")
        else:
            st.plotly_chart(
                ctx.cached(
                    ("event_rates_chart", event_id, counting),
                    lambda: event_viz.category_rates_chart(
                        rates[used],
                        ctx.all_outlets,
                        cat_labels,
                        title=f"Framing cues per 1,000 words, E{event_id}",
                    ),
                ),
                width="stretch",
                key="event_rates_chart",
                on_select=_picked_bar,
                selection_mode="points",
            )
            st.caption(quotes.quoted_caption(quotes.scores(ctx, event_id), event_id))
            st.caption(
                "Counts lexicon cues only; click a bar to read its cues. With one article per "
                "outlet the whiskers are wide: "
                "a difference counts when the whiskers do not overlap."
                + (
                    " Not used by any outlet here: "
                    + ", ".join(common.plain(cat_labels.get(k, k)) for k in unused)
                    + "."
                    if unused
                    else ""
                )
            )
            c1, c2 = st.columns(2)
            # Only outlets and categories with a cue here: an empty cell has nothing to open.
            used_rates = rates[rates["count"] > 0]
            cue_outlets = [o for o in event_outlets if (used_rates["outlet"] == o).any()]
            common.relabel("event_cue_outlet", cue_outlets)
            cue_outlet = c1.selectbox(
                "Outlet", cue_outlets, key="event_cue_outlet", help="Whose cues to list."
            )
            mine = used_rates[used_rates["outlet"] == cue_outlet].sort_values(
                "count", ascending=False, kind="stable"
            )
            counts = dict(zip(mine["category"], mine["count"], strict=True))
            common.relabel("event_cue_category", mine["category"].tolist())
            category = c2.selectbox(
                "Category",
                mine["category"].tolist(),
                format_func=lambda k: f"{cat_labels.get(k, k)} ({counts.get(k, 0)})",
                key="event_cue_category",
            )
            if category in cats:
                st.caption(common.plain(cats[category].description))

            def _cue_list() -> str | None:
                arts = members.loc[members["outlet"] == cue_outlet, "id"]
                c = quotes.counted_cues(cues)
                rows = c[
                    c["id"].isin(arts) & (c["source"] == "lexicon") & (c["category"] == category)
                ]
                if rows.empty:
                    return None
                listed = ce.cue_sentences(rows, sentences).sort_values(["id", "field", "start"])
                return event_html.sentence_list(listed, titles, cats, voices)

            listed = ctx.cached(
                ("event_cue_list", event_id, cue_outlet, category, counting), _cue_list
            )
            if listed is None:
                st.info("This outlet used no cue of this category in this event.")
            else:
                st.html(listed)

with tab_loaded:
    if tab_loaded.open:
        scores = quotes.scores(ctx, event_id)
        scores = scores[scores["outlet"].isin(event_outlets)]
        if scores.empty or sentences.empty:
            st.info("No loaded-language scores are stored for this event.")
        else:
            outlet_of = members.set_index("id")["outlet"]
            sents = sentences.assign(outlet=sentences["id"].map(outlet_of))
            if not quotes.count_quoted() and "voice" in sents.columns:
                sents = sents[sents["voice"] != "quoted"]  # as the means count them
            st.plotly_chart(
                event_viz.loaded_scores_chart(
                    scores, ctx.all_outlets, sents, title=f"Loaded-language score, E{event_id}"
                ),
                width="stretch",
                key="event_loaded_chart",
            )
            st.caption(
                "How slanted each outlet's sentences read to the model (0 neutral, 1 loaded). "
                "It reads wording, not truth. "
                + (
                    "Quoted sentences count too (sidebar switch)."
                    if quotes.count_quoted()
                    else "Sentences mostly inside quotations are left out (sidebar switch)."
                )
            )
            loaded_outlet = st.selectbox(
                "Most loaded sentences of", event_outlets, key="event_loaded_outlet"
            )
            mean = scores.loc[scores["outlet"] == loaded_outlet, "loaded_mean"]
            if not mean.empty:
                st.metric(
                    f"Mean loaded score: {common.plain(loaded_outlet)}",
                    f"{float(mean.iloc[0]):.2f}",
                )
            top = ce.top_loaded_sentences(sents[sents["outlet"] == loaded_outlet], n=10)
            top = top.assign(article=top["id"].map(titles))
            st.html(  # HTML that wraps: the grid cut the sentences off
                html_table.table_html(
                    top,
                    {"loaded_score": "Loaded score", "sentence": "Sentence", "article": "Article"},
                    formats={"loaded_score": "{:.2f}".format},
                )
            )

with tab_phrases:
    if tab_phrases.open:
        event_panels.phrases_panel(ctx, event_id, members, cues, sentences, voices, colors)

with tab_frames:
    if tab_frames.open:
        event_panels.frames_panel(ctx, event_id, members, sentences)
