"""The scale benchmark's bookkeeping: memory readings, stage records, the bars and the table."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import numpy as np
import pytest

# Loaded by file, not through sys.path: a benchmarks/ entry on the path would
# shadow the dashboard's own top-level modules (quotes, common) in later tests.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_scale", Path(__file__).resolve().parents[1] / "benchmarks" / "scale.py"
)
scale = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_scale"] = scale
_SPEC.loader.exec_module(scale)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/smaps_rollup").exists(), reason="reads Linux /proc memory figures"
)


def test_benchmarks_scale_stages_record_time_and_a_peak_per_stage() -> None:
    stages = scale.Stages()
    stages.start("small")
    time.sleep(0.05)
    stages.start("big")
    block = np.ones((60, 1024, 1024))  # 480 MB held during this stage only
    time.sleep(0.3)
    del block
    stages.start(None)
    assert set(stages.rows) == {"small", "big"}
    assert stages.rows["small"]["seconds"] >= 0.05
    assert stages.rows["big"]["peak_mb"] > stages.rows["small"]["peak_mb"] + 400
    assert scale.tree_pss_mb(os.getpid()) > 10


def _run(n: int, model: str, f1: float, first: float, again: float, cues: bool = True) -> dict:
    stages = {s: {"seconds": 1.0, "peak_mb": 100.0} for s in ("ingest", "embed", "group")}
    if cues:
        stages["cues"] = {"seconds": 5.0, "peak_mb": 300.0}
    return {
        "n": n,
        "model": model,
        "cues": cues,
        "stages": stages,
        "total_seconds": 8.0,
        "peak_mb": 300.0,
        "analyze_seconds": first,
        "reanalyze_seconds": again,
        "bcubed": {"precision": f1, "recall": f1, "f1": f1},
    }


def test_benchmarks_scale_ratios_and_table_follow_the_measurements() -> None:
    result = {
        "machine": {
            "cpu": "x",
            "cores": 2,
            "memory_gb": 8,
            "gpu": "none",
            "python": "3",
            "torch": "2",
        },
        "runs": [
            _run(1000, "fast", 0.80, 10.0, 0.1),
            _run(1000, scale.MINILM, 0.90, 100.0, 0.2, cues=False),
        ],
        "bertopic": [
            {"n": 1000, "model": "fast", "seconds": 3.0, "bcubed": {"f1": 0.85}},
            {"n": 1000, "model": scale.MINILM, "seconds": 3.0, "bcubed": {"f1": 0.30}},
        ],
        "throughput": {
            "n_texts": 10,
            "rounds": 1,
            "texts_per_second": {"pipeline": 9.0, "raw": 10.0, "fast": 900.0},
            "a_pipeline_over_raw": 0.9,
            "d_fast_over_minilm": 100.0,
        },
        "small": {
            "n": 30,
            "ours": {"seconds": 0.1, "f1": 1.0},
            "bertopic": {"seconds": 2.0, "f1": 0.2},
        },
    }
    q = scale.ratios(result)
    assert q["b_reanalysis_over_first"]["max"] == pytest.approx(0.01)
    assert q["c_ours_higher_everywhere"] is False  # 0.80 < 0.85 on the fast run
    assert q["d_grouping_f1"] == [{"n": 1000, "fast_f1": 0.80, "minilm_f1": 0.90}]
    result["ratios"] = q
    table = scale.report(result)
    assert "ours higher everywhere: False" in table
    assert "MiniLM*" in table and "embed and group only" in table


@pytest.mark.parametrize(
    "argv",
    [["--quick"], ["--quick", "--minilm-max", "0"], ["--sizes", "1000", "--minilm-max", "0"]],
)
def test_benchmarks_scale_runs_without_minilm_runs_or_bertopic(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each measurement is a child process; stood in for here, so only the
    # driver, the ratios and the table run (they crashed without MiniLM runs
    # or without the bench extra).
    asked: list[tuple[str, ...]] = []

    def child(kind: str, *args: str) -> dict:
        asked.append((kind, *args))
        if kind == "pipeline":
            return _run(int(args[0]), args[1], 0.8, 10.0, 0.1, cues=args[2] == "cues")
        if kind == "throughput":
            return {
                "n_texts": 10,
                "rounds": 1,
                "texts_per_second": {"pipeline": 9.0, "raw": 10.0, "fast": 900.0},
                "a_pipeline_over_raw": 0.9,
                "d_fast_over_minilm": 100.0,
            }
        assert kind == "small"
        return {"n": 30, "ours": {"seconds": 0.1, "f1": 1.0}}

    monkeypatch.setattr(scale, "child", child)
    monkeypatch.setattr(scale, "has_bertopic", lambda: False)
    monkeypatch.setattr(scale, "corpus_folder", lambda n: tmp_path)
    monkeypatch.setattr(scale, "WORK", tmp_path / "work")
    assert scale.main([*argv, "--out", str(tmp_path / "scale.json")]) == 0
    assert not any(kind == "bertopic" for kind, *_ in asked)
    minilm_runs = [a for a in asked if a[0] == "pipeline" and a[2] == scale.MINILM]
    assert bool(minilm_runs) == ("--minilm-max" not in argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["--sizes", "1000,10000", "--minilm-cues-max", "0", "--fast-cues-max", "0"],
        ["--sizes", "1000", "--bertopic-max", "0", "--rounds", "2"],
        ["--quick", "--bertopic-max", "1000"],
    ],
)
def test_benchmarks_scale_every_listed_option_drives_the_runs(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The driver with BERTopic installed (stood in for, as above), then again
    # with --resume: what the first run measured is kept, nothing is asked twice.
    asked: list[tuple[str, ...]] = []

    def child(kind: str, *args: str) -> dict:
        asked.append((kind, *args))
        if kind == "pipeline":
            return _run(int(args[0]), args[1], 0.8, 10.0, 0.1, cues=args[2] == "cues")
        if kind == "bertopic":
            return {"n": int(args[0]), "model": args[1], "seconds": 1.0, "bcubed": {"f1": 0.3}}
        if kind == "throughput":
            return {
                "n_texts": 10,
                "rounds": int(args[1]),
                "texts_per_second": {"pipeline": 9.0, "raw": 10.0, "fast": 900.0},
                "a_pipeline_over_raw": 0.9,
                "d_fast_over_minilm": 100.0,
            }
        return {"n": 30, "ours": {"seconds": 0.1, "f1": 1.0}, "bertopic": {"seconds": 1.0,
                "f1": 0.2, "n_topics": 0, "error": ""}}  # fmt: skip

    monkeypatch.setattr(scale, "child", child)
    monkeypatch.setattr(scale, "has_bertopic", lambda: True)
    monkeypatch.setattr(scale, "corpus_folder", lambda n: tmp_path)
    monkeypatch.setattr(scale, "WORK", tmp_path / "work")
    out = tmp_path / "scale.json"
    assert scale.main([*argv, "--out", str(out)]) == 0
    pipelines = [a for a in asked if a[0] == "pipeline"]
    if "--minilm-cues-max" in argv:
        assert {a[3] for a in pipelines} == {"nocues"}
    bertopic = [a for a in asked if a[0] == "bertopic"]
    limit = argv[argv.index("--bertopic-max") + 1] if "--bertopic-max" in argv else "100000"
    assert bool(bertopic) == (int(limit) >= 1000)
    first = len(asked)
    assert scale.main([*argv, "--resume", "--out", str(out)]) == 0
    assert len(asked) == first


@pytest.mark.model
def test_benchmarks_scale_runs_for_real_on_a_tiny_corpus(tmp_path: Path) -> None:
    # Every measurement in its own process, as `make bench` runs them, at 12
    # articles: MiniLM and fast runs without cues, throughput, the small corpus.
    import json
    import subprocess

    out = tmp_path / "scale.json"
    argv = ["--sizes", "12", "--minilm-cues-max", "0", "--fast-cues-max", "0", "--rounds", "1"]
    cmd = [sys.executable, str(Path(scale.__file__)), *argv, "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert {(r["n"], r["model"], r["cues"]) for r in result["runs"]} == {
        (12, "fast", False),
        (12, scale.MINILM, False),
    }
    assert (
        result["throughput"]["n_texts"] == 12
        and "a_pipeline_over_raw_throughput" in (result["ratios"])
    )
