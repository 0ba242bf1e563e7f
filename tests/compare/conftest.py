"""Hand-made ``outlet_scores`` tables shared by the comparison tests."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest


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


@pytest.fixture
def make_scores() -> Callable[[list[dict]], pd.DataFrame]:
    """Build an ``outlet_scores`` table with categories ``a`` and ``b`` from short rows.

    Each row gives ``outlet`` and optionally ``event_id``, ``n_words``,
    ``n_articles``, ``loaded`` and the rates ``a``/``b``; the count is the rate
    times the words, the interval half to twice the rate.
    """
    return _scores
