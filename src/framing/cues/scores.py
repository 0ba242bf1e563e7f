"""Per-outlet cue rates with confidence intervals, and the mean loaded score.

``outlet_scores`` returns one row per (event_id, outlet), plus event_id -1 for
each outlet across all events. For every cue category ``<cat>`` it has
``<cat>_count``, ``<cat>_rate`` (per 1,000 words) and ``<cat>_lo``/``<cat>_hi``,
the exact (Garwood) 95% Poisson interval of that rate. ``loaded_mean`` is the
mean sentence loaded score, ``n_words``/``n_articles``/``n_sentences`` the base.

All of these count the outlet's own voice. Quotations are reported beside
them: ``n_words_quoted``, ``quoted_cues`` (lexicon cues inside quotations),
``n_quoted_sentences`` and ``loaded_mean_quoted``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact two-sided Poisson interval for an observed count (Garwood 1936)."""
    lo, hi = poisson_intervals(np.array([count]), level)
    return float(lo[0]), float(hi[0])


def poisson_intervals(counts: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """``poisson_interval`` for an array of counts at once."""
    k = np.asarray(counts, dtype=float)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore"):
        lo = np.where(k == 0, 0.0, chi2.ppf(alpha / 2, 2 * k) / 2.0)
    hi = chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2.0
    return lo, hi


def article_counts(
    articles: pd.DataFrame, cues: pd.DataFrame, sentences: pd.DataFrame, categories: list[str]
) -> pd.DataFrame:
    """Per article: ``id, outlet, event_id, n_words``, one count column per
    category (lexicon cues only), and ``sum``/``count`` of sentence loaded scores.

    Only the outlet's own voice is counted: ``n_words`` are the words outside
    quotations, the category counts are the outlet-voice cues, ``sum`` and
    ``count`` cover outlet-voice sentences. What quotations hold is counted
    beside it: ``n_words_quoted``, ``quoted_cues`` (lexicon cues), and
    ``quoted_sum``/``quoted_count`` (their sentences' loaded scores). Without
    ``voice`` columns (and ``articles.n_words_quoted``) everything is outlet voice.

    These add up across articles, so a corpus scored in batches gets the same
    ``scores_from_counts`` as one scored at once.
    """
    lex_all = cues[cues["source"] == "lexicon"]
    quoted_lex = _is_quoted(lex_all)
    lex = lex_all[~quoted_lex]
    per_article = (
        lex.groupby(["id", "category"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=categories, fill_value=0)
    )
    quoted_sents = _is_quoted(sentences)
    loaded = sentences[~quoted_sents].groupby("id")["loaded_score"].agg(["sum", "count"])
    in_quotes = sentences[quoted_sents].groupby("id")["loaded_score"].agg(["sum", "count"])
    in_quotes.columns = ["quoted_sum", "quoted_count"]
    quoted_cues = lex_all[quoted_lex].groupby("id").size().rename("quoted_cues")
    base = articles[["id", "outlet", "event_id", "n_words"]].set_index("id")
    quoted_words = (
        articles.set_index("id")["n_words_quoted"]
        if "n_words_quoted" in articles
        else pd.Series(0, index=base.index)
    )
    base = base.assign(n_words=base["n_words"] - quoted_words, n_words_quoted=quoted_words)
    table = base.join(per_article, how="left").join(loaded, how="left")
    table = table.join(in_quotes, how="left").join(quoted_cues, how="left")
    filled = categories + ["sum", "count", *_QUOTED]
    table[filled] = table[filled].fillna(0)
    return table.reset_index()


_QUOTED = ["quoted_sum", "quoted_count", "quoted_cues"]


def _is_quoted(rows: pd.DataFrame) -> pd.Series:
    if "voice" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["voice"] == "quoted"


def outlet_scores(
    articles: pd.DataFrame,
    cues: pd.DataFrame,
    sentences: pd.DataFrame,
    categories: list[str],
) -> pd.DataFrame:
    """Cue rates per 1,000 words for each outlet, per event and overall.

    Args:
        articles: with ``id, outlet, event_id, n_words``.
        cues: lexicon cue spans with ``id, category, source``.
        sentences: with ``id, loaded_score``.
        categories: the category keys to report (in this order).
    """
    return scores_from_counts(article_counts(articles, cues, sentences, categories), categories)


def scores_from_counts(counts: pd.DataFrame, categories: list[str]) -> pd.DataFrame:
    """``outlet_scores`` from per-article counts (see ``article_counts``)."""
    for col in ("n_words_quoted", *_QUOTED):
        if col not in counts:
            counts = counts.assign(**{col: 0})
    sums = ["n_words", "count", "sum", "n_words_quoted", *_QUOTED, *categories]
    per_event = counts.groupby(["event_id", "outlet"], sort=True)[sums].sum()
    per_event["n_articles"] = counts.groupby(["event_id", "outlet"], sort=True).size()
    overall = counts.groupby("outlet", sort=True)[sums].sum()
    overall["n_articles"] = counts.groupby("outlet", sort=True).size()
    overall = overall.assign(event_id=-1).set_index("event_id", append=True)
    overall = overall.reorder_levels(["event_id", "outlet"])
    g = pd.concat([overall, per_event]).reset_index()
    words = g["n_words"].astype(float)
    out = pd.DataFrame(
        {
            "event_id": g["event_id"].astype(int),
            "outlet": g["outlet"],
            "n_articles": g["n_articles"].astype(int),
            "n_words": words.astype(int),
            "n_sentences": g["count"].astype(int),
            "loaded_mean": (g["sum"] / g["count"].where(g["count"] > 0)).astype(float),
            "n_words_quoted": g["n_words_quoted"].astype(int),
            "quoted_cues": g["quoted_cues"].astype(int),
            "n_quoted_sentences": g["quoted_count"].astype(int),
            "loaded_mean_quoted": (
                g["quoted_sum"] / g["quoted_count"].where(g["quoted_count"] > 0)
            ).astype(float),
        }
    )
    scale = (1000.0 / words.where(words > 0)).to_numpy()
    for cat in categories:
        k = g[cat].astype(int).to_numpy()
        lo, hi = poisson_intervals(k)
        out[f"{cat}_count"] = k
        out[f"{cat}_rate"] = k * scale
        out[f"{cat}_lo"] = lo * scale
        out[f"{cat}_hi"] = hi * scale
    return out
