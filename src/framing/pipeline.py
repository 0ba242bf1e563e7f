"""The one place that wires the stages: ingest -> embed -> events -> cues -> store.

``ingest`` reads inputs into the store; ``analyze`` reads a stored corpus,
runs the stages and stores what they find. Stages never see the store: the
embedder is wrapped in a ``CachingEmbedder`` here, and the cue batches go
through ``framing.runner``. The dashboard and the CLI both come through here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from framing.additions import (
    DIGEST_PART,
    DIGEST_TABLE,
    STAGE_TABLE,
    add_cues,
    additions_source,
    digest_part,
)
from framing.analysis_keys import analysis_key, stage_params
from framing.config import DEFAULT_MODEL as DEFAULT_MODEL  # re-exported
from framing.config import Settings
from framing.cues import CueEngine, Lexicon
from framing.cues.engine import fresh
from framing.cues.tables import CUE_TABLES
from framing.embed import CachingEmbedder, embed_articles
from framing.embed.base import Embedder
from framing.errors import InputError
from framing.events import EventGrouper
from framing.events.blocks import BlockedGrouper
from framing.events.edits import stored_edits
from framing.events.table import ARTICLE_OUTPUT_COLUMNS, group_events
from framing.incremental import KEPT_PART_TABLES, relex_cues, relex_source, stored_grouping
from framing.intake import ingest
from framing.lexicon_state import engine_lexicon, lexicon_digest
from framing.model_choice import FAST_PATH_THRESHOLD, choose_model, model_choices, stored_model
from framing.progress import ProgressSink, Reporter
from framing.progress_embed import ReportingEmbedder, build_model
from framing.referent_corrections import with_corrections
from framing.runner import (
    GROUPING_PART,
    ProgressFn,
    StageFn,
    StoreParts,
    batch_workers,
    score_cues,
)
from framing.stages import grouper_for, make_embedder, make_engine, make_grouper, resolve_lexicon
from framing.store import Store
from framing.store.locks import one_writer

__all__ = [
    "ARTICLE_OUTPUT_COLUMNS",
    "BATCHED_TABLES",
    "FAST_PATH_THRESHOLD",
    "Analysis",
    "ProgressFn",
    "ProgressSink",
    "StageFn",
    "analysis_key",
    "analyze",
    "choose_model",
    "group_events",
    "ingest",
    "load_analysis",
    "make_embedder",
    "make_engine",
    "grouper_for",
    "make_grouper",
    "model_choices",
    "resolve_lexicon",
    "stage_params",
    "stored_model",
]

# Tables kept in their batches in the store (they grow with the text); the
# others are small and stored whole.
BATCHED_TABLES = ("cues", "sentences", "sources", "voices", "mentions")
_STORED_NAMES = ("articles", "events", "event_merges", "run", *CUE_TABLES, "event_edits")


@dataclass
class Analysis:
    """Everything one analysis run produced.

    Attributes:
        corpus: corpus name.
        articles: one row per article: ``ARTICLE_OUTPUT_COLUMNS`` plus ``x, y``
            (2-D map position).
        events: one row per event (see ``framing.events.describe_events``).
        key: digest of the corpus content and of the stages' parameters.
        n_embedded: article texts that had to be embedded (0 when all were cached).
        timings: seconds per stage.
        tables: the framing-cue tables (``cues``, ``sentences``, ``contrast``,
            ``alignment``, ``outlet_scores``, ``frames``, ``article_frames``), and
            ``event_edits`` when the grouping was corrected (``framing.events.edits``);
            ``mentions`` and ``alignment`` with the users' referent corrections
            applied, and ``referent_edits`` saying what became of each
            (``framing.referent_corrections``).
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


