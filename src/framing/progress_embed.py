"""An embedder that reports each encode call's progress to a ``framing.progress.Reporter``,
and the one-time build of a model made on this machine as a stage of its own."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np

from framing.progress import Reporter, keep_alive

__all__ = ["ReportingEmbedder", "build_model"]


class ReportingEmbedder:
    """An embedder that reports every encode call's progress to a ``Reporter``.

    Everything else (``model_id``, ``n_encoded``, ``fork_safe``...) is the
    wrapped embedder's, so stages see the same embedder as before.

    Args:
        embedder: the embedder doing the work.
        reporter: where progress goes.
    """

    def __init__(self, embedder: object, reporter: Reporter) -> None:
        self.embedder = embedder
        self.reporter = reporter

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def __getattr__(self, name: str) -> object:
        if name in {"embedder", "reporter"}:
            raise AttributeError(name)
        return getattr(self.embedder, name)

    def encode(
        self, texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None
    ) -> np.ndarray:
        """The wrapped embedder's vectors; each step is reported as it is done."""
        call = object()
        reporter = self.reporter
        reporter.texts(call, 0, len(texts))
        if os.getpid() != reporter._pid:  # a forked worker: nobody to report to
            return self.embedder.encode(texts, progress=progress)
        # The encoding runs in a helper thread (one slice of a slow model, or
        # loading it, can take many seconds); its steps are passed on from
        # this thread, which owns the sink, together with a heartbeat.
        steps: list[tuple[int, int]] = []

        def beat() -> None:
            if not steps:
                reporter.heartbeat()
                return
            done, total = steps[-1]
            steps.clear()
            reporter.texts(call, done, total)
            if progress:
                progress(done, total)

        vectors = keep_alive(
            lambda: self.embedder.encode(texts, progress=lambda d, t: steps.append((d, t))),
            beat,
            every=0.25,
        )
        beat()
        return vectors


def build_model(model: object, reporter: Reporter) -> bool:
    """Build ``model`` now, in a ``model`` stage, if it is made on this machine and is not yet.

    The int8 MiniLM is exported and quantised once, which takes a while and
    would otherwise happen silently inside the first call that needs the
    model. A model says it needs this with ``needs_build`` true and a
    ``build()`` method; ``build_label`` says what is happening.

    Returns:
        Whether a build ran.
    """
    if not getattr(model, "needs_build", False) or not callable(getattr(model, "build", None)):
        return False
    label = getattr(model, "build_label", "Building the embedding model once")
    with reporter.stage("model", label, unit="steps") as stage:
        keep_alive(model.build, stage.advance)
    return True
