"""Clickable heatmap cells: plotly heatmaps send no selection, so points carry the click."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go


def cell_points(
    x: Sequence[str],
    y: Sequence[str],
    customdata: Sequence[Sequence[object]],
    hover: Sequence[str],
    *,
    size: int = 26,
) -> go.Scatter:
    """One invisible square point per clickable cell, carrying its hover and its click.

    Plotly heatmaps send no selection events (streamlit/streamlit#8760), so a
    chart that opens what is behind a cell lays these over it. Pass only the
    cells that have something behind them: an empty cell offers no click.

    Args:
        x: each point's column label, as on the heatmap's x axis.
        y: each point's row label, as on the heatmap's y axis.
        customdata: per point, the keys the page opens (e.g. ``[outlet, category]``).
        hover: per point, the hover text.
        size: marker size in pixels (about one cell).

    Returns:
        A scatter trace named ``"cells"``.
    """
    return go.Scatter(
        x=list(x),
        y=list(y),
        mode="markers",
        marker={"symbol": "square", "size": size, "color": "rgba(0,0,0,0)"},
        selected={"marker": {"color": "rgba(0,0,0,0.22)"}},
        unselected={"marker": {"opacity": 1}},
        customdata=[list(c) for c in customdata],
        hovertext=list(hover),
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
        name="cells",
    )
