from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.embed import HashingEmbedder
from framing.events import EventGrouper, describe_events, event_keywords
from framing.metrics import bcubed

# Three tiny hand-made events, three outlets each, different wording per outlet.
TINY = [
    (
        "Wire",
        "Storm floods Riverton harbour",
        "Heavy rain flooded Riverton harbour on Monday and boats sank at the Riverton docks.",
        "2024-03-04",
        "flood",
    ),
    (
        "Daily",
        "Riverton harbour under water after storm",
        "Riverton docks were under water after a storm; the harbour master said boats sank.",
        "2024-03-04",
        "flood",
    ),
    (
        "Times",
        "Flood chaos at Riverton docks",
        "Floodwater swamped the Riverton harbour and several boats sank overnight.",
        "2024-03-05",
        "flood",
    ),
    (
        "Wire",
        "Central bank raises interest rate",
        "The central bank raised its interest rate by half a point to fight inflation.",
        "2024-03-06",
        "rates",
    ),
    (
        "Daily",
        "Rate hike to fight inflation",
        "Borrowers face higher costs as the central bank "
        "raised the interest rate to curb inflation.",
        "2024-03-06",
        "rates",
    ),
    (
        "Times",
        "Bank lifts rates again",
        "Inflation pushed the central bank to lift its interest rate again on Wednesday.",
        "2024-03-07",
        "rates",
    ),
    (
        "Wire",
        "Orchestra opens new concert hall",
        "The city orchestra opened its new concert hall with a symphony by Brahms.",
        "2024-03-08",
        "concert",
    ),
    (
        "Daily",
        "Concert hall opening night",
        "A Brahms symphony filled the new concert hall on "
        "its opening night with the city orchestra.",
        "2024-03-08",
        "concert",
    ),
    (
        "Times",
        "Orchestra christens hall",
        "The orchestra played Brahms as the new concert hall opened to the public.",
        "2024-03-09",
        "concert",
    ),
]


@pytest.fixture
def tiny() -> pd.DataFrame:
    df = pd.DataFrame(TINY, columns=["outlet", "title", "text", "published", "gold"])
    df["id"] = [f"t{i}" for i in range(len(df))]
    return df


def _fit(df: pd.DataFrame, **params) -> np.ndarray:
    texts = (df["title"] + ". " + df["text"]).tolist()
    X = HashingEmbedder().encode(texts)
    return EventGrouper(**params).fit_predict(
        X, texts=texts, dates=df["published"], outlets=df["outlet"]
    )


def test_events_tiny_corpus_is_grouped_without_the_number_of_events(tiny) -> None:
    labels = _fit(tiny)
    assert bcubed(labels, tiny["gold"])[2] == pytest.approx(1.0)
    assert len(set(labels)) == 3


def test_events_grouping_is_deterministic_and_order_numbered(tiny) -> None:
    first = _fit(tiny)
    second = _fit(tiny)
    assert first.tolist() == second.tolist()
    # events are numbered by their first article
    assert first[0] == 0 and first[3] == 1 and first[6] == 2


def test_events_date_window_keeps_same_story_apart_when_weeks_apart(tiny) -> None:
    # the same flood story, but one copy published five weeks later
    late = tiny.iloc[[0, 1, 2]].copy()
    late["published"] = "2024-04-10"
    late["outlet"] = ["Wire2", "Daily2", "Times2"]
    df = pd.concat([tiny.iloc[[0, 1, 2]], late], ignore_index=True)
    # hashing vectors are on another scale than sentence embeddings: test the
    # window itself with a plain (non-relative) threshold
    params = {"relative": False, "threshold": 0.05, "absolute_threshold": 0.05}
    labels = _fit(df, **params)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] == labels[5]
    assert labels[0] != labels[3]
    # without dates they are one event
    undated = _fit(df.assign(published=""), **params)
    assert len(set(undated)) == 1


@pytest.mark.parametrize("n", [0, 1, 2])
def test_events_handles_tiny_inputs(n: int, tiny) -> None:
    labels = _fit(tiny.iloc[:n])
    assert len(labels) == n
    if n:
        assert labels.min() == 0


def test_events_fit_returns_self_and_sets_fitted_attributes(tiny) -> None:
    texts = (tiny["title"] + ". " + tiny["text"]).tolist()
    grouper = EventGrouper()
    assert grouper.fit(HashingEmbedder().encode(texts), texts=texts) is grouper
    assert grouper.n_events_ == len(set(grouper.labels_))
    assert grouper.background_.shape == (len(tiny),)


def test_events_scales_to_ten_thousand_articles() -> None:
    # 10,000 synthetic articles in 500 events: clusters around random centres.
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(500, 64))
    truth = np.repeat(np.arange(500), 20)
    X = centres[truth] + 0.35 * rng.normal(size=(len(truth), 64))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(truth % 60, unit="D")
    labels = EventGrouper(n_neighbors=10).fit_predict(X, dates=days)
    assert bcubed(labels, truth)[2] > 0.95


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
