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


def test_labels_are_cleaned_central_headlines_without_outlet_names() -> None:
    from framing.events.headline import clean_headline

    names = ["Fox News", "CNN (Web News)", "Daily Ledger", "USA TODAY"]
    assert clean_headline("OPINION: The lesson lost in Havana", names) == (
        "The lesson lost in Havana"
    )
    assert clean_headline("Senate passes the bill - Fox News", names) == "Senate passes the bill"
    assert clean_headline("Fox News poll: voters sour on tariffs", names) == (
        "Voters sour on tariffs"
    )
    assert clean_headline("Leaders meet in Hanoi (Reuters)", names) == "Leaders meet in Hanoi"
    assert clean_headline("Who will win? | FoxNews.com", names) == "Who will win?"
    assert clean_headline("CNN's take: markets slide", names) == "Take: markets slide"
    assert clean_headline("Daily Ledger", names) == ""
    long = "Word " * 40
    assert len(clean_headline(long, names)) <= 90
    assert clean_headline(long, names).endswith("…")


def test_describe_events_skips_a_central_title_that_is_only_an_outlet_name() -> None:
    articles = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "outlet": ["Daily Ledger", "Harbor Post", "Daily Ledger"],
            "title": ["Daily Ledger", "Harbor bridge reopens after repairs", "Bridge news"],
            "text": ["The bridge reopened.", "The bridge reopened today.", "Bridge open."],
            "published": ["2024-05-01", "2024-05-02", ""],
        }
    )
    X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], dtype=np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    events, per_article = describe_events(articles, np.array([0, 0, 0]), X)
    assert events.loc[0, "label"] == "2024-05-01 · Harbor bridge reopens after repairs"
    assert events.loc[0, "headline"] == "Harbor bridge reopens after repairs"
    assert events.loc[0, "representative_id"] == "b"
    for name in ("Daily Ledger", "Harbor Post"):
        assert name not in events.loc[0, "label"]


def test_outlet_names_that_are_everyday_words_only_go_in_their_own_case() -> None:
    from framing.events.headline import clean_headline

    names = ["Reason", "The Hill"]
    assert clean_headline("The reason markets fell over the hill", names) == (
        "The reason markets fell over the hill"
    )
    assert clean_headline("Markets fell, Reason finds", names) == "Markets fell, finds"
    assert clean_headline("THE HILL: Senate stalls", names) == "Senate stalls"
    assert clean_headline("Senate stalls | thehill.com", names) == "Senate stalls"
