"""benchmarks/int8_scale.py's bookkeeping: the CLI's stage report, the bars as ratios, growth."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# Loaded by file (see tests/test_benchmarks_scale.py: benchmarks/ on the path shadows modules).
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_int8_scale", Path(__file__).resolve().parents[1] / "benchmarks" / "int8_scale.py"
)
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_int8_scale"] = bench
_SPEC.loader.exec_module(bench)


def test_benchmarks_int8_scale_reads_the_stages_the_cli_reports() -> None:
    report = "\n".join(
        [
            "  Embedding 150 articles: 0/150 texts · estimating… (5.0 s so far)",
            "  Embedding 150 articles: 150/150 texts · done in 18 s",
            "    Scoring batch 1 of 1: 7/7 steps · done in 12 s",
            "  Scoring framing cues: 1/1 batches · done in 2 min 5 s",
            "  Writing CSV files: 13/13 files · done in 0.4 s",
            "Done in 38.3 s: 150 articles",
        ]
    )
    assert bench.stage_seconds(report) == {
        "Embedding 150 articles": 18.0,
        "Scoring framing cues": 125.0,
        "Writing CSV files": 0.4,
    }
    assert bench.duration("1 h 3 min") == 3780.0


def test_benchmarks_int8_scale_bars_are_ratios_of_the_same_run() -> None:
    run = {
        "cold_seconds": {"int8": 40.0, "fp32": 200.0, "fast": 10.0},
        "raw_fp32_encode": {"n_texts": 100, "seconds": 50.0},
        "lexicon_edit_seconds": 1.0,
        "add_20_seconds": 5.0,
    }
    got = bench.bars_of(run)
    assert got["ratios"] == pytest.approx(
        {
            "int8_cold_over_raw_fp32_encode": 0.8,
            "lexicon_edit_over_cold": 0.025,
            "add_20_over_cold": 0.125,
            "int8_cold_over_fp32_cold": 0.2,
        }
    )
    assert got["bars"] == {
        "cold_at_most_0.75x_raw_fp32_encode": False,
        "lexicon_edit_at_most_3pct_of_cold": True,
        "add_20_at_most_10pct_of_cold": False,
        "cold_at_most_quarter_of_fp32_cold": True,
    }
    sizes = [
        {"n": n, "runs": {"cold_int8": {"seconds": s}}, "raw_fp32_encode": {"seconds": s / 2}}
        for n, s in ((500, 20.0), (1000, 50.0))
    ]
    table = bench.growth(sizes)
    assert table["cold_int8"][1000] == {"seconds": 50.0, "per_1000_articles": 50.0}
    assert table["cold_int8"][500]["per_1000_articles"] == 40.0
    assert table["raw_fp32_encode"][500]["seconds"] == 10.0
