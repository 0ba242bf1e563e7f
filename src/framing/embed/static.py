"""Fast static embeddings, distilled on this machine from the bundled MiniLM.

A static model (model2vec) keeps one vector per MiniLM word piece, computed once
by running MiniLM on each piece alone, then reduced with PCA and weighted so
that frequent pieces count less. A text's vector is the mean of its pieces'
vectors: no transformer runs at encode time, so it is two orders of magnitude
faster than MiniLM on a CPU, at the price of ignoring word order and context.

Two choices differ from model2vec's defaults, both measured on event grouping
(B-cubed F1 over the eight sets of ``benchmarks/grouping.py``, default grouping
settings; median / min): as distilled, reading 512 word pieces, 0.655 / 0.226;
with the vectors of very common function words cut to a tenth, 0.793 / 0.504;
reading also only the first 128 word pieces, 0.883 / 0.786 (MiniLM: 0.910 /
0.804). model2vec guesses word frequency from the word piece's position in the
vocabulary, which is not frequency order for "the", "of" or "and", so they kept
nearly full weight and every long text's mean drifted towards one shared
"English" direction (0.80 average cosine between articles about different
events, MiniLM 0.36). The headline and the lead say what happened, as for
MiniLM's 256-piece window. The weighting also raises the agreement with MiniLM
on sentences (Spearman of 19,900 pairwise similarities: 0.53 to 0.61).

The model is built on first use from the checksum-verified bundled weights,
fully offline (72 to 117 s on a shared 2-core CPU), and kept in
``<cache>/models/<name>``. The folder name and the model id both carry the
source weights' digest, the distillation parameters and model2vec's version, so
a change of any of them builds a new model and never mixes cached vectors.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from framing.embed.base import ProgressFn
from framing.embed.st import BUNDLED_SHA256, sha256_file
from framing.embed.static_build import (
    CACHE_ENV,
    DistillParams,
    build_static_model,
    is_complete,
    model2vec_version_tag,
    static_model_name,
)
from framing.errors import ModelError

if TYPE_CHECKING:
    from model2vec import StaticModel

logger = logging.getLogger(__name__)

FAST_ALIASES = frozenset({"fast", "static", "fast:minilm", "static:minilm"})
# Texts per call into model2vec, so progress can be reported on long inputs.
ENCODE_SLICE = 8192


def default_cache_dir() -> Path:
    """``$FRAMING_CACHE_DIR``, else the per-user cache (``~/.cache/framing-dashboard``)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("framing-dashboard", appauthor=False))


