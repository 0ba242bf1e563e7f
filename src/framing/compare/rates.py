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

The stored counts are the outlet's own voice; what quotations hold is beside
them (``n_words_quoted``, ``quoted_cues``, ``n_quoted_sentences``,
``loaded_mean_quoted``):

- ``quoted_counts``: those columns per outlet, for a "quoted: N cues" note.
- ``quoted_cue_counts``: quoted lexicon cues per category, from the cue table.
- ``scores_with_quoted``: the same wide table with the quoted words and cues
  counted in (the dashboard's "Count quoted words too").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from framing.cues.scores import poisson_intervals

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


QUOTED_COLUMNS = ["outlet", "n_words_quoted", "quoted_cues", "n_quoted_sentences"]
QUOTED_CUE_COLUMNS = ["event_id", "outlet", "category", "count"]


def quoted_counts(outlet_scores: pd.DataFrame, *, event_id: int = ALL_EVENTS) -> pd.DataFrame:
    """What the stored rates leave out: per outlet, the quoted words, cues and sentences.

    Args:
        outlet_scores: the stored ``outlet_scores`` table.
        event_id: which scope to read; ``-1`` (default) is all events together.

    Returns:
        Columns ``QUOTED_COLUMNS`` (0 where the table predates quotations),
        sorted by outlet.
    """
    if outlet_scores.empty or "event_id" not in outlet_scores.columns:
        return pd.DataFrame(columns=QUOTED_COLUMNS)
    scope = outlet_scores[outlet_scores["event_id"] == event_id].sort_values("outlet")
    out = pd.DataFrame({"outlet": scope["outlet"].to_numpy()})
    for col in QUOTED_COLUMNS[1:]:
        out[col] = scope[col].to_numpy() if col in scope else 0
    return out.astype({c: int for c in QUOTED_COLUMNS[1:]})


def quoted_cue_counts(cues: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Lexicon cues inside quotations, per (event, outlet) and category, and over all events.

    Args:
        cues: the stored ``cues`` table (``id, category, source, voice``).
        articles: the analysed articles (``id, outlet, event_id``).

    Returns:
        Columns ``QUOTED_CUE_COLUMNS``: one row per (event_id, outlet,
        category) with a quoted cue, plus event_id -1 for each outlet over
        all events, as ``outlet_scores`` counts them.
    """
    if cues.empty or "voice" not in cues.columns:
        return pd.DataFrame(columns=QUOTED_CUE_COLUMNS)
    quoted = cues[(cues["source"] == "lexicon") & (cues["voice"] == "quoted")]
    where = articles.set_index("id")[["outlet", "event_id"]]
    quoted = quoted[["id", "category"]].join(where, on="id", how="inner")
    if quoted.empty:
        return pd.DataFrame(columns=QUOTED_CUE_COLUMNS)
    per_event = quoted.groupby(["event_id", "outlet", "category"]).size()
    overall = quoted.assign(event_id=ALL_EVENTS).groupby(["event_id", "outlet", "category"]).size()
    out = pd.concat([overall, per_event]).rename("count").reset_index()
    return out[QUOTED_CUE_COLUMNS].astype({"event_id": int, "count": int})


def scores_with_quoted(
    outlet_scores: pd.DataFrame, cues: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    """``outlet_scores`` counted over all words, the outlet's own and the quoted ones.

    The stored table counts the outlet's own voice. Here each ``<cat>_count``
    adds the lexicon cues inside quotations (``quoted_cue_counts``),
    ``n_words`` adds ``n_words_quoted``, the rates and their exact 95%
    intervals are computed again on that base, and ``loaded_mean`` and
    ``n_sentences`` take in the quoted sentences. The quoted columns are kept
    as stored: how much of the new totals is quoted.

    Args:
        outlet_scores: the stored ``outlet_scores`` table (any of its rows).
        cues: the stored ``cues`` table, for every article the rows count
            (not a filtered subset: a row of event -1 counts all of an
            outlet's articles).
        articles: those articles (``id, outlet, event_id``).

    Returns:
        A table with the columns of ``outlet_scores``, row for row.
    """
    if outlet_scores.empty or "n_words_quoted" not in outlet_scores.columns:
        return outlet_scores.copy()
    out = outlet_scores.copy()
    cats = rate_categories(out)
    extra = quoted_cue_counts(cues, articles)
    extra = extra.pivot_table(
        index=["event_id", "outlet"], columns="category", values="count", aggfunc="sum"
    )
    keys = pd.MultiIndex.from_frame(out[["event_id", "outlet"]])
    extra = extra.reindex(index=keys, columns=cats).fillna(0).astype(int)
    words = (out["n_words"] + out["n_words_quoted"]).astype(int)
    quoted_n = out["n_quoted_sentences"].fillna(0)
    total_n = out["n_sentences"] + quoted_n
    total_sum = (
        out["loaded_mean"].fillna(0) * out["n_sentences"]
        + out["loaded_mean_quoted"].fillna(0) * quoted_n
    )
    out["n_words"] = words
    out["n_sentences"] = total_n.astype(int)
    out["loaded_mean"] = (total_sum / total_n.where(total_n > 0)).astype(float)
    scale = (1000.0 / words.where(words > 0).astype(float)).to_numpy()
    for cat in cats:
        k = out[rate_column(cat, "count")].to_numpy() + extra[cat].to_numpy()
        lo, hi = poisson_intervals(k)
        out[rate_column(cat, "count")] = k.astype(int)
        out[rate_column(cat, "rate")] = k * scale
        out[rate_column(cat, "lo")] = lo * scale
        out[rate_column(cat, "hi")] = hi * scale
    return out
