"""An embedder wrapper that counts its calls: proves which work a run redid.

Used by the tests and benchmarks of ``framing.incremental``: wrapped *inside*
the store cache (``CachingEmbedder(CountingEmbedder(e), store)``), it sees
only the texts that were really encoded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing.embed.base import Embedder, ProgressFn


class CountingEmbedder:
    """Delegates to ``embedder`` and counts what it is asked to encode.

    Attributes:
        calls: ``encode`` calls so far.
        texts: texts passed to ``encode`` so far.
        seen: those texts, in order.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.calls = 0
        self.texts = 0
        self.seen: list[str] = []

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def __getattr__(self, name: str) -> object:
        if name in {"embedder", "calls", "texts", "seen"}:
            raise AttributeError(name)
        return getattr(self.embedder, name)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        """The wrapped embedder's vectors for ``texts``, counted."""
        self.calls += 1
        self.texts += len(texts)
        self.seen.extend(texts)
        return self.embedder.encode(texts, progress=progress)

    def reset(self) -> None:
        """Start counting again from zero."""
        self.calls = 0
        self.texts = 0
        self.seen = []