class StaticEmbedder:
    """Embed texts with a static (model2vec) model: fast on any CPU.

    Args:
        model: ``fast`` (aliases ``static``, ``fast:minilm``, ``static:minilm``):
            the model distilled from the bundled all-MiniLM-L6-v2, built on
            first use; or a folder holding a model2vec model.
        cache_dir: cache root; the model lives in ``<cache_dir>/models/<name>``.
            Defaults to ``$FRAMING_CACHE_DIR`` or the per-user cache folder.
        params: distillation settings (``fast`` only).
        max_tokens: word pieces read per text; the rest is ignored. 128 (the
            headline and the lead of an article) groups events best; see above.
        device: torch device for the one-off build (``None``: CUDA if present).
        build_progress: called with (done, total) while the model is built.
        expected_sha256: checksum the bundled MiniLM weights must match.

    Attributes:
        fork_safe: inference is numpy and a Rust tokenizer, no torch, so worker
            processes forked after it was used can keep using it.
        cache_vectors: sentence vectors are not worth caching in the store:
            encoding them again is faster than reading them back.
    """

    fork_safe = True
    cache_vectors = False

    def __init__(
        self,
        model: str = "fast",
        *,
        cache_dir: str | Path | None = None,
        params: DistillParams = DistillParams(),  # noqa: B008 - frozen, so safe to share
        max_tokens: int = 128,
        device: str | None = None,
        build_progress: ProgressFn | None = None,
        expected_sha256: str = BUNDLED_SHA256,
    ) -> None:
        self.model = model
        self.cache_dir = cache_dir
        self.params = params
        self.max_tokens = max_tokens
        self.device = device
        self.build_progress = build_progress
        self.expected_sha256 = expected_sha256
        self._static: StaticModel | None = None
        self._model_id: str | None = None

    @property
    def is_distilled(self) -> bool:
        """Whether ``model`` names the model distilled here (not a folder)."""
        return self.model.strip().lower() in FAST_ALIASES

    @property
    def model_dir(self) -> Path:
        """Where the model is (or, for ``fast``, will be once built)."""
        if not self.is_distilled:
            return Path(self.model).expanduser().resolve()
        root = Path(self.cache_dir).expanduser() if self.cache_dir else default_cache_dir()
        return root / "models" / static_model_name(self.params, source_sha256=self.expected_sha256)

    @property
    def is_built(self) -> bool:
        """Whether the model is ready on disk, so loading it will not build it."""
        if not self.is_distilled:
            return self.model_dir.is_dir()
        return is_complete(self.model_dir, self.params, source_sha256=self.expected_sha256)

    @property
    def model_id(self) -> str:
        """Source weights digest, distillation parameters, model2vec version, token limit."""
        if self._model_id is None:
            if self.is_distilled:
                name = static_model_name(self.params, source_sha256=self.expected_sha256)
                self._model_id = f"{name}-len{self.max_tokens}"
            else:
                self._model_id = self._folder_model_id(self.model_dir)
        return self._model_id

    def _folder_model_id(self, folder: Path) -> str:
        weights = folder / "model.safetensors"
        if not weights.is_file():
            raise ModelError(
                f"{folder}: no model.safetensors, so this is not a model2vec model folder. Give "
                "a folder saved by model2vec's StaticModel.save_pretrained, or use --model fast.",
                code="FRM-M507",
            )
        digest = sha256_file(weights)[:12]
        return f"static-{folder.name}@{digest}-{model2vec_version_tag()}-len{self.max_tokens}"

    def load(self) -> StaticModel:
        """Load the model, building it first if it is not on disk yet."""
        if self._static is not None:
            return self._static
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise ModelError(
                "the fast embedding model needs the 'model2vec' package. Run "
                "`pip install 'model2vec>=0.10,<0.11' 'skeletoken>=0.6,<0.7'` or leave "
                "--model out to use the default model.",
                code="FRM-M508",
            ) from exc
        folder = self.model_dir
        if self.is_distilled:
            if not self.is_built:
                if folder.exists():
                    logger.warning(
                        "the static model at %s is incomplete or stale; rebuilding it", folder
                    )
                build_static_model(
                    folder,
                    params=self.params,
                    expected_sha256=self.expected_sha256,
                    device=self.device,
                    progress=self.build_progress,
                )
        elif not folder.is_dir():
            # Checked here because model2vec would try the hub for a missing path.
            raise ModelError(
                f"{folder}: no such folder. Give a folder holding a model2vec model, or use "
                "--model fast for the model distilled from the bundled MiniLM.",
                code="FRM-M509",
            )
        else:
            self.model_id  # noqa: B018 - fails early on a folder without weights
        try:
            static = StaticModel.from_pretrained(folder, normalize=True)
        except Exception as exc:
            raise ModelError(
                f"cannot load the static model in {folder}: {exc}. Delete that folder to have it "
                "rebuilt, or give a folder saved by model2vec.",
                code="FRM-M510",
            ) from exc
        # Dropped first: setting a value that differs from the config's logs a warning.
        static.config.pop("max_length", None)
        static.max_length = self.max_tokens
        if static.embedding.dtype != np.float32:
            # Sums of float16 values are slow in numpy and lose precision.
            static.embedding = static.embedding.astype(np.float32)
        self._static = static
        return static

    @property
    def dim(self) -> int:
        """Length of the vectors."""
        return int(self.load().dim)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        """Embed ``texts``; rows are L2-normalised float32.

        A text holding no known word piece (e.g. an empty string) gets a zero
        row, so that it is similar to nothing.
        """
        static = self.load()
        texts = list(texts)
        if not texts:
            return np.zeros((0, static.dim), dtype=np.float32)
        parts = []
        for start in range(0, len(texts), ENCODE_SLICE):
            part = static.encode(
                texts[start : start + ENCODE_SLICE],
                max_length=self.max_tokens,
                normalize=False,
                show_progress_bar=False,
            )
            parts.append(np.asarray(part, dtype=np.float32))
            if progress:
                progress(min(start + ENCODE_SLICE, len(texts)), len(texts))
        out = np.vstack(parts)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out
