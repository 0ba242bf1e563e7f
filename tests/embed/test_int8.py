"""The int8 MiniLM: names, model ids, the fp32 fallback, the build and its verification.

The ``model`` tests export and quantise the real bundled model once per module
into a temporary cache (15 s to 1 min on a 2-core CPU, depending on load).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from framing.embed import (
    FP32_MODEL,
    INT8_MODEL,
    CachingEmbedder,
    Int8Embedder,
    SentenceTransformerEmbedder,
    int8_build,
    is_int8_model,
    make_embedder_for,
)
from framing.embed import int8 as int8_mod
from framing.errors import ModelIntegrityError
from framing.store import Store

SENTENCES = [
    "The navy held joint military exercises near the island on Tuesday.",
    "Officials said the drills were routine and planned months ago.",
    "State media called the war games a reckless provocation.",
    "Rain is expected across the north of the country this weekend.",
    "The central bank raised interest rates by a quarter point.",
    "",
    "Yes.",
]

# -- names and ids (no model needed) ----------------------------------------------------------


@pytest.mark.parametrize("name", [INT8_MODEL, "int8", "minilm-int8", "default", "bundled"])
def test_int8_names_map_to_the_int8_embedder(name: str) -> None:
    assert is_int8_model(name)
    embedder = make_embedder_for(name, batch_size=16)
    assert isinstance(embedder, Int8Embedder)
    assert embedder.batch_size == 16


@pytest.mark.parametrize("name", [FP32_MODEL, "fp32", "minilm-fp32", "all-MiniLM-L6-v2"])
def test_int8_fp32_stays_available_by_name(name: str) -> None:
    assert not is_int8_model(name)
    assert isinstance(make_embedder_for(name), SentenceTransformerEmbedder)


def test_int8_on_a_gpu_runs_the_fp32_model() -> None:
    embedder = make_embedder_for(INT8_MODEL, device="cuda")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.model == FP32_MODEL


def test_int8_model_name_carries_source_recipe_and_onnxruntime() -> None:
    name = int8_build.int8_model_name("ab" * 32)
    assert name.startswith("minilm-int8-abababababab-")
    assert int8_build.RECIPE in name and int8_build.onnxruntime_tag() in name


def _no_onnx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(int8_mod, "int8_packages_missing", lambda: ["onnxruntime"])


def test_int8_without_onnxruntime_falls_back_to_fp32_in_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _no_onnx(monkeypatch)
    embedder = Int8Embedder(cache_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="framing.embed.int8"):
        model_id = embedder.model_id
        embedder.model_id  # noqa: B018 - asked twice, said once
    assert model_id == SentenceTransformerEmbedder(FP32_MODEL).model_id
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert "onnxruntime not installed" in warnings[0] and "fp32" in warnings[0]
    assert embedder.fallback_reason == "onnxruntime not installed"
    assert not (tmp_path / "models").exists()


def test_int8_build_failure_falls_back_to_fp32(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(dest: Path, **_kw) -> Path:
        raise RuntimeError("exporter exploded")

    monkeypatch.setattr(int8_mod, "build_int8_model", broken)
    embedder = Int8Embedder(cache_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="framing.embed.int8"):
        assert embedder.model_id == SentenceTransformerEmbedder(FP32_MODEL).model_id
    assert "exporter exploded" in embedder.fallback_reason


def test_int8_damaged_bundled_weights_are_refused_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A damaged fp32 source is the user's problem to fix, not a reason to fall back.
    embedder = Int8Embedder(cache_dir=tmp_path, expected_sha256="0" * 64)
    with pytest.raises(ModelIntegrityError):
        embedder.model_id  # noqa: B018


@pytest.mark.model
def test_int8_fallback_encodes_with_fp32(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_onnx(monkeypatch)
    vectors = Int8Embedder(cache_dir=tmp_path).encode(SENTENCES[:3])
    expected = SentenceTransformerEmbedder(FP32_MODEL).encode(SENTENCES[:3])
    np.testing.assert_allclose(vectors, expected, atol=1e-5)


# -- the real build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Int8Embedder:
    embedder = Int8Embedder(cache_dir=tmp_path_factory.mktemp("int8-cache"))
    embedder.model_id  # noqa: B018 - builds it
    return embedder


@pytest.mark.model
def test_int8_build_is_complete_verified_and_leaves_no_partial(built: Int8Embedder) -> None:
    folder = built.model_dir
    assert built.fallback_reason is None and built.is_built
    manifest = int8_build.read_manifest(folder)
    assert manifest["model_sha256"] == int8_build.sha256_file(folder / int8_build.MODEL_FILE)
    assert manifest["source_sha256"] == built.expected_sha256
    assert not list(folder.parent.glob("*.partial"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [int8_build.MANIFEST, int8_build.MODEL_FILE, "tokenizer.json"]
    )


@pytest.mark.model
def test_int8_vectors_agree_with_fp32(built: Int8Embedder) -> None:
    vectors = built.encode(SENTENCES)
    expected = SentenceTransformerEmbedder(FP32_MODEL).encode(SENTENCES)
    assert vectors.shape == expected.shape and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = (vectors * expected).sum(axis=1)
    assert np.median(cosine) >= 0.99 and cosine.min() >= 0.96
    assert built.encode([]).shape == (0, vectors.shape[1])


@pytest.mark.model
def test_int8_batching_moves_a_vector_only_within_the_bar(built: Int8Embedder) -> None:
    together = built.encode(SENTENCES)
    one_by_one = np.vstack([built.encode([s]) for s in SENTENCES])
    # Activations are quantised with one range per batch, so a text's vector
    # moves a little with its neighbours (most for the shortest texts); both
    # stay as close to fp32 as the bar asks.
    assert ((together * one_by_one).sum(axis=1) > 0.96).all()
    fp32 = SentenceTransformerEmbedder(FP32_MODEL).encode(SENTENCES)
    for vectors in (together, one_by_one):
        cosine = (vectors * fp32).sum(axis=1)
        assert np.median(cosine) >= 0.99 and cosine.min() >= 0.96


@pytest.mark.model
def test_int8_and_fp32_never_share_cached_vectors(built: Int8Embedder) -> None:
    fp32 = SentenceTransformerEmbedder(FP32_MODEL)
    assert built.model_id != fp32.model_id
    with Store(":memory:") as store:
        CachingEmbedder(built, store).encode(SENTENCES[:2])
        counting = CachingEmbedder(fp32, store)
        counting.encode(SENTENCES[:2])
        assert counting.n_encoded == 2  # nothing of the int8 model's was reused


@pytest.mark.model
def test_int8_damaged_build_is_rebuilt_on_next_use(
    built: Int8Embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(built.model_dir, cache / "models" / built.model_dir.name)
    copy = Int8Embedder(cache_dir=cache)
    assert copy.is_built
    model = copy.model_dir / int8_build.MODEL_FILE
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    assert not copy.is_built
    with caplog.at_level(logging.WARNING, logger="framing.embed.int8"):
        copy.encode(SENTENCES[:1])
    assert "damaged" in caplog.text and copy.is_built and copy.fallback_reason is None


@pytest.mark.model
def test_int8_publish_keeps_a_finished_build_another_process_made(
    built: Int8Embedder, tmp_path: Path
) -> None:
    dest = tmp_path / built.model_dir.name
    shutil.copytree(built.model_dir, dest)
    tmp = tmp_path / ".partial"
    tmp.mkdir()
    (tmp / "marker").write_text("x")
    int8_build._publish(tmp, dest, built.expected_sha256)
    assert not (dest / "marker").exists() and int8_build.is_complete(dest)
