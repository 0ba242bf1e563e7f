"""The blocks benchmark's measurement: one grouping in this process, whole or in blocks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

# Loaded by file: a benchmarks/ entry on sys.path would shadow the dashboard's modules.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_blocks", Path(__file__).resolve().parents[1] / "benchmarks" / "blocks.py"
)
blocks = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_blocks"] = blocks
_SPEC.loader.exec_module(blocks)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="reads Linux /proc memory figures"
)


def test_benchmarks_blocks_child_measures_whole_and_blocked_grouping(tmp_path, monkeypatch):
    monkeypatch.setattr(blocks, "WORK", tmp_path)
    folder, model = blocks.prepare(240, 0)
    assert (folder / f"vectors-{model}.npy").is_file()
    whole = blocks.run_child(folder, model, "whole", 10.0, 100)
    split = blocks.run_child(folder, model, "days", 10.0, 100)
    counted = blocks.run_child(folder, model, "max", 10.0, 100)
    assert whole["blocks"] == 1 and split["blocks"] > 1 and counted["blocks"] > 1
    assert whole["seconds"] > 0 and whole["peak_mb"] >= 0
    assert len(np.load(folder / "labels-days.npy")) == 240
