"""Progress of a long run: the one event type every stage emits, and its plain-text form.

A run is a sequence of stages (reading files, embedding, grouping, each cue
batch...). Each stage emits a ``ProgressEvent`` when it starts, as it advances
and when it finishes, with how far it is in its own unit and an estimate of the
time left from its rate so far. Stages may nest (a cue batch holds the
embedding of its sentences); ``depth`` says how deep.

Code that runs a stage opens it on a ``Reporter`` (``with reporter.stage(...)``);
embedding calls report on their own through ``ReportingEmbedder``, so a stage
whose time goes into embedding advances while it embeds
(``framing.progress_embed``). The CLI draws the
events as lines (``framing.cli_progress``); the dashboard draws them with
``describe``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, TypeVar

__all__ = [
    "ProgressBoard",
    "ProgressEvent",
    "ProgressSink",
    "Reporter",
    "Stage",
    "describe",
    "format_seconds",
    "keep_alive",
]

Kind = Literal["start", "advance", "finish"]
T = TypeVar("T")


@dataclass(frozen=True)
class ProgressEvent:
    """What one stage is doing, how far it is, and how long it may still take.

    Attributes:
        stage: short key of the stage (``embed``, ``group``, ``cues``...).
        label: what the stage does, in words ("Embedding articles").
        kind: ``start``, ``advance`` or ``finish``.
        done: units done so far (never decreases within a stage).
        total: units in all; ``None`` while unknown.
        unit: what is counted ("texts", "files", "batches", "steps").
        elapsed: seconds since the stage started.
        eta: estimated seconds left, from the rate so far; ``None`` until
            there is a rate (or when the total is unknown).
        detail: what the stage is busy with inside (e.g. an embedding call).
        depth: 0 for a top-level stage, 1 for a stage inside it, ...
    """

    stage: str
    label: str
    kind: Kind
    done: int
    total: int | None
    unit: str
    elapsed: float
    eta: float | None
    detail: str = ""
    depth: int = 0

    @property
    def fraction(self) -> float | None:
        """``done / total`` in [0, 1], or ``None`` when the total is unknown."""
        if not self.total:
            return 1.0 if self.kind == "finish" else None
        return min(1.0, self.done / self.total)


ProgressSink = Callable[[ProgressEvent], None]


def format_seconds(seconds: float) -> str:
    """A duration in plain words: ``4.2 s``, ``35 s``, ``2 min 5 s``, ``1 h 3 min``."""
    if seconds < 9.95:
        return f"{max(seconds, 0.0):.1f} s"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        m, s = divmod(s, 60)
        return f"{m} min {s} s" if s and m < 10 else f"{m} min"
    h, rest = divmod(s, 3600)
    return f"{h} h {rest // 60} min"


def describe(event: ProgressEvent, *, eta: bool = True) -> str:
    """One line for ``event``: stage, count, and the time left (or taken).

    ``eta=False`` leaves the time left out (for a stage waiting on one inside it,
    whose estimate from its last event would be out of date).
    """
    count = ""
    if event.total is not None:
        count = f" {event.done:,}/{event.total:,} {event.unit}"
    elif event.done:
        count = f" {event.done:,} {event.unit}"
    text = event.label + (":" + count if count else "")
    if event.detail and event.kind != "finish":
        text += f" · {event.detail}"
    if event.kind == "finish":
        return f"{text} · done in {format_seconds(event.elapsed)}"
    if not eta:
        return text
    if event.eta is not None:
        return f"{text} · about {format_seconds(event.eta)} left"
    if event.elapsed >= 1.0:
        # A heartbeat with no rate yet: the time so far shows the run is alive.
        return f"{text} · estimating… ({format_seconds(event.elapsed)} so far)"
    return f"{text} · estimating…"


class Stage:
    """One running stage of a ``Reporter``; emits its events (see ``Reporter.stage``)."""

    def __init__(
        self,
        reporter: Reporter,
        stage: str,
        label: str,
        total: int | None,
        unit: str,
        depth: int,
    ) -> None:
        self.reporter = reporter
        self.stage = stage
        self.label = label
        self.total = total
        self.unit = unit
        self.depth = depth
        self.done = 0
        self.detail = ""
        self.finished = False
        self._t0 = reporter.clock()
        self._last_emit = -float("inf")
        # Embedding calls already over, when this stage counts texts.
        self._texts_before = (0, 0)
        self._texts_call: tuple[object, int, int] | None = None

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.reporter._close(self)
        # A failed stage is not reported as done: the error says what happened.
        if exc_type is None:
            self.finish()

    def _emit(self, kind: Kind, *, force: bool = False) -> None:
        now = self.reporter.clock()
        if not force and now - self._last_emit < self.reporter.interval:
            return
        self._last_emit = now
        elapsed = now - self._t0
        eta = None
        if self.total is not None and self.done > 0 and elapsed > 0:
            eta = elapsed * max(self.total - self.done, 0) / self.done
        event = ProgressEvent(
            self.stage,
            self.label,
            kind,
            self.done,
            self.total,
            self.unit,
            elapsed,
            eta,
            self.detail,
            self.depth,
        )
        self.reporter._send(event)

    def advance(
        self,
        done: int | None = None,
        *,
        total: int | None = None,
        detail: str | None = None,
        force: bool = False,
    ) -> None:
        """Report progress: ``done`` units so far (default: unchanged).

        Args:
            done: units done; a smaller number than before is ignored (done
                never goes back).
            total: a new total, when it became known or grew.
            detail: what the stage is busy with now.
            force: emit even if the last event was emitted a moment ago.
        """
        if total is not None:
            self.total = max(total, self.done)
        if done is not None:
            self.done = max(self.done, done)
            if self.total is not None:
                self.total = max(self.total, self.done)
        if detail is not None:
            self.detail = detail
        last = self.total is not None and self.done >= self.total
        self._emit("advance", force=force or last)

    def add(self, n: int = 1, *, detail: str | None = None) -> None:
        """Report ``n`` more units done."""
        self.advance(self.done + n, detail=detail, force=True)

    def finish(self) -> None:
        """Report the stage done (its total becomes what was done, when unknown)."""
        if self.finished:
            return
        self.finished = True
        if self.total is None:
            self.total = self.done
        self.done = max(self.done, self.total)
        self.detail = ""
        self._emit("finish", force=True)

    def texts(self, call: object, done: int, total: int) -> None:
        """Embedding progress of one encode call (``call`` tells calls apart).

        A stage that counts ``texts`` adds every call's texts to its own count;
        any other stage shows the call in its ``detail``.
        """
        if self.unit != "texts":
            self.advance(detail=f"embedding {done:,}/{total:,} texts")
            return
        if self._texts_call is not None and self._texts_call[0] is not call:
            _, d, t = self._texts_call
            self._texts_before = (self._texts_before[0] + d, self._texts_before[1] + t)
        self._texts_call = (call, done, total)
        before_done, before_total = self._texts_before
        # The call's own total is the truth (a cache may leave fewer texts to encode).
        self.advance(before_done + done, total=before_total + total)


class Reporter:
    """Opens stages and sends their events to ``sink``.

    Args:
        sink: called with every ``ProgressEvent``; ``None`` = nowhere.
        clock: seconds, monotonic (a test passes a fake one).
        interval: at most one ``advance`` event per stage this often
            (start, finish and the last unit are always sent).
    """

    def __init__(
        self,
        sink: ProgressSink | None = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
        interval: float = 0.25,
    ) -> None:
        self.sink = sink
        self.clock = clock
        self.interval = interval
        self.open: list[Stage] = []
        # Events are sent only from the process that made the reporter
        # (never from a forked worker, where the sink may not work).
        self._pid = os.getpid()

    def stage(
        self, stage: str, label: str, *, total: int | None = None, unit: str = "steps"
    ) -> Stage:
        """Start a stage (emits its ``start`` event); use it with ``with``."""
        opened = Stage(self, stage, label, total, unit, depth=len(self.open))
        self.open.append(opened)
        opened._emit("start", force=True)
        return opened

    @property
    def current(self) -> Stage | None:
        """The innermost open stage."""
        return self.open[-1] if self.open else None

    def _close(self, stage: Stage) -> None:
        if stage in self.open:
            self.open.remove(stage)

    def _send(self, event: ProgressEvent) -> None:
        if self.sink is not None and os.getpid() == self._pid:
            self.sink(event)

    def heartbeat(self, every: float = 1.0) -> None:
        """Re-emit the innermost open stage if it said nothing for ``every`` seconds."""
        stage = self.current
        if stage is not None and self.clock() - stage._last_emit >= every:
            stage.advance(force=True)

    def texts(self, call: object, done: int, total: int) -> None:
        """Embedding progress: goes to the innermost open stage (see ``Stage.texts``)."""
        if self.current is not None and os.getpid() == self._pid:
            self.current.texts(call, done, total)


class ProgressBoard:
    """The latest event of every open stage, for a display that shows them together.

    It is itself a sink: give it every event, then read ``lines`` and
    ``fraction`` (the dashboard draws them as a bar and a caption).
    """

    def __init__(self) -> None:
        self.open: list[ProgressEvent] = []

    def __call__(self, event: ProgressEvent) -> None:
        # A stage at this depth replaces the one before it and closes those inside it.
        self.open = [e for e in self.open if e.depth < event.depth]
        if event.kind != "finish":
            self.open.append(event)

    def lines(self) -> list[str]:
        """One ``describe`` line per open stage, outermost first.

        Only the innermost gets a time left: the others wait on it, and their
        last estimate is as old as their last event.
        """
        last = len(self.open) - 1
        return [describe(e, eta=i == last) for i, e in enumerate(self.open)]

    def fraction(self) -> float:
        """How far the innermost open stage with a known total is, 0 to 1."""
        for event in reversed(self.open):
            if event.fraction is not None:
                return event.fraction
        return 0.0


def keep_alive(work: Callable[[], T], beat: Callable[[], None], every: float = 1.0) -> T:
    """``work()``, run in a helper thread while this thread calls ``beat()`` every ``every`` s.

    For one long call that cannot report on its own (a t-SNE map, say): its
    stage keeps emitting, from the thread that owns the sink. Errors of
    ``work`` are raised here.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work)
        while True:
            try:
                return future.result(timeout=every)
            except TimeoutError:
                beat()
