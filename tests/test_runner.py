"""The batch runner: whole-event batches, resuming from kept parts, worker processes."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from framing.config import Settings
from framing.cues import CueEngine
from framing.embed import HashingEmbedder
from framing.runner import (
    MemoryParts,
    batch_workers,
    cue_results,
    event_batches,
    score_cues,
)


@pytest.mark.parametrize(
    ("events", "size", "expected"),
    [
        ([0, 0, 1, 1, 2], 2, [[0, 1], [2, 3], [4]]),
        ([2, 0, 1, 0], 3, [[1, 2, 3], [0]]),
        ([5, 5, 5], 1, [[0, 1, 2]]),  # a large event is a batch of its own
        ([], 10, []),
    ],
)
def test_runner_event_batches_keep_events_whole(events, size, expected) -> None:
    got = event_batches(np.array(events, dtype=np.int64), size)
    assert [b.tolist() for b in got] == expected


def test_runner_batches_give_the_same_tables_as_one_pass(event_articles) -> None:
    """Scoring in batches of whole events must not change any table."""
    arts = event_articles
    engine = CueEngine(HashingEmbedder(256)).fit()
    whole = cue_results(engine, arts).tables()
    batches = event_batches(arts["event_id"].to_numpy(), 3)
    assert len(batches) >= 3
    assert all(
        set(arts.iloc[rows]["event_id"]).isdisjoint(arts.iloc[other]["event_id"])
        for i, rows in enumerate(batches)
        for other in batches[i + 1 :]
    )
    batched = cue_results(engine, arts, batch_articles=3).tables()
    for name, table in whole.items():
        pd.testing.assert_frame_equal(
            table.reset_index(drop=True), batched[name].reset_index(drop=True), check_dtype=False
        )
    assert len(whole["cues"]) > 0 and len(whole["outlet_scores"]) > 0


def test_runner_resumes_from_kept_parts(event_articles) -> None:
    arts = event_articles
    engine = CueEngine(HashingEmbedder(128)).fit()
    parts = MemoryParts()
    with pytest.raises(InterruptedError):
        score_cues(engine, arts, parts, batch_articles=2, stop_after=1)
    assert parts.done() == {0}
    first = parts.parts[0]
    messages: list[str] = []
    seen: list[tuple[int, int]] = []
    resumed = score_cues(
        engine,
        arts,
        parts,
        batch_articles=2,
        say=messages.append,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert parts.parts[0] is first  # the kept batch was not scored again
    assert parts.done() == {0, 1, 2, 3}
    assert messages == ["Resuming: 1 of 4 batches already stored"]
    assert seen == [(2, 4), (3, 4), (4, 4)]
    fresh = score_cues(engine, arts, MemoryParts(), batch_articles=2)
    for name, table in fresh.items():
        pd.testing.assert_frame_equal(table, resumed[name], check_dtype=False)


def test_runner_batch_workers_follow_the_settings_and_the_embedder() -> None:
    class ForkSafe(HashingEmbedder):
        fork_safe = True

    assert batch_workers(Settings(), ForkSafe(), 1) == 1
    assert batch_workers(Settings(workers=3), HashingEmbedder(), 6) == 3
    assert batch_workers(Settings(workers=8), HashingEmbedder(), 2) == 2
    assert batch_workers(Settings(), HashingEmbedder(), 6) == 1  # not declared fork-safe
    assert batch_workers(Settings(), ForkSafe(), 6) == min(os.cpu_count() or 1, 4)
