"""Figures of "Who gets to speak": the outlets x speakers matrix and how sources are introduced.

Each function takes a table from ``framing.compare.sources`` and returns a
``go.Figure`` with a title, axis titles and a one-line caption. Outlet and
speaker names come from the data and are HTML-escaped (plotly renders a
subset of HTML in tick labels and hover text). Each outlet keeps its colour
from ``outlet_colors(all_outlets)``: a square before its name, or its bar.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from framing.compare.sources import UNSTATED
from framing.viz.cells import cell_points
from framing.viz.theme import (
    MAX_TEXT_CELLS,
    VERB_CLASS_PATTERNS,
    base_layout,
    outlet_colors,
    verb_class_color,
)

UNSTATED_COLOR = "#DDDDDD"
# Sides get Paul Tol's muted palette (colour-blind-safe), not the outlets'
# Okabe-Ito colours, so a side never reads as an outlet.
SIDE_PALETTE = [
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499",
]  # fmt: skip
NEUTRAL = "neutral"


def _esc(value: object) -> str:
    return html.escape(str(value))


def outlet_ticks(outlets: Sequence[str], all_outlets: Sequence[str] | None) -> list[str]:
    """Escaped outlet names, each after a square in the outlet's colour."""
    colors = outlet_colors(all_outlets or outlets)
    return [
        f'<span style="color:{colors.get(str(o), "#666666")}">■</span> {_esc(o)}' for o in outlets
    ]


def speaker_heatmap(
    matrix: pd.DataFrame,
    all_outlets: Sequence[str] | None = None,
    *,
    title: str = "Who each outlet quotes",
    max_text_cells: int = MAX_TEXT_CELLS,
) -> go.Figure:
    """Outlets x speakers: how many quotations and statements each outlet gives each speaker.

    Args:
        matrix: from ``framing.compare.speaker_matrix`` (``outlet, speaker,
            count, n_words``), speakers in rank order.
        all_outlets: every outlet of the corpus, so colours stay fixed.
        title: figure title.
        max_text_cells: above this many cells the counts are in the hover only.

    Returns:
        A heatmap: rows are outlets (in the table's order), columns speakers
        (most quoted first); each non-zero cell shows its count. A second
        trace (``name="cells"``) puts a clickable point on every non-zero
        cell, row by row, whose ``customdata`` is ``[outlet, speaker]`` as in
        the table, so a selection leads back to the cell.
    """
    speakers = list(dict.fromkeys(matrix["speaker"]))
    outlets = list(dict.fromkeys(matrix["outlet"]))
    cell = matrix.set_index(["outlet", "speaker"])
    z = np.zeros((len(outlets), len(speakers)))
    words = np.zeros_like(z)
    for i, o in enumerate(outlets):
        for j, s in enumerate(speakers):
            z[i, j] = cell.at[(o, s), "count"]
            words[i, j] = cell.at[(o, s), "n_words"]
    caption = "Quotations and reported statements per speaker; darker = quoted more often."
    text = {}
    if z.size <= max_text_cells:
        text = {
            "text": [[str(int(v)) if v else "" for v in row] for row in z],
            "texttemplate": "%{text}",
        }
    else:
        caption += " Hover a cell for its count."
    hover = [
        [
            f"<b>{_esc(o)}</b><br>{_esc(s)}<br>{int(z[i, j])} quotation(s) or statement(s), "
            f"{int(words[i, j]):,} words"
            for j, s in enumerate(speakers)
        ]
        for i, o in enumerate(outlets)
    ]
    x = [_esc(s) for s in speakers]
    y = [_esc(o) for o in outlets]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            **text,
            hoverinfo="skip",
            colorscale="Blues",
            zmin=0,
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": "sources"}},
        )
    )
    # The click goes through points over the cells; an empty cell has none.
    full = [(i, j) for i in range(len(outlets)) for j in range(len(speakers)) if z[i, j] > 0]
    fig.add_trace(
        cell_points(
            [x[j] for _, j in full],
            [y[i] for i, _ in full],
            [[outlets[i], speakers[j]] for i, j in full],
            [hover[i][j] for i, j in full],
        )
    )
    fig.update_layout(
        **base_layout(title, caption),
        height=max(360, 200 + 46 * len(outlets)),
    )
    fig.update_xaxes(title_text="Speaker (most quoted first)", tickangle=-35, side="bottom")
    fig.update_yaxes(
        title_text="Outlet",
        autorange="reversed",
        tickmode="array",
        tickvals=y,
        ticktext=outlet_ticks(outlets, all_outlets),
    )
    return fig


