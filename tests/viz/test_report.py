"""framing.viz.report: the figures of the offline event report."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.cues.lexicon import Category
from framing.viz.report import event_frames_figure, event_rates_figure

CATS = {
    "aggression_attribution": Category(
        "aggression_attribution", "Aggression attribution", "Casts one side as the aggressor."
    ),
    "hedging_distancing": Category("hedging_distancing", "Hedging", "Distancing attribution."),
}


def _event_data() -> dict:
    """The event tables the report figures read (the report tests' data)."""
    scores = pd.DataFrame(
        {
            "event_id": [0, 0, 1, -1],
            "outlet": ["Alpha News", "Beta <Wire>", "Alpha News", "Alpha News"],
            "n_articles": [1, 1, 1, 2],
            "n_words": [9, 20, 5, 14],
            "n_sentences": [2, 2, 1, 3],
            "loaded_mean": [0.41, 0.87, 0.1, 0.3],
            "aggression_attribution_count": [1, 1, 0, 1],
            "aggression_attribution_rate": [111.1, 50.0, 0.0, 71.4],
            "aggression_attribution_lo": [2.8, 1.3, 0.0, 1.8],
            "aggression_attribution_hi": [619.0, 278.6, 737.8, 398.0],
            "hedging_distancing_count": [0, 0, 1, 1],
            "hedging_distancing_rate": [0.0, 0.0, 200.0, 71.4],
            "hedging_distancing_lo": [0.0, 0.0, 5.1, 1.8],
            "hedging_distancing_hi": [409.9, 184.4, 1114.3, 398.0],
        }
    )
    frames = pd.DataFrame(
        {
            "event_id": [0, 0, 0, 0],
            "outlet": ["Alpha News", "Alpha News", "Beta <Wire>", "Beta <Wire>"],
            "frame": ["security_defense", "political", "security_defense", "political"],
            "share": [0.7, 0.3, 0.4, 0.6],
            "confidence": [0.8, 0.8, 0.7, 0.7],
            "n_sentences": [2, 2, 2, 2],
        }
    )
    return {
        "outlet_scores": scores,
        "frames": frames,
        "all_outlets": ["Alpha News", "Beta <Wire>", "Gamma Post"],
    }


def test_viz_report_event_figures_have_titles_axes_and_escaped_names() -> None:
    d = _event_data()
    fig = event_rates_figure(d["outlet_scores"], 0, categories=CATS, all_outlets=d["all_outlets"])
    assert [t.name for t in fig.data] == ["Alpha News", "Beta &lt;Wire&gt;"]
    assert list(fig.data[0].x) == ["Aggression attribution", "Hedging"]
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert fig.data[0].error_y.array[0] == pytest.approx(619.0 - 111.1)
    frames = event_frames_figure(d["frames"], 0)
    assert list(frames.data[0].y) == ["Alpha News", "Beta &lt;Wire&gt;"]
    assert "Security and defence" in list(frames.data[0].x)
    assert frames.layout.title.text.startswith("Frames per outlet")
    assert event_frames_figure(d["frames"], 7).data == ()
