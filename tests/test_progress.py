"""framing.progress: the event every stage emits, its ETA, and its plain-text form."""

from __future__ import annotations

import numpy as np

from framing.progress import ProgressBoard, Reporter, describe, format_seconds
from framing.progress_embed import ReportingEmbedder


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_stage_estimates_the_time_left_from_its_rate_once_it_has_one() -> None:
    clock, events = Clock(), []
    reporter = Reporter(events.append, clock=clock, interval=0)
    with reporter.stage("embed", "Embedding articles", total=4, unit="texts") as stage:
        clock.now = 2.0
        stage.advance(1)
        clock.now = 3.0
        stage.advance(0)  # done never goes back
    kinds = [e.kind for e in events]
    assert kinds == ["start", "advance", "advance", "finish"]
    assert events[0].eta is None  # no rate yet
    assert events[1].eta == 6.0  # 1 text in 2 s, 3 left
    assert [e.done for e in events] == [0, 1, 1, 4]
    assert events[-1].elapsed == 3.0
    assert describe(events[0]) == "Embedding articles: 0/4 texts · estimating…"
    assert describe(events[1]) == "Embedding articles: 1/4 texts · about 6.0 s left"
    assert describe(events[-1]) == "Embedding articles: 4/4 texts · done in 3.0 s"
    # no rate after a while: the time so far shows the stage is alive
    with reporter.stage("group", "Grouping", total=2) as stage:
        clock.now = 15.0
        stage.advance(force=True)
    assert describe(events[-2]) == "Grouping: 0/2 steps · estimating… (12 s so far)"


def test_advances_are_thinned_but_the_last_unit_always_reported() -> None:
    clock, events = Clock(), []
    reporter = Reporter(events.append, clock=clock, interval=1.0)
    with reporter.stage("cues", "Scoring", total=3) as stage:
        stage.advance(1)  # same instant as the start: thinned out
        clock.now = 0.5
        stage.advance(2)  # still too soon
        stage.advance(3)  # the last unit
    assert [(e.kind, e.done) for e in events] == [("start", 0), ("advance", 3), ("finish", 3)]


def test_a_failed_stage_reports_no_finish() -> None:
    events = []
    try:
        with Reporter(events.append).stage("group", "Grouping", total=2):
            raise ValueError("boom")
    except ValueError:
        pass
    assert [e.kind for e in events] == ["start"]


def test_embedding_calls_add_up_in_a_stage_that_counts_texts() -> None:
    class Fake:
        model_id = "fake"

        def encode(self, texts, *, progress=None):
            for i in range(1, len(texts) + 1):
                if progress:
                    progress(i, len(texts))
            return np.zeros((len(texts), 2))

    events = []
    reporter = Reporter(events.append, interval=0)
    embedder = ReportingEmbedder(Fake(), reporter)
    assert embedder.model_id == "fake"
    with reporter.stage("prepare", "Preparing", unit="texts"):
        embedder.encode(["a", "b"])
        embedder.encode(["c", "d", "e"])
    done = [e.done for e in events]
    assert done == sorted(done) and events[-1].done == 5 and events[-1].total == 5
    # inside a stage counting something else, the embedding shows as detail
    events.clear()
    with reporter.stage("batch", "Scoring batch 1 of 1", total=7):
        embedder.encode(["a", "b"])
    assert events[-2].detail == "embedding 2/2 texts" and events[-2].done == 0


def test_board_shows_every_open_stage_outermost_first() -> None:
    clock, board = Clock(), ProgressBoard()
    reporter = Reporter(board, clock=clock, interval=0)
    with reporter.stage("cues", "Scoring framing cues", total=2, unit="batches"):
        with reporter.stage("sentences", "Batch 1 of 2: embedding", total=10, unit="texts") as s:
            clock.now = 1.0
            s.advance(5)
            assert board.lines() == [
                "Scoring framing cues: 0/2 batches",  # waits on the stage inside it
                "Batch 1 of 2: embedding: 5/10 texts · about 1.0 s left",
            ]
            assert board.fraction() == 0.5
        assert board.lines() == ["Scoring framing cues: 0/2 batches · estimating…"]
    assert board.lines() == []


def test_format_seconds_reads_plainly() -> None:
    assert format_seconds(4.24) == "4.2 s"
    assert format_seconds(35.2) == "35 s"
    assert format_seconds(125) == "2 min 5 s"
    assert format_seconds(3 * 3600 + 240) == "3 h 4 min"
