"""Event report sections: the most loaded sentences are the outlet's own."""

from __future__ import annotations

import pandas as pd

from framing.reports.event_sections import loaded_sentences


def test_event_sections_loaded_sentences_leave_quotations_out() -> None:
    members = pd.DataFrame({"id": ["a"], "outlet": ["X"]})
    scores = pd.DataFrame({"outlet": ["X"], "loaded_mean": [0.4]})
    sentences = pd.DataFrame(
        {
            "id": ["a", "a"],
            "field": ["text", "text"],
            "sentence": ["The regime's thugs struck again.", "The minister met envoys."],
            "loaded_score": [0.99, 0.3],
            "voice": ["quoted", "outlet"],
        }
    )
    html = loaded_sentences(["X"], members, scores, sentences, {"X": "#000"}, per_outlet=1)
    assert "The minister met envoys." in html
    assert "thugs" not in html
