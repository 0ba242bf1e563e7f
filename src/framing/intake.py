"""Reading inputs into the store: ``ingest``, the first stage of ``framing.pipeline``.

It lives beside the pipeline (which re-exports it) to keep that module short.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from framing.config import Settings
from framing.errors import InputError
from framing.ingest import count_files, read_inputs, read_uploads
from framing.progress import ProgressSink, Reporter
from framing.schema import IngestReport
from framing.store import Store

__all__ = ["ingest"]


def ingest(
    inputs: Iterable[str | Path] | Iterable[tuple[str, bytes]],
    corpus: str,
    store: Store,
    settings: Settings,
    *,
    mode: Literal["replace", "append"] = "replace",
    uploads: bool = False,
    on_progress: ProgressSink | None = None,
) -> tuple[IngestReport, dict[str, int]]:
    """Read inputs, validate them and store the accepted articles as ``corpus``.

    Args:
        inputs: paths, or ``(name, bytes)`` pairs when ``uploads`` is true.
        corpus: corpus name.
        store: the store to write to.
        settings: limits come from here.
        mode: ``replace`` the corpus or ``append`` to it.
        uploads: whether ``inputs`` are in-memory files.
        on_progress: gets the ``ingest`` stage's events (``framing.progress``).

    Raises:
        InputError: no article at all could be accepted (the message lists why).
    """
    reader = read_uploads if uploads else read_inputs
    inputs = list(inputs)
    total = len(inputs) if uploads else count_files(inputs)
    with Reporter(on_progress).stage(
        "ingest", "Reading the articles", total=total, unit="files"
    ) as stage:
        report = reader(inputs, settings.limits, on_file=lambda name: stage.add(detail=name))
        stage.advance(detail="storing the articles")
        counts = _save(report, corpus, store, mode)
    return report, counts


def _save(report, corpus, store, mode):
    """Store the accepted articles of ``report`` (``InputError`` when there are none)."""
    if report.n_accepted == 0:
        reasons = (
            "\n".join(f"  - {i}" for i in report.errors[:20]) or "  - no input file held articles"
        )
        skipped = "".join(f"\n  - skipped {f}: {why}" for f, why in report.files_skipped[:10])
        raise InputError(
            f"no usable article in the input. {report.summary()}\n{reasons}{skipped}",
            issues=report.issues,
            code="FRM-I102",
        )
    with store.writer_lock(corpus, what="ingest"):
        return store.save_articles(corpus, report, mode=mode)