@one_writer("analysis")
def analyze(
    corpus: str,
    store: Store,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    grouper: EventGrouper | BlockedGrouper | None = None,
    engine: CueEngine | None = None,
    lexicon: Lexicon | None = None,
    cues: bool = True,
    force: bool = False,
    load_batched: bool = True,
    on_stage: StageFn | None = None,
    progress: ProgressFn | None = None,
    stop_after: int | None = None,
    on_progress: ProgressSink | None = None,
) -> Analysis:
    """Embed, group and score a stored corpus, store the results and return them.

    Results stored for the same corpus content and the same stages' parameters
    are returned as they are (unless ``force``). Otherwise the grouping, then
    each batch of scored events, is stored as it is done: a stopped run resumes.
    ``embedder``, ``grouper`` and ``engine`` default to what the settings
    describe (a corpus over the settings' block limits is grouped in date-window
    blocks, see ``grouper_for``); ``lexicon`` (default: built-in plus ``settings.lexicon_path``) is
    used by the default engine only. ``load_batched=False`` leaves the
    per-sentence tables in the store; ``stop_after`` stops after that many cue
    batches (raising ``InterruptedError``), to test resuming. One analysis or
    ingest of a set runs at a time (``StoreError`` FRM-S605 for a second one).
    ``on_progress`` gets every stage's ``framing.progress.ProgressEvent``.
    ``settings.engine == "ray"`` runs embedding, grouping and cue scoring on a
    Ray cluster (``framing.engines.ray_engine``), with the same results.
    """
    settings = _resolved(settings or Settings(), store, corpus)
    embedder = CachingEmbedder(embedder or make_embedder(settings), store)
    grouper = grouper_for(settings, store.count_articles(corpus), grouper)
    engine = engine if engine is not None else make_engine(lexicon or resolve_lexicon(settings))
    say = on_stage or (lambda _msg: None)
    reporter = Reporter(on_progress)
    # The key needs the model's id, and a model built on this machine is built then.
    build_model(embedder.embedder, reporter)
    t0 = time.perf_counter()
    # Read once: the key and the grouping must see the same fixes.
    edits = stored_edits(store.event_edits(corpus))
    # Read before the articles: results are stored only if it is still the content then.
    content = store.corpus_hash(corpus)
    key = analysis_key(
        store, corpus, settings, embedder, grouper, engine if cues else None, edits=edits
    )
    base = analysis_key(
        store, corpus, settings, embedder, grouper, engine, edits=edits, lexicon=False
    )
    stage_key = analysis_key(
        store, corpus, settings, embedder, grouper, engine, edits=edits, content=False
    )
    if not force and store.results_key(corpus) == key and store.results_match(corpus):
        cached = load_analysis(corpus, store, load_batched=load_batched)
        if cached is not None:
            say("Results for this corpus and these settings are stored; loading them")
            cached.timings["load"] = time.perf_counter() - t0
            return cached
    parts = StoreParts(store, corpus, key)
    if force:
        parts.drop()
    # A lexicon edit of stored results: only the lexicon's share is redone.
    relex_from = relex_source(store, corpus, base) if cues and not force else None
    # Articles added (or changed): only the events they touch are scored again.
    add_from = None
    if cues and not force and relex_from is None:
        add_from = additions_source(store, corpus, stage_key, key)
    articles = store.articles(corpus)
    if articles.empty:
        raise InputError(
            f"corpus '{corpus}' holds no articles. Add articles first.", code="FRM-I108"
        )

    timings: dict[str, float] = {}
    grouped = parts.get(GROUPING_PART)
    if {"articles", "events"} <= grouped.keys():
        say("Resuming: events were found and stored by an earlier run")
    elif relex_from is not None:
        say("Only the lexicon changed: keeping the events and re-scoring the cues")
        grouped = stored_grouping(store, corpus, relex_from)
        parts.put(GROUPING_PART, grouped)
    else:
        grouped = _stages(settings)[0](
            articles, embedder, grouper, settings, say, progress, timings, edits, reporter
        )
        parts.put(GROUPING_PART, grouped)
    n_new = embedder.n_encoded
    out, events, tables = grouped["articles"], grouped["events"], {}
    if cues:
        t0 = time.perf_counter()
        say("Scoring framing cues")
        full = articles.assign(event_id=out["event_id"].to_numpy(), n_words=out["n_words"])
        tables = None
        if relex_from is not None:
            previous = StoreParts(store, corpus, relex_from)
            tables = relex_cues(
                engine,
                full,
                parts,
                previous,
                batch_articles=settings.batch_articles,
                embedder=embedder,
                say=say,
                progress=progress,
            )
        if tables is None and add_from is not None:
            tables = add_cues(
                engine,
                full,
                parts,
                StoreParts(store, corpus, add_from),
                batch_articles=settings.batch_articles,
                embedder=_cue_embedder(embedder),
                say=say,
                progress=progress,
                reporter=reporter,
            )
        if tables is None:
            tables = _stages(settings)[1](
                full, embedder, engine, parts, settings, say, progress, stop_after, reporter
            )
        timings["cues"] = time.perf_counter() - t0
        parts.put(DIGEST_PART, digest_part(full, settings.batch_articles, stage_key))
    if "event_edits" in grouped:
        tables["event_edits"] = grouped["event_edits"]

    run = pd.DataFrame(
        {
            "model": [settings.model],
            "model_id": [embedder.model_id],
            "base_key": [base],
        }
    )
    # Which lexicon scored the cues, so a later edit can tell these results are stale.
    run["lexicon"] = lexicon_digest(engine_lexicon(engine)) if cues else ""
    merges = grouped.get("event_merges", pd.DataFrame({"a": [], "b": [], "margin": []}))
    results = {"articles": out, "events": events, "event_merges": merges, "run": run, **tables}
    with reporter.stage("store", "Storing the results", total=2, unit="steps") as stage:
        store.put_results(
            corpus,
            key,
            results,
            in_parts=BATCHED_TABLES if cues else (),
            keep_parts=(*KEPT_PART_TABLES, DIGEST_TABLE, STAGE_TABLE) if cues else (),
            content=content,
        )
        stage.add(detail="reading the per-sentence tables back")
        if cues and load_batched:
            tables = {**tables, **store.get_results(corpus, key, tables=BATCHED_TABLES)}
    # Stored as the stages made them; the users' referent corrections apply on the way out.
    tables = with_corrections(store, corpus, key, {**tables, "event_merges": merges})
    return Analysis(corpus, out, events, key, n_new, timings, _ordered(tables), settings.model)


