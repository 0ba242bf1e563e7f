from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from framing.embed import HashingEmbedder
from framing.events import EventGrouper
from framing.metrics import bcubed


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


def test_events_grouper_params_round_trip_through_clone() -> None:
    grouper = EventGrouper(0.2, window_days=3.0, n_neighbors=12, random_state=5)
    params = grouper.get_params()
    assert params["threshold"] == 0.2
    assert params["window_days"] == 3.0
    assert params["n_neighbors"] == 12
    twin = clone(grouper)
    assert twin is not grouper
    assert twin.get_params() == params
    assert EventGrouper(**params).get_params() == params
    assert twin.set_params(lexical_weight=0.0) is twin
    assert twin.lexical_weight == 0.0
    assert grouper.lexical_weight == 0.15  # the original is untouched


def test_events_grouper_clone_drops_fitted_state(tiny) -> None:
    texts = (tiny["title"] + ". " + tiny["text"]).tolist()
    grouper = EventGrouper().fit(HashingEmbedder().encode(texts), texts=texts)
    twin = clone(grouper)
    assert hasattr(grouper, "labels_")
    assert not hasattr(twin, "labels_")
    assert twin.get_params() == grouper.get_params()


def test_cut_merges_at_the_threshold_gives_back_the_labels_and_moves_both_ways() -> None:
    from framing.events.hierarchy import cut_merges

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(4, 16))
    # Two pairs of close themes: 0 and 1 near each other, 2 and 3 near each other.
    centres[1] = centres[0] + 0.6 * rng.normal(size=16)
    centres[3] = centres[2] + 0.6 * rng.normal(size=16)
    X = np.vstack([c + 0.25 * rng.normal(size=(6, 16)) for c in centres])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    grouper = EventGrouper(threshold=0.3, relative=False, coarsest=0.6).fit(X)
    n = len(X)
    assert np.array_equal(cut_merges(n, grouper.merges_, 0.3), grouper.labels_)
    coarse = cut_merges(n, grouper.merges_, -0.3)
    fine = cut_merges(n, grouper.merges_, 0.9)
    assert len(set(coarse)) < len(set(grouper.labels_)) < len(set(fine))
    # A coarser cut only joins events, never splits one.
    for event in set(grouper.labels_.tolist()):
        assert len(set(coarse[grouper.labels_ == event].tolist())) == 1
    assert (grouper.merges_[:, 2] >= 0.3 - 0.6).all()
