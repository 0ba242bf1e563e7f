from __future__ import annotations

import pandas as pd
import pytest

from framing.cues.scores import outlet_scores, poisson_interval


@pytest.mark.parametrize(
    ("k", "lo", "hi"),
    [(0, 0.0, 3.6889), (1, 0.02532, 5.5716), (10, 4.7954, 18.3904)],
)
def test_cues_scores_poisson_interval_known_values(k, lo, hi) -> None:
    got = poisson_interval(k)
    assert got[0] == pytest.approx(lo, abs=1e-3)
    assert got[1] == pytest.approx(hi, abs=1e-3)


def test_cues_scores_rates_per_thousand_words() -> None:
    articles = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "outlet": ["X", "X", "Y"],
            "event_id": [0, 1, 0],
            "n_words": [500, 500, 1000],
        }
    )
    cues = pd.DataFrame(
        {
            "id": ["a", "a", "b", "c"],
            "category": ["hedge", "hedge", "hedge", "intensity"],
            "source": ["lexicon", "lexicon", "lexicon", "lexicon"],
        }
    )
    sentences = pd.DataFrame({"id": ["a", "b", "c"], "loaded_score": [0.2, 0.4, 0.9]})
    table = outlet_scores(articles, cues, sentences, ["hedge", "intensity"]).set_index(
        ["event_id", "outlet"]
    )
    assert table.loc[(-1, "X"), "hedge_rate"] == pytest.approx(3.0)  # 3 per 1,000 words
    assert table.loc[(0, "X"), "hedge_rate"] == pytest.approx(4.0)  # 2 in 500 words
    assert table.loc[(0, "Y"), "intensity_rate"] == pytest.approx(1.0)
    assert table.loc[(-1, "X"), "loaded_mean"] == pytest.approx(0.3)
    lo, hi = poisson_interval(3)
    assert table.loc[(-1, "X"), "hedge_lo"] == pytest.approx(lo)
    assert table.loc[(-1, "X"), "hedge_hi"] == pytest.approx(hi)


def test_cues_scores_count_the_outlet_voice_and_report_quotations_beside() -> None:
    articles = pd.DataFrame(
        {"id": ["a", "b"], "outlet": ["X", "X"], "event_id": [0, 0], "n_words": [600, 400],
         "n_words_quoted": [100, 0]}
    )  # fmt: skip
    cues = pd.DataFrame(
        {
            "id": ["a", "a", "a", "b"],
            "category": ["hedge", "hedge", "hedge", "hedge"],
            "source": ["lexicon"] * 4,
            "voice": ["outlet", "quoted", "scare", "quoted"],
        }
    )
    sentences = pd.DataFrame(
        {"id": ["a", "a", "b"], "loaded_score": [0.2, 1.0, 0.4],
         "voice": ["outlet", "quoted", "outlet"]}
    )  # fmt: skip
    row = outlet_scores(articles, cues, sentences, ["hedge"]).set_index(["event_id", "outlet"])
    row = row.loc[(-1, "X")]
    # a scare quote is the outlet's own distancing; the quoted cues are not its words
    assert row["hedge_count"] == 2
    assert row["n_words"] == 900 and row["n_words_quoted"] == 100
    assert row["hedge_rate"] == pytest.approx(2 / 900 * 1000)
    assert row["quoted_cues"] == 2
    assert row["loaded_mean"] == pytest.approx(0.3)
    assert row["loaded_mean_quoted"] == pytest.approx(1.0)
    assert row["n_sentences"] == 2 and row["n_quoted_sentences"] == 1
