"""Run an analysis with a progress bar: the one way every page runs one.

The analysis itself is ``framing.rescore.rescore`` (``framing.pipeline.analyze``
with the lexicon in use); this module only shows its progress and makes every
page see the new results afterwards.
"""

from __future__ import annotations

from typing import Protocol

import streamlit as st

import common
import framing
import framing.pipeline
from framing.cues.lexicon import Lexicon
from framing.progress import ProgressBoard, ProgressEvent, describe
from framing.progress import ProgressSink as ProgressSinkFn
from framing.rescore import rescore


class ProgressSink(Protocol):
    """Where progress goes: ``st.progress``'s element, or any object with its two methods."""

    def progress(self, value: float, text: str | None = None) -> object:
        """Show ``value`` (0 to 1) with ``text``."""

    def empty(self) -> object:
        """Remove the bar."""


def progress_display(sink: ProgressSink, caption: object, message: str = "") -> ProgressSinkFn:
    """A ``framing.progress`` sink that draws the open stages on ``sink`` and ``caption``.

    The bar follows the innermost stage; the caption (an ``st.empty()``) lists
    every open stage with its count and time left, under ``message``.
    """
    board = ProgressBoard()

    def show(event: ProgressEvent) -> None:
        board(event)
        # A stage's detail can name an uploaded file: untrusted text.
        lines = [common.plain(line) for line in board.lines()]
        if lines:
            sink.progress(board.fraction(), text=lines[-1])
        else:  # a top-level stage just finished
            sink.progress(1.0, text=common.plain(describe(event)))
        caption.caption("  \n".join(([message] if message else []) + lines[:-1]))

    return show


def run_analysis(
    corpus: str,
    store: framing.Store,
    *,
    model: str | None = None,
    lexicon: Lexicon | None = None,
    message: str = "Analysing: embedding and grouping articles into events…",
    label: str = "Embedding articles…",
    bar: ProgressSink | None = None,
) -> framing.pipeline.Analysis:
    """Analyse a stored corpus under a progress bar and caption, and store the results.

    Every stage shows what it does, its count and the time left (see
    ``progress_display``).

    Args:
        corpus: a stored corpus.
        store: the store (``common.get_store``).
        model: the embedding model; ``None`` keeps the one of the stored
            analysis (or the settings' model when there is none).
        lexicon: the lexicon to score with; ``None`` = the lexicon in use
            (built-in, settings, stored edits).
        message: the caption's first line (what the run is for).
        label: the bar's text until the first stage reports.
        bar: where progress goes; a new ``st.progress`` bar when ``None``.

    Returns:
        The stored analysis. The dashboard's caches are cleared, so every
        page shows the new results.

    Raises:
        FramingError: the analysis failed; the bar is removed and the
            results stored before are kept.
    """
    if model is None:
        model = common.analysis_model(store, corpus)
    # ``auto`` is resolved by the corpus size here, as analyze() resolves it,
    # so the embedder handed over is the model the run records.
    model = framing.pipeline.choose_model(model, store.count_articles(corpus))
    sink = bar if bar is not None else st.progress(0.0, text=label)
    sink.progress(0.0, text=label)
    caption = st.empty()
    caption.caption(message)
    on_progress = progress_display(sink, caption, message)
    try:
        analysis = rescore(
            corpus,
            store,
            common.settings().replace(model=model),
            lexicon,
            embedder=common.get_embedder(model),
            on_progress=on_progress,
        )
    finally:
        sink.empty()
        caption.empty()
    common.clear_caches()
    return analysis
