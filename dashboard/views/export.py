"""Export: tables as spreadsheet-safe CSV, figures as interactive HTML, an offline event report.

Files are built only when a button is clicked (a callable as the button's
data), so the page itself renders fast; ``on_click="ignore"`` keeps the
download from rerunning the app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

import common
import state
from framing import viz
from framing.reports.csv import safe_csv, tables_zip
from framing.reports.event_report import event_report_html
from framing.reports.page import figure_html
from framing.viz.report import event_frames_figure, event_rates_figure

TABLES = {
    "articles": "One row per shown article: outlet, title, date, URL, event and word count.",
    "events": "One row per event: label, most central headline, keywords, outlets, dates.",
    "cues": "Every highlighted cue: article, field, character offsets, phrase, category, "
    "source, weight and the reason it counts.",
    "sentences": "Every sentence with its loaded-language score (0-1) and its most likely frame.",
    "contrast": "Phrases each outlet uses far more than the other outlets on the same event.",
    "alignment": "Who called it what: each outlet's wording for a shared referent (its "
    "kind, how differently the outlets named it, how loaded each label is, quoted labels "
    "apart), with an example sentence; your fixes applied, hidden rows marked `hidden`.",
    "mentions": "Every mention of a person, group, place, thing or action: article, field, "
    "character offsets, label, kind, voice (outlet or quoted), speaker and its referent "
    "(your fixes applied).",
    "actor_labels": "Across events: each outlet's labels for actors that recur over the "
    "article set, with how often and in how many events it used them.",
    "outlet_scores": "Per outlet and event: cue counts and rates per 1,000 words with 95% "
    "intervals, and the mean loaded score.",
    "frames": "Share of each frame dimension per outlet and event.",
    "article_frames": "Share of each frame dimension per article.",
}
EVENT_TABLES = ("contrast", "alignment", "outlet_scores", "frames")
CUE_TABLES = ("cues", "sentences", *EVENT_TABLES, "mentions", "actor_labels", "article_frames")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "corpus"


def _figure_file(make: Callable, *args: object, **kwargs: object) -> str:
    """Build a figure and its standalone HTML (run on click, off the script thread)."""
    return figure_html(make(*args, **kwargs))


def _download(
    label: str,
    data: Callable[[], bytes | str],
    file_name: str,
    mime: str,
    key: str,
    help_text: str,
    *,
    disabled: bool = False,
) -> None:
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        disabled=disabled,
        icon=":material/download:",
    )
    st.caption(help_text)


ctx = common.get_context()
st.title("Export")
if ctx is None or ctx.articles.empty:
    st.info(
        "Nothing to export: no article matches the filters. Widen the outlet or date "
        "filters in the sidebar, or load an article set first."
    )
    st.stop()

a = ctx.articles
slug = _slug(ctx.corpus)
shown_outlets = sorted(a["outlet"].unique())
dates = st.session_state.get(state.DATES)
date_note = (
    f", published {dates[0]} to {dates[1]} (undated articles kept)"
    if isinstance(dates, tuple | list) and len(dates) == 2
    else ""
)
filter_note = (
    f"Filtered to {len(a)} article(s) from {len(shown_outlets)} of "
    f"{len(ctx.all_outlets)} outlet(s){date_note}."
)
st.caption(
    "Every download follows the sidebar filters. " + filter_note + " Change the filters in "
    "the sidebar to export more or less."
)

# --- Tables -----------------------------------------------------------------

st.header("Tables (CSV)")
st.caption(
    "Safe to open in Excel, LibreOffice or Google Sheets: a text cell that starts with "
    "=, +, -, @ or a tab (a spreadsheet would run it as a formula) gets a leading ' "
    "and stays plain text. UTF-8; numbers stay numbers."
)
with_text = st.checkbox(
    "Include the full article text in articles.csv",
    value=False,
    key="export_with_text",
    help="Off: metadata only (smaller file). On: adds a `text` column.",
)

shown_events = set(ctx.events["event_id"]) | {-1}
tables: dict[str, pd.DataFrame] = {}
articles_out = a.drop(columns=[c for c in ("x", "y") if c in a.columns])
if with_text:
    articles_out = articles_out.assign(text=a["id"].map(ctx.texts()["text"]).to_numpy())
tables["articles"] = articles_out
tables["events"] = ctx.events
for name in CUE_TABLES:
    df = ctx.table(name)
    if name in (*EVENT_TABLES, "mentions") and "event_id" in df.columns:
        df = df[df["event_id"].isin(shown_events)]
    tables[name] = df

no_cues = all(tables[n].empty for n in CUE_TABLES)
if no_cues:
    st.info(
        "This article set was analysed without framing cues (`--no-cues`), so only the "
        "articles and events tables have rows. Re-analyse with cues to export the rest."
    )
st.caption(
    "Rows with event_id -1 compare the outlets across all events of the article set; "
    "they are kept whatever the date filter."
)
cols = st.columns(3)
for i, (name, about) in enumerate(TABLES.items()):
    df = tables[name]
    with cols[i % 3]:
        _download(
            f"{name}.csv ({len(df):,} rows)",
            partial(safe_csv, df),
            f"{slug}_{name}.csv",
            "text/csv",
            f"export_csv_{name}",
            about,
            disabled=df.empty,
        )
_download(
    "All tables (ZIP)",
    partial(tables_zip, tables),
    f"{slug}_tables.zip",
    "application/zip",
    "export_zip",
    "Every table above as one ZIP of safe CSV files.",
)

# --- Figures ----------------------------------------------------------------

st.header("Figures (interactive HTML)")
st.caption(
    "Each figure as a single HTML file that opens in any browser without internet: zoom, "
    "hover and save as PNG still work. About 5 MB each (the plotting library is inside)."
)
overview_figs: list[tuple[str, str, Callable[[], str], str]] = [
    (
        "Event map",
        "event_map",
        partial(_figure_file, viz.event_map, a, ctx.all_outlets),
        "Articles placed by meaning, coloured by outlet, grouped by event.",
    ),
    (
        "Coverage matrix",
        "coverage_matrix",
        partial(_figure_file, viz.coverage_matrix, a, ctx.events),
        "Which outlet covered which event, and who stayed silent.",
    ),
]
if (a["published"].astype(str) != "").any():
    overview_figs.append(
        (
            "Articles over time",
            "timeline",
            partial(_figure_file, viz.events_timeline, a, ctx.all_outlets),
            "Articles per day and outlet.",
        )
    )
cols = st.columns(len(overview_figs))
for col, (label, stem, make, about) in zip(cols, overview_figs, strict=True):
    with col:
        _download(
            f"{label} (HTML)",
            make,
            f"{slug}_{stem}.html",
            "text/html",
            f"export_fig_{stem}",
            about,
        )

# --- One event --------------------------------------------------------------

st.header("One event")
event_id = common.event_picker(
    ctx, "export_event", help="The event for the figures and the report below."
)
event = ctx.events[ctx.events["event_id"] == event_id].iloc[0]
members = a[a["event_id"] == event_id]
st.caption(
    f"{len(members)} article(s) from {members['outlet'].nunique()} outlet(s) in the current "
    "filters."
)
if members["outlet"].nunique() < 2:
    st.warning(
        "Only one outlet covered this event (in the current filters), so the report has "
        "nothing to compare it with: it shows that outlet's wording on its own."
    )

scores = tables["outlet_scores"]
frames = tables["frames"]
has_rates = not scores.empty and (scores["event_id"] == event_id).any()
has_frames = not frames.empty and (frames["event_id"] == event_id).any()
cols = st.columns(3)
with cols[0]:
    _download(
        "Event report (HTML)",
        partial(
            event_report_html,
            event,
            members,
            ctx.texts()["text"],
            **{name: tables[name] for name in ("cues", "sentences", *EVENT_TABLES)},
            categories=ctx.categories,
            all_outlets=ctx.all_outlets,
            outlets=st.session_state.get(state.OUTLETS) or ctx.all_outlets,
            corpus=ctx.corpus,
            note=filter_note,
        ),
        f"{slug}_event-{event_id}_report.html",
        "text/html",
        "export_report",
        "One self-contained page for this event (opens offline): the articles with "
        "highlighted cues, rates with intervals, loaded scores, distinctive phrases, "
        "who called it what and frames.",
    )
with cols[1]:
    _download(
        "Cue rates figure (HTML)",
        partial(
            _figure_file,
            event_rates_figure,
            scores,
            event_id,
            categories=ctx.categories,
            all_outlets=ctx.all_outlets,
        ),
        f"{slug}_event-{event_id}_cue_rates.html",
        "text/html",
        "export_fig_rates",
        "Cues per 1,000 words by category and outlet for this event, with 95% intervals.",
        disabled=not has_rates,
    )
with cols[2]:
    _download(
        "Frames figure (HTML)",
        partial(_figure_file, event_frames_figure, frames, event_id),
        f"{slug}_event-{event_id}_frames.html",
        "text/html",
        "export_fig_frames",
        "Share of each frame dimension in each outlet's sentences on this event.",
        disabled=not has_frames,
    )
if not (has_rates or has_frames):
    st.info("No cue scores are stored for this event, so only the report is available.")
