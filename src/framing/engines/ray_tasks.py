"""What runs on the Ray cluster's workers: the embedding actor and the two task bodies.

Nothing here touches the store: the driver reads from it and writes to it
(``framing.engines.ray_engine``), the workers compute.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.embed.base import Embedder, ProgressFn
from framing.events import EventGrouper
from framing.events.edits import EventEdit
from framing.events.table import group_events
from framing.store import text_hash


class EmbedActor:
    """One embedding actor of a ``ray.data`` actor pool: the model loads once per actor.

    Args:
        embedder: the driver's embedder, shipped unloaded (it loads on its
            first ``encode``, on this actor's device: a torch model picks the
            GPU Ray gave the actor, in half precision).
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, batch: pd.DataFrame) -> dict[str, np.ndarray]:
        vectors = np.asarray(self.embedder.encode(batch["text"].tolist()), dtype=np.float32)
        return {"hash": batch["hash"].to_numpy(dtype=object), "vector": vectors}


class RecordingEmbedder:
    """A worker's cue embedder: encodes, and keeps what it encoded for the driver's cache.

    The driver stores the vectors a batch needed, as the local engine does
    through its ``CachingEmbedder``, so the dashboard finds them later.

    Args:
        embedder: the model.
        record: keep the vectors (``False`` for models whose vectors are not cached).
    """

    def __init__(self, embedder: Embedder, record: bool) -> None:
        self.embedder = embedder
        self.record = record
        self.recorded: dict[str, np.ndarray] = {}

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def __getattr__(self, name: str) -> object:
        if name in {"embedder", "record", "recorded"}:
            raise AttributeError(name)
        return getattr(self.embedder, name)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        vectors = self.embedder.encode(texts, progress=progress)
        if self.record:
            self.recorded.update(zip(map(text_hash, texts), np.asarray(vectors), strict=True))
        return vectors

    def take(self) -> dict[str, np.ndarray]:
        """The vectors recorded since the last call."""
        out, self.recorded = self.recorded, {}
        return out


class ShippedEmbedder:
    """The driver's cue embedder; pickled (sent to a worker) it becomes a ``RecordingEmbedder``.

    Args:
        driver: what the driver encodes with (reporting, caching).
        model: the bare model the workers get.
        record: whether the workers keep their vectors for the driver's cache.
    """

    def __init__(self, driver: Embedder, model: Embedder, record: bool) -> None:
        self.driver = driver
        self.model = model
        self.record = record

    @property
    def model_id(self) -> str:
        return self.driver.model_id

    def __getattr__(self, name: str) -> object:
        if name in {"driver", "model", "record"}:
            raise AttributeError(name)
        return getattr(self.driver, name)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        return self.driver.encode(texts, progress=progress)

    def __reduce__(self) -> tuple:
        return (RecordingEmbedder, (self.model, self.record))


def score_batch(
    engine: object, articles: pd.DataFrame, background: object
) -> tuple[dict[str, pd.DataFrame], dict[str, np.ndarray]]:
    """One cue batch, as ``CueEngine.run_batch`` scores it, and the vectors it encoded."""
    tables = engine.run_batch(articles, background)
    take = getattr(engine.embedder, "take", None)
    return tables, (take() if take is not None else {})


def group_block(
    articles: pd.DataFrame,
    vectors: np.ndarray,
    grouper: EventGrouper,
    edits: Sequence[EventEdit],
) -> dict[str, pd.DataFrame]:
    """The grouping stage's tables for ``articles`` (see ``framing.events.table.group_events``)."""
    return group_events(articles, vectors, grouper, edits=edits)
