"""Building the fast static model: offline, atomic, rebuilt when damaged.

The slow distillation is replaced by a stand-in; the real build is exercised
by the ``model`` tests of ``test_static.py``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from framing.embed import BUNDLED_SHA256, DistillParams, StaticEmbedder, static_build
from framing.embed.static_build import (
    MANIFEST,
    build_static_model,
    is_complete,
    static_model_name,
)
from framing.errors import ModelError


class FakeStatic:
    """Stands in for a distilled model; ``save_pretrained`` can fail half-way."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail

    def save_pretrained(self, path) -> None:
        Path(path, "model.safetensors").write_bytes(b"not really weights")
        if self.fail:
            raise RuntimeError("simulated crash while saving")
        Path(path, "config.json").write_text("{}")


class FakeDistill:
    """Replaces the slow distillation and counts the builds."""

    def __init__(self) -> None:
        self.calls: list[DistillParams] = []
        self.fail = False

    def __call__(self, source, params, device) -> FakeStatic:
        self.calls.append(params)
        return FakeStatic(fail=self.fail)


@pytest.fixture
def fake_distill(monkeypatch) -> FakeDistill:
    fake = FakeDistill()
    monkeypatch.setattr(static_build, "_distill", fake)
    return fake


def test_embed_static_function_word_list_is_part_of_the_tag(monkeypatch) -> None:
    before = DistillParams().tag()
    monkeypatch.setattr(static_build, "FUNCTION_WORDS", static_build.FUNCTION_WORDS | {"said"})
    assert DistillParams().tag() != before


# -- atomic build (distillation replaced by a stand-in) --------------------------


def test_embed_static_failed_build_leaves_no_model(tmp_path: Path, fake_distill) -> None:
    params = DistillParams(pca_dims=32)
    fake_distill.fail = True
    dest = tmp_path / "models" / static_model_name(params)
    with pytest.raises(RuntimeError, match="simulated crash"):
        build_static_model(dest, params=params)
    assert fake_distill.calls  # the build did run and got as far as saving
    assert not dest.exists()
    assert list(dest.parent.iterdir()) == []  # no partial folder either


def test_embed_static_build_publishes_complete_folder(tmp_path: Path, fake_distill) -> None:
    params = DistillParams(pca_dims=32)
    dest = tmp_path / "models" / static_model_name(params)
    build_static_model(dest, params=params)
    assert is_complete(dest, params)
    manifest = json.loads((dest / MANIFEST).read_text())
    assert manifest["source_sha256"] == BUNDLED_SHA256
    assert manifest["params"]["pca_dims"] == 32
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]
    # a second call finds it complete and builds nothing
    build_static_model(dest, params=params)
    assert len(fake_distill.calls) == 1


def test_embed_static_damaged_model_is_rebuilt(tmp_path: Path, fake_distill) -> None:
    params = DistillParams(pca_dims=32)
    dest = tmp_path / "models" / static_model_name(params)
    build_static_model(dest, params=params)
    (dest / "model.safetensors").write_bytes(b"damaged")
    assert not is_complete(dest, params)
    build_static_model(dest, params=params)
    assert len(fake_distill.calls) == 2
    assert is_complete(dest, params)
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]


def test_embed_static_stale_partial_builds_are_removed(tmp_path: Path, fake_distill) -> None:
    params = DistillParams(pca_dims=32)
    dest = tmp_path / "models" / static_model_name(params)
    dest.parent.mkdir(parents=True)
    stale = dest.parent / f".{dest.name}.killed.partial"
    fresh = dest.parent / f".{dest.name}.running.partial"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "model.safetensors").write_bytes(b"half")
    old = time.time() - 2 * static_build.STALE_PARTIAL_SECONDS
    os.utime(stale, (old, old))
    build_static_model(dest, params=params)
    assert not stale.exists()
    assert fresh.exists()  # may belong to a build still running elsewhere


def test_embed_static_unwritable_cache_is_a_clear_error(tmp_path: Path, fake_distill) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ModelError, match="FRAMING_CACHE_DIR"):
        StaticEmbedder(cache_dir=blocker).load()
