from __future__ import annotations

import numpy as np
import pandas as pd

from framing.viz.figures import coverage_matrix, event_map


def _articles(n: int, n_events: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    event = np.arange(n) % n_events
    event[: n // 4] = 0  # one event far larger than the rest
    return pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(n)],
            "x": rng.normal(size=n),
            "y": rng.normal(size=n),
            "outlet": [f"Outlet {i % 5}" for i in range(n)],
            "title": [f"Title <{i}>" for i in range(n)],
            "event_id": event,
            "event_label": [f"label {e}" for e in event],
            "published": "2024-01-01",
        }
    )


def _events(articles: pd.DataFrame) -> pd.DataFrame:
    ids = sorted(articles["event_id"].unique())
    return pd.DataFrame({"event_id": ids, "label": [f"label {e}" for e in ids]})


def test_viz_event_map_labels_only_the_largest_events_of_a_big_corpus() -> None:
    fig = event_map(_articles(3000, 100), max_labels=40)
    assert len(fig.layout.annotations) == 40
    assert "E0" in {a.text for a in fig.layout.annotations}  # the largest event is labelled
    assert "40 largest of 100 events" in fig.layout.title.text
    assert all(t.type == "scattergl" for t in fig.data)
    assert sum(len(t.x) for t in fig.data) == 3000  # every article is still drawn
    assert fig.data[0].marker.size == 5
    assert "&lt;" in fig.data[0].hovertext[0]  # titles are escaped


def test_viz_event_map_labels_every_event_of_a_small_corpus() -> None:
    fig = event_map(_articles(48, 8))
    assert len(fig.layout.annotations) == 8
    assert "largest" not in fig.layout.title.text
    assert fig.data[0].marker.size == 11


def test_viz_coverage_matrix_keeps_the_biggest_events_and_says_so() -> None:
    articles = _articles(3000, 100)
    fig = coverage_matrix(articles, _events(articles), max_events=60)
    assert len(fig.data[0].y) == 60
    assert fig.data[0].y[0].startswith("E0:")
    assert "60 events with the most articles, of 100" in fig.layout.title.text
    small = _articles(48, 8)
    fig = coverage_matrix(small, _events(small))
    assert len(fig.data[0].y) == 8 and "most articles" not in fig.layout.title.text


def test_viz_timeline_bins_long_spans_by_month() -> None:
    from framing.viz.figures import events_timeline

    articles = _articles(600, 10)
    articles["published"] = [
        (pd.Timestamp("2020-01-01") + pd.Timedelta(days=3 * i)).strftime("%Y-%m-%d")
        for i in range(600)
    ]
    fig = events_timeline(articles)
    assert "per month" in fig.layout.title.text
    assert sum(t.y.sum() for t in fig.data) == 600
    assert max(len(t.x) for t in fig.data) <= 60
    short = _articles(48, 8)
    assert "per day" in events_timeline(short).layout.title.text


def test_viz_coverage_matrix_writes_counts_only_while_the_cells_are_few() -> None:
    small = _articles(48, 8)  # 8 events x 5 outlets
    fig = coverage_matrix(small, _events(small))
    assert fig.data[0].texttemplate == "%{text}"
    assert "silent" in {c for row in fig.data[0].text for c in row}
    assert "Hover a cell" not in fig.layout.title.text
    big = _articles(3000, 100)  # 60 shown events x 5 outlets = 300 cells
    fig = coverage_matrix(big, _events(big), max_text_cells=200)
    assert fig.data[0].text is None and fig.data[0].texttemplate is None
    assert "Hover a cell for its count" in fig.layout.title.text
    assert "60 events with the most articles" in fig.layout.title.text
    assert "%{z} article(s)" in fig.data[0].hovertemplate  # the count is still there


def test_viz_big_figures_are_built_with_every_trace() -> None:
    from framing.viz.figures import events_timeline

    articles = _articles(500, 10)
    fig = event_map(articles)
    assert [t.name for t in fig.data] == [f"Outlet {i}" for i in range(5)]
    assert sum(len(t.x) for t in fig.data) == 500
    assert sum(t.y.sum() for t in events_timeline(articles).data) == 500


def test_viz_storyline_timeline_has_a_row_per_storyline_and_a_dot_per_dated_event() -> None:
    from framing.viz.figures import storyline_timeline

    events = pd.DataFrame(
        {
            "event_id": [0, 1, 2, 3],
            "label": ["A <b>", "B", "C", "D"],
            "storyline_id": [0, 0, 1, 2],
            "storyline": ["Strikes · Oct 2024", "Strikes · Oct 2024", "Budget", "Undated"],
            "outlets": ["x", "x", "y", "y"],
        }
    )
    articles = pd.DataFrame(
        {
            "event_id": [0, 0, 1, 2, 3],
            "outlet": ["X", "Y", "X", "Y", "X"],
            "published": ["2024-10-01", "2024-10-02", "2024-10-20", "2024-10-05", ""],
        }
    )
    fig = storyline_timeline(events, articles)
    dots = fig.data[0]
    assert len(dots.x) == 3  # event 3 has no date
    assert list(fig.layout.yaxis.categoryarray) == ["Budget", "Strikes · Oct 2024"]
    assert "A &lt;b&gt;" in dots.hovertext[0] and "2 article(s): X, Y" in dots.hovertext[0]


def test_viz_storyline_timeline_keeps_the_largest_storylines_when_there_are_more() -> None:
    from framing.viz.figures import storyline_timeline

    n = 20
    events = pd.DataFrame(
        {
            "event_id": range(n),
            "label": [f"E{i}" for i in range(n)],
            "storyline_id": range(n),
            "storyline": [f"S{i}" for i in range(n)],
        }
    )
    # Storyline i has i + 1 articles: the 15 largest are S5..S19.
    ids = [i for i in range(n) for _ in range(i + 1)]
    articles = pd.DataFrame({"event_id": ids, "outlet": "X", "published": "2024-01-01"})
    fig = storyline_timeline(events, articles, top=15)
    assert list(fig.layout.yaxis.categoryarray) == [f"S{i}" for i in range(5, 20)]
    assert len(fig.data[0].x) == 15


def test_viz_event_map_points_carry_their_event_and_article() -> None:
    arts = pd.DataFrame(
        {
            "id": ["a1", "a2"],
            "x": [0.0, 1.0],
            "y": [0.0, 1.0],
            "outlet": ["X", "Y"],
            "title": ["t1", "t2"],
            "event_id": [3, 4],
            "event_label": ["e3", "e4"],
            "published": ["2024-01-01", ""],
        }
    )
    fig = event_map(arts, ["X", "Y"])
    points = {tuple(c) for t in fig.data for c in t.customdata}
    assert points == {(3, "a1"), (4, "a2")}
