"""The Ray engine on a real local cluster: the local engine's answers, resuming, its errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from framing.config import Settings
from framing.cues import CueEngine
from framing.devtools.engine_check import (
    HASHED_GROUPING,
    assert_same_results,
    differences,
    ingested_store,
    stored_analysis,
)
from framing.devtools.synthetic import generate_corpus, write_jsonl_shards
from framing.embed import HashingEmbedder
from framing.errors import FramingError
from framing.pipeline import analyze
from framing.progress import ProgressEvent
from framing.store import Store, text_hash

pytestmark = pytest.mark.ray

SAMPLE = Path(__file__).resolve().parents[2] / "sample_articles"
# Enough texts to go through several embedding batches, a size that keeps the
# default suite quick (2,000 articles: benchmarks/ray_engine.py --check).
GENERATED = 180


def run(
    db: Path, corpus: str, kind: str, batch: int = 10, block_max: int = 50_000, **kwargs
) -> list[ProgressEvent]:
    """Analyse ``corpus`` in the store at ``db`` with the ``kind`` engine; its progress events."""
    events: list[ProgressEvent] = []
    settings = Settings(
        db_path=db,
        engine=kind,
        batch_articles=batch,
        group_block_max=block_max,
        **HASHED_GROUPING,
    )
    with Store(db) as store:
        analyze(
            corpus,
            store,
            settings,
            embedder=HashingEmbedder(),
            on_progress=events.append,
            **kwargs,
        )
    return events


def test_ray_engine_sample_equals_local_and_a_stopped_run_resumes(ray_cluster, tmp_path) -> None:
    local = ingested_store(tmp_path / "local.sqlite3", [SAMPLE], "sample")
    on_ray = ingested_store(tmp_path / "ray.sqlite3", [SAMPLE], "sample")
    run(local, "sample", "local")
    with pytest.raises(InterruptedError):
        run(on_ray, "sample", "ray", stop_after=2)
    said: list[str] = []
    events = run(on_ray, "sample", "ray", on_stage=said.append)
    assert any("Resuming: 2 of" in s for s in said)
    assert_same_results(stored_analysis(local, "sample"), stored_analysis(on_ray, "sample"))
    finished = {e.stage for e in events if e.kind == "finish"}
    assert {"cues", "combine", "store"} <= finished


def test_ray_engine_generated_corpus_equals_local(ray_cluster, tmp_path) -> None:
    shards = tmp_path / "generated"
    write_jsonl_shards(generate_corpus(GENERATED, random_state=3), shards, per_file=250)
    local = ingested_store(tmp_path / "local.sqlite3", [shards / "articles"], "gen")
    on_ray = ingested_store(tmp_path / "ray.sqlite3", [shards / "articles"], "gen")
    # Blocks of at most 60 articles: three or more date-window blocks, each a task.
    run(local, "gen", "local", batch=60, block_max=60)
    events = run(on_ray, "gen", "ray", batch=60, block_max=60)
    a, b = stored_analysis(local, "gen"), stored_analysis(on_ray, "gen")
    assert_same_results(a, b)
    assert a.articles["event_id"].nunique() > 20 and len(a.tables["cues"]) > 1000
    stages = {e.stage for e in events if e.kind == "finish"}
    assert {"embed", "group", "prepare", "cues", "combine", "store"} <= stages
    grouped = [e for e in events if e.stage == "group" and e.kind == "finish"]
    assert grouped[0].done >= 3  # blocks grouped on the cluster
    embedded = [e for e in events if e.stage == "embed" and e.kind == "finish"]
    assert embedded[0].done == GENERATED  # one title-lead text per article
    # The workers' sentence vectors were cached by the driver, as the local engine
    # caches them: the dashboard reads them back (framing.embed.cache.stored_vectors).
    sentences = b.tables["sentences"]["sentence"].tolist()
    with Store(on_ray) as store:
        found = store.get_embeddings("hashing-2048", [text_hash(t) for t in sentences])
    assert len(found) == len(set(sentences)) > GENERATED


def test_differences_names_the_table_that_differs(ray_cluster, tmp_path) -> None:
    db = ingested_store(tmp_path / "one.sqlite3", [SAMPLE], "sample")
    run(db, "sample", "local", cues=False)
    a = stored_analysis(db, "sample")
    b = stored_analysis(db, "sample")
    assert differences(a, b) == []
    b.events.loc[0, "label"] = "another label"
    assert [d.split(":")[0] for d in differences(a, b)] == ["events"]


def test_ray_engine_without_ray_says_how_to_install_it(monkeypatch) -> None:
    from framing.engines import require_ray

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(FramingError) as err:
        require_ray()
    assert err.value.code == "FRM-R901" and "framing-dashboard[ray]" in str(err.value)


def test_local_engine_never_imports_ray() -> None:
    code = (
        "import sys, framing.pipeline, framing.cli, framing.runner;"
        "sys.exit(1 if any(m == 'ray' or m.startswith('ray.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_cli_analyze_engine_ray_runs_on_the_cluster(ray_cluster, tmp_path, monkeypatch) -> None:
    import framing.pipeline
    from framing.cli import main

    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    db, out = tmp_path / "cli.sqlite3", tmp_path / "out"
    args = ["analyze", str(SAMPLE), "--out", str(out), "--db", str(db), "--no-cues"]
    assert main([*args, "--engine", "ray"]) == 0
    on_ray = stored_analysis(db, "sample_articles")
    local_db = ingested_store(tmp_path / "local.sqlite3", [SAMPLE], "sample_articles")
    with Store(local_db) as store:
        analyze(
            "sample_articles",
            store,
            Settings(db_path=local_db),
            cues=False,
            embedder=HashingEmbedder(),
        )
    assert_same_results(stored_analysis(local_db, "sample_articles"), on_ray)
    assert (out / "articles.csv").exists()


class _FailingEngine(CueEngine):
    """A cue engine whose batches raise (a bug in a scorer, say)."""

    def run_batch(self, articles, background, **kwargs):
        raise ValueError("a scorer broke on this batch")


def test_ray_engine_failed_task_is_a_plain_error(ray_cluster, tmp_path) -> None:
    db = ingested_store(tmp_path / "fail.sqlite3", [SAMPLE], "sample")
    with pytest.raises(FramingError) as err:
        run(db, "sample", "ray", batch=100, engine=_FailingEngine())
    assert err.value.code == "FRM-R904"
    assert "ValueError: a scorer broke on this batch" in str(err.value)
    assert "Traceback" not in str(err.value) and "run the same command again" in str(err.value)
