"""Figures for the outlet profiles: cue-rate heatmap, distance matrix, trends.

Each function takes a table from ``framing.compare`` and returns a
``go.Figure`` with a title, axis titles and a one-line caption. Outlet names
and labels are HTML-escaped: plotly renders a subset of HTML (links
included) in tick labels and hover text, and outlet names come from the data.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from framing.viz.cells import cell_points
from framing.viz.theme import MAX_MARKERS, MAX_TEXT_CELLS, base_layout, outlet_colors


def _esc(value: object) -> str:
    return html.escape(str(value))


def rate_heatmap(rates: pd.DataFrame, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Outlets x cue categories: rate per 1,000 words with its 95% interval.

    Args:
        rates: from ``framing.compare.rates.outlet_rates`` (``outlet, category,
            count, rate, lo, hi, n_words``).
        labels: display label per category key (default: the key).

    Returns:
        A heatmap coloured by rate; each cell reads ``rate [lo–hi]`` and its
        hover gives the cue count and the number of words behind it. A second
        trace (``name="cells"``) puts a clickable point on each cell with a
        cue, ``customdata`` ``[outlet, category]``.
    """
    labels = dict(labels or {})
    cats = list(dict.fromkeys(rates["category"]))
    outlets = sorted(dict.fromkeys(rates["outlet"]))
    cell = rates.set_index(["outlet", "category"])
    z, text, hover = [], [], []
    for outlet in outlets:
        zr, tr, hr = [], [], []
        for cat in cats:
            r = cell.loc[(outlet, cat)]
            zr.append(float(r["rate"]))
            tr.append(f"{r['rate']:.1f}<br>[{r['lo']:.1f}–{r['hi']:.1f}]")
            hr.append(
                f"<b>{_esc(outlet)}</b><br>{_esc(labels.get(cat, cat))}<br>"
                f"{r['rate']:.2f} per 1,000 words (95% CI {r['lo']:.2f}–{r['hi']:.2f})<br>"
                f"{int(r['count'])} cue(s) in {int(r['n_words']):,} words"
            )
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_esc(labels.get(c, c)) for c in cats],
            y=[_esc(o) for o in outlets],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorscale="YlOrRd",
            zmin=0,
            colorbar={"title": {"text": "per 1,000<br>words"}},
        )
    )
    full = [
        (i, j)
        for i, o in enumerate(outlets)
        for j, c in enumerate(cats)
        if cell.loc[(o, c), "count"]
    ]
    fig.add_trace(
        cell_points(
            [_esc(labels.get(cats[j], cats[j])) for _, j in full],
            [_esc(outlets[i]) for i, _ in full],
            [[outlets[i], cats[j]] for i, j in full],
            [hover[i][j] for i, j in full],
            size=40,
        )
    )
    fig.update_layout(
        **base_layout(
            "Framing cues per 1,000 words, by outlet",
            "Darker = the outlet uses this kind of wording more often, across all events. "
            "Brackets give the 95% range the true rate likely lies in.",
        ),
        height=max(360, 140 + 56 * len(outlets)),
    )
    fig.update_xaxes(title_text="Cue category", side="bottom", tickangle=-20)
    # The words each outlet's rates are computed on, beside its name.
    words = rates.groupby("outlet")["n_words"].max()
    fig.update_yaxes(
        title_text="Outlet",
        autorange="reversed",
        tickmode="array",
        tickvals=[_esc(o) for o in outlets],
        ticktext=[f"{_esc(o)}<br><sup>{int(words[o]):,} words</sup>" for o in outlets],
    )
    return fig


def distance_heatmap(
    distances: pd.DataFrame,
    *,
    title: str = "How differently outlets frame the news",
    caption: str = "0 = the same framing profile; larger = more different.",
    zmax: float | None = None,
    max_text_cells: int = MAX_TEXT_CELLS,
) -> go.Figure:
    """Outlet x outlet distance matrix.

    Args:
        distances: ``outlet_a, outlet_b, distance`` (e.g. from
            ``framing.compare.framing_distance``).
        title: figure title.
        caption: one-line plain-language reading of the numbers.
        zmax: top of the colour scale (default: the largest distance).
        max_text_cells: above this many cells the distances are in the hover
            only, and the caption says so (thousands of cell labels are slow
            to draw and too small to read).
    """
    matrix = distances.pivot(index="outlet_a", columns="outlet_b", values="distance")
    order = sorted(matrix.index)
    matrix = matrix.reindex(index=order, columns=order)
    values = matrix.to_numpy(dtype=float)
    names = [_esc(o) for o in order]
    cell_text = {}
    if values.size <= max_text_cells:
        cell_text = {
            "text": [[f"{v:.2f}" for v in row] for row in values],
            "texttemplate": "%{text}",
        }
    else:
        caption = f"{caption} Hover a cell for its distance."
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=names,
            y=names,
            **cell_text,
            colorscale="Viridis",
            reversescale=True,
            zmin=0,
            zmax=zmax,
            colorbar={"title": {"text": "distance"}},
            hovertemplate="%{y} vs %{x}<br>distance %{z:.2f}<extra></extra>",
        )
    )
    fig.update_layout(**base_layout(title, caption), height=max(380, 160 + 52 * len(order)))
    fig.update_xaxes(title_text="Outlet", tickangle=-20)
    fig.update_yaxes(title_text="Outlet", autorange="reversed")
    return fig


