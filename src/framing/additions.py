"""Work proportional to the change: articles added to an analysed set re-score only their events.

An analysis stores, beside its results, a *stage key* (the analysis key
without the corpus content: same model, grouping and cue settings, lexicon
and fixes) and a digest of every article with its event and batch
(``DIGEST_PART``); when articles are added, the results go but these
batches stay until the next analysis is stored. When the next analysis of
the set has the same stage key, the articles are embedded (new ones only:
the store cache) and grouped anew, as they must be. Then an event whose
articles are exactly those of a stored event, unchanged, keeps its stored
cue tables; only the events that gained, lost or changed articles are
scored (``framing.cues.reuse``). The corpus-wide parts (the contrastive
prior, the across-events contrast, the outlet scores) are computed from all
articles as in a cold run, so the tables equal a cold run's.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from framing.cues.engine import fresh
from framing.cues.reuse import ARTICLE_TABLES, EVENT_TABLES, reuse_batch
from framing.incremental import stored_voices
from framing.progress import Reporter, keep_alive
from framing.runner import COMBINE_TABLES, ProgressFn, StageFn, StoreParts, event_batches
from framing.store import Store

# The part number and table name of the article digests of a run.
DIGEST_PART = -2
DIGEST_TABLE = "digests"
STAGE_TABLE = "stage"
_NEEDED = set(ARTICLE_TABLES) | set(EVENT_TABLES)


def article_digests(articles: pd.DataFrame, batch_articles: int) -> pd.DataFrame:
    """``id, digest, event_id, part`` of every article (``event_id`` and ``n_words`` set).

    The digest covers what the cue stage reads of an article: outlet, title,
    text and word count.
    """
    digests = [
        hashlib.sha256(f"{o}\x1f{t}\x1f{x}\x1f{n}".encode()).hexdigest()[:32]
        for o, t, x, n in zip(
            articles["outlet"],
            articles["title"],
            articles["text"],
            articles["n_words"],
            strict=True,
        )
    ]
    part = [0] * len(articles)
    for b, rows in enumerate(event_batches(articles["event_id"].to_numpy(), batch_articles)):
        for r in rows:
            part[r] = b
    return pd.DataFrame(
        {
            "id": articles["id"].to_numpy(),
            "digest": digests,
            "event_id": articles["event_id"].astype(int).to_numpy(),
            "part": part,
        }
    )


def additions_source(store: Store, corpus: str, stage: str, key: str) -> str | None:
    """The key of a finished analysis by the same stages (``stage``) on other articles, or ``None``.

    Its results are gone once the articles changed, but its batches stay
    until the next analysis is stored (``Store.save_articles``). ``None``
    too when they lack the article digests or a batch (stored by a version
    that did not keep them, or without cues).

    Args:
        key: the key of the analysis about to run (its own batches do not count).
    """
    for found in store.part_keys(corpus, DIGEST_PART):
        if found == key:
            continue
        digest = store.get_part(corpus, found, DIGEST_PART)
        if DIGEST_TABLE not in digest or STAGE_TABLE not in digest:
            continue
        if str(digest[STAGE_TABLE]["stage_key"].iloc[0]) != stage:
            continue
        done = store.done_parts(corpus, found)
        if not set(digest[DIGEST_TABLE]["part"]) <= done:
            continue
        first = store.get_part(corpus, found, min(p for p in done if p >= 0))
        if first.keys() >= _NEEDED:
            return found
    return None


def digest_part(articles: pd.DataFrame, batch_articles: int, stage: str) -> dict[str, pd.DataFrame]:
    """What a finished analysis keeps under ``DIGEST_PART`` for the next one."""
    return {
        DIGEST_TABLE: article_digests(articles, batch_articles),
        STAGE_TABLE: pd.DataFrame({"stage_key": [stage]}),
    }


def unchanged_events(now: pd.DataFrame, before: pd.DataFrame) -> dict[int, int]:
    """New event id -> stored event id, for the events whose articles are exactly as stored.

    Args:
        now: ``article_digests`` of this run.
        before: those of the stored results.
    """
    old = before.set_index("id")
    old_size = before.groupby("event_id").size()
    kept: dict[int, int] = {}
    for event_id, rows in now.groupby("event_id", sort=True):
        ids = rows["id"]
        if not ids.isin(old.index).all():
            continue
        was = old.loc[ids]
        old_events = set(was["event_id"])
        if len(old_events) != 1 or (was["digest"].to_numpy() != rows["digest"].to_numpy()).any():
            continue
        old_id = int(next(iter(old_events)))
        if int(old_size[old_id]) == len(rows):
            kept[int(event_id)] = old_id
    return kept


def add_cues(
    engine,
    articles: pd.DataFrame,
    parts: StoreParts,
    previous: StoreParts,
    *,
    batch_articles: int,
    embedder,
    say: StageFn | None = None,
    progress: ProgressFn | None = None,
    reporter: Reporter | None = None,
) -> dict[str, pd.DataFrame]:
    """Score every batch, reusing the stored rows of unchanged events, then combine.

    Args:
        engine: the (unfitted) cue engine; same parameters as the stored run's.
        articles: every article with ``event_id`` and ``n_words``, as for ``score_cues``.
        parts: where the new batches go (and are found when resuming).
        previous: the stored batches of the earlier results.
        batch_articles: as for ``score_cues``.
        embedder: the pipeline's (caching) embedder.
        say: called with a short message.
        progress: called with (batches done, batches in all).
        reporter: gets the stages ``cues`` and ``combine``.
    """
    rep = reporter or Reporter()
    before = previous.get(DIGEST_PART)[DIGEST_TABLE]
    now = article_digests(articles, batch_articles)
    kept = unchanged_events(now, before)
    same = now.merge(before, on=["id", "digest"])["id"]
    old_event_part = before.groupby("event_id")["part"].first()
    batches = event_batches(articles["event_id"].to_numpy(), batch_articles)
    fitted = fresh(engine, embedder=embedder).fit()
    done = parts.done()
    counts = {"kept": 0, "scored": 0, "realigned": 0}
    cache: dict[int, dict[str, pd.DataFrame]] = {}
    with rep.stage("cues", "Scoring framing cues", total=len(batches), unit="batches") as stage:
        stage.advance(len(done & set(range(len(batches)))), detail="counting every outlet's words")
        sample = fitted.sample(articles)
        # Quotations depend on an article's text alone: unchanged articles' are stored.
        fitted.reuse_voices(sample, stored_voices(previous, set(same) & set(sample["id"])))
        background = keep_alive(lambda: fitted.background(sample), stage.advance)
        for b, rows in enumerate(batches):
            if b in done:
                continue
            batch = articles.iloc[rows]
            mine = {e: o for e, o in kept.items() if e in set(batch["event_id"].astype(int))}
            if not mine:
                tables = fitted.run_batch(batch, background, reporter=rep)
                counts["scored"] += batch["event_id"].nunique()
            else:
                old = _old_rows(previous, cache, mine, before, old_event_part)
                tables, n = reuse_batch(fitted, batch, background, mine, old)
                counts = {k: counts[k] + n[k] for k in counts}
            parts.put(b, tables)
            stage.add()
            if progress:
                progress(b + 1, len(batches))
    if say:
        say(
            f"Kept the cue tables of {counts['kept']} unchanged event(s); scored "
            f"{counts['scored']} new or changed; wordings aligned again in {counts['realigned']}"
        )
    label = "Combining the batches: contrast, alignment, frames, scores"
    with rep.stage("combine", label, total=len(batches), unit="batches") as stage:
        combined = list(parts.read(COMBINE_TABLES))
        stage.advance(len(batches), detail="computing the corpus-wide tables")
        return keep_alive(lambda: fitted.combine(combined, sample, background), stage.advance)


def _old_rows(previous, cache, mine, before, old_event_part) -> dict[str, pd.DataFrame]:
    """The stored rows of the old events ``mine.values()``, read batch by batch."""
    old_ids = set(mine.values())
    ids = set(before.loc[before["event_id"].isin(old_ids), "id"])
    wanted = sorted({int(old_event_part[e]) for e in old_ids})
    for p in [p for p in cache if p not in wanted]:
        del cache[p]
    out: dict[str, list[pd.DataFrame]] = {name: [] for name in _NEEDED}
    for p in wanted:
        if p not in cache:
            cache[p] = previous.get(p)
        for name in ARTICLE_TABLES:
            table = cache[p][name]
            out[name].append(table[table["id"].isin(ids)])
        for name in EVENT_TABLES:
            table = cache[p][name]
            out[name].append(table[table["event_id"].isin(old_ids)])
    return {name: pd.concat(frames, ignore_index=True) for name, frames in out.items()}
