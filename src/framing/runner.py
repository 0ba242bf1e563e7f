"""The one batch loop: cue scoring in batches of whole events, resumable, in worker processes.

Stages never see the store. A ``Parts`` object is where finished batches go:
``StoreParts`` writes each to the store as it finishes (so a stopped run
resumes from the last stored batch), ``MemoryParts`` keeps them in memory.
The Ray engine (``framing.engines.ray_engine``) sits beside this one: it
hands ``score_cues`` its own ``scorer`` and fills the same ``Parts``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

import numpy as np
import pandas as pd

from framing.config import Settings
from framing.cues import CueEngine, CueResults
from framing.cues.sources import SOURCE_COLUMNS
from framing.cues.tables import CUE_TABLE_COLUMNS, SENTENCE_COLUMNS, concat_tables
from framing.cues.voice import VOICE_COLUMNS
from framing.devtools.pause import pause_at
from framing.embed.base import Embedder
from framing.progress import Reporter, keep_alive
from framing.referents import MENTION_COLUMNS
from framing.store import Store

ProgressFn = Callable[[int, int], None]
StageFn = Callable[[str], None]
# (engine, articles, background, batches, batch numbers to score, workers, reporter)
# -> (batch number, tables) for each of them, in any order.
Scorer = Callable[..., Iterable[tuple[int, dict[str, pd.DataFrame]]]]

# What ``CueEngine.combine`` reads back from every batch (the per-sentence
# tables stay in their batches).
COMBINE_TABLES = ("contrast", "alignment", "mentions", "frames", "article_frames", "counts")
# The part number under which the grouping of a run is kept.
GROUPING_PART = -1


class Parts(Protocol):
    """Where the finished batches of one run are kept."""

    def done(self) -> set[int]:
        """Batch numbers already kept."""
        ...

    def put(self, part: int, tables: dict[str, pd.DataFrame]) -> None:
        """Keep one finished batch."""
        ...

    def read(self, names: Iterable[str]) -> Iterator[dict[str, pd.DataFrame]]:
        """The named tables of every kept batch, in batch order."""
        ...


class MemoryParts:
    """Batches kept in memory (nothing resumes)."""

    def __init__(self) -> None:
        self.parts: dict[int, dict[str, pd.DataFrame]] = {}

    def done(self) -> set[int]:
        return {p for p in self.parts if p >= 0}

    def put(self, part: int, tables: dict[str, pd.DataFrame]) -> None:
        self.parts[part] = tables

    def read(self, names: Iterable[str]) -> Iterator[dict[str, pd.DataFrame]]:
        wanted = list(names)
        for part in sorted(self.done()):
            yield {n: t for n, t in self.parts[part].items() if n in wanted}


class StoreParts:
    """Batches kept in the store under one corpus and analysis key.

    Args:
        store: the store.
        corpus: corpus name.
        key: the analysis key the batches belong to.
    """

    def __init__(self, store: Store, corpus: str, key: str) -> None:
        self.store = store
        self.corpus = corpus
        self.key = key

    def done(self) -> set[int]:
        return {p for p in self.store.done_parts(self.corpus, self.key) if p >= 0}

    def put(self, part: int, tables: dict[str, pd.DataFrame]) -> None:
        self.store.put_parts(self.corpus, self.key, part, tables)

    def get(self, part: int) -> dict[str, pd.DataFrame]:
        """One kept batch (empty when it is not there)."""
        return self.store.get_part(self.corpus, self.key, part)

    def read(self, names: Iterable[str]) -> Iterator[dict[str, pd.DataFrame]]:
        return self.store.iter_parts(self.corpus, self.key, tuple(names))

    def drop(self) -> None:
        """Forget every kept batch of this run."""
        self.store.drop_parts(self.corpus, self.key)


def event_batches(event_ids: np.ndarray, size: int) -> list[np.ndarray]:
    """Row positions of each batch: whole events, in event order, about ``size`` rows each.

    An event larger than ``size`` is a batch of its own.
    """
    events = np.asarray(event_ids)
    order = np.argsort(events, kind="stable")
    if len(order) == 0:
        return []
    groups = np.split(order, np.flatnonzero(np.diff(events[order])) + 1)
    out: list[np.ndarray] = []
    current: list[np.ndarray] = []
    n = 0
    for g in groups:
        if current and n + len(g) > size:
            out.append(np.sort(np.concatenate(current)))
            current, n = [], 0
        current.append(g)
        n += len(g)
    if current:
        out.append(np.sort(np.concatenate(current)))
    return out


def batch_workers(settings: Settings, embedder: Embedder, n_batches: int) -> int:
    """Processes that score cue batches at once.

    ``settings.workers`` when set; otherwise one per core (at most 4) for an
    embedder that runs without torch (the fast static model), and 1 for a
    torch model, which must not be used across a fork.
    """
    if n_batches < 2:
        return 1
    if settings.workers:
        return max(1, min(settings.workers, n_batches))
    if not getattr(embedder, "fork_safe", False) or sys.platform == "win32":
        return 1
    return max(1, min(os.cpu_count() or 1, 4, n_batches))


def score_cues(
    engine: CueEngine,
    articles: pd.DataFrame,
    parts: Parts,
    *,
    batch_articles: int = 2000,
    workers: int | Callable[[int], int] = 1,
    say: StageFn | None = None,
    progress: ProgressFn | None = None,
    stop_after: int | None = None,
    reporter: Reporter | None = None,
    scorer: Scorer | None = None,
) -> dict[str, pd.DataFrame]:
    """Score every batch not yet in ``parts``, then combine all of them.

    Args:
        engine: a fitted cue engine.
        articles: with ``id, outlet, title, text, event_id, n_words``.
        parts: where finished batches are kept (and found when resuming).
        batch_articles: articles per batch (whole events).
        workers: processes scoring batches at once, or a function of the
            number of batches left to score that says how many (see
            ``batch_workers``).
        say: called with a short message when batches are resumed.
        progress: called with (batches done, batches in all).
        stop_after: stop after scoring this many batches (to test resuming);
            raises ``InterruptedError``.
        reporter: gets the stages ``cues`` (batches scored, each batch a
            stage inside it when scored in this process) and ``combine``.
        scorer: scores the batches (default: in this process or in ``workers``
            forked processes); the Ray engine passes its own.

    Returns:
        The corpus tables ``CueEngine.combine`` makes (``contrast``,
        ``alignment``, ``outlet_scores``, ``frames``, ``article_frames``); the
        per-sentence tables stay in ``parts``.
    """
    rep = reporter or Reporter()
    batches = event_batches(articles["event_id"].to_numpy(), batch_articles)
    done = parts.done()
    todo = [b for b in range(len(batches)) if b not in done]
    with rep.stage("cues", "Scoring framing cues", total=len(batches), unit="batches") as stage:
        stage.advance(len(batches) - len(todo), detail="counting every outlet's words")
        sample = engine.sample(articles)
        background = keep_alive(lambda: engine.background(sample), stage.advance)
        if len(todo) < len(batches) and say:
            say(f"Resuming: {len(batches) - len(todo)} of {len(batches)} batches already stored")
        todo_now = todo[:stop_after] if stop_after is not None else todo
        n_workers = workers(len(todo_now)) if callable(workers) else workers
        stage.advance(detail="in 1 process" if n_workers == 1 else f"in {n_workers} processes")
        score = scorer or _scored_batches
        scored = score(engine, articles, background, batches, todo_now, n_workers, rep)
        for n_run, (b, part) in enumerate(scored):
            parts.put(b, part)
            pause_at("cues")  # test-only: a kill here must resume from the stored batches
            stage.add()
            if progress:
                progress(len(batches) - len(todo) + n_run + 1, len(batches))
        if stop_after is not None and len(todo_now) < len(todo):
            raise InterruptedError(f"stopped after {stop_after} batches, as asked")
    label = "Combining the batches: contrast, alignment, frames, scores"
    with rep.stage("combine", label, total=len(batches), unit="batches") as stage:
        kept = []
        for part in parts.read(COMBINE_TABLES):
            kept.append(part)
            stage.add()
        stage.advance(detail="computing the corpus-wide tables")
        return keep_alive(lambda: engine.combine(kept, sample, background), stage.advance)


def cue_results(
    engine: CueEngine, articles: pd.DataFrame, *, batch_articles: int = 2000
) -> CueResults:
    """Every cue table of ``articles``, computed in memory in one process."""
    parts = MemoryParts()
    small = score_cues(engine, articles, parts, batch_articles=batch_articles)
    per_sentence = {
        name: concat_tables([p[name] for p in parts.read([name])], columns)
        for name, columns in (
            ("cues", CUE_TABLE_COLUMNS),
            ("sentences", SENTENCE_COLUMNS),
            ("sources", SOURCE_COLUMNS),
            ("mentions", MENTION_COLUMNS),
            ("voices", VOICE_COLUMNS),
        )
    }
    return CueResults(**per_sentence, **small)


# Set just before the worker processes fork, so they inherit it instead of
# receiving the whole corpus by pickle.
_JOB: dict = {}


def _score_batch(b: int) -> tuple[int, dict[str, pd.DataFrame]]:
    engine = _JOB["engine"]
    return b, engine.run_batch(_JOB["articles"].iloc[_JOB["batches"][b]], _JOB["background"])


def _scored_batches(engine, articles, background, batches, todo, workers, reporter=None):
    """``(batch, tables)`` for each batch in ``todo``, scored by ``workers`` processes."""
    if workers <= 1:
        for b in todo:
            name = f"batch {b + 1} of {len(batches)}"
            yield (
                b,
                engine.run_batch(
                    articles.iloc[batches[b]], background, reporter=reporter, name=name
                ),
            )
        return
    import multiprocessing

    # A CachingEmbedder bypasses the store in a forked worker (the parent's
    # SQLite connection must not be shared), so the engine goes as it is.
    _JOB.update(engine=engine, articles=articles, background=background, batches=batches)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            running = pool.imap_unordered(_score_batch, todo)
            while True:
                try:
                    scored = running.next(timeout=1.0)
                except multiprocessing.TimeoutError:
                    # Workers cannot report from their process: say the run is alive.
                    if reporter is not None and reporter.current is not None:
                        reporter.current.advance(force=True)
                    continue
                except StopIteration:
                    return
                yield scored
    finally:
        _JOB.clear()
