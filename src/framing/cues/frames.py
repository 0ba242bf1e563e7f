"""Frame dimensions of the Media Frames Corpus codebook (Boydstun et al.), per sentence.

Each of the 15 frames has a description and prototype sentences written for
this project (``data/frames.toml``). A sentence's affinity to a frame is the
mean cosine similarity to that frame's three closest prototypes; a softmax
over the 15 affinities (temperature ``temperature``) gives a probability per
frame. The top frame is the sentence's frame, its probability the
``frame_score``, and the gap to the runner-up the ``frame_margin``.

Shares per article, outlet or event are means of the sentence probabilities,
so an uncertain sentence spreads its weight instead of casting a full vote.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from framing.embed.base import Embedder
from framing.embed.cache import embed_texts


@dataclass(frozen=True)
class Frame:
    """One frame dimension.

    Attributes:
        key: snake_case id.
        label: human label.
        description: for analysts.
        explain: plain language, for a classroom.
        prototypes: example sentences.
    """

    key: str
    label: str
    description: str
    explain: str
    prototypes: tuple[str, ...]


def load_frames() -> list[Frame]:
    """The bundled frame definitions, in codebook order."""
    text = resources.files("framing.cues").joinpath("data/frames.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return [
        Frame(
            f["key"],
            f["label"],
            f.get("description", ""),
            f.get("explain", ""),
            tuple(f["prototypes"]),
        )
        for f in data["frame"]
    ]


class FrameScorer(BaseEstimator):
    """Assign frame probabilities to sentences.

    Args:
        embedder: sentence embedder.
        top_k: prototypes averaged per frame.
        temperature: softmax temperature over frame affinities.

    Attributes:
        frames_: the frames, in order.
        keys_: their keys (column order of ``probabilities``).
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        top_k: int = 3,
        temperature: float = 0.03,
    ) -> None:
        self.embedder = embedder
        self.top_k = top_k
        self.temperature = temperature

    def fit(self, X: object = None, y: None = None) -> FrameScorer:
        """Embed the prototypes."""
        self.frames_ = load_frames()
        self.keys_ = [f.key for f in self.frames_]
        texts = [p for f in self.frames_ for p in f.prototypes]
        self.owner_ = np.repeat(
            np.arange(len(self.frames_)), [len(f.prototypes) for f in self.frames_]
        )
        self.prototype_vectors_, _ = embed_texts(texts, self.embedder)
        return self

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Frame probabilities, shape ``(n_sentences, 15)``."""
        if len(vectors) == 0:
            return np.zeros((0, len(self.frames_)))
        sims = vectors @ self.prototype_vectors_.T
        affinity = np.empty((len(vectors), len(self.frames_)))
        for j in range(len(self.frames_)):
            block = sims[:, self.owner_ == j]
            k = min(self.top_k, block.shape[1])
            affinity[:, j] = np.sort(block, axis=1)[:, -k:].mean(axis=1)
        logits = affinity / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def assign(self, vectors: np.ndarray) -> pd.DataFrame:
        """Per sentence: ``frame``, ``frame_score`` (probability), ``frame_margin``."""
        p = self.probabilities(vectors)
        if len(p) == 0:
            return pd.DataFrame(columns=["frame", "frame_score", "frame_margin"])
        order = np.argsort(-p, axis=1)
        top = p[np.arange(len(p)), order[:, 0]]
        second = p[np.arange(len(p)), order[:, 1]]
        return pd.DataFrame(
            {
                "frame": [self.keys_[i] for i in order[:, 0]],
                "frame_score": top,
                "frame_margin": top - second,
            }
        )


def frame_shares(probabilities: np.ndarray, groups: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Mean frame probability per group.

    Args:
        probabilities: ``(n_sentences, n_frames)``.
        groups: one row per sentence with the grouping columns (e.g. ``event_id, outlet``).
        keys: frame keys in column order.

    Returns:
        Long table: grouping columns, ``frame``, ``share``, ``confidence`` (the
        group's mean top-frame probability) and ``n_sentences``.
    """
    cols = list(groups.columns)
    df = pd.concat(
        [groups.reset_index(drop=True), pd.DataFrame(probabilities, columns=keys)], axis=1
    )
    df["_top"] = probabilities.max(axis=1) if len(probabilities) else []
    agg = df.groupby(cols, sort=True)
    means = agg[keys].mean()
    conf = agg["_top"].mean().rename("confidence")
    n = agg.size().rename("n_sentences")
    long = means.reset_index().melt(id_vars=cols, var_name="frame", value_name="share")
    return long.merge(conf.reset_index(), on=cols).merge(n.reset_index(), on=cols)