def verb_mix_chart(
    mix: pd.DataFrame,
    all_outlets: Sequence[str] | None = None,
    *,
    title: str = "How each outlet introduces its sources",
) -> go.Figure:
    """Stacked bars per outlet: the share of each attribution-verb class.

    Args:
        mix: from ``framing.compare.verb_mix`` (``outlet, verb_class, label,
            count, share, n_with_verb``).
        all_outlets: every outlet of the corpus, so colours stay fixed.
        title: figure title.

    Returns:
        Horizontal bars, one per outlet, stacked by verb class in the table's
        order with neutral last (the loaded classes start at 0); each class
        has a colour and a fill pattern.
    """
    outlets = list(dict.fromkeys(mix["outlet"]))
    # The coloured classes from the left edge, so their shares share a baseline;
    # neutral last: where the grey starts is how much is not neutral.
    classes = [c for c in dict.fromkeys(mix["verb_class"]) if c != NEUTRAL]
    classes += [NEUTRAL] if (mix["verb_class"] == NEUTRAL).any() else []
    labels = dict(zip(mix["verb_class"], mix["label"], strict=False))
    y = [_esc(o) for o in outlets]
    fig = go.Figure()
    for cls in classes:
        sub = mix[mix["verb_class"] == cls].set_index("outlet").reindex(outlets)
        share = sub["share"].fillna(0).to_numpy(dtype=float)
        fig.add_trace(
            go.Bar(
                y=y,
                x=share,
                orientation="h",
                name=_esc(labels.get(cls, cls)),
                marker={
                    "color": verb_class_color(cls),
                    "pattern": {"shape": VERB_CLASS_PATTERNS.get(cls, ""), "solidity": 0.3},
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                text=[f"{v:.0%}" if v >= 0.04 else "" for v in share],
                textposition="inside",
                insidetextanchor="middle",
                customdata=np.column_stack(
                    [sub["count"].fillna(0).astype(int), sub["n_with_verb"].fillna(0).astype(int)]
                ),
                hovertemplate=(
                    f"<b>%{{y}}</b><br>{_esc(labels.get(cls, cls))}<br>%{{x:.0%}} "
                    "(%{customdata[0]} of %{customdata[1]})<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        **base_layout(
            title,
            'Share of quotations and statements by the verb that introduces them: "said" '
            'is neutral (grey); "claimed", "admitted" or "slammed" colour what follows.',
        ),
        barmode="stack",
        height=max(320, 180 + 44 * len(outlets)),
    )
    fig.update_layout(legend={"title": {"text": "Verb"}, "traceorder": "normal"})
    fig.update_xaxes(title_text="Share of attributed sources", tickformat=".0%", range=[0, 1])
    fig.update_yaxes(
        title_text="Outlet",
        autorange="reversed",
        tickmode="array",
        tickvals=y,
        ticktext=outlet_ticks(outlets, all_outlets),
    )
    return fig


def anonymous_share_chart(
    sourcing: pd.DataFrame,
    all_outlets: Sequence[str] | None = None,
    *,
    title: str = "Anonymous sources",
) -> go.Figure:
    """The share of each outlet's sources that are anonymous, with its 95% interval.

    Args:
        sourcing: from ``framing.compare.outlet_sourcing`` (``outlet,
            n_sources, n_anonymous, anonymous_share, anonymous_lo, anonymous_hi``).
        all_outlets: every outlet of the corpus, so colours stay fixed.
        title: figure title.
    """
    colors = outlet_colors(all_outlets or sourcing["outlet"])
    rows = sourcing[sourcing["n_sources"] > 0]
    fig = go.Figure()
    for r in rows.itertuples(index=False):
        outlet = str(r.outlet)
        fig.add_trace(
            go.Bar(
                y=[_esc(outlet)],
                x=[r.anonymous_share],
                orientation="h",
                name=_esc(outlet),
                marker_color=colors.get(outlet, "#666666"),
                error_x={
                    "type": "data",
                    "array": [max(r.anonymous_hi - r.anonymous_share, 0)],
                    "arrayminus": [max(r.anonymous_share - r.anonymous_lo, 0)],
                    "thickness": 1.2,
                    "width": 4,
                },
                hovertemplate=(
                    f"<b>{_esc(outlet)}</b><br>%{{x:.0%}} anonymous "
                    f"({int(r.n_anonymous)} of {int(r.n_sources)} sources)<br>95% interval "
                    f"{r.anonymous_lo:.0%}–{r.anonymous_hi:.0%}<extra></extra>"
                ),
            )
        )
    top = float(rows["anonymous_hi"].max()) if not rows.empty else 0.0
    fig.update_layout(
        **base_layout(title, "Share of sources not named; whiskers: 95% interval."),
        showlegend=False,
        height=max(320, 180 + 44 * len(rows)),
    )
    fig.update_xaxes(
        title_text="Anonymous share", tickformat=".0%", range=[0, min(1.0, top * 1.25 + 0.05)]
    )
    # Horizontal like the other sourcing charts; "k of n" beside each name (on
    # the bar it ran into the whiskers).
    fig.update_yaxes(
        title_text="Outlet",
        autorange="reversed",
        tickmode="array",
        tickvals=[_esc(o) for o in rows["outlet"]],
        ticktext=[
            f"{t} ({int(r.n_anonymous)} of {int(r.n_sources)})"
            for t, r in zip(
                outlet_ticks(rows["outlet"].tolist(), all_outlets),
                rows.itertuples(index=False),
                strict=True,
            )
        ],
    )
    return fig


def official_sides_chart(
    officials: pd.DataFrame,
    all_outlets: Sequence[str] | None = None,
    *,
    side_colors: Mapping[str, str] | None = None,
    title: str = "Whose officials speak",
) -> go.Figure:
    """Stacked bars per outlet: the share of its quoted officials from each side.

    Args:
        officials: from ``framing.compare.official_sides`` (``outlet,
            affiliation, n_official, share``).
        all_outlets: every outlet of the corpus, so colours stay fixed.
        side_colors: a colour per affiliation (default: the palette in order
            of how many officials each side has; no stated side is light grey).
        title: figure title.
    """
    outlets = list(dict.fromkeys(officials["outlet"]))
    totals = officials.groupby("affiliation")["n_official"].sum()
    sides = sorted(totals.index, key=lambda s: (s == UNSTATED, -int(totals[s]), str(s)))
    palette = SIDE_PALETTE
    colors = {s: palette[i % len(palette)] for i, s in enumerate(x for x in sides if x != UNSTATED)}
    colors[UNSTATED] = UNSTATED_COLOR
    colors.update(side_colors or {})
    y = [_esc(o) for o in outlets]
    fig = go.Figure()
    for side in sides:
        sub = officials[officials["affiliation"] == side].set_index("outlet").reindex(outlets)
        share = sub["share"].fillna(0).to_numpy(dtype=float)
        fig.add_trace(
            go.Bar(
                y=y,
                x=share,
                orientation="h",
                name=_esc(side),
                marker={"color": colors[side], "line": {"color": "#FFFFFF", "width": 1}},
                text=[f"{v:.0%}" if v >= 0.1 else "" for v in share],
                textposition="inside",
                textangle=0,
                insidetextanchor="middle",
                customdata=sub["n_official"].fillna(0).astype(int).to_numpy(),
                hovertemplate=(
                    f"<b>%{{y}}</b><br>{_esc(side)}: %{{x:.0%}} of its officials "
                    "(%{customdata})<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        **base_layout(
            title,
            "By the side the text gives them; grey: none stated.",
        ),
        barmode="stack",
        height=max(360, 240 + 44 * len(outlets)),
    )
    # Below the bars: the chart often sits in half a page's width.
    fig.update_layout(
        legend={
            "title": {"text": "Side"},
            "traceorder": "normal",
            "orientation": "h",
            "y": -0.25,
            "x": 0,
        }
    )
    fig.update_xaxes(title_text="Share of the outlet's officials", tickformat=".0%", range=[0, 1])
    fig.update_yaxes(
        title_text="Outlet",
        autorange="reversed",
        tickmode="array",
        tickvals=y,
        ticktext=outlet_ticks(outlets, all_outlets),
    )
    return fig
