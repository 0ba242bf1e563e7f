"""The Ray engine benchmark's table and memory reading (the runs themselves are the benchmark)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

# Loaded by file: a benchmarks/ entry on sys.path would shadow the dashboard's modules.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_ray_engine", Path(__file__).resolve().parents[1] / "benchmarks" / "ray_engine.py"
)
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_ray_engine"] = bench
_SPEC.loader.exec_module(bench)


def _row(engine: str, wall: float, **extra) -> dict:
    stages = {"embed": {"per_s": 400.0}, "cues": {"per_s": 30.0}}
    return {
        "n": 2000,
        "engine": engine,
        "wall_s": wall,
        "driver_peak_mb": 700,
        "cluster_peak_mb": 1700,
        "load_before": 1.0,
        "stages": stages,
        **extra,
    }


def test_benchmarks_ray_engine_report_puts_ray_beside_local() -> None:
    table = bench.report([_row("local", 100.0), _row("ray", 130.0, same=False)])
    local, on_ray = table.splitlines()[1:3]
    assert local.split()[:4] == ["2000", "local", "100.0", "1.00"]
    assert on_ray.split()[:4] == ["2000", "ray", "130.0", "1.30"]
    assert on_ray.split()[-1] == "NO" and "400" in local


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads Linux /proc")
def test_benchmarks_ray_engine_counts_this_process_memory() -> None:
    assert bench.tree_pss_mb(os.getpid()) > 10 and bench.peak_mb() > 10
