"""framing.compare.periods: loaded score and cue rate per outlet and day (or week)."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.compare.periods import TREND_COLUMNS, article_periods, resolve_freq, trends


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


def test_compare_periods_trends_known_rate_series() -> None:
    articles, sentences, cues = _trend_inputs()
    t = trends(articles, sentences, cues, freq="day")
    assert list(t.columns) == TREND_COLUMNS
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


def test_compare_periods_trends_weekly_periods_start_on_monday() -> None:
    articles, sentences, cues = _trend_inputs()
    articles.loc[2, "published"] = "2024-01-07"  # Sunday of the same ISO week
    t = trends(articles, sentences, cues, freq="week")
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
def test_compare_periods_resolve_freq_auto_uses_weeks_for_long_spans(
    dates: list[str], expected: str
) -> None:
    assert resolve_freq(pd.Series(dates)) == expected
    assert resolve_freq(pd.Series(dates), "week") == "week"


def test_compare_periods_trends_without_dates_or_sentences() -> None:
    articles, sentences, cues = _trend_inputs()
    undated = articles.assign(published="")
    assert trends(undated, sentences, cues).empty
    t = trends(articles, pd.DataFrame(), pd.DataFrame(), freq="day")
    assert t["loaded_mean"].isna().all() and (t["cue_count"] == 0).all()


def test_compare_periods_article_periods_skips_undated_and_bad_dates() -> None:
    articles = pd.DataFrame({"id": ["a", "b", "c"], "published": ["2024-03-05", "", "not a date"]})
    periods = article_periods(articles, "day")
    assert periods.index.tolist() == ["a"]
    assert f"{periods['a']:%Y-%m-%d}" == "2024-03-05"


def test_compare_periods_trends_count_the_outlet_voice_unless_asked() -> None:
    articles = pd.DataFrame(
        {
            "id": ["a"],
            "outlet": ["X"],
            "published": ["2024-01-01"],
            "n_words": [8],
        }
    )
    text = 'He said "one two three four" and left.'
    split = text.index("four") + 6
    sentences = pd.DataFrame(
        {
            "id": ["a", "a"],
            "field": ["text", "text"],
            "start": [0, split],
            "end": [split, len(text)],
            "sentence": [text[:split], text[split:]],
            "loaded_score": [0.2, 0.8],
            "voice": ["outlet", "quoted"],
        }
    )
    cues = pd.DataFrame(
        {"id": ["a", "a"], "source": ["lexicon", "lexicon"], "voice": ["outlet", "quoted"]}
    )
    quote_start = text.index('"')
    voices = pd.DataFrame(
        {
            "id": ["a", "a", "a"],
            "field": ["text"] * 3,
            "start": [0, quote_start, quote_start + 20],
            "end": [quote_start, quote_start + 20, len(text)],
            "voice": ["outlet", "quoted", "outlet"],
        }
    )
    own = trends(articles, sentences, cues, voices=voices, freq="day").iloc[0]
    assert (own["n_words"], own["cue_count"], own["n_sentences"]) == (4, 1, 1)
    assert own["loaded_mean"] == pytest.approx(0.2)
    assert own["cue_rate"] == pytest.approx(250.0)
    both = trends(articles, sentences, cues, voices=voices, count_quoted=True, freq="day").iloc[0]
    assert (both["n_words"], both["cue_count"], both["n_sentences"]) == (8, 2, 2)
    assert both["loaded_mean"] == pytest.approx(0.5)
