"""``framing analyze`` killed with SIGKILL at each stage, then run again (issue 18).

Each run is held at a stage boundary by the test-only pause of
``framing.devtools.pause`` and killed there: during ingest (inside its
transaction), during embedding (after the first batch of vectors was
committed) and during cue scoring (after the first batch was stored). The
store must pass SQLite's integrity check, keep what was committed, and a
rerun must store exactly what a clean run stores. The runs go side by side
to keep the test short.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
from tests.store.runs import config, kill9, start, wait_paused, write_set

from framing.store import Store, results_match

STAGES = ("ingest", "embed", "cues")


def _args(csv: Path, db: Path, cfg: Path, out: Path) -> list[str]:
    return ["analyze", str(csv), "--corpus", "set", "--out", str(out), "--db", str(db)] + [
        "--config",
        str(cfg),
    ]


def _finish(proc) -> str:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return err


def _results(db: Path) -> dict[str, pd.DataFrame]:
    with Store(db) as store:
        assert results_match(store, "set")
        assert store.lock_holder("set") is None
        return store.get_results("set")


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_kill_at_each_stage_leaves_a_sound_store_and_the_rerun_equals_a_clean_run(tmp_path):
    csv, cfg = write_set(tmp_path / "set.csv", 6), config(tmp_path)
    clean_db = tmp_path / "clean.sqlite3"
    clean = start(_args(csv, clean_db, cfg, tmp_path / "clean"))
    dbs = {stage: tmp_path / f"{stage}.sqlite3" for stage in STAGES}
    killed = {
        stage: start(
            _args(csv, db, cfg, tmp_path / stage),
            FRAMING_TEST_PAUSE_AT=stage,
            FRAMING_TEST_PAUSE_S="600",  # held until killed, however slow the others are
        )
        for stage, db in dbs.items()
    }
    try:
        for stage, proc in killed.items():
            wait_paused(proc, stage)
            kill9(proc)
        _finish(clean)
    finally:
        for proc in [clean, *killed.values()]:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    for stage, db in dbs.items():
        assert _integrity(db) == "ok", stage
    with Store(dbs["ingest"]) as store:
        assert store.corpora().empty  # the ingest transaction never committed
    with Store(dbs["embed"]) as store:
        assert store.count_embeddings() == 16  # the first batch of vectors was kept
        assert store.results_key("set") is None
    with Store(dbs["cues"]) as store:
        assert store.count_embeddings() >= 24 and store.results_key("set") is None
        assert store._conn.execute("SELECT COUNT(*) FROM result_parts").fetchone()[0] > 0

    reruns = {
        stage: start(_args(csv, db, cfg, tmp_path / f"re-{stage}")) for stage, db in dbs.items()
    }
    errs = {stage: _finish(proc) for stage, proc in reruns.items()}
    assert "Resuming" in errs["cues"]
    reference = _results(clean_db)
    assert {"articles", "events", "cues", "contrast"} <= set(reference)
    for stage, db in dbs.items():
        got = _results(db)
        assert set(got) == set(reference), stage
        for name, table in reference.items():
            pd.testing.assert_frame_equal(got[name], table, obj=f"{stage}: {name}")
