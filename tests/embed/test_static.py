"""The fast static embedder: model ids, cache folder, loading, vectors.

The ``model`` tests distill the real static model once per module from the
bundled MiniLM into a temporary cache (20 s to 2 min on a 2-core CPU,
depending on load). The build itself, with a stand-in for the distillation,
is tested in ``test_static_build.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from framing.embed import (
    BUNDLED_SHA256,
    DistillParams,
    SentenceTransformerEmbedder,
    StaticEmbedder,
    embed_articles,
    is_fast_model,
    make_embedder_for,
    static_build,
)
from framing.embed import static as static_mod
from framing.embed.static import default_cache_dir
from framing.embed.static_build import static_model_name
from framing.errors import ModelError, ModelIntegrityError

# Records every network attempt while ``_NET["on"]``; an audit hook cannot be
# removed, so it is installed once and switched on only around the build.
_NET: dict = {"on": False, "calls": []}


def _audit(event: str, args: tuple) -> None:
    if _NET["on"] and event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
        _NET["calls"].append((event, repr(args)[:200]))
        raise OSError(f"network blocked by the test: {event}")


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The real static model, built once into a fresh cache folder."""
    cache = tmp_path_factory.mktemp("cache")
    ticks: list[tuple[int, int]] = []
    embedder = StaticEmbedder(cache_dir=cache, build_progress=lambda d, t: ticks.append((d, t)))
    env_before = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    printed = io.StringIO()
    _NET["on"] = True
    started = time.perf_counter()
    try:
        with contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
            embedder.load()
    finally:
        _NET["on"] = False
    seconds = time.perf_counter() - started
    print(f"\nstatic model built in {seconds:.1f} s")
    env_after = {k: os.environ.get(k) for k in env_before}
    return {
        "embedder": embedder,
        "cache": cache,
        "seconds": seconds,
        "ticks": ticks,
        "net": list(_NET["calls"]),
        "env": (env_before, env_after),
        "printed": printed.getvalue(),
    }


# -- names, ids, cache folder (no model needed) ---------------------------------


@pytest.mark.parametrize("name", ["fast", "static", "fast:minilm", "static:minilm", " FAST "])
def test_embed_static_aliases_map_to_static_embedder(name: str) -> None:
    assert is_fast_model(name)
    embedder = make_embedder_for(name)
    assert isinstance(embedder, StaticEmbedder)
    assert embedder.is_distilled


@pytest.mark.parametrize("name", ["bundled:all-MiniLM-L6-v2", "fp32", "some/hub-model"])
def test_embed_static_other_names_map_to_sentence_transformers(name: str) -> None:
    assert not is_fast_model(name)
    embedder = make_embedder_for(name, batch_size=16)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.batch_size == 16


def test_embed_static_model2vec_folder_maps_to_static_embedder(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "model2vec"}))
    assert isinstance(make_embedder_for(str(tmp_path)), StaticEmbedder)
    assert isinstance(make_embedder_for(f"static:{tmp_path}"), StaticEmbedder)
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    assert isinstance(make_embedder_for(str(tmp_path)), SentenceTransformerEmbedder)


def test_embed_static_model_id_names_source_params_and_version() -> None:
    model_id = StaticEmbedder().model_id
    assert BUNDLED_SHA256[:12] in model_id
    assert DistillParams().tag() in model_id
    assert "m2v0.10" in model_id
    assert model_id.endswith("-len128")
    assert model_id != f"all-MiniLM-L6-v2@{BUNDLED_SHA256[:12]}"


@pytest.mark.parametrize(
    "change",
    [
        {"params": DistillParams(pca_dims=128)},
        {"params": DistillParams(pca_dims=None)},
        {"params": DistillParams(sif_coefficient=1e-3)},
        {"params": DistillParams(sif_coefficient=None)},
        {"params": DistillParams(pooling="first")},
        {"params": DistillParams(function_word_weight=None)},
        {"params": DistillParams(function_word_weight=0.5)},
        {"max_tokens": 256},
        {"expected_sha256": "0" * 64},
    ],
)
def test_embed_static_model_id_changes_with_every_setting(change: dict) -> None:
    assert StaticEmbedder(**change).model_id != StaticEmbedder().model_id


def test_embed_static_folder_name_ignores_encode_settings() -> None:
    # max_tokens only changes how texts are read, not the model on disk.
    assert StaticEmbedder(max_tokens=64).model_dir == StaticEmbedder().model_dir
    assert StaticEmbedder(params=DistillParams(pca_dims=64)).model_dir != StaticEmbedder().model_dir


def test_embed_static_cache_dir_argument_env_and_default(monkeypatch, tmp_path: Path) -> None:
    name = static_model_name()
    monkeypatch.delenv("FRAMING_CACHE_DIR", raising=False)
    import platformdirs

    user_cache = Path(platformdirs.user_cache_dir("framing-dashboard", appauthor=False))
    assert default_cache_dir() == user_cache
    assert StaticEmbedder().model_dir == user_cache / "models" / name
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "env"))
    assert StaticEmbedder().model_dir == tmp_path / "env" / "models" / name
    by_argument = StaticEmbedder(cache_dir=tmp_path / "arg").model_dir
    assert by_argument == tmp_path / "arg" / "models" / name


def test_embed_static_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such folder"):
        StaticEmbedder(str(tmp_path / "nope")).encode(["x"])
    with pytest.raises(ModelError, match="not a model2vec model folder"):
        StaticEmbedder(str(tmp_path)).encode(["x"])


