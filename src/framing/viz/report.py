"""Figures of the offline event report: cue rates and frame shares for one event.

Both take the stored table (``outlet_scores``, ``frames``) and an event id, so
the dashboard's export page and ``framing.reports.event_report`` draw the same
figure. Values handed to plotly are HTML-escaped: plotly renders a small HTML
subset (links included) in ticks, legends and hover labels, and outlet names
and labels come from the data.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from framing.compare.event import event_rows
from framing.compare.rates import event_rates, rate_categories
from framing.cues.lexicon import Category
from framing.viz.theme import base_layout, outlet_colors


def category_label(key: str, categories: Mapping[str, Category]) -> str:
    """The readable label of a cue category; an unknown key is spelled out."""
    cat = categories.get(key)
    return cat.label if cat is not None else key.replace("_", " ").capitalize()


def default_frame_labels() -> dict[str, str]:
    """Frame key -> label, from the bundled frame definitions."""
    # Imported here: the definitions are only read when a frames figure is drawn.
    from framing.cues.frames import load_frames

    return {f.key: f.label for f in load_frames()}


def event_rates_figure(
    outlet_scores: pd.DataFrame,
    event_id: int,
    *,
    categories: Mapping[str, Category] | None = None,
    all_outlets: Sequence[str] | None = None,
) -> go.Figure:
    """Cue rates per 1,000 words by category and outlet, for one event, with 95% intervals.

    Args:
        outlet_scores: the ``outlet_scores`` table (``event_id, outlet,
            <cat>_count, <cat>_rate, <cat>_lo, <cat>_hi``).
        event_id: the event (``-1`` for all events).
        categories: category metadata, for labels and order.
        all_outlets: every outlet of the corpus, so colours stay fixed.

    Returns:
        Grouped bars, one trace per outlet, with the interval as error bars.
    """
    cats = dict(categories or {})
    rows = event_rows(outlet_scores, event_id).sort_values("outlet")
    colors = outlet_colors(all_outlets or rows.get("outlet", []))
    keys = rate_categories(rows, order=cats) if not rows.empty else []
    labels = [html.escape(category_label(k, cats)) for k in keys]
    rates = event_rates(rows)
    fig = go.Figure()
    for outlet in rows["outlet"]:
        sub = rates[rates["outlet"] == outlet].set_index("category").reindex(keys)
        rate = [float(v) for v in sub["rate"]]
        fig.add_trace(
            go.Bar(
                x=labels,
                y=rate,
                name=html.escape(str(outlet)),
                marker_color=colors.get(str(outlet), "#666666"),
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [float(h) - v for h, v in zip(sub["hi"], rate, strict=True)],
                    "arrayminus": [v - float(lo) for lo, v in zip(sub["lo"], rate, strict=True)],
                    "thickness": 1,
                    "width": 3,
                },
                customdata=[int(c) for c in sub["count"]],
                hovertemplate="%{x}<br>%{fullData.name}: %{y:.1f} per 1,000 words"
                " (%{customdata} cue(s))<extra></extra>",
            )
        )
    fig.update_layout(
        **base_layout(
            "Framing cues per outlet",
            "How often each outlet used each kind of framing wording, per 1,000 words; "
            "the thin lines show the 95% uncertainty range.",
        ),
        barmode="group",
    )
    fig.update_xaxes(title_text="Cue category")
    fig.update_yaxes(title_text="Cues per 1,000 words", rangemode="tozero")
    return fig


def event_frames_figure(
    frames: pd.DataFrame,
    event_id: int,
    *,
    frame_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Frame-dimension shares per outlet for one event, as a heatmap of percentages.

    Args:
        frames: the ``frames`` table (``event_id, outlet, frame, share, confidence``).
        event_id: the event (``-1`` for all events).
        frame_labels: frame key -> label (default: the bundled frame definitions).

    Returns:
        Outlets x frames, each cell the share of the outlet's sentences; no
        trace when the event has no frame rows.
    """
    labels = dict(frame_labels) if frame_labels is not None else default_frame_labels()
    rows = event_rows(frames, event_id)
    fig = go.Figure()
    if not rows.empty:
        table = rows.pivot_table(index="outlet", columns="frame", values="share", aggfunc="mean")
        order = [k for k in labels if k in table.columns] + sorted(
            c for c in table.columns if c not in labels
        )
        table = table[order].fillna(0.0).sort_index()
        pct = table.to_numpy() * 100
        fig.add_trace(
            go.Heatmap(
                z=pct,
                x=[html.escape(labels.get(k, str(k))) for k in table.columns],
                y=[html.escape(str(o)) for o in table.index],
                text=[[f"{v:.0f}%" for v in row] for row in pct],
                texttemplate="%{text}",
                colorscale="Blues",
                zmin=0,
                showscale=False,
                hovertemplate="%{y}<br>%{x}: %{z:.1f}% of sentences<extra></extra>",
            )
        )
        fig.update_layout(height=max(300, 140 + 42 * len(table.index)))
    fig.update_layout(
        **base_layout(
            "Frames per outlet",
            "Which angle each outlet's sentences take (economy, security, politics...), "
            "as a share of its sentences on this event.",
        )
    )
    fig.update_xaxes(title_text="Frame dimension", tickangle=-30)
    fig.update_yaxes(title_text="Outlet", autorange="reversed")
    return fig
