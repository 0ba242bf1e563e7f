"""Grouping on the written sets for the two failure modes of real coverage, with the real model.

``sameweek``: ten events in five confusable groups (one country, one
investigation, one economy, one space agency) within eight days. ``snippets``:
171 titles with one to three sentences from 45 outlets, 30 stories over six
weeks, several of one theme within days.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.embed import SentenceTransformerEmbedder, embed_articles
from framing.events import EventGrouper
from framing.events.table import group_events
from framing.metrics import bcubed

DATA = Path(__file__).resolve().parents[1] / "data" / "grouping"


@pytest.fixture(scope="module")
def embedded() -> dict[str, tuple[pd.DataFrame, object]]:
    embedder = SentenceTransformerEmbedder()
    out = {}
    for name in ("sameweek", "snippets"):
        df = pd.read_json(DATA / f"{name}.jsonl", lines=True, dtype=False)
        out[name] = (df, embed_articles(df, embedder)[0])
    return out


def _f1(df: pd.DataFrame, X, *, dates: bool = True) -> float:
    labels = EventGrouper().fit_predict(
        X,
        texts=(df["title"] + ". " + df["text"]).tolist(),
        dates=df["published"] if dates else None,
        outlets=df["outlet"],
    )
    return bcubed(labels, df["event"].tolist())[2]


@pytest.mark.parametrize(
    ("name", "dates", "floor"),
    [
        ("sameweek", True, 0.95),
        ("sameweek", False, 0.90),
        ("snippets", True, 0.90),
        ("snippets", False, 0.85),
    ],
)
def test_same_theme_events_of_one_week_stay_apart(embedded, name, dates, floor) -> None:
    df, X = embedded[name]
    assert _f1(df, X, dates=dates) >= floor


def test_the_window_follows_how_fast_the_stream_reports_a_story(embedded) -> None:
    df, X = embedded["sameweek"]
    texts = (df["title"] + ". " + df["text"]).tolist()
    day = pd.to_datetime(df["published"])
    # The same coverage spread over three times as many days.
    slow = (day.min() + (day - day.min()) * 3).dt.strftime("%Y-%m-%d")
    fast = EventGrouper().fit(X, texts=texts, dates=df["published"], outlets=df["outlet"])
    slower = EventGrouper().fit(X, texts=texts, dates=slow, outlets=df["outlet"])
    assert fast.window_ < slower.window_
    assert bcubed(slower.labels_, df["event"].tolist())[2] >= 0.95


def test_grouping_gives_the_same_events_and_labels_twice(embedded) -> None:
    df, X = embedded["sameweek"]
    articles = df.assign(url="", source="")
    first = group_events(articles, X.copy(), EventGrouper())
    second = group_events(articles, X.copy(), EventGrouper())
    pd.testing.assert_frame_equal(first["events"], second["events"])
    pd.testing.assert_frame_equal(first["articles"], second["articles"])
    labels = first["events"]["label"]
    outlets = set(df["outlet"])
    assert not any(o in lab for lab in labels for o in outlets)
