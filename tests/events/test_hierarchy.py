from __future__ import annotations

import numpy as np
import pandas as pd

from framing.events.hierarchy import (
    GRANULARITY,
    regroup,
    storyline_labels,
    storyline_titles,
    storylines,
)


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_storylines_join_events_of_one_theme_weeks_apart_and_keep_others_apart() -> None:
    rng = np.random.default_rng(0)
    theme_a, theme_b = rng.normal(size=32), rng.normal(size=32)
    # Events 0 and 1 share theme a (a month apart), event 2 is theme b.
    centres = [theme_a + 0.5 * rng.normal(size=32), theme_a + 0.5 * rng.normal(size=32), theme_b]
    X = _unit(np.vstack([c + 0.2 * rng.normal(size=(4, 32)) for c in centres]))
    events = np.repeat([0, 1, 2], 4)
    dates = ["2024-03-01"] * 4 + ["2024-04-02"] * 4 + ["2024-03-10"] * 4
    story = storylines(X, events, dates)
    assert story[0] == story[1] != story[2]
    # Outside the window the same theme starts a new storyline.
    far = ["2024-03-01"] * 4 + ["2025-01-02"] * 4 + ["2024-03-10"] * 4
    assert len(set(storylines(X, events, far).tolist())) == 3


def test_storyline_labels_give_terms_and_months() -> None:
    texts = ["Harbor strike halts port", "Port strike enters week two", "Budget vote passes"]
    labels = storyline_labels(texts, np.array([0, 0, 1]), ["2024-10-30", "2024-11-04", ""])
    assert labels[0].endswith(" · Oct–Nov 2024")
    assert "strike" in labels[0].lower()
    assert "·" not in labels[1]


def test_storyline_titles_are_the_most_central_events_headline_with_terms_beside() -> None:
    texts = [
        "Harbor strike halts port",
        "Port strike enters week two",
        "Dockers strike again at the port",
        "Budget vote passes",
    ]
    # event 1 sits in the middle of storyline 0; event 0 and 2 at its edges
    vectors = np.array([[1.0, 0.0, 0.0], [0.8, 0.6, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    table = storyline_titles(
        texts,
        np.array([0, 0, 0, 1]),
        ["2024-10-30", "2024-11-04", "2024-11-09", ""],
        vectors,
        np.array([0, 1, 2, 3]),
        {0: "Harbor strike halts port", 1: "Port strike enters second week", 2: "", 3: ""},
    ).set_index("storyline_id")
    assert table.loc[0, "storyline_title"] == "Port strike enters second week"
    assert table.loc[0, "storyline"] == "Port strike enters second week · Oct–Nov 2024"
    assert "strike" in table.loc[0, "storyline_keywords"]
    assert "," not in table.loc[0, "storyline_title"]
    # no headline at all: its terms stand in
    assert table.loc[1, "storyline_title"] == table.loc[1, "storyline_keywords"] != ""


def test_group_events_titles_storylines_with_a_headline_not_keywords() -> None:
    from framing.events.group import EventGrouper
    from framing.events.table import group_events

    articles = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "outlet": ["X", "Y", "X"],
            "title": ["Port strike halts ships", "Port strike halts ships again", "Budget vote"],
            "text": ["Dockers walked out.", "Dockers stayed out.", "The vote passed."],
            "published": ["2024-10-30", "2024-10-31", "2024-11-20"],
            "url": ["", "", ""],
            "source": ["", "", ""],
        }
    )
    vectors = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    events = group_events(articles, vectors, EventGrouper())["events"]
    by_event = events.set_index("event_id")
    first = by_event.loc[by_event["n_articles"].idxmax()]
    assert first["storyline_title"] == first["headline"] != ""
    assert first["storyline"].startswith(first["headline"])
    assert {"storyline_title", "storyline_keywords"} <= set(events.columns)


def _stored() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles = pd.DataFrame(
        {
            "id": list("abcdef"),
            "outlet": ["X", "Y", "X", "Y", "X", "Y"],
            "published": ["2024-01-01"] * 6,
            "event_id": [0, 0, 0, 1, 1, 2],
        }
    )
    events = pd.DataFrame(
        {"event_id": [0, 1, 2], "label": ["Zero", "One", "Two"], "n_articles": [3, 2, 1]}
    )
    # a+b at 0.3 over the threshold, then c (0.05), d+e (0.2); below it: {d,e}+f, then all.
    merges = pd.DataFrame(
        {
            "a": ["a", "d", "a", "d", "a"],
            "b": ["b", "e", "c", "f", "d"],
            "margin": [0.3, 0.2, 0.05, -0.03, -0.08],
        }
    )
    return articles, events, merges


def test_regroup_gives_back_the_stored_events_at_margin_zero() -> None:
    articles, events, merges = _stored()
    per_article, groups = regroup(articles, events, merges, GRANULARITY["as grouped"])
    assert per_article.tolist() == [0, 0, 0, 1, 1, 2]
    assert groups["label"].tolist() == ["Zero", "One", "Two"]


def test_regroup_finer_splits_and_coarser_joins_whole_events() -> None:
    articles, events, merges = _stored()
    fine, fine_groups = regroup(articles, events, merges, 0.1)
    assert fine.tolist() == [0, 0, 1, 2, 2, 3]  # c leaves a+b; d+e stay
    assert fine_groups.loc[1, "label"] == "Zero"
    coarse, coarse_groups = regroup(articles, events, merges, -0.05)
    assert coarse.tolist() == [0, 0, 0, 1, 1, 1]
    assert coarse_groups.loc[1, "event_ids"] == [1, 2]
    assert coarse_groups.loc[1, "label"] == "One"
    everything, _ = regroup(articles, events, merges, -0.1)
    assert set(everything.tolist()) == {0}


def test_regroup_ignores_merges_of_articles_no_longer_stored() -> None:
    articles, events, merges = _stored()
    merges = pd.concat([merges, pd.DataFrame({"a": ["zz"], "b": ["a"], "margin": [0.5]})])
    per_article, _ = regroup(articles, events, merges, 0.0)
    assert per_article.tolist() == [0, 0, 0, 1, 1, 2]
