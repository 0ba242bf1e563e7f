"""The one reader of the wide ``outlet_scores`` table.

``framing.cues.scores.outlet_scores`` stores one row per (event_id, outlet)
and, for every cue category ``<cat>``, the four columns ``<cat>_count``,
``<cat>_rate`` (per 1,000 words), ``<cat>_lo`` and ``<cat>_hi`` (the exact 95%
Poisson interval of the rate). Everything that needs those columns goes
through this module, so the naming rule lives in one place:

- ``rate_categories``: the category keys the table reports.
- ``rate_column``: the column of one statistic of one category.
- ``outlet_rates``: one scope (all events, or one event) in long form, one row
  per outlet and category, with the article base.
- ``event_rates``: every (event, outlet) row in long form, one row per
  category, keeping the ``event_id``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

ALL_EVENTS = -1
STATS = ("count", "rate", "lo", "hi")
OUTLET_RATE_COLUMNS = ["outlet", "category", "count", "rate", "lo", "hi", "n_words", "n_articles"]
EVENT_RATE_COLUMNS = ["event_id", "outlet", "category", "count", "rate", "lo", "hi", "n_words"]


def rate_column(category: str, stat: str = "rate") -> str:
    """The ``outlet_scores`` column holding ``stat`` (one of ``STATS``) of ``category``."""
    return f"{category}_{stat}"


def rate_categories(
    outlet_scores: pd.DataFrame, order: Iterable[str] | Mapping[str, object] | None = None
) -> list[str]:
    """Category keys that ``outlet_scores`` reports.

    A key counts when all four of its columns (``STATS``) are present, which is
    the case for every category of a stored table.

    Args:
        outlet_scores: the stored ``outlet_scores`` table (or some of its rows).
        order: keys (e.g. the lexicon's category mapping) to put first, in
            this order; the other keys follow alphabetically. ``None`` keeps
            the column order.

    Returns:
        The category keys.
    """
    cols = set(outlet_scores.columns)
    suffix = "_" + STATS[1]
    found = [
        c[: -len(suffix)]
        for c in outlet_scores.columns
        if c.endswith(suffix) and {rate_column(c[: -len(suffix)], s) for s in STATS} <= cols
    ]
    if order is None:
        return found
    rank = {k: i for i, k in enumerate(order)}
    return sorted(found, key=lambda k: (rank.get(k, len(rank)), k))


def _long(scores: pd.DataFrame, categories: list[str], keep: list[str]) -> pd.DataFrame | None:
    """``keep`` plus ``category`` and the four statistics, one block of rows per category."""
    parts = []
    for cat in categories:
        part = scores[keep].copy()
        part["category"] = cat
        for stat in STATS:
            part[stat] = scores[rate_column(cat, stat)].to_numpy()
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else None


def outlet_rates(
    outlet_scores: pd.DataFrame,
    *,
    event_id: int = ALL_EVENTS,
    categories: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Cue rates per outlet and category for one scope, in long form.

    Args:
        outlet_scores: the stored ``outlet_scores`` table.
        event_id: which scope to read; ``-1`` (default) is all events together.
        categories: category keys to keep, in this order (default: all);
            keys the table does not report are skipped.

    Returns:
        Columns ``OUTLET_RATE_COLUMNS``: ``count`` lexicon cues, ``rate`` per
        1,000 words, ``lo``/``hi`` the exact 95% Poisson interval of the rate,
        and the base (``n_words``, ``n_articles``). Sorted by outlet, then
        category order.
    """
    if outlet_scores.empty or "event_id" not in outlet_scores.columns:
        return pd.DataFrame(columns=OUTLET_RATE_COLUMNS)
    known = rate_categories(outlet_scores)
    cats = known if categories is None else [c for c in categories if c in known]
    scope = outlet_scores[outlet_scores["event_id"] == event_id].sort_values("outlet")
    out = _long(scope, cats, ["outlet", "n_words", "n_articles"])
    if out is None or out.empty:
        return pd.DataFrame(columns=OUTLET_RATE_COLUMNS)
    # One block per category: a stable sort by outlet leaves the categories in order.
    out = out.sort_values("outlet", kind="stable")[OUTLET_RATE_COLUMNS].reset_index(drop=True)
    types = {"count": int, "rate": float, "lo": float, "hi": float}
    return out.astype({**types, "n_words": int, "n_articles": int})


def event_rates(outlet_scores: pd.DataFrame | None, event_id: int | None = None) -> pd.DataFrame:
    """Cue rates per event, outlet and category, in long form.

    Args:
        outlet_scores: the stored ``outlet_scores`` table.
        event_id: keep only this event (``-1`` is all events); ``None`` keeps all.

    Returns:
        One row per (event_id, outlet, category) with ``count``, ``rate`` (per
        1,000 words), ``lo``/``hi`` (95% interval of the rate) and ``n_words``;
        columns ``EVENT_RATE_COLUMNS``, the values as stored. Sorted by event
        and outlet, then category order.
    """
    if outlet_scores is None or outlet_scores.empty:
        return pd.DataFrame(columns=EVENT_RATE_COLUMNS)
    scores = outlet_scores
    if event_id is not None:
        scores = scores[scores["event_id"] == event_id]
    out = _long(scores, rate_categories(outlet_scores), ["event_id", "outlet", "n_words"])
    if out is None:
        return pd.DataFrame(columns=EVENT_RATE_COLUMNS)
    out = out[EVENT_RATE_COLUMNS]
    return out.sort_values(["event_id", "outlet"], kind="stable").reset_index(drop=True)