def _embed_and_group(articles, embedder, grouper, settings, say, progress, timings, edits, rep):
    """The embedding and grouping stages (with the stored corrections), timed into ``timings``."""
    t0 = time.perf_counter()
    say(f"Embedding {len(articles)} articles with {settings.model}")
    with rep.stage("embed", f"Embedding {len(articles)} articles", unit="texts"):
        vectors, _ = embed_articles(
            articles,
            ReportingEmbedder(embedder, rep),
            representation=settings.representation,
            chunk_words=settings.chunk_words,
            progress=progress,
        )
    timings["embed"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    say("Grouping articles into events")
    with rep.stage("group", "Grouping articles into events", unit="steps") as stage:
        grouped = group_events(
            articles,
            vectors,
            grouper,
            edits=edits,
            progress=lambda d, t, what: stage.advance(d, total=t, detail=what, force=True),
        )
    timings["group"] = time.perf_counter() - t0
    return grouped


def _score_cues(articles, embedder, engine, parts, settings, say, progress, stop_after, rep):
    """The cue stage: a fitted copy of ``engine``, its batches run by ``framing.runner``."""
    cue_embedder = _cue_embedder(embedder)
    # Training the loaded-language model and embedding the frame prototypes
    # are embedding calls: the stage counts their texts.
    with rep.stage("prepare", "Preparing the cue scorers", unit="texts"):
        fitted = fresh(engine, embedder=ReportingEmbedder(cue_embedder, rep)).fit()
    return score_cues(
        fitted,
        articles,
        parts,
        batch_articles=settings.batch_articles,
        workers=lambda n: batch_workers(settings, cue_embedder, n),
        say=say,
        progress=progress,
        stop_after=stop_after,
        reporter=rep,
    )


def _cue_embedder(embedder: CachingEmbedder) -> Embedder:
    """The embedder cue scoring uses: the store cache, or the model itself for a static one."""
    # A cheap static model is faster to rerun than to read back from the
    # cache, and its vectors for millions of sentences would bloat the store.
    return embedder if getattr(embedder, "cache_vectors", True) else embedder.embedder


def _stages(settings: Settings) -> tuple:
    """The engine's embed-and-group and cue-scoring stages (Ray is imported only for it)."""
    if settings.engine == "ray":
        from framing.engines import ray_engine

        return ray_engine.embed_and_group, ray_engine.score_cues
    return _embed_and_group, _score_cues


def _resolved(settings: Settings, store: Store, corpus: str) -> Settings:
    """The settings with model ``auto`` resolved by the corpus size."""
    if settings.model != "auto":
        return settings
    return settings.replace(model=choose_model(settings.model, store.count_articles(corpus)))


def _ordered(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {k: tables[k] for k in CUE_TABLES if k in tables} | {
        k: v for k, v in tables.items() if k not in CUE_TABLES
    }


def load_analysis(
    corpus: str, store: Store, *, load_batched: bool = True, corrected: bool = True
) -> Analysis | None:
    """The stored results of the last analysis of ``corpus``, or ``None``.

    Args:
        load_batched: also read the per-sentence tables (``BATCHED_TABLES``).
        corrected: apply the stored referent corrections (``False``: the
            tables as the analysis stored them).
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
    if corrected:
        tables = with_corrections(store, corpus, key, tables)
    return Analysis(corpus, articles, events, key, tables=_ordered(tables), model=model)
