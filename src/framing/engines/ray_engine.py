"""The Ray engine: embedding, grouping and cue scoring on a Ray cluster.

``framing.pipeline.analyze`` calls ``embed_and_group`` and ``score_cues`` here
instead of its local stages when ``settings.engine == "ray"``. The driver
(the process running ``analyze``) keeps the store: it reads the articles and
the cached vectors, sends the work out, and stores what comes back as it
comes, batch by batch through the same ``framing.runner.Parts`` as the local
engine, so a stopped run resumes and the answers are the local engine's:

- embedding: a ``ray.data`` pipeline through a pool of ``EmbedActor``
  (one model load per actor; one GPU each, in half precision, where the
  cluster has GPUs and the model is a torch model; CPU actors otherwise);
- grouping: one task per date-window block (``framing.events.blocks``,
  stitched on the driver as the local engine stitches them), or one task for
  a corpus within the block limits (``group_on_cluster``);
- cue scoring: one task per batch of whole events (``framing.runner.event_batches``),
  each ``CueEngine.run_batch`` exactly as the local runner calls it.

Tasks are retried when a node dies (``RETRIES``), and the embedding actors
are restarted.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from framing.config import Settings
from framing.cues import CueEngine
from framing.cues.engine import fresh
from framing.embed import CachingEmbedder, SentenceTransformerEmbedder
from framing.embed.base import Embedder
from framing.embed.cache import article_texts, pool_vectors
from framing.engines import require_ray
from framing.engines.ray_tasks import EmbedActor, ShippedEmbedder, group_block, score_batch
from framing.errors import FramingError
from framing.events import EventGrouper
from framing.events.blocks import BlockedGrouper
from framing.events.edits import EventEdit
from framing.events.table import group_events
from framing.progress import Reporter, Stage
from framing.progress_embed import ReportingEmbedder
from framing.runner import Parts, ProgressFn, StageFn
from framing.runner import score_cues as run_batches
from framing.store import text_hash

# Times a task is run again after its worker or node died.
RETRIES = 4
# Texts per embedding call: the local CachingEmbedder's batch, so a model sees
# the same batches on both engines; larger on a GPU, which wants big batches.
EMBED_BATCH = CachingEmbedder.store_batch
GPU_EMBED_BATCH = 4096


def connect(address: str | None) -> object:
    """Join the cluster at ``address`` (``None``: start one on this machine), once.

    Returns the ``ray`` module. A Ray already initialised in this process (a
    test's cluster, a notebook's) is used as it is.

    Raises:
        FramingError: FRM-R901 without Ray, FRM-R902 when the cluster cannot be joined.
    """
    ray = require_ray()
    if ray.is_initialized():
        return ray
    try:
        ray.init(address=address, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
        raise FramingError(
            f"could not join the Ray cluster at {address!r}: {exc}. Check that it runs "
            "(`ray status` on its head node), or leave ray_address unset to start one here.",
            code="FRM-R902",
        ) from exc
    return ray


def cluster_cpus(ray: object) -> int:
    """CPUs of the whole cluster (at least 1)."""
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def embed_and_group(
    articles: pd.DataFrame,
    embedder: Embedder,
    grouper: EventGrouper,
    settings: Settings,
    say: StageFn,
    progress: ProgressFn | None,
    timings: dict[str, float],
    edits: Sequence[EventEdit],
    rep: Reporter,
) -> dict[str, pd.DataFrame]:
    """The embedding and grouping stages on the cluster (as ``pipeline._embed_and_group``)."""
    ray = connect(settings.ray_address)
    res = ray.cluster_resources()
    say(
        f"Running on the Ray cluster: {len(ray.nodes())} node(s), "
        f"{int(res.get('CPU', 0))} CPUs, {int(res.get('GPU', 0))} GPUs"
    )
    t0 = time.perf_counter()
    say(f"Embedding {len(articles)} articles with {settings.model} on the Ray cluster")
    label = f"Embedding {len(articles)} articles on the Ray cluster"
    with rep.stage("embed", label, unit="texts") as stage:
        vectors = embed_on_cluster(ray, articles, embedder, settings, stage, progress)
    timings["embed"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    say("Grouping articles into events on the Ray cluster")
    with rep.stage("group", "Grouping articles into events", unit="blocks") as stage:
        grouped = group_on_cluster(ray, articles, vectors, grouper, edits, stage)
    timings["group"] = time.perf_counter() - t0
    return grouped


def embed_on_cluster(
    ray: object,
    articles: pd.DataFrame,
    embedder: Embedder,
    settings: Settings,
    stage: Stage,
    progress: ProgressFn | None = None,
) -> np.ndarray:
    """One unit vector per article; texts the store lacks are encoded by the actor pool.

    New vectors go to the store (when ``embedder`` is a ``CachingEmbedder``)
    as each batch comes back, so a stopped run keeps them.
    """
    pieces, owner = article_texts(articles, settings.representation, settings.chunk_words)
    hashes = [text_hash(t) for t in pieces]
    store = embedder.store if isinstance(embedder, CachingEmbedder) else None
    model = embedder.embedder if store is not None else embedder
    found = store.get_embeddings(model.model_id, hashes) if store is not None else {}
    todo: dict[str, str] = {}
    for h, t in zip(hashes, pieces, strict=True):
        if h not in found and h not in todo:
            todo[h] = t
    stage.advance(len(hashes) - len(todo), total=len(hashes))
    for new in _encoded(ray, todo, model):
        if store is not None:
            store.put_embeddings(model.model_id, new)
        found.update(new)
        stage.add(len(new))
        if progress:
            progress(stage.done, len(hashes))
    if store is not None:
        embedder.n_encoded += len(todo)
    if not pieces:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = np.vstack([found[h] for h in hashes]).astype(np.float32)
    return pool_vectors(vectors, owner, len(articles))


def _encoded(ray: object, todo: dict[str, str], model: Embedder) -> Iterator[dict[str, np.ndarray]]:
    """``{hash: vector}`` for ``todo``, one embedding batch at a time, from the actor pool."""
    if not todo:
        return
    gpus = int(ray.cluster_resources().get("GPU", 0))
    on_gpu = gpus > 0 and isinstance(model, SentenceTransformerEmbedder)
    size = GPU_EMBED_BATCH if on_gpu else EMBED_BATCH
    items = list(todo.items())
    blocks = [
        pd.DataFrame(items[i : i + size], columns=["hash", "text"])
        for i in range(0, len(items), size)
    ]
    # The stages report through framing.progress; Ray's own bars would interleave.
    ray.data.DataContext.get_current().enable_progress_bars = False
    actors = gpus if on_gpu else cluster_cpus(ray)
    pool = ray.data.ActorPoolStrategy(min_size=1, max_size=max(1, min(actors, len(blocks))))
    dataset = ray.data.from_pandas(blocks).map_batches(
        EmbedActor,
        fn_constructor_kwargs={"embedder": model},
        batch_size=size,
        batch_format="pandas",
        compute=pool,
        num_gpus=1 if on_gpu else 0,
        num_cpus=0 if on_gpu else 1,
    )  # ray.data restarts a dead actor and retries its batches by itself
    batches = iter(dataset.iter_batches(batch_size=None, batch_format="numpy"))
    while True:
        try:
            batch = next(batches, None)
        except ray.exceptions.RayError as exc:
            raise _failed("embedding", exc) from exc
        if batch is None:
            return
        yield dict(zip(batch["hash"].tolist(), np.asarray(batch["vector"]), strict=True))


def group_on_cluster(
    ray: object,
    articles: pd.DataFrame,
    vectors: np.ndarray,
    grouper: EventGrouper | BlockedGrouper,
    edits: Sequence[EventEdit],
    stage: Stage,
) -> dict[str, pd.DataFrame]:
    """The grouping stage's tables, the grouping itself done by cluster tasks.

    A corpus over the settings' block limits comes with a ``BlockedGrouper``
    (``framing.pipeline.grouper_for``, as on the local engine): each of its
    date-window blocks is one task, and the driver stitches them exactly as
    the local engine does, then describes the events. A smaller corpus is one
    block: one task groups and describes it.
    """
    if isinstance(grouper, BlockedGrouper):
        return group_events(
            articles,
            vectors,
            grouper,
            edits=edits,
            map_blocks=lambda fn, tasks: _map_blocks(ray, fn, tasks, stage),
        )
    stage.advance(0, total=1, detail="one block: the whole corpus")
    task = ray.remote(group_block).options(max_retries=RETRIES)
    ref = task.remote(articles, ray.put(vectors), grouper, list(edits))
    grouped = _wait_one(ray, ref, stage)
    stage.add()
    return grouped


def _map_blocks(ray: object, fn: object, tasks: list[tuple], stage: Stage) -> list:
    """``[fn(*t) for t in tasks]``, one cluster task each, results in the order of ``tasks``."""
    remote = ray.remote(fn).options(max_retries=RETRIES)
    refs = [remote.remote(*args) for args in tasks]
    stage.advance(total=stage.done + len(refs), detail=f"{len(refs)} blocks on the cluster")
    waiting = list(refs)
    while waiting:
        ready, waiting = ray.wait(waiting, num_returns=1, timeout=1.0)
        if ready:
            stage.add(len(ready))
        else:
            stage.advance(force=True)  # a heartbeat: the run is alive
    return _get(ray, refs, "grouping a block")


def _wait_one(ray: object, ref: object, stage: Stage) -> object:
    while not ray.wait([ref], timeout=1.0)[0]:
        stage.advance(force=True)  # a heartbeat: the run is alive
    return _get(ray, ref, "grouping")


def _get(ray: object, refs: object, what: str) -> object:
    """``ray.get(refs)``; a task that failed for good is ``FramingError`` FRM-R904."""
    try:
        return ray.get(refs)
    except ray.exceptions.RayError as exc:
        raise _failed(what, exc) from exc


def _failed(what: str, exc: Exception) -> FramingError:
    cause = getattr(exc, "cause", None) or exc
    first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return FramingError(
        f"{what} failed on the Ray cluster: {type(cause).__name__}: {first}. Batches already "
        "stored are kept: run the same command again to resume once the cause is fixed.",
        code="FRM-R904",
    )


def score_cues(
    articles: pd.DataFrame,
    embedder: Embedder,
    engine: CueEngine,
    parts: Parts,
    settings: Settings,
    say: StageFn,
    progress: ProgressFn | None,
    stop_after: int | None,
    rep: Reporter,
) -> dict[str, pd.DataFrame]:
    """The cue stage with its batches scored on the cluster (as ``pipeline._score_cues``)."""
    ray = connect(settings.ray_address)
    cached = getattr(embedder, "cache_vectors", True)
    cue_embedder = embedder if cached else embedder.embedder
    model = cue_embedder.embedder if isinstance(cue_embedder, CachingEmbedder) else cue_embedder
    record = isinstance(cue_embedder, CachingEmbedder)
    shipped = ShippedEmbedder(ReportingEmbedder(cue_embedder, rep), model, record)
    with rep.stage("prepare", "Preparing the cue scorers", unit="texts"):
        fitted = fresh(engine, embedder=shipped).fit()
    store = cue_embedder.store if record else None
    return run_batches(
        fitted,
        articles,
        parts,
        batch_articles=settings.batch_articles,
        workers=lambda n: max(1, min(n, cluster_cpus(ray))),
        say=say,
        progress=progress,
        stop_after=stop_after,
        reporter=rep,
        scorer=lambda *args: _scored_on_cluster(ray, store, model.model_id, *args),
    )


def _scored_on_cluster(
    ray, store, model_id, engine, articles, background, batches, todo, workers, rep
):
    """``(batch, tables)`` as each batch's task finishes; at most ``2 * workers`` in flight."""
    task = ray.remote(score_batch).options(max_retries=RETRIES, scheduling_strategy="SPREAD")
    engine_ref, background_ref = ray.put(engine), ray.put(background)
    waiting = iter(todo)
    running: dict[object, int] = {}

    def submit() -> None:
        b = next(waiting, None)
        if b is not None:
            running[task.remote(engine_ref, articles.iloc[batches[b]], background_ref)] = b

    for _ in range(2 * workers):
        submit()
    while running:
        ready, _ = ray.wait(list(running), num_returns=1, timeout=1.0)
        if not ready:
            if rep.current is not None:
                rep.current.advance(force=True)  # workers cannot report: say the run is alive
            continue
        b = running.pop(ready[0])
        tables, vectors = _get(ray, ready[0], f"scoring cue batch {b + 1} of {len(batches)}")
        if store is not None and vectors:
            store.put_embeddings(model_id, vectors)
        submit()
        yield b, tables
