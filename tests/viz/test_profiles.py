"""Figures of the outlet-profiles page: titles, axes, captions, values, escaping."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from framing import compare
from framing.viz import profiles as viz
from framing.viz.theme import outlet_colors

EVIL = "<a href='http://evil.example'>Evil</a>"


def _rates() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("B", "a", 3, 1.5, 0.31, 4.38, 2000, 2),
            ("B", "b", 0, 0.0, 0.0, 1.84, 2000, 2),
            (EVIL, "a", 10, 10.0, 4.8, 18.39, 1000, 1),
            (EVIL, "b", 1, 1.0, 0.03, 5.57, 1000, 1),
        ],
        columns=compare.OUTLET_RATE_COLUMNS,
    )


def _check_frame(fig: go.Figure, title: str) -> None:
    text = fig.layout.title.text
    assert text.startswith(title)
    assert "<sup>" in text and len(text.split("<sup>")[1]) > 20  # the caption


def _axis_titles(fig: go.Figure) -> list[str]:
    return [
        ax.title.text
        for name in dir(fig.layout)
        if name.startswith(("xaxis", "yaxis"))
        and (ax := getattr(fig.layout, name)) is not None
        and ax.title.text
    ]


def test_viz_profiles_rate_heatmap_cells_show_rate_and_interval() -> None:
    fig = viz.rate_heatmap(_rates(), {"a": "Label A", "b": "Label B"})
    _check_frame(fig, "Framing cues per 1,000 words")
    assert fig.layout.xaxis.title.text == "Cue category"
    assert fig.layout.yaxis.title.text == "Outlet"
    hm = fig.data[0]
    assert list(hm.x) == ["Label A", "Label B"]
    assert list(hm.y)[0] == "&lt;a href=&#x27;http://evil.example&#x27;&gt;Evil&lt;/a&gt;"
    assert list(hm.y)[1] == "B"
    assert [list(r) for r in hm.z] == [[10.0, 1.0], [1.5, 0.0]]
    assert hm.text[0][0] == "10.0<br>[4.8–18.4]"
    assert "95% CI 0.31–4.38" in hm.hovertext[1][0]
    assert "3 cue(s) in 2,000 words" in hm.hovertext[1][0]
    # each outlet's word count beside its name
    assert fig.layout.yaxis.ticktext[1] == "B<br><sup>2,000 words</sup>"
    assert list(fig.layout.yaxis.tickvals) == list(hm.y)


def test_viz_profiles_rate_heatmap_offers_a_click_on_cells_with_cues_only() -> None:
    fig = viz.rate_heatmap(_rates(), {"a": "Label A", "b": "Label B"})
    cells = fig.data[1]
    assert cells.name == "cells"
    # B used no cue of category b: that cell has no point
    assert [list(c) for c in cells.customdata] == [[EVIL, "a"], [EVIL, "b"], ["B", "a"]]
    assert list(cells.x) == ["Label A", "Label B", "Label A"]
    assert cells.y[2] == "B"
    assert "3 cue(s) in 2,000 words" in cells.hovertext[2]


def test_viz_profiles_rate_heatmap_never_passes_raw_html_from_the_data() -> None:
    fig = viz.rate_heatmap(_rates())
    blob = fig.to_json()
    assert "<a href" not in blob and "href=\\u0027" not in blob


def test_viz_profiles_distance_heatmap_is_square_and_symmetric() -> None:
    prof = pd.DataFrame({"f": [1.0, -1.0, 0.0]}, index=["C", "A", EVIL])
    dist = compare.framing_distance(prof, metric="euclidean")
    fig = viz.distance_heatmap(dist, title="Distance", caption="0 = the same profile here.")
    _check_frame(fig, "Distance")
    assert _axis_titles(fig) == ["Outlet", "Outlet"]
    hm = fig.data[0]
    assert list(hm.x) == list(hm.y) and len(hm.x) == 3
    assert hm.x[0].startswith("&lt;a")  # sorted, escaped
    z = [list(r) for r in hm.z]
    assert all(z[i][i] == 0 for i in range(3))
    assert z == [list(c) for c in zip(*z, strict=True)]
    assert hm.text[1][2] == "2.00"  # A (-1) vs C (+1)


@pytest.mark.parametrize(("freq", "xtitle"), [("day", "Publication date"), ("week", "Week")])
def test_viz_profiles_trend_chart_lines_per_outlet_with_fixed_colours(
    freq: str, xtitle: str
) -> None:
    trend = pd.DataFrame(
        {
            "outlet": ["X", "X", "Y"],
            "period": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-01"]),
            "n_articles": [1, 2, 1],
            "n_words": [100, 200, 300],
            "n_sentences": [3, 4, 5],
            "loaded_mean": [0.2, 0.4, 0.9],
            "cue_count": [1, 0, 3],
            "cue_rate": [10.0, 0.0, 10.0],
        }
    )
    everyone = ["W", "X", "Y"]
    fig = viz.trend_chart(trend, everyone, freq=freq)
    _check_frame(fig, "Framing over time")
    assert fig.layout.xaxis2.title.text.startswith(xtitle)
    assert fig.layout.yaxis.title.text.startswith("Loaded score")
    assert fig.layout.yaxis2.title.text == "Cues per 1,000 words"
    assert len(fig.data) == 4  # 2 outlets x 2 panels
    colors = outlet_colors(everyone)
    x_traces = [t for t in fig.data if t.legendgroup == "X"]
    assert {t.line.color for t in x_traces} == {colors["X"]}
    assert [t.showlegend for t in x_traces] == [True, False]
    assert list(x_traces[0].y) == [0.2, 0.4] and list(x_traces[1].y) == [10.0, 0.0]
    assert "2 article(s)" in x_traces[0].hovertext[1]


def test_viz_profiles_distance_heatmap_of_many_outlets_puts_values_in_the_hover() -> None:
    names = [f"Outlet {i:02d}" for i in range(30)]  # 900 cells
    prof = pd.DataFrame({"f": [float(i) for i in range(30)]}, index=names)
    dist = compare.framing_distance(prof, metric="euclidean")
    fig = viz.distance_heatmap(dist, caption="0 = the same profile here.")
    hm = fig.data[0]
    assert hm.text is None and hm.texttemplate is None
    assert "%{z:.2f}" in hm.hovertemplate
    assert "Hover a cell for its distance." in fig.layout.title.text
    few = viz.distance_heatmap(
        dist[dist["outlet_a"].isin(names[:5]) & dist["outlet_b"].isin(names[:5])]
    )
    assert few.data[0].texttemplate == "%{text}"
    assert "Hover a cell" not in few.layout.title.text


def test_viz_profiles_trend_chart_drops_markers_when_points_are_many() -> None:
    periods = pd.date_range("2024-01-01", periods=40, freq="D")
    trend = pd.DataFrame(
        {
            "outlet": [o for o in ("X", "Y") for _ in periods],
            "period": list(periods) * 2,
            "n_articles": 1,
            "n_words": 100,
            "n_sentences": 3,
            "loaded_mean": 0.5,
            "cue_count": 1,
            "cue_rate": 10.0,
        }
    )  # 80 rows: 160 points over both panels
    assert {t.mode for t in viz.trend_chart(trend).data} == {"lines+markers"}
    sparse = viz.trend_chart(trend, max_markers=100)
    assert {t.mode for t in sparse.data} == {"lines"}
    assert len(sparse.data) == 4 and all(len(t.x) == 40 for t in sparse.data)
    assert [t.legendgroup for t in sparse.data] == ["X", "X", "Y", "Y"]


def test_viz_profiles_with_gaps_puts_an_empty_row_in_each_gap() -> None:
    rows = pd.DataFrame(
        {"period": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-09"]), "v": [1.0, 2.0, 3.0]}
    )
    out = viz.with_gaps(rows, "period", pd.Timedelta(days=1))
    assert list(out["period"].dt.strftime("%m-%d")) == ["01-01", "01-02", "01-03", "01-09"]
    assert out["v"].isna().tolist() == [False, False, True, False]
    # no gap, nothing added
    assert len(viz.with_gaps(rows.head(2), "period", pd.Timedelta(days=1))) == 2


def test_viz_profiles_trend_chart_breaks_its_lines_at_gaps() -> None:
    trend = pd.DataFrame(
        {
            "outlet": ["X", "X", "X"],
            "period": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-02-01"]),
            "n_articles": [1, 2, 1],
            "n_words": [100, 2000, 300],
            "n_sentences": [3, 4, 5],
            "loaded_mean": [0.2, 0.4, 0.9],
            "cue_count": [1, 0, 3],
            "cue_rate": [10.0, 0.0, 10.0],
        }
    )
    fig = viz.trend_chart(trend, ["X"])
    for trace in fig.data:
        assert len(trace.x) == 4 and trace.y[2] is None  # a break between Jan 2 and Feb 1
        assert trace.connectgaps is False
    assert "2 article(s), 2,000 words" in fig.data[0].hovertext[1]
