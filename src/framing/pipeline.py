"""The one place that wires the stages: read -> store -> embed -> group -> describe.

``analyze`` works on a stored corpus and stores what it finds; ``ingest`` reads
inputs into the store. The dashboard and the CLI both go through here.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from framing.config import DEFAULT_MODEL, Settings
from framing.cues import CueEngine, CueResults, Lexicon, load_lexicon
from framing.cues.contrast import ContrastivePhrases
from framing.embed import embed_articles, make_embedder_for
from framing.embed.base import Embedder
from framing.errors import InputError
from framing.events import EventGrouper, describe_events
from framing.ingest import read_inputs, read_uploads
from framing.schema import IngestReport
from framing.segment import word_count
from framing.store import Store, settings_key

StageFn = Callable[[str], None]
ProgressFn = Callable[[int, int], None]

ARTICLE_OUTPUT_COLUMNS = [
    "id",
    "outlet",
    "title",
    "published",
    "url",
    "event_id",
    "event_label",
    "n_words",
    "source",
]


@dataclass
class Analysis:
    """Everything one analysis run produced.

    Attributes:
        corpus: corpus name.
        articles: one row per article: ``ARTICLE_OUTPUT_COLUMNS`` plus ``x, y``
            (2-D map position).
        events: one row per event (see ``framing.events.describe_events``).
        key: digest of the corpus content and the settings used.
        n_embedded: texts that had to be embedded (0 when all were cached).
        timings: seconds per stage.
        tables: the framing-cue tables (``cues``, ``sentences``, ``contrast``,
            ``alignment``, ``outlet_scores``, ``frames``, ``article_frames``).
        model: the embedding model the analysis used (as the settings name it).
    """

    corpus: str
    articles: pd.DataFrame
    events: pd.DataFrame
    key: str
    n_embedded: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    model: str = ""


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (not loaded until first use)."""
    # "auto" needs the corpus size; analyze() resolves it, anywhere else it is MiniLM.
    model = DEFAULT_MODEL if settings.model == "auto" else settings.model
    return make_embedder_for(model, device=settings.device, batch_size=settings.batch_size)


# Above this many articles the fast static model is proposed (and ``auto``
# picks it): MiniLM then needs minutes where the static model needs seconds.
FAST_PATH_THRESHOLD = 5000


def choose_model(model: str, n_articles: int) -> str:
    """Resolve ``auto``: the fast model from ``FAST_PATH_THRESHOLD`` articles, else MiniLM."""
    if model != "auto":
        return model
    return "fast" if n_articles >= FAST_PATH_THRESHOLD else DEFAULT_MODEL


def make_grouper(settings: Settings) -> EventGrouper:
    """The event grouper the settings ask for."""
    return EventGrouper(
        settings.event_threshold,
        window_days=settings.event_window_days,
        n_neighbors=settings.event_neighbors,
        lexical_weight=settings.event_lexical_weight,
        date_penalty=settings.event_date_penalty,
        absolute_threshold=settings.event_absolute_threshold,
    )


def ingest(
    inputs: Iterable[str | Path] | Iterable[tuple[str, bytes]],
    corpus: str,
    store: Store,
    settings: Settings,
    *,
    mode: Literal["replace", "append"] = "replace",
    uploads: bool = False,
) -> tuple[IngestReport, dict[str, int]]:
    """Read inputs, validate them and store the accepted articles as ``corpus``.

    Args:
        inputs: paths, or ``(name, bytes)`` pairs when ``uploads`` is true.
        corpus: corpus name.
        store: the store to write to.
        settings: limits come from here.
        mode: ``replace`` the corpus or ``append`` to it.
        uploads: whether ``inputs`` are in-memory files.

    Raises:
        InputError: no article at all could be accepted (the message lists why).
    """
    reader = read_uploads if uploads else read_inputs
    report = reader(inputs, settings.limits)
    if report.n_accepted == 0:
        reasons = (
            "\n".join(f"  - {i}" for i in report.errors[:20]) or "  - no input file held articles"
        )
        skipped = "".join(f"\n  - skipped {f}: {why}" for f, why in report.files_skipped[:10])
        raise InputError(
            f"no usable article in the input. {report.summary()}\n{reasons}{skipped}",
            issues=report.issues,
        )
    counts = store.save_articles(corpus, report, mode=mode)
    return report, counts


def resolve_lexicon(settings: Settings) -> Lexicon:
    """The built-in lexicon, extended by ``settings.lexicon_path`` when set."""
    return load_lexicon(settings.lexicon_path)


def analysis_key(
    store: Store,
    corpus: str,
    embedder: Embedder,
    settings: Settings,
    lexicon: Lexicon,
    *,
    cues: bool = True,
) -> str:
    """Digest of what an analysis depends on: corpus content, model, lexicon and settings."""
    return settings_key(
        corpus=store.corpus_hash(corpus),
        lexicon=lexicon.to_toml(),
        model=embedder.model_id,
        representation=settings.representation,
        chunk_words=settings.chunk_words,
        threshold=settings.event_threshold,
        window=settings.event_window_days,
        neighbors=settings.event_neighbors,
        lexical=settings.event_lexical_weight,
        date_penalty=settings.event_date_penalty,
        absolute=settings.event_absolute_threshold,
        cues=cues,
    )


