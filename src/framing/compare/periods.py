"""Outlets over time: mean loaded score and cue rate per outlet and day (or week).

Counted like the stored ``outlet_scores`` (lexicon cues per 1,000 words of
article text, in the outlet's own voice), but per period, from the article,
sentence, cue and voice tables.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from framing.cues.voice import quoted_words_by_sentence

TREND_COLUMNS = [
    "outlet",
    "period",
    "n_articles",
    "n_words",
    "n_sentences",
    "loaded_mean",
    "cue_count",
    "cue_rate",
]
Freq = Literal["auto", "day", "week"]


def resolve_freq(dates: pd.Series, freq: Freq = "auto", *, long_span_days: int = 60) -> str:
    """``"day"`` or ``"week"``: ``"auto"`` picks weeks when the dates span more
    than ``long_span_days``, so a long corpus does not become a sawtooth of
    single articles."""
    if freq != "auto":
        return freq
    parsed = pd.to_datetime(pd.Series(dates, dtype=object), errors="coerce").dropna()
    if parsed.empty:
        return "day"
    return "week" if (parsed.max() - parsed.min()).days > long_span_days else "day"


def article_periods(articles: pd.DataFrame, freq: Freq = "auto") -> pd.Series:
    """The period of each dated article (day, or the Monday starting its week).

    Args:
        articles: with ``id`` and ``published`` (ISO dates; empty = undated).
        freq: ``"day"``, ``"week"`` or ``"auto"`` (see ``resolve_freq``).

    Returns:
        Timestamps indexed by article ``id``; undated articles are left out.
    """
    dates = pd.to_datetime(
        pd.Series(articles["published"].astype(str).to_numpy(), index=articles["id"].to_numpy()),
        errors="coerce",
    ).dropna()
    dates = dates.dt.normalize()
    if resolve_freq(dates, freq) == "week":
        dates = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    dates.index.name = "id"
    return dates.rename("period")


def trends(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    cues: pd.DataFrame,
    *,
    voices: pd.DataFrame | None = None,
    count_quoted: bool = False,
    freq: Freq = "auto",
) -> pd.DataFrame:
    """Mean loaded score and cue rate per outlet and period.

    Counted like ``outlet_scores``: lexicon cues only (title and text), per
    1,000 words of article text, in the outlet's own voice. Cues and
    sentences whose ``voice`` is ``quoted`` are left out, and so are the
    quoted words of the text (from ``voices``), unless ``count_quoted``.

    Args:
        articles: with ``id, outlet, published, n_words``.
        sentences: with ``id, loaded_score`` (and ``voice``; with ``voices``
            also ``field, start, end, sentence``, which give the quoted words).
        cues: with ``id, source`` (and ``voice``).
        voices: the stored voice spans (``id, field, start, end, voice``);
            without them every word counts.
        count_quoted: count quoted words, cues and sentences too.
        freq: ``"day"``, ``"week"`` or ``"auto"`` (weeks for spans over 60 days).

    Returns:
        Columns ``TREND_COLUMNS``, sorted by outlet and period; empty when no
        article has a date. ``loaded_mean`` is NaN for a period with no scored
        sentence, ``cue_rate`` NaN for one with no words.
    """
    periods = article_periods(articles, freq)
    if periods.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    base = articles.set_index("id").loc[periods.index, ["outlet", "n_words"]]
    base["period"] = periods
    if not count_quoted:
        if voices is not None and not voices.empty and not sentences.empty:
            quoted = quoted_words_by_sentence(voices, sentences)
            base["n_words"] = base["n_words"] - quoted.reindex(base.index, fill_value=0)
        if "voice" in cues.columns:
            cues = cues[cues["voice"] != "quoted"]
        if "voice" in sentences.columns:
            sentences = sentences[sentences["voice"] != "quoted"]
    lex_ids = cues.loc[cues["source"] == "lexicon", "id"] if not cues.empty else pd.Series()
    base["cue_count"] = lex_ids.value_counts().reindex(base.index, fill_value=0).to_numpy()
    if sentences.empty:
        base["s_sum"], base["s_n"] = 0.0, 0
    else:
        agg = sentences.groupby("id")["loaded_score"].agg(["sum", "count"])
        base["s_sum"] = agg["sum"].reindex(base.index, fill_value=0.0)
        base["s_n"] = agg["count"].reindex(base.index, fill_value=0)
    grouped = base.groupby(["outlet", "period"], sort=True).agg(
        n_articles=("n_words", "size"),
        n_words=("n_words", "sum"),
        n_sentences=("s_n", "sum"),
        s_sum=("s_sum", "sum"),
        cue_count=("cue_count", "sum"),
    )
    out = grouped.reset_index()
    out["loaded_mean"] = out["s_sum"] / out["n_sentences"].where(out["n_sentences"] > 0)
    out["cue_rate"] = out["cue_count"] * 1000.0 / out["n_words"].where(out["n_words"] > 0)
    for col in ("n_articles", "n_words", "n_sentences", "cue_count"):
        out[col] = out[col].astype(int)
    return out[TREND_COLUMNS]
