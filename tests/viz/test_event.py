"""Unit tests for framing.viz.event: titles, axis titles and fixed outlet colours."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from framing.compare import event as ce
from framing.viz import event as ev
from framing.viz.theme import outlet_colors

ALL = ["Alpha News", "Beta Daily", "Gamma Times", "Delta Post"]
SHOWN = ["Beta Daily", "Delta Post"]


def _rates() -> pd.DataFrame:
    rows = []
    for outlet in SHOWN:
        for cat, count in (("threat", 2), ("hedge", 0)):
            rows.append(
                {
                    "event_id": 0,
                    "outlet": outlet,
                    "category": cat,
                    "count": count,
                    "rate": count * 2.0,
                    "lo": count * 0.5,
                    "hi": count * 4.0 + 1,
                    "n_words": 500,
                }
            )
    return pd.DataFrame(rows)


def _scores() -> pd.DataFrame:
    return pd.DataFrame({"outlet": SHOWN, "loaded_mean": [0.3, 0.7], "n_sentences": [10, 12]})


def _sentences() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outlet": ["Beta Daily", "Delta Post", "Delta Post"],
            "loaded_score": [0.2, 0.9, 0.5],
            "sentence": ["Calm words.", "<script>x</script> fierce", "Plain."],
        }
    )


def _frames() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outlet": ["Beta Daily", "Beta Daily", "Delta Post", "Delta Post"],
            "frame": ["economic", "security_defense", "economic", "security_defense"],
            "share": [0.6, 0.01, 0.2, 0.02],
            "confidence": [0.5, 0.4, 0.6, 0.3],
        }
    )


def _figures() -> list[go.Figure]:
    return [
        ev.category_rates_chart(_rates(), ALL, {"threat": "Threat words"}),
        ev.loaded_scores_chart(_scores(), ALL, _sentences()),
        ev.frame_shares_chart(_frames(), ALL, {"economic": "Economic"}),
    ]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_viz_event_figures_have_title_and_axis_titles(index: int) -> None:
    fig = _figures()[index]
    assert fig.layout.title.text
    assert "<sup>" in fig.layout.title.text  # the one-line caption under the title
    assert fig.layout.xaxis.title.text
    assert fig.layout.yaxis.title.text


@pytest.mark.parametrize("index", [0, 1, 2])
def test_viz_event_one_colour_per_outlet_from_the_theme(index: int) -> None:
    fig = _figures()[index]
    colors = outlet_colors(ALL)
    seen: dict[str, set[str]] = {}
    for trace in fig.data:
        seen.setdefault(trace.name, set()).add(trace.marker.color)
    assert set(seen) == set(SHOWN)
    for outlet, trace_colors in seen.items():
        assert trace_colors == {colors[outlet]}
    # colours follow the whole corpus, not the filtered subset
    assert colors["Delta Post"] != outlet_colors(SHOWN)["Delta Post"]


def test_viz_event_category_rates_error_bars_and_labels() -> None:
    fig = ev.category_rates_chart(_rates(), ALL, {"threat": "Threat words"})
    bar = fig.data[0]
    assert list(bar.x) == ["Threat words", "hedge"]
    assert list(bar.error_y.array) == [5.0, 1.0]  # hi - rate
    assert list(bar.error_y.arrayminus) == [3.0, 0.0]  # rate - lo
    assert fig.layout.barmode == "group"


def test_viz_event_category_rates_hover_gives_the_words_and_the_click_keys() -> None:
    rates = _rates().assign(n_words=1234)
    bar = ev.category_rates_chart(rates, ALL).data[0]
    assert "in %{customdata[3]:,} words" in bar.hovertemplate
    assert [list(c)[3:] for c in bar.customdata] == [
        [1234, SHOWN[0], "threat"],
        [1234, SHOWN[0], "hedge"],
    ]


def test_viz_event_loaded_scores_hover_escapes_sentences() -> None:
    fig = ev.loaded_scores_chart(_scores(), ALL, _sentences())
    hovers = [h for t in fig.data if t.hovertext is not None for h in t.hovertext]
    assert any("&lt;script&gt;" in h for h in hovers)
    assert not any("<script" in h for h in hovers)
    assert fig.layout.yaxis.range == (0, 1.02)


def test_viz_event_loaded_scores_without_sentences_has_bars_only() -> None:
    fig = ev.loaded_scores_chart(_scores(), ALL)
    assert [t.type for t in fig.data] == ["bar", "bar"]


def test_viz_event_frame_shares_orders_and_drops_small_frames() -> None:
    fig = ev.frame_shares_chart(_frames(), ALL, {"economic": "Economic"}, min_share=0.05)
    assert list(fig.data[0].x) == ["Economic"]
    fig = ev.frame_shares_chart(_frames(), ALL)
    assert list(fig.data[0].x) == ["economic", "security_defense"]


def test_viz_event_wording_heatmap_cells_titles_and_escaping() -> None:
    alignment = pd.DataFrame(
        {
            "referent": ["drills", "drills", "regime", "fund"],
            "outlet": ["Beta Daily", "Delta Post", "Beta Daily", "Delta Post"],
            "phrase": ["war games", "<b>drills</b>", "regime / government", "a very long wording"],
            "count": [3, 1, 2, 4],
        }
    )
    text, counts = ce.wording_matrix(alignment)
    fig = ev.wording_heatmap(text, counts)
    assert fig.layout.title.text.startswith("Who called it what")
    assert fig.layout.xaxis.title.text == "Outlet"
    assert fig.layout.yaxis.title.text
    heat = fig.data[0]
    assert list(heat.x) == ["Beta Daily", "Delta Post"]
    assert list(heat.y) == ["drills", "regime", "fund"]
    cells = [c for row in heat.text for c in row]
    assert "war games (3)" in cells and "—" in cells
    assert "&lt;b&gt;drills&lt;/b&gt; (1)" in cells
    assert "regime +1 (2)" in cells  # the most used wording; the rest on hover
    assert "a very long w… (4)" in cells
    hovers = [c for row in heat.customdata for c in row]
    assert "regime / government (2)" in hovers and "does not name it" in hovers
