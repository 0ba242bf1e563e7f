"""Embedding backends and the cached article embedding step.

``Embedder`` is the protocol every backend follows; ``SentenceTransformerEmbedder``
is the default, ``StaticEmbedder`` the fast one (a static model distilled from
the bundled MiniLM). ``make_embedder_for`` picks one from a model name, and
``CachingEmbedder`` puts the store cache in front of any of them.
"""

from __future__ import annotations

import json
from pathlib import Path

from framing.embed.base import Embedder, HashingEmbedder, ProgressFn
from framing.embed.cache import CachingEmbedder, article_texts, embed_articles, embed_texts
from framing.embed.int8 import FP32_MODEL, INT8_ALIASES, INT8_MODEL, Int8Embedder, is_int8_model
from framing.embed.st import (
    BUNDLED_SHA256,
    BatchSize,
    SentenceTransformerEmbedder,
    auto_batch_size,
    load_embedder,
)
from framing.embed.static import FAST_ALIASES, StaticEmbedder
from framing.embed.static_build import DistillParams


def is_fast_model(model: str) -> bool:
    """Whether ``model`` names the fast static model (``fast``, ``static``...)."""
    return model.strip().lower() in FAST_ALIASES


def is_model2vec_folder(path: str | Path) -> bool:
    """Whether ``path`` is a folder saved by model2vec (its config says so)."""
    config = Path(path).expanduser() / "config.json"
    try:
        return json.loads(config.read_text(encoding="utf-8")).get("model_type") == "model2vec"
    except (OSError, ValueError, AttributeError):
        return False


def make_embedder_for(
    model: str,
    *,
    device: str | None = None,
    batch_size: BatchSize = None,
    cache_dir: str | Path | None = None,
    build_progress: ProgressFn | None = None,
) -> StaticEmbedder | SentenceTransformerEmbedder | Int8Embedder:
    """The embedder a model name asks for; nothing is loaded until first use.

    Args:
        model: ``fast`` / ``static`` / ``fast:minilm`` / ``static:minilm`` for
            the static model distilled from the bundled MiniLM (built once, then
            cached); a model2vec folder (may be written ``static:<folder>``);
            ``bundled:all-MiniLM-L6-v2-int8`` (also ``int8``, ``default``,
            ``bundled``) for the int8 MiniLM built on this machine (CPU only: with
            a CUDA device the fp32 model runs instead); anything else goes to
            ``SentenceTransformerEmbedder`` (``bundled:all-MiniLM-L6-v2``, the
            fp32 torch model, also ``fp32``; a sentence-transformers folder, or
            a hub name).
        device: torch device (for the static model, only used by its one-off build).
        batch_size: texts per forward pass for sentence-transformers (``None``:
            automatic); the static model does not use it.
        cache_dir: cache root for the static model (default: ``$FRAMING_CACHE_DIR``
            or the per-user cache folder).
        build_progress: called with (done, total) while the static model is built.
    """
    spec = model.strip()
    if is_fast_model(spec):
        return StaticEmbedder(
            "fast", cache_dir=cache_dir, device=device, build_progress=build_progress
        )
    if spec.lower().startswith("static:"):
        return StaticEmbedder(spec[len("static:") :], cache_dir=cache_dir, device=device)
    if is_model2vec_folder(spec):
        return StaticEmbedder(spec, cache_dir=cache_dir, device=device)
    if is_int8_model(spec):
        if device and not device.startswith("cpu"):
            # onnxruntime's int8 kernels are CPU kernels; a GPU runs fp32 (half) faster.
            return SentenceTransformerEmbedder(FP32_MODEL, device=device, batch_size=batch_size)
        fixed = batch_size if isinstance(batch_size, int) else None
        return Int8Embedder(cache_dir=cache_dir, batch_size=fixed, device=device)
    return SentenceTransformerEmbedder(model, device=device, batch_size=batch_size)


__all__ = [
    "BUNDLED_SHA256",
    "BatchSize",
    "CachingEmbedder",
    "DistillParams",
    "Embedder",
    "FAST_ALIASES",
    "FP32_MODEL",
    "INT8_ALIASES",
    "INT8_MODEL",
    "Int8Embedder",
    "HashingEmbedder",
    "SentenceTransformerEmbedder",
    "StaticEmbedder",
    "article_texts",
    "auto_batch_size",
    "embed_articles",
    "embed_texts",
    "is_fast_model",
    "is_int8_model",
    "is_model2vec_folder",
    "load_embedder",
    "make_embedder_for",
]
