"""The embedder protocol and a dependency-free backend for tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

ProgressFn = Callable[[int, int], None]


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors.

    Attributes:
        model_id: identifies the model and its weights; part of the cache key,
            so two different models never share cached vectors.
    """

    model_id: str

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)``, each row of unit length."""
        ...


class HashingEmbedder:
    """Word and bigram hashing vectors: no model, no download.

    Meant for unit tests and as a last-resort backend; it knows nothing of
    meaning beyond shared words.

    Args:
        n_features: vector size.
    """

    def __init__(self, n_features: int = 2048) -> None:
        self.n_features = n_features

    @property
    def model_id(self) -> str:
        return f"hashing-{self.n_features}"

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        from sklearn.feature_extraction.text import HashingVectorizer

        if not texts:
            return np.zeros((0, self.n_features), dtype=np.float32)

        vec = HashingVectorizer(
            n_features=self.n_features, ngram_range=(1, 2), stop_words="english", norm="l2"
        )
        out = vec.transform(list(texts)).toarray().astype(np.float32)
        if progress:
            progress(len(texts), len(texts))
        return out