def with_gaps(rows: pd.DataFrame, column: str, step: pd.Timedelta) -> pd.DataFrame:
    """``rows`` (sorted by ``column``) with an empty row inside every gap longer than ``step``.

    A line chart drawn from the result breaks where there was no data instead
    of drawing straight across: each inserted row has the time one ``step``
    after the point before the gap and missing values elsewhere.
    """
    if len(rows) < 2:
        return rows
    times = pd.to_datetime(rows[column])
    after = times.diff().shift(-1) > step
    if not after.any():
        return rows
    fill = pd.DataFrame({column: (times[after] + step).to_numpy()}, index=rows.index[after])
    out = pd.concat([rows, fill.reindex(columns=rows.columns)])
    order = pd.to_datetime(out[column]).argsort(kind="stable")
    return out.iloc[order].reset_index(drop=True)


def trend_chart(
    trends: pd.DataFrame,
    all_outlets: list[str] | None = None,
    *,
    freq: str = "day",
    max_markers: int = MAX_MARKERS,
) -> go.Figure:
    """Mean loaded score and cue rate per outlet over time, one line per outlet.

    Args:
        trends: from ``framing.compare.periods.trends`` (``outlet, period, n_articles,
            loaded_mean, cue_rate``).
        all_outlets: every outlet of the corpus, so colours stay fixed when filtered.
        freq: ``"day"`` or ``"week"``, for the axis title.
        max_markers: points (both panels together) up to which each one gets a
            marker; above, lines only.

    Returns:
        Two panels; each line breaks where an outlet has no data for a period
        (``with_gaps``), and each point's ``customdata`` is ``[outlet, ISO date]``.
    """
    colors = outlet_colors(all_outlets or trends["outlet"])
    # Every point marked while they are few; lines only beyond (the hover
    # still answers at each point).
    mode = "lines+markers" if 2 * len(trends) <= max_markers else "lines"
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=("Mean loaded-language score", "Framing cues per 1,000 words"),
    )
    unit = "week of" if freq == "week" else "day"
    # All traces in one call: each add_trace re-validates the ones before it.
    traces, rows = [], []
    step = pd.Timedelta(days=7 if freq == "week" else 1)
    for outlet, sub in trends.groupby("outlet", sort=True):
        color = colors.get(str(outlet), "#666666")
        sub = with_gaps(sub.sort_values("period"), "period", step)
        words = sub["n_words"] if "n_words" in sub else pd.Series(pd.NA, index=sub.index)
        hover = [
            ""
            if pd.isna(n)
            else f"<b>{_esc(outlet)}</b><br>{unit} {p:%Y-%m-%d}<br>{int(n)} article(s)"
            + ("" if pd.isna(w) else f", {int(w):,} words")
            for p, n, w in zip(sub["period"], sub["n_articles"], words, strict=True)
        ]
        for row, col in ((1, "loaded_mean"), (2, "cue_rate")):
            traces.append(
                go.Scatter(
                    x=sub["period"],
                    # None at a gap: plotly breaks the line there, drawing none across it
                    y=[None if pd.isna(v) else float(v) for v in sub[col]],
                    mode=mode,
                    name=_esc(outlet),
                    legendgroup=str(outlet),
                    showlegend=row == 1,
                    connectgaps=False,
                    line={"color": color, "width": 2},
                    marker={"size": 7, "color": color},
                    hovertext=hover,
                    hovertemplate="%{hovertext}<br>%{y:.2f}<extra></extra>",
                    # what a click opens: the outlet and the period (ISO date)
                    customdata=[
                        [str(outlet), f"{p:%Y-%m-%d}"] if not pd.isna(n) else None
                        for p, n in zip(sub["period"], sub["n_articles"], strict=True)
                    ],
                )
            )
            rows.append(row)
    if traces:
        fig.add_traces(traces, rows=rows, cols=[1] * len(rows))
    layout = base_layout(
        "Framing over time",
        "How loaded each outlet's sentences were, and how often it used framing cues, "
        f"per {'week' if freq == 'week' else 'publication day'}.",
    )
    # Room for the panel titles under the caption.
    layout["margin"] = {**layout["margin"], "t": 110}
    fig.update_layout(**layout, height=640, hovermode="closest")
    fig.update_yaxes(title_text="Loaded score (0–1)", range=[0, 1], row=1, col=1)
    fig.update_yaxes(title_text="Cues per 1,000 words", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(
        title_text="Week starting" if freq == "week" else "Publication date", row=2, col=1
    )
    return fig
