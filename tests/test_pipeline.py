from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.config import Settings
from framing.embed.base import HashingEmbedder
from framing.pipeline import _map_2d, analysis_key, analyze, chronological, resolve_lexicon
from framing.store import Store


@pytest.mark.parametrize(
    ("labels", "dates", "expected"),
    [
        ([0, 0, 1, 1, 2], ["2022-11-05", "2022-11-01", "2022-10-30", "", ""], [1, 1, 0, 0, 2]),
        ([0, 1], ["", ""], [0, 1]),  # no dates: the grouper's order stays
        ([2, 1, 0], ["2024-01-03", "2024-01-02", "2024-01-01"], [2, 1, 0]),
    ],
)
def test_pipeline_events_are_numbered_by_first_date(labels, dates, expected) -> None:
    got = chronological(np.array(labels), pd.Series(dates))
    assert got.tolist() == expected


@pytest.mark.parametrize("n", [0, 1, 2, 5, 40])
def test_pipeline_map_is_deterministic_and_two_dimensional(n: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(n, 16)).astype(np.float32)
    first, second = _map_2d(x), _map_2d(x)
    assert first.shape == (n, 2)
    assert np.allclose(first, second)


SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from framing.pipeline import ingest

    path = tmp_path_factory.mktemp("resume") / "store.sqlite3"
    store = Store(path)
    ingest([SAMPLE], "sample", store, Settings(db_path=path))
    yield store, path
    store.close()


def test_pipeline_stopped_run_resumes_from_its_last_batch(sample_store) -> None:
    store, path = sample_store
    settings = Settings(db_path=path, batch_articles=10)
    embedder = HashingEmbedder(256)
    with pytest.raises(InterruptedError):
        analyze("sample", store, settings, embedder=embedder, stop_after=2)
    assert store.results_key("sample") is None  # nothing half-done is shown as results
    key = analysis_key(store, "sample", embedder, settings, resolve_lexicon(settings))
    assert store.done_parts("sample", key) == {-1, 0, 1}

    stages: list[str] = []
    resumed = analyze("sample", store, settings, embedder=embedder, on_stage=stages.append)
    assert any("Resuming: events were found" in s for s in stages)
    assert any("Resuming: 2 of" in s for s in stages)
    assert "embed" not in resumed.timings  # grouping came from the store

    straight = analyze("sample", store, settings, embedder=embedder, force=True)
    assert resumed.key == straight.key
    pd.testing.assert_frame_equal(resumed.articles, straight.articles)
    for name, table in straight.tables.items():
        pd.testing.assert_frame_equal(
            resumed.tables[name].reset_index(drop=True), table.reset_index(drop=True)
        )
    assert len(straight.tables["cues"]) > 100 and len(straight.tables["sentences"]) > 500


def test_pipeline_unchanged_corpus_is_not_analysed_again(sample_store) -> None:
    store, path = sample_store
    settings = Settings(db_path=path)
    first = analyze("sample", store, settings, embedder=HashingEmbedder(256))
    again = analyze("sample", store, settings, embedder=HashingEmbedder(256))
    assert set(again.timings) == {"load"}
    assert again.key == first.key
    pd.testing.assert_frame_equal(again.articles, first.articles)
    assert again.tables.keys() == first.tables.keys()
    pd.testing.assert_frame_equal(again.tables["cues"], first.tables["cues"])
    light = analyze("sample", store, settings, embedder=HashingEmbedder(256), load_batched=False)
    assert "sentences" not in light.tables and "outlet_scores" in light.tables
    # another model is another analysis
    other = analyze("sample", store, settings, embedder=HashingEmbedder(128))
    assert other.key != first.key and "embed" in other.timings


class _ForkSafeHashing(HashingEmbedder):
    fork_safe = True
    cache_vectors = False


def test_pipeline_parallel_batches_match_one_process(sample_store) -> None:
    """Batches scored by two worker processes give the tables one process gives."""
    from framing.pipeline import batch_workers

    store, path = sample_store
    one = Settings(db_path=path, batch_articles=8, workers=1)
    two = Settings(db_path=path, batch_articles=8)
    embedder = _ForkSafeHashing(192)
    assert batch_workers(two, embedder, 6) == min(os.cpu_count() or 1, 4)
    assert batch_workers(two, HashingEmbedder(192), 6) == 1  # not declared fork-safe
    serial = analyze("sample", store, one, embedder=embedder, force=True)
    parallel = analyze("sample", store, two.replace(workers=2), embedder=embedder, force=True)
    for name, table in serial.tables.items():
        pd.testing.assert_frame_equal(
            parallel.tables[name].reset_index(drop=True), table.reset_index(drop=True)
        )
    assert len(serial.tables["alignment"]) > 0


def test_pipeline_auto_model_follows_corpus_size(sample_store, monkeypatch) -> None:
    import framing.pipeline as pipeline

    assert pipeline.choose_model("auto", 10) == pipeline.DEFAULT_MODEL
    assert pipeline.choose_model("auto", pipeline.FAST_PATH_THRESHOLD) == "fast"
    assert pipeline.choose_model("my-folder", 10**6) == "my-folder"
    store, path = sample_store
    monkeypatch.setattr(pipeline, "FAST_PATH_THRESHOLD", 10)  # the sample's 48 are "large"
    seen: list[str] = []
    monkeypatch.setattr(
        pipeline, "make_embedder", lambda s: seen.append(s.model) or HashingEmbedder(64)
    )
    result = analyze("sample", store, Settings(db_path=path, model="auto"), cues=False)
    assert seen == ["fast"] and result.model == "fast"
