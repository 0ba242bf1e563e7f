"""Figures for the overview: event map, coverage matrix, timeline."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from framing.viz.theme import MAX_TEXT_CELLS, base_layout, outlet_colors

# Above this many drawn points the event map uses WebGL markers.
GL_MIN_POINTS = 2000


def event_map(
    articles: pd.DataFrame,
    all_outlets: list[str] | None = None,
    *,
    max_labels: int = 40,
    max_points: int | None = None,
) -> go.Figure:
    """Articles placed by meaning (2-D projection of their embeddings).

    Above ``GL_MIN_POINTS`` drawn articles the markers are WebGL, so ten
    thousand articles still pan and zoom smoothly; below, SVG (WebGL costs a
    fixed start-up, about half a second in a browser without a GPU, that
    only pays off for thousands of points).

    Args:
        articles: with ``id, x, y, outlet, title, event_id, event_label, published``.
        all_outlets: every outlet of the corpus, so colours stay fixed when filtered.
        max_labels: events labelled on the map (the largest ones); every
            marker's hover still names its event.
        max_points: draw at most this many articles: above, a random sample
            (seeded: the same every time) and the caption says so. The event
            labels still sit at the centre of all their articles. ``None``
            draws every article.

    Returns:
        One marker per drawn article coloured by outlet; the hover names its
        event; ``customdata`` is ``[event_id, article id]``.
    """
    colors = outlet_colors(all_outlets or articles["outlet"])
    many = len(articles) > 2000
    drawn = articles
    if max_points is not None and len(articles) > max_points:
        drawn = articles.sample(n=max_points, random_state=0).sort_index()
    scatter = go.Scattergl if len(drawn) > GL_MIN_POINTS else go.Scatter
    traces = []
    for outlet, sub in drawn.groupby("outlet", sort=True):
        hover = [
            f"<b>{html.escape(str(t))}</b><br>{html.escape(str(o))} · {html.escape(str(d))}"
            f"<br>Event {e}: {html.escape(str(lab))}"
            for t, o, d, e, lab in zip(
                sub["title"],
                sub["outlet"],
                sub["published"],
                sub["event_id"],
                sub["event_label"],
                strict=True,
            )
        ]
        traces.append(
            scatter(
                x=sub["x"],
                y=sub["y"],
                mode="markers",
                name=html.escape(str(outlet)),
                marker={
                    "size": 5 if many else 11,
                    "color": colors[str(outlet)],
                    "line": {"width": 0 if many else 1, "color": "white"},
                },
                hovertext=hover,
                hoverinfo="text",
                # what a click opens: the article's event and the article
                customdata=sub[["event_id", "id"]].to_numpy(),
            )
        )
    # One call: each add_trace re-validates every trace before it.
    fig = go.Figure(data=traces)
    # Event labels in boxes above each event's centre, so the groups are
    # readable without hovering and no label hides a marker.
    centres = articles.groupby(["event_id", "event_label"], as_index=False).agg(
        x=("x", "mean"), y=("y", "max"), n=("x", "size")
    )
    n_events = len(centres)
    # Hundreds of boxed labels would bury the map (and slow the browser).
    centres = centres.sort_values(["n", "event_id"], ascending=[False, True]).head(max_labels)
    # One list, set once: add_annotation re-validates every earlier label.
    fig.update_layout(
        annotations=[
            {
                "x": row.x,
                "y": row.y,
                "text": f"E{row.event_id}",
                "hovertext": html.escape(str(row.event_label)),
                "showarrow": False,
                "yshift": 16,
                "font": {"size": 12, "color": "#222"},
                "bgcolor": "rgba(255,255,255,0.85)",
                "bordercolor": "#999",
                "borderwidth": 1,
                "borderpad": 2,
            }
            for row in centres.itertuples(index=False)
        ]
    )
    note = (
        "Labels E0, E1... mark the events found."
        if n_events <= max_labels
        else f"Labels mark the {max_labels} largest of {n_events} events; hover a dot for "
        "its event."
    )
    lines = ["Each dot is an article; articles close together say similar things.", note]
    if len(drawn) < len(articles):
        lines.append(
            f"Showing a random sample of {len(drawn):,} of {len(articles):,} articles "
            "(the same each time); the labels sit at the centre of all their articles."
        )
    # One sentence per line: a long caption on one line runs past the chart.
    fig.update_layout(**base_layout("Event map", "<br>".join(lines)))
    fig.update_layout(margin={"t": 60 + 20 * len(lines)})
    fig.update_xaxes(title_text="Projection axis 1 (meaning)", showticklabels=False)
    fig.update_yaxes(title_text="Projection axis 2 (meaning)", showticklabels=False)
    return fig


def coverage_matrix(
    articles: pd.DataFrame,
    events: pd.DataFrame,
    *,
    max_events: int = 60,
    max_text_cells: int = MAX_TEXT_CELLS,
) -> go.Figure:
    """Event x outlet article counts: who covered what, and who stayed silent.

    Args:
        articles: with ``event_id, outlet``.
        events: with ``event_id, label``.
        max_events: rows shown: the events with the most articles (the
            subtitle says how many there are in all).
        max_text_cells: above this many cells the counts are not written in
            the cells (the subtitle says to hover): each written cell is an
            SVG text the browser lays out, seconds for thousands of them.
    """
    n_all = len(events)
    if n_all > max_events:
        size = articles.groupby("event_id").size().reindex(events["event_id"], fill_value=0)
        keep = size.sort_values(ascending=False, kind="stable").index[:max_events]
        events = events[events["event_id"].isin(keep)]
        articles = articles[articles["event_id"].isin(keep)]
    counts = pd.crosstab(articles["event_id"], articles["outlet"])
    counts = counts.reindex(events["event_id"], fill_value=0)
    labels = [
        f"E{e}: {html.escape(lab[:60])}"
        for e, lab in zip(events["event_id"], events["label"], strict=True)
    ]
    written = counts.size <= max_text_cells
    cell_text = {}
    if written:
        cell_text = {
            "text": [["silent" if v == 0 else str(v) for v in row] for row in counts.to_numpy()],
            "texttemplate": "%{text}",
        }
    fig = go.Figure(
        go.Heatmap(
            z=counts.to_numpy(),
            x=[html.escape(str(c)) for c in counts.columns],
            y=labels,
            **cell_text,
            colorscale="Blues",
            zmin=0,
            showscale=False,
            hovertemplate="%{y}<br>%{x}: %{z} article(s)<extra></extra>",
        )
    )
    reading = (
        "Numbers are articles per outlet and event; 'silent' means the outlet did not cover it."
        if written
        else "Darker = more articles per outlet and event; white: the outlet did not cover it. "
        "Hover a cell for its count."
    )
    fig.update_layout(
        **base_layout(
            "Coverage: who covered which event",
            reading
            + (
                f" Showing the {max_events} events with the most articles, of {n_all}."
                if n_all > max_events
                else ""
            ),
        ),
        height=max(320, 60 + 38 * len(labels)),
    )
    fig.update_xaxes(title_text="Outlet", side="bottom")
    fig.update_yaxes(title_text="Event", autorange="reversed")
    return fig


def events_timeline(articles: pd.DataFrame, all_outlets: list[str] | None = None) -> go.Figure:
    """Articles per day (per week or month over long spans) and outlet; dated articles only."""
    colors = outlet_colors(all_outlets or articles["outlet"])
    dated = articles[articles["published"].astype(str) != ""]
    days = pd.to_datetime(dated["published"], errors="coerce")
    span = (days.max() - days.min()).days if len(days) else 0
    # Thousands of daily bars per outlet are slow to draw and impossible to read.
    unit, freq = ("day", None) if span <= 120 else ("week", "W") if span <= 730 else ("month", "M")
    bins = days.dt.to_period(freq).dt.start_time if freq else days
    traces = []
    for outlet, sub in dated.assign(_bin=bins).groupby("outlet", sort=True):
        per_bin = sub.groupby("_bin").size()
        traces.append(
            go.Bar(
                x=per_bin.index,
                y=per_bin.to_numpy(),
                name=html.escape(str(outlet)),
                marker_color=colors[str(outlet)],
            )
        )
    fig = go.Figure(data=traces)
    fig.update_layout(
        **base_layout("Articles over time", f"How many articles each outlet published per {unit}."),
        barmode="stack",
    )
    fig.update_xaxes(title_text="Publication date")
    fig.update_yaxes(title_text=f"Articles per {unit}")
    return fig


def storyline_timeline(events: pd.DataFrame, articles: pd.DataFrame, top: int = 15) -> go.Figure:
    """Each storyline's events over time: one row per storyline, one dot per event.

    Args:
        events: the events table (``event_id, label, storyline_id, storyline``).
        articles: the shown articles (``event_id, outlet, published``): dots
            are drawn for their events, sized by their articles, dated by
            their first publication date.
        top: storylines drawn (those with the most articles).
    """
    dated = articles[articles["published"].astype(str) != ""]
    per_event = dated.groupby("event_id").agg(
        first=("published", "min"),
        n=("published", "size"),
        outlets=("outlet", lambda s: ", ".join(sorted(set(map(str, s))))),
    )
    columns = ["label", "storyline_id", "storyline"]
    table = events.set_index("event_id")[columns].join(per_event, how="inner")
    sizes = table.groupby("storyline_id")["n"].sum().sort_values(ascending=False, kind="stable")
    kept = sizes.index[:top]
    table = table[table["storyline_id"].isin(kept)]
    names = table.groupby("storyline_id")["storyline"].first().astype(str)
    order = [names[s] for s in kept]
    hover = [
        f"{html.escape(str(lab))}<br>{n} article(s): {html.escape(str(outs))}"
        for lab, n, outs in zip(table["label"], table["n"], table["outlets"], strict=True)
    ]
    fig = go.Figure(
        go.Scatter(
            x=pd.to_datetime(table["first"]),
            y=[html.escape(str(s)) for s in table["storyline"]],
            mode="markers",
            marker={"size": [8 + 3 * min(n, 12) for n in table["n"]], "color": "#0072B2"},
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.update_layout(
        **base_layout(
            "Storylines",
            "Events of one theme over time: one row per storyline, one dot per event "
            "(size: articles).",
        ),
        height=max(320, 60 + 34 * len(order)),
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=[html.escape(o) for o in order][::-1], title_text=""
    )
    fig.update_xaxes(title_text="First publication date")
    return fig
