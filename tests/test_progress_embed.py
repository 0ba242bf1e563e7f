"""framing.progress_embed.build_model: the one-time int8 build is a stage the user sees."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from framing.embed import HashingEmbedder, Int8Embedder
from framing.embed import int8 as int8_mod
from framing.progress import ProgressEvent, Reporter
from framing.progress_embed import build_model


def test_progress_embed_int8_build_is_reported_as_a_stage_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Path] = []

    def slow_build(dest: Path, **_kw) -> Path:
        built.append(dest)
        time.sleep(1.3)  # long enough for a heartbeat while it runs
        raise RuntimeError("no exporter here")  # the fp32 fallback then, said once

    monkeypatch.setattr(int8_mod, "build_int8_model", slow_build)
    monkeypatch.setattr(int8_mod, "int8_packages_missing", lambda: [])
    embedder = Int8Embedder(cache_dir=tmp_path)
    assert embedder.needs_build
    events: list[ProgressEvent] = []
    assert build_model(embedder, Reporter(events.append))
    assert built and {e.stage for e in events} == {"model"}
    assert "int8 MiniLM once" in events[0].label and "later runs reuse it" in events[0].label
    assert [e.kind for e in events][0] == "start" and events[-1].kind == "finish"
    assert any(e.kind == "advance" for e in events)  # the heartbeat during the build
    # Built (or fallen back) once: the next run says nothing and builds nothing.
    events.clear()
    assert not embedder.needs_build and not build_model(embedder, Reporter(events.append))
    assert events == [] and len(built) == 1


def test_progress_embed_models_without_a_build_are_left_alone() -> None:
    events: list[ProgressEvent] = []
    assert not build_model(HashingEmbedder(), Reporter(events.append))
    assert events == []
