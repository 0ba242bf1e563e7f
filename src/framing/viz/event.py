"""Figures for one event: cue rates, loaded language, frame shares, wording matrix.

Each function takes a tidy table from ``framing.compare`` (or a stored
cue table filtered to one event) and returns a ``go.Figure``. Outlets keep the
colours of ``outlet_colors(all_outlets)``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from framing.viz.theme import base_layout, outlet_colors

_CELL = re.compile(r"^(.*) \((\d+)\)$", re.DOTALL)


def _label(labels: Mapping[str, str] | None, key: str) -> str:
    return str(labels.get(key, key)) if labels else str(key)


def _short(text: str, n: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _cell(value: str, width: int = 14) -> str:
    """Short cell text: the most used wording (and how many more), full text on hover."""
    match = _CELL.match(str(value))
    if not match:
        return _short(value, width)
    wordings = [w for w in match.group(1).split(" / ") if w]
    first = _short(wordings[0], width) if wordings else ""
    more = f" +{len(wordings) - 1}" if len(wordings) > 1 else ""
    return f"{first}{more} ({match.group(2)})"


def category_rates_chart(
    rates: pd.DataFrame,
    all_outlets: list[str] | None = None,
    labels: Mapping[str, str] | None = None,
    *,
    title: str = "Framing cues per 1,000 words",
) -> go.Figure:
    """Grouped bars of cue rates per category, one colour per outlet, with 95% intervals.

    Args:
        rates: long table with ``outlet, category, count, rate, lo, hi,
            n_words`` (``framing.compare.rates.event_rates``).
        all_outlets: every outlet of the corpus, so colours stay fixed.
        labels: category key -> readable label.
        title: figure title.

    Returns:
        One bar trace per outlet; each bar's ``customdata`` ends with its
        outlet and category key, so a click leads to its cues.
    """
    colors = outlet_colors(all_outlets or rates["outlet"])
    order = list(dict.fromkeys(rates["category"]))
    fig = go.Figure()
    for outlet, sub in rates.groupby("outlet", sort=True):
        sub = sub.set_index("category").reindex(order)
        words = sub["n_words"].fillna(0).astype(int) if "n_words" in sub else sub["count"] * 0
        fig.add_trace(
            go.Bar(
                x=[_label(labels, c) for c in order],
                y=sub["rate"].to_numpy(),
                name=str(outlet),
                marker_color=colors[str(outlet)],
                error_y={
                    "type": "data",
                    "array": (sub["hi"] - sub["rate"]).clip(lower=0).to_numpy(),
                    "arrayminus": (sub["rate"] - sub["lo"]).clip(lower=0).to_numpy(),
                    "thickness": 1.2,
                    "width": 3,
                },
                # count, lo, hi, words, then the keys a click opens: outlet, category
                customdata=np.column_stack(
                    [
                        sub["count"].fillna(0).astype(int).to_numpy(),
                        sub["lo"].to_numpy(),
                        sub["hi"].to_numpy(),
                        words.to_numpy(),
                        np.full(len(order), str(outlet), dtype=object),
                        np.array(order, dtype=object),
                    ]
                ),
                hovertemplate=(
                    f"<b>{html.escape(str(outlet))}</b><br>%{{x}}: %{{y:.1f}} per 1,000 words"
                    "<br>%{customdata[0]} cue(s) in %{customdata[3]:,} words; 95% interval "
                    "%{customdata[1]:.1f}–%{customdata[2]:.1f}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        **base_layout(
            title,
            "How often each outlet used each kind of framing wording; "
            "bars are cues per 1,000 words, whiskers show the uncertainty.",
        ),
        barmode="group",
    )
    fig.update_xaxes(title_text="Cue category")
    fig.update_yaxes(title_text="Cues per 1,000 words (95% interval)", rangemode="tozero")
    return fig


def loaded_scores_chart(
    scores: pd.DataFrame,
    all_outlets: list[str] | None = None,
    sentences: pd.DataFrame | None = None,
    *,
    title: str = "Loaded-language score",
) -> go.Figure:
    """Mean loaded score per outlet (bars), with each sentence's score as a dot.

    Args:
        scores: ``outlet, loaded_mean`` (and optionally ``n_sentences``).
        all_outlets: every outlet of the corpus, so colours stay fixed.
        sentences: optional ``outlet, loaded_score, sentence`` rows; each
            becomes a dot whose hover shows the sentence.
        title: figure title.
    """
    colors = outlet_colors(all_outlets or scores["outlet"])
    fig = go.Figure()
    for row in scores.sort_values("outlet").itertuples(index=False):
        outlet = str(row.outlet)
        n = int(getattr(row, "n_sentences", 0) or 0)
        fig.add_trace(
            go.Bar(
                x=[outlet],
                y=[row.loaded_mean],
                name=outlet,
                marker_color=colors[outlet],
                opacity=0.75,
                hovertemplate=(
                    f"<b>{html.escape(outlet)}</b><br>mean %{{y:.2f}}"
                    + (f" over {n} sentences" if n else "")
                    + "<extra></extra>"
                ),
            )
        )
    if sentences is not None and not sentences.empty:
        for outlet, sub in sentences.groupby("outlet", sort=True):
            fig.add_trace(
                go.Scatter(
                    x=[str(outlet)] * len(sub),
                    y=sub["loaded_score"].to_numpy(),
                    mode="markers",
                    name=str(outlet),
                    legendgroup=str(outlet),
                    showlegend=False,
                    marker={
                        "color": colors[str(outlet)],
                        "size": 6,
                        "line": {"width": 1, "color": "white"},
                    },
                    hovertext=[html.escape(_short(s)) for s in sub["sentence"]],
                    hovertemplate="%{y:.2f}: %{hovertext}<extra></extra>",
                )
            )
    fig.update_layout(
        **base_layout(
            title,
            "0 reads neutral, 1 reads loaded. Bars are each outlet's mean; "
            "dots are single sentences (hover to read them).",
        ),
        showlegend=False,
    )
    fig.update_xaxes(title_text="Outlet")
    fig.update_yaxes(title_text="Loaded score (0 neutral – 1 loaded)", range=[0, 1.02])
    return fig


def frame_shares_chart(
    frames: pd.DataFrame,
    all_outlets: list[str] | None = None,
    labels: Mapping[str, str] | None = None,
    *,
    title: str = "Frame dimensions",
    min_share: float = 0.0,
) -> go.Figure:
    """Grouped bars of frame shares per outlet, most used frames first.

    Args:
        frames: ``outlet, frame, share`` (optionally ``confidence, n_sentences``).
        all_outlets: every outlet of the corpus, so colours stay fixed.
        labels: frame key -> readable label.
        title: figure title.
        min_share: drop frames whose largest share is below this.
    """
    colors = outlet_colors(all_outlets or frames["outlet"])
    top = frames.groupby("frame")["share"].max()
    mean = frames.groupby("frame")["share"].mean()
    order = [f for f in mean.sort_values(ascending=False).index if top[f] >= min_share]
    has_conf = "confidence" in frames.columns
    fig = go.Figure()
    for outlet, sub in frames.groupby("outlet", sort=True):
        sub = sub.set_index("frame").reindex(order)
        conf = sub["confidence"].fillna(0).to_numpy() if has_conf else np.zeros(len(order))
        fig.add_trace(
            go.Bar(
                x=[_label(labels, f) for f in order],
                y=sub["share"].fillna(0).to_numpy(),
                name=str(outlet),
                marker_color=colors[str(outlet)],
                customdata=conf,
                hovertemplate=(
                    f"<b>{html.escape(str(outlet))}</b><br>%{{x}}: %{{y:.0%}} of its sentences"
                    + ("<br>confidence %{customdata:.2f}" if has_conf else "")
                    + "<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        **base_layout(
            title,
            "Which angle each outlet's sentences take (economy, security, morality…); "
            "a bar is the share of the outlet's sentences.",
        ),
        barmode="group",
    )
    fig.update_xaxes(title_text="Frame dimension")
    fig.update_yaxes(title_text="Share of sentences", tickformat=".0%", rangemode="tozero")
    return fig


def wording_heatmap(
    text: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    title: str = "Who called it what",
) -> go.Figure:
    """The referent x outlet wording matrix: cells show each outlet's wording.

    Args:
        text: referent x outlet cell text (``framing.compare.event.wording_matrix``).
        counts: referent x outlet uses, same shape (colour).
        title: figure title.
    """
    cells = [[html.escape(_cell(v)) if v else "—" for v in row] for row in text.to_numpy()]
    hover = [[html.escape(v) if v else "does not name it" for v in row] for row in text.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=counts.to_numpy(),
            x=[str(c) for c in counts.columns],
            y=[str(r) for r in counts.index],
            text=cells,
            customdata=hover,
            texttemplate="%{text}",
            textfont={"size": 10},
            colorscale="Blues",
            zmin=0,
            colorbar={"title": {"text": "Uses"}},
            hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(
        **base_layout(
            title,
            "Each row is one thing the articles name; each cell is how that outlet "
            "named it (darker = used more often; — = not named).",
        ),
        height=max(320, 120 + 34 * len(counts.index)),
    )
    fig.update_xaxes(title_text="Outlet", side="bottom")
    fig.update_yaxes(title_text="Referent (what is named)", autorange="reversed")
    return fig