def test_embed_static_refuses_source_with_wrong_checksum(tmp_path: Path) -> None:
    with pytest.raises(ModelIntegrityError, match="refuses"):
        StaticEmbedder(cache_dir=tmp_path, expected_sha256="0" * 64).encode(["x"])
    assert not (tmp_path / "models").exists()


# -- the real model ------------------------------------------------------------

PARAPHRASES = [
    (
        "The central bank raised interest rates by half a point.",
        "Borrowing costs were increased by the central bank by 0.5 percentage points.",
        "The football club signed a new goalkeeper on Friday.",
    ),
    (
        "Thousands of people fled their homes as the river flooded the town.",
        "Floodwaters forced thousands of residents to evacuate the town.",
        "The company reported record quarterly profits from its software unit.",
    ),
    (
        "Train drivers walked out in a strike over pay.",
        "Rail drivers began industrial action demanding higher wages.",
        "Scientists discovered a new species of frog in the rainforest.",
    ),
]


@pytest.mark.model
def test_embed_static_build_is_offline_quiet_and_reports_progress(built) -> None:
    assert built["net"] == []
    assert built["printed"] == ""
    before, after = built["env"]
    assert before == after  # offline switches restored
    ticks = built["ticks"]
    assert ticks and ticks[-1][0] == ticks[-1][1] > 20_000
    assert all(a[0] <= b[0] for a, b in zip(ticks, ticks[1:], strict=False))
    assert built["embedder"].is_built


@pytest.mark.model
def test_embed_static_vectors_are_unit_float32(built) -> None:
    texts = [t for triple in PARAPHRASES for t in triple]
    vectors = built["embedder"].encode(texts)
    assert vectors.shape == (len(texts), 256)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.model
def test_embed_static_is_deterministic_and_order_free(built) -> None:
    texts = [t for triple in PARAPHRASES for t in triple]
    first = built["embedder"].encode(texts)
    again = StaticEmbedder(cache_dir=built["cache"]).encode(texts[::-1])[::-1]
    np.testing.assert_array_equal(first, again)


@pytest.mark.model
def test_embed_static_second_construction_reuses_the_cache(built, monkeypatch) -> None:
    weights = built["embedder"].model_dir / "model.safetensors"
    mtime = weights.stat().st_mtime_ns

    def no_build(*args, **kwargs):
        raise AssertionError("the cached model was rebuilt")

    monkeypatch.setattr(static_build, "_distill", no_build)
    again = StaticEmbedder(cache_dir=built["cache"])
    assert again.is_built
    assert again.encode(["a cached model"]).shape == (1, 256)
    assert weights.stat().st_mtime_ns == mtime


@pytest.mark.model
def test_embed_static_model_id_differs_from_minilm(built) -> None:
    assert built["embedder"].model_id != SentenceTransformerEmbedder().model_id


@pytest.mark.model
@pytest.mark.parametrize("anchor, paraphrase, unrelated", PARAPHRASES)
def test_embed_static_paraphrase_beats_unrelated(built, anchor, paraphrase, unrelated) -> None:
    a, p, u = built["embedder"].encode([anchor, paraphrase, unrelated])
    assert a @ p > a @ u + 0.1


@pytest.mark.model
def test_embed_static_empty_inputs(built) -> None:
    embedder = built["embedder"]
    assert embedder.encode([]).shape == (0, 256)
    assert embedder.encode([]).dtype == np.float32
    empty, function_words, emoji = embedder.encode(["", "it is what it is", "\N{GRINNING FACE}"])
    # nothing to read: a zero row, similar to nothing
    assert not empty.any() and not emoji.any()
    # only down-weighted words: still a direction
    assert np.linalg.norm(function_words) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.model
def test_embed_static_reports_encode_progress(built) -> None:
    seen: list[tuple[int, int]] = []
    n = static_mod.ENCODE_SLICE + 5
    built["embedder"].encode(["word"] * n, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(static_mod.ENCODE_SLICE, n), (n, n)]


@pytest.mark.model
def test_embed_static_truncates_at_max_tokens(built) -> None:
    lead = "Rebels shelled the northern port city overnight. "
    tail = "The football league announced its new fixture list. " * 40
    short = StaticEmbedder(cache_dir=built["cache"], max_tokens=6)  # inside the lead
    a, b = short.encode([lead, lead + tail])
    np.testing.assert_allclose(a, b, atol=1e-6)
    a, b = StaticEmbedder(cache_dir=built["cache"], max_tokens=512).encode([lead, lead + tail])
    assert a @ b < 0.9


@pytest.mark.model
def test_embed_static_folder_model_matches_the_fast_one(built) -> None:
    folder = built["embedder"].model_dir
    by_path = make_embedder_for(str(folder))
    assert isinstance(by_path, StaticEmbedder)
    assert by_path.model_id.startswith(f"static-{folder.name}@")
    texts = [t for triple in PARAPHRASES for t in triple]
    np.testing.assert_allclose(by_path.encode(texts), built["embedder"].encode(texts), atol=1e-6)


@pytest.mark.model
def test_embed_static_embeds_articles(built) -> None:
    import pandas as pd

    articles = pd.DataFrame(
        {"title": ["Flood in the north", "Flood hits the north"], "text": ["Water rose.", "Rain."]}
    )
    vectors, n_new = embed_articles(articles, built["embedder"])
    assert vectors.shape == (2, 256) and n_new == 2
    assert vectors[0] @ vectors[1] > 0.5
