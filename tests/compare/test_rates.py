"""framing.compare.rates: the one reader of the wide ``outlet_scores`` table."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from framing.compare.rates import (
    EVENT_RATE_COLUMNS,
    OUTLET_RATE_COLUMNS,
    QUOTED_COLUMNS,
    QUOTED_CUE_COLUMNS,
    event_rates,
    outlet_rates,
    quoted_counts,
    quoted_cue_counts,
    rate_categories,
    scores_with_quoted,
)
from framing.cues.scores import outlet_scores as score_outlets

# ---- outlet_rates (one scope, per outlet) ------------------------------------------------


def test_compare_rates_outlet_rates_reads_the_all_events_rows_in_long_form(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    scores = make_scores(
        [
            {"outlet": "Y", "a": 4.0, "b": 1.0, "n_words": 2000},
            {"outlet": "X", "a": 2.0, "b": 0.0},
            {"outlet": "X", "a": 9.0, "b": 9.0, "event_id": 3},
        ]
    )
    rates = outlet_rates(scores)
    assert list(rates.columns) == OUTLET_RATE_COLUMNS
    assert list(zip(rates["outlet"], rates["category"], strict=True)) == [
        ("X", "a"),
        ("X", "b"),
        ("Y", "a"),
        ("Y", "b"),
    ]
    y_a = rates[(rates["outlet"] == "Y") & (rates["category"] == "a")].iloc[0]
    assert (y_a["count"], y_a["rate"], y_a["lo"], y_a["hi"], y_a["n_words"]) == (
        8,
        4.0,
        2.0,
        8.0,
        2000,
    )


def test_compare_rates_outlet_rates_event_scope_and_category_subset(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    scores = make_scores([{"outlet": "X", "a": 2.0}, {"outlet": "X", "a": 9.0, "event_id": 3}])
    rates = outlet_rates(scores, event_id=3, categories=["a"])
    assert rates["rate"].tolist() == [9.0]


@pytest.mark.parametrize("scores", [pd.DataFrame(), pd.DataFrame({"outlet": ["X"]})])
def test_compare_rates_outlet_rates_empty_input_gives_empty_table(scores: pd.DataFrame) -> None:
    rates = outlet_rates(scores)
    assert rates.empty and list(rates.columns) == OUTLET_RATE_COLUMNS


def test_compare_rates_outlet_rates_matches_stored_outlet_scores() -> None:
    articles = pd.DataFrame(
        {"id": ["1", "2"], "outlet": ["X", "X"], "event_id": [0, 1], "n_words": [500, 1500]}
    )
    cues = pd.DataFrame({"id": ["1", "1", "2"], "category": ["a", "a", "b"], "source": "lexicon"})
    sentences = pd.DataFrame({"id": ["1", "2"], "loaded_score": [0.2, 0.4]})
    stored = score_outlets(articles, cues, sentences, ["a", "b"])
    rates = outlet_rates(stored).set_index("category")
    assert rates.loc["a", "rate"] == pytest.approx(1.0)  # 2 cues in 2,000 words
    assert rates.loc["b", "count"] == 1
    assert rates.loc["a", "lo"] < 1.0 < rates.loc["a", "hi"]


# ---- rate_categories and event_rates (every event) --------------------------------------


def _event_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [-1, 0, 0],
            "outlet": ["A", "A", "B"],
            "n_articles": [2, 1, 1],
            "n_words": [2000, 1000, 500],
            "n_sentences": [80, 40, 20],
            "loaded_mean": [0.5, 0.4, 0.6],
            "threat_count": [4, 2, 1],
            "threat_rate": [2.0, 2.0, 2.0],
            "threat_lo": [0.5, 0.2, 0.1],
            "threat_hi": [5.0, 7.0, 11.0],
            "hedge_count": [0, 0, 3],
            "hedge_rate": [0.0, 0.0, 6.0],
            "hedge_lo": [0.0, 0.0, 1.2],
            "hedge_hi": [1.8, 3.7, 17.5],
        }
    )


def test_compare_rates_rate_categories_in_column_order() -> None:
    assert rate_categories(_event_scores()) == ["threat", "hedge"]


@pytest.mark.parametrize(("event_id", "rows"), [(0, 4), (-1, 2), (None, 6), (5, 0)])
def test_compare_rates_event_rates_long_form(event_id: int | None, rows: int) -> None:
    out = event_rates(_event_scores(), event_id)
    assert list(out.columns) == EVENT_RATE_COLUMNS
    assert len(out) == rows


def test_compare_rates_event_rates_keeps_values() -> None:
    out = event_rates(_event_scores(), 0).set_index(["outlet", "category"])
    assert out.loc[("B", "hedge"), "count"] == 3
    assert out.loc[("B", "hedge"), "rate"] == 6.0
    assert out.loc[("B", "hedge"), "lo"] == 1.2 and out.loc[("B", "hedge"), "hi"] == 17.5
    assert out.loc[("A", "threat"), "n_words"] == 1000


def test_compare_rates_event_rates_empty_input() -> None:
    assert event_rates(pd.DataFrame()).empty


# ---- quoted words: quoted_counts, quoted_cue_counts, scores_with_quoted ------------------


def _voiced() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Two outlets over two events; some cues and sentences inside quotations."""
    articles = pd.DataFrame(
        {
            "id": ["x1", "x2", "y1"],
            "outlet": ["X", "X", "Y"],
            "event_id": [0, 1, 0],
            "n_words": [1000, 500, 800],
            "n_words_quoted": [200, 0, 300],
        }
    )
    cues = pd.DataFrame(
        {
            "id": ["x1", "x1", "x1", "x2", "y1", "y1", "y1"],
            "category": ["a", "a", "b", "a", "b", "b", "a"],
            "source": ["lexicon"] * 6 + ["model"],
            "voice": ["outlet", "quoted", "quoted", "scare", "quoted", "outlet", "quoted"],
        }
    )
    sentences = pd.DataFrame(
        {
            "id": ["x1", "x1", "x2", "y1", "y1"],
            "loaded_score": [0.2, 0.8, 0.4, 0.1, 0.9],
            "voice": ["outlet", "quoted", "outlet", "outlet", "quoted"],
        }
    )
    return articles, cues, sentences


