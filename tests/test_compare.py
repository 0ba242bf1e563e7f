"""Unit tests for framing.compare on tiny hand-made tables with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing import compare
from framing.cues.scores import outlet_scores as score_outlets


def _scores(rows: list[dict]) -> pd.DataFrame:
    """An outlet_scores table with two categories, ``a`` and ``b``."""
    out = []
    for r in rows:
        row = {
            "event_id": r.get("event_id", -1),
            "outlet": r["outlet"],
            "n_articles": r.get("n_articles", 1),
            "n_words": r.get("n_words", 1000),
            "n_sentences": r.get("n_sentences", 10),
            "loaded_mean": r.get("loaded", 0.5),
        }
        for cat in ("a", "b"):
            rate = r.get(cat, 0.0)
            row |= {
                f"{cat}_count": int(rate * row["n_words"] / 1000),
                f"{cat}_rate": rate,
                f"{cat}_lo": rate / 2,
                f"{cat}_hi": rate * 2,
            }
        out.append(row)
    return pd.DataFrame(out)


def _frames(shares: dict[str, dict[str, float]], event_id: int = -1) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"event_id": event_id, "outlet": o, "frame": f, "share": s, "confidence": 0.5}
            for o, fs in shares.items()
            for f, s in fs.items()
        ]
    )


def _pair(d: pd.DataFrame, a: str, b: str) -> float:
    return float(d[(d["outlet_a"] == a) & (d["outlet_b"] == b)]["distance"].iloc[0])


# ---- category_rates -----------------------------------------------------------------------


def test_compare_category_rates_reads_the_all_events_rows_in_long_form() -> None:
    scores = _scores(
        [
            {"outlet": "Y", "a": 4.0, "b": 1.0, "n_words": 2000},
            {"outlet": "X", "a": 2.0, "b": 0.0},
            {"outlet": "X", "a": 9.0, "b": 9.0, "event_id": 3},
        ]
    )
    rates = compare.category_rates(scores)
    assert list(rates.columns) == compare.RATE_COLUMNS
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


def test_compare_category_rates_event_scope_and_category_subset() -> None:
    scores = _scores([{"outlet": "X", "a": 2.0}, {"outlet": "X", "a": 9.0, "event_id": 3}])
    rates = compare.category_rates(scores, event_id=3, categories=["a"])
    assert rates["rate"].tolist() == [9.0]


@pytest.mark.parametrize("scores", [pd.DataFrame(), pd.DataFrame({"outlet": ["X"]})])
def test_compare_category_rates_empty_input_gives_empty_table(scores: pd.DataFrame) -> None:
    rates = compare.category_rates(scores)
    assert rates.empty and list(rates.columns) == compare.RATE_COLUMNS


def test_compare_category_rates_matches_stored_outlet_scores() -> None:
    articles = pd.DataFrame(
        {"id": ["1", "2"], "outlet": ["X", "X"], "event_id": [0, 1], "n_words": [500, 1500]}
    )
    cues = pd.DataFrame({"id": ["1", "1", "2"], "category": ["a", "a", "b"], "source": "lexicon"})
    sentences = pd.DataFrame({"id": ["1", "2"], "loaded_score": [0.2, 0.4]})
    stored = score_outlets(articles, cues, sentences, ["a", "b"])
    rates = compare.category_rates(stored).set_index("category")
    assert rates.loc["a", "rate"] == pytest.approx(1.0)  # 2 cues in 2,000 words
    assert rates.loc["b", "count"] == 1
    assert rates.loc["a", "lo"] < 1.0 < rates.loc["a", "hi"]


# ---- spans_with_sentences -----------------------------------------------------------------

TEXT = "Calm words here. The regime staged a provocation! End."
SENTENCES = pd.DataFrame(
    {
        "id": ["1", "1", "1"],
        "field": ["text"] * 3,
        "start": [0, 17, 50],
        "end": [16, 49, 54],
        "sentence": [TEXT[0:16], TEXT[17:49], TEXT[50:54]],
    }
)


def _cue(start: int, end: int, field: str = "text", category: str = "c") -> dict:
    return {
        "id": "1",
        "field": field,
        "start": start,
        "end": end,
        "phrase": TEXT[start:end],
        "category": category,
        "source": "lexicon",
        "weight": 0.5,
        "rationale": "why",
    }


def test_compare_spans_with_sentences_finds_the_sentence_and_local_offsets() -> None:
    start = TEXT.index("provocation")
    cues = pd.DataFrame([_cue(start, start + len("provocation")), _cue(21, 27)])
    spans = compare.spans_with_sentences(cues, SENTENCES)
    assert list(spans.columns) == compare.SPAN_COLUMNS
    assert spans["start"].tolist() == [21, start]  # sorted by position
    for r in spans.itertuples(index=False):
        assert r.sentence == "The regime staged a provocation!"
        assert r.sentence[r.start_in_sentence : r.end_in_sentence] == r.phrase
        assert r.sentence_start == 17


def test_compare_spans_with_sentences_clips_a_span_crossing_a_sentence_end() -> None:
    spans = compare.spans_with_sentences(pd.DataFrame([_cue(40, 52)]), SENTENCES)
    r = spans.iloc[0]
    assert (r["start_in_sentence"], r["end_in_sentence"]) == (23, 32)


def test_compare_spans_with_sentences_keeps_a_cue_outside_any_sentence() -> None:
    spans = compare.spans_with_sentences(pd.DataFrame([_cue(0, 4, field="title")]), SENTENCES)
    r = spans.iloc[0]
    assert r["sentence"] == "" and (r["start_in_sentence"], r["end_in_sentence"]) == (0, 4)


def test_compare_spans_with_sentences_empty_cues() -> None:
    spans = compare.spans_with_sentences(pd.DataFrame(), SENTENCES)
    assert spans.empty and list(spans.columns) == compare.SPAN_COLUMNS


def test_compare_top_phrases_counts_case_insensitively() -> None:
    spans = pd.DataFrame({"phrase": ["Regime", "regime", "puppet", "army", "army", "REGIME"]})
    top = compare.top_phrases(spans, n=2)
    assert top.to_dict("list") == {"phrase": ["regime", "army"], "count": [3, 2]}
    assert compare.top_phrases(pd.DataFrame()).empty


# ---- outlet_profiles and framing_distance -------------------------------------------------


def test_compare_outlet_profiles_raw_blocks_and_columns() -> None:
    scores = _scores([{"outlet": "X", "a": 1.0, "loaded": 0.2}, {"outlet": "Y", "a": 3.0}])
    frames = _frames({"X": {"econ": 0.7, "moral": 0.3}, "Y": {"econ": 0.1, "moral": 0.9}})
    raw = compare.outlet_profiles(scores, frames, standardise=False)
    assert list(raw.index) == ["X", "Y"]
    assert list(raw.columns) == ["rate:a", "rate:b", "frame:econ", "frame:moral", "loaded_mean"]
    assert raw.loc["X"].tolist() == [1.0, 0.0, 0.7, 0.3, 0.2]


def test_compare_outlet_profiles_standardises_and_weighs_blocks_equally() -> None:
    scores = _scores(
        [
            {"outlet": "X", "a": 1.0, "b": 2.0, "loaded": 0.2},
            {"outlet": "Y", "a": 3.0, "b": 2.0, "loaded": 0.6},
        ]
    )
    prof = compare.outlet_profiles(scores)
    # a: mean 2, sd 1 -> -1/+1, divided by sqrt(2 rate features); b is constant -> 0.
    assert prof.loc["X", "rate:a"] == pytest.approx(-1 / math.sqrt(2))
    assert prof.loc["Y", "rate:b"] == 0.0
    assert prof["loaded_mean"].tolist() == pytest.approx([-1.0, 1.0])
    assert np.allclose(prof.mean(), 0.0)


def test_compare_outlet_profiles_block_weight_zero_drops_the_block() -> None:
    scores = _scores([{"outlet": "X", "a": 1.0}, {"outlet": "Y", "a": 3.0}])
    prof = compare.outlet_profiles(scores, block_weights={"loaded": 0})
    assert "loaded_mean" not in prof.columns


def test_compare_outlet_profiles_missing_frame_rows_count_as_zero_share() -> None:
    scores = _scores([{"outlet": "X"}, {"outlet": "Y"}])
    frames = _frames({"X": {"econ": 1.0}})
    raw = compare.outlet_profiles(scores, frames, standardise=False)
    assert raw.loc["Y", "frame:econ"] == 0.0


def test_compare_identical_outlets_have_distance_zero() -> None:
    same = {"a": 2.0, "b": 5.0, "loaded": 0.4}
    scores = _scores([{"outlet": "X", **same}, {"outlet": "X2", **same}, {"outlet": "Z", "a": 9.0}])
    prof = compare.outlet_profiles(scores)
    for metric in ("cosine", "euclidean"):
        d = compare.framing_distance(prof, metric=metric)
        assert _pair(d, "X", "X2") == pytest.approx(0.0, abs=1e-12)
        assert _pair(d, "X", "Z") > 0.5


def test_compare_framing_distance_is_a_full_symmetric_tidy_table() -> None:
    prof = pd.DataFrame({"f": [1.0, -1.0, 0.5], "g": [0.0, 0.0, 1.0]}, index=["A", "B", "C"])
    d = compare.framing_distance(prof)
    assert list(d.columns) == compare.DISTANCE_COLUMNS and len(d) == 9
    m = d.pivot(index="outlet_a", columns="outlet_b", values="distance")
    assert np.allclose(m.to_numpy(), m.to_numpy().T)
    assert np.allclose(np.diag(m.to_numpy()), 0.0)


@pytest.mark.parametrize(
    ("u", "v", "metric", "expected"),
    [
        ([1.0, 0.0], [-1.0, 0.0], "cosine", 2.0),  # opposite
        ([1.0, 0.0], [0.0, 3.0], "cosine", 1.0),  # orthogonal
        ([1.0, 1.0], [2.0, 2.0], "cosine", 0.0),  # same direction
        ([0.0, 0.0], [0.0, 0.0], "cosine", 0.0),  # both average
        ([0.0, 0.0], [1.0, 0.0], "cosine", 1.0),  # one average
        ([1.0, 0.0], [-1.0, 0.0], "euclidean", math.sqrt(2.0)),  # RMS of (2, 0)
        ([3.0, 1.0], [0.0, -3.0], "euclidean", math.sqrt(12.5)),
    ],
)
def test_compare_framing_distance_known_values(
    u: list[float], v: list[float], metric: str, expected: float
) -> None:
    prof = pd.DataFrame([u, v], index=["A", "B"], columns=["f", "g"])
    d = compare.framing_distance(prof, metric=metric)
    assert _pair(d, "A", "B") == pytest.approx(expected)


def test_compare_framing_distance_rejects_an_unknown_metric() -> None:
    with pytest.raises(ValueError, match="metric"):
        compare.framing_distance(pd.DataFrame({"f": [1.0]}, index=["A"]), metric="manhattan")


def test_compare_single_outlet_profile_is_zero_and_distance_is_its_diagonal() -> None:
    prof = compare.outlet_profiles(_scores([{"outlet": "X", "a": 4.0}]))
    assert (prof.to_numpy() == 0).all()
    d = compare.framing_distance(prof)
    assert d.to_dict("records") == [{"outlet_a": "X", "outlet_b": "X", "distance": 0.0}]


def test_compare_profile_contrast_orders_by_absolute_difference() -> None:
    prof = pd.DataFrame({"f": [1.0, 0.5], "g": [-2.0, 1.0], "h": [0.0, 0.0]}, index=["A", "B"])
    diff = compare.profile_contrast(prof, "A", "B", top=2)
    assert diff["feature"].tolist() == ["g", "f"]
    assert diff["difference"].tolist() == [-3.0, 0.5]
    assert diff["a"].tolist() == [-2.0, 1.0]


# ---- vocabulary ----------------------------------------------------------------------------


def test_compare_phrase_counts_counts_ngrams_per_outlet() -> None:
    texts = pd.DataFrame(
        {
            "outlet": ["Y", "X", "X"],
            "text": ["War games again.", "The war games began.", "Joint drills, war games."],
        }
    )
    counts = compare.phrase_counts(texts, ["war games", "joint drills", "absent"])
    assert list(counts.index) == ["X", "Y"]
    assert counts.loc["X"].tolist() == [2, 1, 0]
    assert counts.loc["Y"].tolist() == [1, 0, 0]


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        ([2, 4], [1, 2], 0.0),  # same proportions
        ([3, 0], [0, 5], 1.0),  # nothing in common
        # p = (1/2, 1/2), q = (1, 0), m = (3/4, 1/4)
        ([1, 1], [1, 0], math.sqrt((0.5 * math.log2(2 / 3) + 0.5 * 1 + math.log2(4 / 3)) / 2)),
        ([0, 0], [0, 0], 0.0),
        ([0, 0], [1, 0], 1.0),
    ],
)
def test_compare_vocabulary_distance_known_values(
    p: list[int], q: list[int], expected: float
) -> None:
    counts = pd.DataFrame([p, q], index=["A", "B"], columns=["x", "y"])
    d = compare.vocabulary_distance(counts)
    assert _pair(d, "A", "B") == pytest.approx(expected)
    assert _pair(d, "B", "A") == pytest.approx(expected)
    assert _pair(d, "A", "A") == 0.0


def test_compare_vocabulary_distance_agrees_with_scipy() -> None:
    from scipy.spatial.distance import jensenshannon

    rng = np.random.default_rng(0)
    x = rng.integers(0, 9, size=(3, 6)).astype(float)
    counts = pd.DataFrame(x, index=["A", "B", "C"])
    d = compare.vocabulary_distance(counts)
    assert _pair(d, "A", "C") == pytest.approx(jensenshannon(x[0], x[2], base=2))


# ---- trends --------------------------------------------------------------------------------


def _trend_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles = pd.DataFrame(
        {
            "id": ["1", "2", "3", "4", "5"],
            "outlet": ["X", "X", "X", "Y", "Y"],
            "published": ["2024-01-01", "2024-01-01", "2024-01-03", "2024-01-01", ""],
            "n_words": [100, 300, 200, 500, 100],
        }
    )
    sentences = pd.DataFrame(
        {
            "id": ["1", "1", "2", "3", "4", "5"],
            "loaded_score": [0.2, 0.4, 0.9, 0.5, 0.1, 1.0],
        }
    )
    cues = pd.DataFrame(
        {
            "id": ["1", "2", "2", "2", "3", "4", "5"],
            "source": [
                "lexicon",
                "lexicon",
                "lexicon",
                "contrastive",
                "model",
                "lexicon",
                "lexicon",
            ],
        }
    )
    return articles, sentences, cues


def test_compare_trends_known_rate_series() -> None:
    articles, sentences, cues = _trend_inputs()
    t = compare.trends(articles, sentences, cues, freq="day")
    assert list(t.columns) == compare.TREND_COLUMNS
    got = {
        (o, f"{p:%Y-%m-%d}"): (n, w, s, lm, c, r)
        for o, p, n, w, s, lm, c, r in t.itertuples(index=False)
    }
    assert set(got) == {("X", "2024-01-01"), ("X", "2024-01-03"), ("Y", "2024-01-01")}
    n, w, s, lm, c, r = got[("X", "2024-01-01")]
    # articles 1+2: 400 words, 3 sentences (0.2, 0.4, 0.9), 3 lexicon cues
    assert (n, w, s, c) == (2, 400, 3, 3)
    assert lm == pytest.approx(0.5) and r == pytest.approx(7.5)
    n, w, s, lm, c, r = got[("X", "2024-01-03")]
    assert (c, r) == (0, 0.0)  # a model cue is not a lexicon cue
    assert got[("Y", "2024-01-01")][4:] == (1, pytest.approx(2.0))


def test_compare_trends_weekly_periods_start_on_monday() -> None:
    articles, sentences, cues = _trend_inputs()
    articles.loc[2, "published"] = "2024-01-07"  # Sunday of the same ISO week
    t = compare.trends(articles, sentences, cues, freq="week")
    x = t[t["outlet"] == "X"]
    assert [f"{p:%Y-%m-%d}" for p in x["period"]] == ["2024-01-01"]
    assert x["n_articles"].tolist() == [3]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2024-01-01", "2024-02-15"], "day"),
        (["2024-01-01", "2024-06-01"], "week"),
        (["", ""], "day"),
    ],
)
def test_compare_resolve_freq_auto_uses_weeks_for_long_spans(
    dates: list[str], expected: str
) -> None:
    assert compare.resolve_freq(pd.Series(dates)) == expected
    assert compare.resolve_freq(pd.Series(dates), "week") == "week"


def test_compare_trends_without_dates_or_sentences() -> None:
    articles, sentences, cues = _trend_inputs()
    undated = articles.assign(published="")
    assert compare.trends(undated, sentences, cues).empty
    t = compare.trends(articles, pd.DataFrame(), pd.DataFrame(), freq="day")
    assert t["loaded_mean"].isna().all() and (t["cue_count"] == 0).all()


def test_compare_article_periods_skips_undated_and_bad_dates() -> None:
    articles = pd.DataFrame({"id": ["a", "b", "c"], "published": ["2024-03-05", "", "not a date"]})
    periods = compare.article_periods(articles, "day")
    assert periods.index.tolist() == ["a"]
    assert f"{periods['a']:%Y-%m-%d}" == "2024-03-05"


def test_compare_outlet_profiles_unbalanced_blocks_read_in_standard_deviations() -> None:
    scores = _scores([{"outlet": "X", "a": 1.0, "b": 0.0}, {"outlet": "Y", "a": 3.0, "b": 4.0}])
    prof = compare.outlet_profiles(scores, balance_blocks=False)
    assert prof["rate:a"].tolist() == [-1.0, 1.0]
    assert prof["rate:b"].tolist() == [-1.0, 1.0]
