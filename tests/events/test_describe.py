from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.embed import HashingEmbedder
from framing.events import chronological, describe_events, event_keywords


def test_events_keywords_and_descriptions(tiny) -> None:
    labels = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    texts = (tiny["title"] + ". " + tiny["text"]).tolist()
    kw = event_keywords(texts, labels)
    assert any("Riverton" in k for k in kw[0])
    assert any(k == "interest rate" or k == "inflation" for k in kw[1])
    assert "Brahms" in kw[2] or "concert hall" in kw[2]
    X = HashingEmbedder().encode(texts)
    events, per_article = describe_events(tiny, labels, X)
    assert events["n_articles"].tolist() == [3, 3, 3]
    assert events["start"].tolist() == ["2024-03-04", "2024-03-06", "2024-03-08"]
    assert per_article.iloc[0].startswith("2024-03-04 · ")
    assert set(events.columns) >= {"event_id", "label", "headline", "n_outlets", "end"}


@pytest.mark.parametrize(
    ("labels", "dates", "expected"),
    [
        ([0, 0, 1, 1, 2], ["2022-11-05", "2022-11-01", "2022-10-30", "", ""], [1, 1, 0, 0, 2]),
        ([0, 1], ["", ""], [0, 1]),  # no dates: the grouper's order stays
        ([2, 1, 0], ["2024-01-03", "2024-01-02", "2024-01-01"], [2, 1, 0]),
    ],
)
def test_describe_events_are_numbered_by_first_date(labels, dates, expected) -> None:
    got = chronological(np.array(labels), pd.Series(dates))
    assert got.tolist() == expected
    assert got.dtype == np.int64