def test_compare_rates_quoted_counts_reads_what_the_rates_leave_out() -> None:
    articles, cues, sentences = _voiced()
    stored = score_outlets(articles, cues, sentences, ["a", "b"])
    out = quoted_counts(stored)
    assert list(out.columns) == QUOTED_COLUMNS
    assert out.values.tolist() == [["X", 200, 2, 1], ["Y", 300, 1, 1]]
    assert quoted_counts(stored, event_id=1).values.tolist() == [["X", 0, 0, 0]]


def test_compare_rates_quoted_cue_counts_per_category_event_and_overall() -> None:
    articles, cues, _ = _voiced()
    out = quoted_cue_counts(cues, articles)
    assert list(out.columns) == QUOTED_CUE_COLUMNS
    rows = {(r.event_id, r.outlet, r.category): r.count for r in out.itertuples()}
    # lexicon cues only (the model cue is left out); scare quotes are the outlet's voice
    assert rows == {
        (-1, "X", "a"): 1,
        (-1, "X", "b"): 1,
        (-1, "Y", "b"): 1,
        (0, "X", "a"): 1,
        (0, "X", "b"): 1,
        (0, "Y", "b"): 1,
    }
    assert quoted_cue_counts(cues.drop(columns="voice"), articles).empty


def test_compare_rates_scores_with_quoted_equals_scoring_without_voices() -> None:
    articles, cues, sentences = _voiced()
    stored = score_outlets(articles, cues, sentences, ["a", "b"])
    counted = scores_with_quoted(stored, cues, articles)
    # Counting quoted words too is scoring as if nothing were quoted.
    plain = score_outlets(
        articles.drop(columns="n_words_quoted"),
        cues.drop(columns="voice"),
        sentences.drop(columns="voice"),
        ["a", "b"],
    )
    cols = ["event_id", "outlet", "n_words", "n_sentences", "loaded_mean"]
    cols += [f"{c}_{s}" for c in ("a", "b") for s in ("count", "rate", "lo", "hi")]
    pd.testing.assert_frame_equal(
        counted[cols].reset_index(drop=True), plain[cols].reset_index(drop=True)
    )
    # The quoted columns stay as stored: how much of the totals is quoted.
    assert counted["quoted_cues"].tolist() == stored["quoted_cues"].tolist()
    assert stored.loc[stored["outlet"] == "X", "a_count"].iloc[0] == 2  # outlet + scare
    assert counted.loc[counted["outlet"] == "X", "a_count"].iloc[0] == 3


def test_compare_rates_scores_with_quoted_leaves_old_tables_alone(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    old = make_scores([{"outlet": "X", "a": 2.0}])  # no quoted columns: made before voices
    pd.testing.assert_frame_equal(scores_with_quoted(old, pd.DataFrame(), pd.DataFrame()), old)
