"""framing.compare.corpus on tiny hand-made tables with known answers."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from framing.compare import corpus


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


def test_compare_corpus_spans_with_sentences_finds_the_sentence_and_local_offsets() -> None:
    start = TEXT.index("provocation")
    cues = pd.DataFrame([_cue(start, start + len("provocation")), _cue(21, 27)])
    spans = corpus.spans_with_sentences(cues, SENTENCES)
    assert list(spans.columns) == corpus.SPAN_COLUMNS
    assert spans["start"].tolist() == [21, start]  # sorted by position
    for r in spans.itertuples(index=False):
        assert r.sentence == "The regime staged a provocation!"
        assert r.sentence[r.start_in_sentence : r.end_in_sentence] == r.phrase
        assert r.sentence_start == 17


def test_compare_corpus_spans_with_sentences_clips_a_span_crossing_a_sentence_end() -> None:
    spans = corpus.spans_with_sentences(pd.DataFrame([_cue(40, 52)]), SENTENCES)
    r = spans.iloc[0]
    assert (r["start_in_sentence"], r["end_in_sentence"]) == (23, 32)


def test_compare_corpus_spans_with_sentences_keeps_a_cue_outside_any_sentence() -> None:
    spans = corpus.spans_with_sentences(pd.DataFrame([_cue(0, 4, field="title")]), SENTENCES)
    r = spans.iloc[0]
    assert r["sentence"] == "" and (r["start_in_sentence"], r["end_in_sentence"]) == (0, 4)


def test_compare_corpus_spans_with_sentences_empty_cues() -> None:
    spans = corpus.spans_with_sentences(pd.DataFrame(), SENTENCES)
    assert spans.empty and list(spans.columns) == corpus.SPAN_COLUMNS


def test_compare_corpus_top_phrases_counts_case_insensitively() -> None:
    spans = pd.DataFrame({"phrase": ["Regime", "regime", "puppet", "army", "army", "REGIME"]})
    top = corpus.top_phrases(spans, n=2)
    assert top.to_dict("list") == {"phrase": ["regime", "army"], "count": [3, 2]}
    assert corpus.top_phrases(pd.DataFrame()).empty


# ---- outlet_profiles and framing_distance -------------------------------------------------


def test_compare_corpus_outlet_profiles_raw_blocks_and_columns(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    scores = make_scores([{"outlet": "X", "a": 1.0, "loaded": 0.2}, {"outlet": "Y", "a": 3.0}])
    frames = _frames({"X": {"econ": 0.7, "moral": 0.3}, "Y": {"econ": 0.1, "moral": 0.9}})
    raw = corpus.outlet_profiles(scores, frames, standardise=False)
    assert list(raw.index) == ["X", "Y"]
    assert list(raw.columns) == ["rate:a", "rate:b", "frame:econ", "frame:moral", "loaded_mean"]
    assert raw.loc["X"].tolist() == [1.0, 0.0, 0.7, 0.3, 0.2]


def test_compare_corpus_outlet_profiles_standardises_and_weighs_blocks_equally(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    scores = make_scores(
        [
            {"outlet": "X", "a": 1.0, "b": 2.0, "loaded": 0.2},
            {"outlet": "Y", "a": 3.0, "b": 2.0, "loaded": 0.6},
        ]
    )
    prof = corpus.outlet_profiles(scores)
    # a: mean 2, sd 1 -> -1/+1, divided by sqrt(2 rate features); b is constant -> 0.
    assert prof.loc["X", "rate:a"] == pytest.approx(-1 / math.sqrt(2))
    assert prof.loc["Y", "rate:b"] == 0.0
    assert prof["loaded_mean"].tolist() == pytest.approx([-1.0, 1.0])
    assert np.allclose(prof.mean(), 0.0)


def test_compare_corpus_outlet_profiles_block_weight_zero_drops_the_block(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    scores = make_scores([{"outlet": "X", "a": 1.0}, {"outlet": "Y", "a": 3.0}])
    prof = corpus.outlet_profiles(scores, block_weights={"loaded": 0})
    assert "loaded_mean" not in prof.columns


def test_compare_corpus_outlet_profiles_missing_frame_rows_count_as_zero_share(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    scores = make_scores([{"outlet": "X"}, {"outlet": "Y"}])
    frames = _frames({"X": {"econ": 1.0}})
    raw = corpus.outlet_profiles(scores, frames, standardise=False)
    assert raw.loc["Y", "frame:econ"] == 0.0


def test_compare_corpus_identical_outlets_have_distance_zero(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    same = {"a": 2.0, "b": 5.0, "loaded": 0.4}
    scores = make_scores(
        [{"outlet": "X", **same}, {"outlet": "X2", **same}, {"outlet": "Z", "a": 9.0}]
    )
    prof = corpus.outlet_profiles(scores)
    for metric in ("cosine", "euclidean"):
        d = corpus.framing_distance(prof, metric=metric)
        assert _pair(d, "X", "X2") == pytest.approx(0.0, abs=1e-12)
        assert _pair(d, "X", "Z") > 0.5


def test_compare_corpus_framing_distance_is_a_full_symmetric_tidy_table() -> None:
    prof = pd.DataFrame({"f": [1.0, -1.0, 0.5], "g": [0.0, 0.0, 1.0]}, index=["A", "B", "C"])
    d = corpus.framing_distance(prof)
    assert list(d.columns) == corpus.DISTANCE_COLUMNS and len(d) == 9
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
def test_compare_corpus_framing_distance_known_values(
    u: list[float], v: list[float], metric: str, expected: float
) -> None:
    prof = pd.DataFrame([u, v], index=["A", "B"], columns=["f", "g"])
    d = corpus.framing_distance(prof, metric=metric)
    assert _pair(d, "A", "B") == pytest.approx(expected)


def test_compare_corpus_framing_distance_rejects_an_unknown_metric() -> None:
    with pytest.raises(ValueError, match="metric"):
        corpus.framing_distance(pd.DataFrame({"f": [1.0]}, index=["A"]), metric="manhattan")


def test_compare_corpus_single_outlet_profile_is_zero_and_distance_is_its_diagonal(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    prof = corpus.outlet_profiles(make_scores([{"outlet": "X", "a": 4.0}]))
    assert (prof.to_numpy() == 0).all()
    d = corpus.framing_distance(prof)
    assert d.to_dict("records") == [{"outlet_a": "X", "outlet_b": "X", "distance": 0.0}]


def test_compare_corpus_profile_contrast_orders_by_absolute_difference() -> None:
    prof = pd.DataFrame({"f": [1.0, 0.5], "g": [-2.0, 1.0], "h": [0.0, 0.0]}, index=["A", "B"])
    diff = corpus.profile_contrast(prof, "A", "B", top=2)
    assert diff["feature"].tolist() == ["g", "f"]
    assert diff["difference"].tolist() == [-3.0, 0.5]
    assert diff["a"].tolist() == [-2.0, 1.0]


# ---- vocabulary ----------------------------------------------------------------------------


def test_compare_corpus_phrase_counts_counts_ngrams_per_outlet() -> None:
    texts = pd.DataFrame(
        {
            "outlet": ["Y", "X", "X"],
            "text": ["War games again.", "The war games began.", "Joint drills, war games."],
        }
    )
    counts = corpus.phrase_counts(texts, ["war games", "joint drills", "absent"])
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
def test_compare_corpus_vocabulary_distance_known_values(
    p: list[int], q: list[int], expected: float
) -> None:
    counts = pd.DataFrame([p, q], index=["A", "B"], columns=["x", "y"])
    d = corpus.vocabulary_distance(counts)
    assert _pair(d, "A", "B") == pytest.approx(expected)
    assert _pair(d, "B", "A") == pytest.approx(expected)
    assert _pair(d, "A", "A") == 0.0


def test_compare_corpus_vocabulary_distance_agrees_with_scipy() -> None:
    from scipy.spatial.distance import jensenshannon

    rng = np.random.default_rng(0)
    x = rng.integers(0, 9, size=(3, 6)).astype(float)
    counts = pd.DataFrame(x, index=["A", "B", "C"])
    d = corpus.vocabulary_distance(counts)
    assert _pair(d, "A", "C") == pytest.approx(jensenshannon(x[0], x[2], base=2))


def test_compare_corpus_outlet_profiles_unbalanced_blocks_read_in_standard_deviations(
    make_scores: Callable[[list[dict]], pd.DataFrame],
) -> None:
    scores = make_scores([{"outlet": "X", "a": 1.0, "b": 0.0}, {"outlet": "Y", "a": 3.0, "b": 4.0}])
    prof = corpus.outlet_profiles(scores, balance_blocks=False)
    assert prof["rate:a"].tolist() == [-1.0, 1.0]
    assert prof["rate:b"].tolist() == [-1.0, 1.0]
