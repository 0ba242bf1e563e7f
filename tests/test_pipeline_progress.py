"""framing.pipeline: every stage of ingest and analyze reports its progress."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import pytest

from framing.config import Settings
from framing.embed.base import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.progress import describe
from framing.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles"
STAGES = {
    "ingest",
    "embed",
    "group",
    "prepare",
    "cues",
    "batch",
    "sentences",
    "model_cues",
    "alignment",
    "combine",
    "store",
}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    path = tmp_path_factory.mktemp("progress") / "store.sqlite3"
    settings = Settings(db_path=path, batch_articles=20)
    seen = []

    def record(event) -> None:
        seen.append((time.perf_counter(), event))

    with Store(path) as store:
        ingest([SAMPLE], "sample", store, settings, on_progress=record)
        analyze("sample", store, settings, embedder=HashingEmbedder(256), on_progress=record)
    return seen


def test_every_stage_starts_advances_and_finishes(recorded) -> None:
    by_stage = defaultdict(list)
    for _, event in recorded:
        by_stage[(event.stage, event.label)].append(event)
    assert {stage for stage, _ in by_stage} == STAGES
    assert sum(1 for stage, _ in by_stage if stage == "batch") >= 2  # one stage per batch
    for key, events in by_stage.items():
        kinds = [e.kind for e in events]
        assert kinds[0] == "start" and kinds[-1] == "finish", key
        assert "advance" in kinds, key
        assert kinds.count("start") == kinds.count("finish") == 1, key
        done = [e.done for e in events]
        assert done == sorted(done), key
        assert events[-1].done == events[-1].total, key
        for e in events:
            if e.kind == "advance" and e.total is not None and e.done > 0 and e.elapsed > 0:
                assert e.eta is not None, (key, e)
        assert events[0].eta is None  # no rate at the start: "estimating…"


def test_stages_come_in_the_order_of_the_pipeline(recorded) -> None:
    order = []
    for _, event in recorded:
        if event.kind == "start" and event.depth == 0:
            order.append(event.stage)
    assert order == ["ingest", "embed", "group", "prepare", "cues", "combine", "store"]


def test_no_long_silence_between_events(recorded) -> None:
    gaps = [(b[0] - a[0], b[1]) for a, b in zip(recorded, recorded[1:], strict=False)]
    longest, before = max(gaps, key=lambda g: g[0])
    # Heartbeats come every second; a test machine shared by many jobs gets slack.
    assert longest < 5.0, f"{longest:.1f} s without an event before: {describe(before)}"
