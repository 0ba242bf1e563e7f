import pandas as pd
import pytest

from framing.metrics_referents import grouping_scores, match_mentions, pairwise


def _gold(rows):
    return pd.DataFrame(rows, columns=["id", "field", "start", "end", "concept"])


def _system(rows):
    return pd.DataFrame(rows, columns=["id", "field", "start", "end", "referent_id"])


# Two concepts, two mentions each, in two articles.
GOLD = _gold(
    [
        ("a1", "text", 0, 5, "e/kim"),
        ("a1", "text", 20, 32, "e/drills"),
        ("a2", "text", 3, 14, "e/kim"),
        ("a2", "title", 0, 9, "e/drills"),
    ]
)


def test_pairwise_known_counts():
    # pred pairs: 1 + 3 = 4; gold pairs: 3 + 1 = 4; shared: (1, a) and one (2, b) pair
    out = pairwise([1, 1, 2, 2, 2], ["a", "a", "a", "b", "b"])
    assert out["pred_pairs"] == 4
    assert out["gold_pairs"] == 4
    assert out["true_pairs"] == 2
    assert out["precision"] == pytest.approx(0.5)
    assert out["recall"] == pytest.approx(0.5)
    assert out["f1"] == pytest.approx(0.5)


def test_pairwise_no_predicted_pairs_has_zero_precision():
    out = pairwise([1, 2, 3], ["a", "a", "b"])
    assert (out["precision"], out["recall"], out["f1"]) == (0.0, 0.0, 0.0)


def test_pairwise_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="2 items"):
        pairwise([1, 2], ["a"])


def test_perfect_grouping_scores_one():
    system = _system(
        [
            ("a1", "text", 0, 5, "1:0"),
            ("a1", "text", 20, 32, "1:1"),
            ("a2", "text", 3, 14, "1:0"),
            ("a2", "title", 0, 9, "1:1"),
        ]
    )
    out = grouping_scores(GOLD, system)
    for key in ("pairwise", "bcubed"):
        assert out[f"{key}_precision"] == pytest.approx(1.0)
        assert out[f"{key}_recall"] == pytest.approx(1.0)
        assert out[f"{key}_f1"] == pytest.approx(1.0)
    assert (out["gold"], out["found"], out["grouped"]) == (4, 4, 4)


def test_one_big_row_costs_precision():
    system = _system(
        [
            ("a1", "text", 0, 5, "1:0"),
            ("a1", "text", 20, 32, "1:0"),
            ("a2", "text", 3, 14, "1:0"),
            ("a2", "title", 0, 9, "1:0"),
        ]
    )
    out = grouping_scores(GOLD, system)
    # 6 predicted pairs, 2 of them gold pairs; both gold pairs found
    assert out["pairwise_precision"] == pytest.approx(2 / 6)
    assert out["pairwise_recall"] == pytest.approx(1.0)
    assert out["pairwise_f1"] == pytest.approx(0.5)
    # each mention shares its row with one of three others
    assert out["bcubed_precision"] == pytest.approx(0.5)
    assert out["bcubed_recall"] == pytest.approx(1.0)
    assert out["bcubed_f1"] == pytest.approx(2 / 3)


def test_nothing_found_leaves_singletons():
    out = grouping_scores(GOLD, _system([]))
    assert out["pairwise_f1"] == 0.0
    assert out["pairwise_recall"] == 0.0
    assert out["bcubed_precision"] == pytest.approx(1.0)
    assert out["bcubed_recall"] == pytest.approx(0.5)
    assert (out["found"], out["grouped"]) == (0, 0)


def test_mentions_in_no_row_are_singletons_but_found():
    system = _system(
        [
            ("a1", "text", 0, 5, ""),
            ("a2", "text", 3, 14, ""),
            ("a1", "text", 20, 32, "1:1"),
            ("a2", "title", 0, 9, "1:1"),
        ]
    )
    out = grouping_scores(GOLD, system)
    assert (out["found"], out["grouped"]) == (4, 2)
    assert out["pairwise_precision"] == pytest.approx(1.0)
    assert out["pairwise_recall"] == pytest.approx(0.5)


def test_match_needs_same_article_field_and_overlap():
    system = _system(
        [
            ("a1", "title", 0, 5, "wrong field"),
            ("a3", "text", 0, 5, "wrong article"),
            ("a1", "text", 5, 9, "touching, not overlapping"),
            ("a1", "text", 28, 40, "partial overlap"),
        ]
    )
    got = match_mentions(GOLD, system)
    assert got.tolist() == ["", "partial overlap", "", ""]


def test_match_prefers_most_overlap_and_is_one_to_one():
    gold = _gold([("a", "text", 0, 10, "x"), ("a", "text", 12, 20, "y")])
    # s1 covers both gold spans; s2 covers most of the first one
    system = _system([("a", "text", 0, 20, "big"), ("a", "text", 2, 10, "small")])
    got = match_mentions(gold, system)
    # gold x: overlap 10 with big, 8 with small -> big; gold y: big is taken,
    # small does not overlap y -> unmatched
    assert got.tolist() == ["big", ""]


def test_match_tie_goes_to_the_span_of_closest_length():
    gold = _gold([("a", "text", 10, 14, "x")])
    system = _system([("a", "text", 0, 14, "long"), ("a", "text", 10, 15, "close")])
    assert match_mentions(gold, system).tolist() == ["close"]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="referent_id"):
        grouping_scores(GOLD, GOLD.drop(columns="concept"))