# Tables kept in their batches in the store (they grow with the text); the
# others are small and stored whole.
BATCHED_TABLES = ("cues", "sentences")
_COMBINE_TABLES = ("contrast", "alignment", "frames", "article_frames", "counts")
_GROUPING_PART = -1


def analyze(
    corpus: str,
    store: Store,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    grouper: EventGrouper | None = None,
    lexicon: Lexicon | None = None,
    cues: bool = True,
    force: bool = False,
    load_batched: bool = True,
    on_stage: StageFn | None = None,
    progress: ProgressFn | None = None,
    stop_after: int | None = None,
) -> Analysis:
    """Embed, group and score a stored corpus, store the results and return them.

    Nothing is done twice. When the stored results were made from the same
    corpus content, model, lexicon and settings, they are returned as they are
    (unless ``force``). Otherwise the run stores its grouping, then each batch
    of scored events, as it goes: a run that is stopped resumes from the last
    stored batch.

    Args:
        corpus: name of a stored corpus.
        store: the store.
        settings: defaults to ``Settings()``.
        embedder: defaults to the one the settings name.
        grouper: defaults to the one the settings describe.
        lexicon: cue lexicon; defaults to the built-in one (plus
            ``settings.lexicon_path``).
        cues: also score framing cues (lexicon, loaded language, contrast,
            alignment, frames).
        force: recompute even when matching results are stored.
        load_batched: return the per-sentence tables (``cues``, ``sentences``)
            too; on a very large corpus leave them in the store and read them
            with ``Store.iter_parts``.
        on_stage: called with a short message as each stage starts.
        progress: called with (done, total) while embedding and while scoring.
        stop_after: stop after scoring this many batches (to test resuming);
            raises ``InterruptedError``.
    """
    settings = settings or Settings()
    if settings.model == "auto":
        settings = settings.replace(
            model=choose_model(settings.model, store.count_articles(corpus))
        )
    embedder = embedder or make_embedder(settings)
    grouper = grouper or make_grouper(settings)
    lexicon = lexicon or resolve_lexicon(settings)
    say = on_stage or (lambda _msg: None)
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    key = analysis_key(store, corpus, embedder, settings, lexicon, cues=cues)
    if not force and store.results_key(corpus) == key:
        say("Results for this corpus and these settings are stored; loading them")
        cached = load_analysis(corpus, store, load_batched=load_batched)
        if cached is not None:
            cached.timings["load"] = time.perf_counter() - t0
            return cached
    if force:
        store.drop_parts(corpus, key)

    articles = store.articles(corpus)
    if articles.empty:
        raise InputError(f"corpus '{corpus}' holds no articles. Add articles first.")
    n_new = 0
    stage = store.get_part(corpus, key, _GROUPING_PART)
    if {"articles", "events"} <= stage.keys():
        say("Resuming: events were found and stored by an earlier run")
        out, events = stage["articles"], stage["events"]
    else:
        say(f"Embedding {len(articles)} articles with {settings.model}")
        vectors, n_new = embed_articles(
            articles,
            embedder,
            store=store,
            representation=settings.representation,
            chunk_words=settings.chunk_words,
            progress=progress,
        )
        timings["embed"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        say("Grouping articles into events")
        texts = (articles["title"] + ". " + articles["text"]).tolist()
        labels = grouper.fit(
            vectors, texts=texts, dates=articles["published"], outlets=articles["outlet"]
        ).labels_
        labels = chronological(labels, articles["published"])
        events, event_label = describe_events(articles, labels, vectors)
        out = articles[["id", "outlet", "title", "published", "url", "source"]].copy()
        out["event_id"] = labels.astype(int)
        out["event_label"] = event_label.to_numpy()
        out["n_words"] = articles["text"].map(word_count).astype(int)
        xy = _map_2d(vectors)
        out["x"], out["y"] = xy[:, 0], xy[:, 1]
        out = out[ARTICLE_OUTPUT_COLUMNS + ["x", "y"]]
        del vectors
        store.put_parts(corpus, key, _GROUPING_PART, {"articles": out, "events": events})
        timings["group"] = time.perf_counter() - t0

    tables: dict[str, pd.DataFrame] = {}
    if cues:
        t0 = time.perf_counter()
        say("Scoring framing cues")
        full = articles.assign(event_id=out["event_id"].to_numpy(), n_words=out["n_words"])
        engine = CueEngine(
            embedder, lexicon=lexicon, store=store, batch_articles=settings.batch_articles
        ).fit()
        sample = engine.sample(full)
        background = ContrastivePhrases().background(sample)
        batches = engine.batches(full)
        done = store.done_parts(corpus, key)
        todo = [b for b in range(len(batches)) if b not in done]
        if len(todo) < len(batches):
            say(f"Resuming: {len(batches) - len(todo)} of {len(batches)} batches already stored")
        todo_now = todo[:stop_after] if stop_after is not None else todo
        n_workers = batch_workers(settings, embedder, len(todo_now))
        for n_run, (b, part) in enumerate(
            _scored_batches(engine, full, background, batches, todo_now, n_workers)
        ):
            store.put_parts(corpus, key, b, part)
            if progress:
                progress(len(batches) - len(todo) + n_run + 1, len(batches))
        if stop_after is not None and len(todo_now) < len(todo):
            raise InterruptedError(f"stopped after {stop_after} batches, as asked")
        tables = engine.combine(
            store.iter_parts(corpus, key, _COMBINE_TABLES), sample, background
        )
        timings["cues"] = time.perf_counter() - t0

    run = pd.DataFrame({"model": [settings.model], "model_id": [embedder.model_id]})
    store.put_results(
        corpus,
        key,
        {"articles": out, "events": events, "run": run, **tables},
        in_parts=BATCHED_TABLES if cues else (),
    )
    if cues and load_batched:
        tables = {**tables, **store.get_results(corpus, key, tables=BATCHED_TABLES)}
    return Analysis(corpus, out, events, key, n_new, timings, _ordered(tables), settings.model)


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


# Set just before the worker processes fork, so they inherit it instead of
# receiving the whole corpus by pickle.
_JOB: dict = {}


def _score_batch(b: int) -> tuple[int, dict[str, pd.DataFrame]]:
    engine = _JOB["engine"]
    return b, engine.run_batch(_JOB["articles"].iloc[_JOB["batches"][b]], _JOB["background"])


def _scored_batches(engine, articles, background, batches, todo, workers):
    """``(batch, tables)`` for each batch in ``todo``, scored by ``workers`` processes."""
    if workers <= 1:
        for b in todo:
            yield b, engine.run_batch(articles.iloc[batches[b]], background)
        return
    import multiprocessing

    # The workers must not touch the parent's SQLite connection: they embed
    # without the cache (the fast model is cheaper than the lookups anyway).
    worker_engine = copy.copy(engine)
    worker_engine.store = None
    worker_engine.loaded_ = copy.copy(engine.loaded_)
    worker_engine.loaded_.store = None
    _JOB.update(engine=worker_engine, articles=articles, background=background, batches=batches)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap_unordered(_score_batch, todo)
    finally:
        _JOB.clear()


# The cue tables in their documented order (the fields of CueResults).
CUE_TABLES = tuple(f.name for f in dataclasses.fields(CueResults))


def _ordered(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {k: tables[k] for k in CUE_TABLES if k in tables} | {
        k: v for k, v in tables.items() if k not in CUE_TABLES
    }


def chronological(labels: np.ndarray, dates: pd.Series) -> np.ndarray:
    """Renumber events by their first publication date (undated events last).

    Ties keep the grouper's order, so the numbering stays deterministic.
    """
    labels = np.asarray(labels)
    first: dict[int, str] = {}
    for label, date in zip(labels.tolist(), dates.astype(str), strict=True):
        key = date or "9999-99-99"
        first[label] = min(first.get(label, key), key)
    order = sorted(first, key=lambda lab: (first[lab], lab))
    remap = {old: new for new, old in enumerate(order)}
    return np.array([remap[lab] for lab in labels.tolist()], dtype=np.int64)


def _map_2d(vectors: np.ndarray, *, random_state: int = 0) -> np.ndarray:
    """2-D positions for the event map.

    t-SNE (cosine, seeded) keeps each event's articles together on the map,
    which a linear projection does not when many events share a topic; above
    ``TSNE_MAX`` articles PCA is used, as t-SNE's cost grows too fast.
    """
    n = vectors.shape[0]
    if n < 3:
        return np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    if n < 6 or n > TSNE_MAX:
        return PCA(n_components=2, svd_solver="full").fit_transform(vectors)
    from sklearn.manifold import TSNE

    return TSNE(
        n_components=2,
        perplexity=min(30.0, (n - 1) / 3.0),
        metric="cosine",
        init="pca",
        random_state=random_state,
    ).fit_transform(vectors)


TSNE_MAX = 1000


def load_analysis(corpus: str, store: Store, *, load_batched: bool = True) -> Analysis | None:
    """The stored results of the last analysis of ``corpus``, or ``None``.

    Args:
        load_batched: also read the per-sentence tables (``BATCHED_TABLES``).
    """
    key = store.results_key(corpus)
    if key is None:
        return None
    names = None if load_batched else [n for n in _STORED_NAMES if n not in BATCHED_TABLES]
    tables = store.get_results(corpus, key, tables=names)
    if "articles" not in tables or "events" not in tables:
        return None
    articles, events = tables.pop("articles"), tables.pop("events")
    run = tables.pop("run", None)
    model = str(run["model"].iloc[0]) if run is not None and len(run) else ""
    return Analysis(corpus, articles, events, key, tables=_ordered(tables), model=model)


_STORED_NAMES = ("articles", "events", "run", *CUE_TABLES)
