"""Per-outlet cue rates with confidence intervals, and the mean loaded score.

``outlet_scores`` returns one row per (event_id, outlet), plus event_id -1 for
each outlet across all events. For every cue category ``<cat>`` it has
``<cat>_count``, ``<cat>_rate`` (per 1,000 words) and ``<cat>_lo``/``<cat>_hi``,
the exact (Garwood) 95% Poisson interval of that rate. ``loaded_mean`` is the
mean sentence loaded score, ``n_words``/``n_articles``/``n_sentences`` the base.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact two-sided Poisson interval for an observed count (Garwood 1936)."""
    alpha = 1.0 - level
    lo = 0.0 if count == 0 else chi2.ppf(alpha / 2, 2 * count) / 2.0
    hi = chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2.0
    return float(lo), float(hi)


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
    lex = cues[cues["source"] == "lexicon"]
    per_article = (
        lex.groupby(["id", "category"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=categories, fill_value=0)
    )
    loaded = sentences.groupby("id")["loaded_score"].agg(["sum", "count"])
    base = articles[["id", "outlet", "event_id", "n_words"]].set_index("id")
    table = base.join(per_article, how="left").join(loaded, how="left").fillna(0)
    rows = []
    scopes = [(-1, table)] + [(int(e), g) for e, g in table.groupby("event_id")]
    for event_id, scope in scopes:
        for outlet, g in scope.groupby("outlet", sort=True):
            words = float(g["n_words"].sum())
            row: dict = {
                "event_id": event_id,
                "outlet": outlet,
                "n_articles": len(g),
                "n_words": int(words),
                "n_sentences": int(g["count"].sum()),
                "loaded_mean": float(g["sum"].sum() / g["count"].sum())
                if g["count"].sum()
                else np.nan,
            }
            scale = 1000.0 / words if words else np.nan
            for cat in categories:
                k = int(g[cat].sum())
                lo, hi = poisson_interval(k)
                row[f"{cat}_count"] = k
                row[f"{cat}_rate"] = k * scale
                row[f"{cat}_lo"] = lo * scale
                row[f"{cat}_hi"] = hi * scale
            rows.append(row)
    return pd.DataFrame(rows)
