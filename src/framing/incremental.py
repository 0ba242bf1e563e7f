"""Work proportional to the change: a lexicon edit re-scores from the stored batches.

An analysis stores, beside its results, a *base key*: the analysis key without
the lexicon (``analysis_key(..., lexicon=False)``). When a new analysis differs
from the stored one by its lexicon only (same articles, model, grouping
settings, event fixes and other cue settings), the events are taken from the
stored results and each stored batch is re-scored by
``framing.cues.relex.relex_batch``: lexicon matching and the tables built from
it, no embedding, and no alignment unless its anchors changed.
"""

from __future__ import annotations

import pandas as pd

from framing.cues.engine import fresh
from framing.cues.relex import relex_batch
from framing.runner import COMBINE_TABLES, StageFn, StoreParts, event_batches
from framing.store import Store

# The per-batch tables kept after a run (besides the per-sentence ones), so
# that a lexicon edit can re-score each batch without redoing it.
KEPT_PART_TABLES = ("contrast", "alignment", "frames", "article_frames", "counts")
# The stored results that hold the grouping.
GROUPING_TABLES = ("articles", "events", "event_merges", "event_edits")


def relex_source(store: Store, corpus: str, base: str) -> str | None:
    """The key of stored results that differ from ``base`` by their lexicon only, or ``None``.

    ``None`` too when those results lack the batches a re-score needs (they were
    stored by a version that did not keep them, or without cues).
    """
    key = store.results_key(corpus)
    if key is None or not store.results_match(corpus):
        return None
    run = store.get_results(corpus, key, tables=["run"]).get("run")
    if run is None or "base_key" not in run.columns or str(run["base_key"].iloc[0]) != base:
        return None
    batches = {p for p in store.done_parts(corpus, key) if p >= 0}
    if not batches:
        return None
    first = store.get_part(corpus, key, min(batches))
    needed = {"cues", "sentences", "voices", "mentions", *KEPT_PART_TABLES}
    return key if needed <= first.keys() else None


def stored_grouping(store: Store, corpus: str, key: str) -> dict[str, pd.DataFrame]:
    """The grouping part of the stored results ``key`` (as ``_embed_and_group`` makes it)."""
    return store.get_results(corpus, key, tables=list(GROUPING_TABLES))


def relex_cues(
    engine,
    articles: pd.DataFrame,
    parts: StoreParts,
    previous: StoreParts,
    *,
    batch_articles: int,
    embedder,
    say: StageFn | None = None,
    progress=None,
) -> dict[str, pd.DataFrame] | None:
    """Re-score every stored batch of ``previous`` into ``parts``, then combine them.

    Args:
        engine: the (unfitted) cue engine with the new lexicon.
        articles: every article with ``event_id`` and ``n_words``, as for ``score_cues``.
        parts: where the new batches go (and are found when resuming).
        previous: the stored batches of the results being re-scored.
        batch_articles: as for ``score_cues`` (the grouping is the same, so the batches are).
        embedder: the pipeline's (caching) embedder.
        say: called with a short message.
        progress: called with (batches done, batches in all).

    Returns:
        The combined tables, or ``None`` when ``previous`` lacks a batch (score afresh).
    """
    batches = event_batches(articles["event_id"].to_numpy(), batch_articles)
    if set(range(len(batches))) - previous.done():
        return None
    fitted = fresh(engine, embedder=embedder).fit()
    sample = fitted.sample(articles)
    fitted.reuse_voices(sample, stored_voices(previous, set(sample["id"])))
    done = parts.done()
    realigned = 0
    for b, rows in enumerate(batches):
        if b not in done:
            new, realign = relex_batch(fitted, articles.iloc[rows], previous.get(b))
            parts.put(b, new)
            realigned += realign
        if progress:
            progress(b + 1, len(batches))
    if say:
        say(
            f"Re-scored {len(batches)} batch(es) for the new lexicon; wordings aligned again "
            f"in {realigned} (their anchors changed)"
        )
    return fitted.combine(parts.read(COMBINE_TABLES), sample, fitted.background(sample))


def stored_voices(parts: StoreParts, ids: set[str]) -> pd.DataFrame:
    """The stored voice spans of the articles ``ids``, read batch by batch."""
    found = [p["voices"][p["voices"]["id"].isin(ids)] for p in parts.read(["voices"])]
    return pd.concat(found, ignore_index=True)
