from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from framing.config import Settings
from framing.cues import CueEngine, LexiconMatcher
from framing.cues.contrast import ContrastivePhrases
from framing.embed import CachingEmbedder
from framing.embed.base import HashingEmbedder
from framing.pipeline import (
    analysis_key,
    analyze,
    make_engine,
    make_grouper,
    resolve_lexicon,
    stage_params,
)
from framing.store import Store

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
    engine = make_engine(resolve_lexicon(settings))
    cached = CachingEmbedder(embedder, store)
    key = analysis_key(store, "sample", settings, cached, make_grouper(settings), engine)
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
    from framing.runner import batch_workers

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
    import framing.model_choice
    import framing.pipeline as pipeline

    assert pipeline.choose_model("auto", 10) == pipeline.DEFAULT_MODEL
    assert pipeline.choose_model("auto", pipeline.FAST_PATH_THRESHOLD) == "fast"
    assert pipeline.choose_model("my-folder", 10**6) == "my-folder"
    store, path = sample_store
    # the sample's 48 are "large"
    monkeypatch.setattr(framing.model_choice, "FAST_PATH_THRESHOLD", 10)
    seen: list[str] = []
    monkeypatch.setattr(
        pipeline, "make_embedder", lambda s: seen.append(s.model) or HashingEmbedder(64)
    )
    result = analyze("sample", store, Settings(db_path=path, model="auto"), cues=False)
    assert seen == ["fast"] and result.model == "fast"


def test_pipeline_other_stages_passed_in_are_recomputed_not_read_back(sample_store) -> None:
    """The key comes from the stages' own parameters, not from the settings."""
    store, path = sample_store
    # The grouping bar of the hashed fixtures (tests/conftest.py): events with
    # several articles per outlet, so the contrast has several rows per outlet.
    settings = Settings(db_path=path, event_threshold=0.15, event_window_days=7.0)
    embedder = HashingEmbedder(256)
    first = analyze("sample", store, settings, embedder=embedder)
    assert set(analyze("sample", store, settings, embedder=embedder).timings) == {"load"}

    loose = make_grouper(settings).set_params(threshold=0.05)
    regrouped = analyze("sample", store, settings, embedder=embedder, grouper=loose)
    assert regrouped.key != first.key and "group" in regrouped.timings
    assert regrouped.articles["event_id"].nunique() < first.articles["event_id"].nunique()

    narrow = CueEngine(contrast=ContrastivePhrases(top_n=1))
    rescored = analyze("sample", store, settings, embedder=embedder, engine=narrow)
    assert rescored.key not in {first.key, regrouped.key} and "cues" in rescored.timings
    per_event = rescored.tables["contrast"].query("event_id >= 0")
    assert per_event.groupby(["event_id", "outlet"]).size().max() == 1
    assert (
        first.tables["contrast"].query("event_id >= 0").groupby(["event_id", "outlet"]).size().max()
        > 1
    )
    assert not hasattr(narrow, "matcher_")  # the engine given is not fitted itself

    # the same stages built anew give the same key: results are read back
    again = analyze(
        "sample",
        store,
        settings,
        embedder=embedder,
        engine=CueEngine(contrast=ContrastivePhrases(top_n=1)),
    )
    assert again.key == rescored.key and set(again.timings) == {"load"}


def test_pipeline_stage_params_name_models_and_lexicons_by_content() -> None:
    lexicon = resolve_lexicon(Settings())
    a = stage_params(CueEngine(HashingEmbedder(64), matcher=LexiconMatcher(lexicon)))
    b = stage_params(CueEngine(HashingEmbedder(64), matcher=LexiconMatcher(lexicon)))
    assert a == b
    assert a["embedder"] == {"embedder": "hashing-64"}
    assert a["matcher"]["lexicon"] == lexicon.to_toml()
    assert stage_params(CueEngine(HashingEmbedder(32))) != stage_params(
        CueEngine(HashingEmbedder(64))
    )
    assert stage_params(make_grouper(Settings(event_threshold=0.2)))["threshold"] == 0.2


def test_pipeline_model_choices_offer_the_settings_model_and_the_fast_one() -> None:
    from framing.pipeline import DEFAULT_MODEL, FAST_PATH_THRESHOLD, model_choices

    assert model_choices("auto", 10) == ([DEFAULT_MODEL, "fast"], DEFAULT_MODEL)
    assert model_choices("auto", FAST_PATH_THRESHOLD) == ([DEFAULT_MODEL, "fast"], "fast")
    assert model_choices("fast", 10) == (["fast"], DEFAULT_MODEL)
    assert model_choices("my-folder", 10)[0] == ["my-folder", "fast"]


def test_pipeline_stored_model_is_the_last_runs(sample_store) -> None:
    from framing.pipeline import stored_model

    store, path = sample_store
    analyze("sample", store, Settings(db_path=path), embedder=HashingEmbedder(256), cues=False)
    assert stored_model("sample", store) == Settings().model
    with Store(":memory:") as empty:
        assert stored_model("nothing", empty) is None


def test_pipeline_stores_storylines_and_the_merge_history(sample_store) -> None:
    from framing.events.hierarchy import regroup

    store, path = sample_store
    analysis = analyze("sample", store, Settings(db_path=path), embedder=HashingEmbedder(256))
    events = analysis.events
    assert {"storyline_id", "storyline"} <= set(events.columns)
    assert events["storyline_id"].nunique() <= len(events)
    merges = analysis.tables["event_merges"]
    assert list(merges.columns) == ["a", "b", "margin"] and len(merges) > 0
    stored = load_analysis_tables(store)
    per_article, groups = regroup(analysis.articles, events, stored["event_merges"], 0.0)
    assert per_article.nunique() == len(events)
    _, coarser = regroup(analysis.articles, events, stored["event_merges"], -0.1)
    assert len(coarser) <= len(events)


def load_analysis_tables(store) -> dict:
    from framing.pipeline import load_analysis

    return load_analysis("sample", store).tables
