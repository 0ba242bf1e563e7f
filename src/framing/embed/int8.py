"""The int8 MiniLM: the bundled model, quantised on this machine, run by onnxruntime.

Built once into ``<cache>/models/<name>`` (see ``framing.embed.int8_build``)
and verified on every load against the digest its build recorded. A text is
read exactly as sentence-transformers reads it (the same tokenizer file, the
same 256-piece limit, mean pooling over real tokens, unit length), so only
the quantised matrix products differ from the fp32 model; the measured
agreement is in docs/performance.md.

When onnxruntime or onnx is missing, or the build fails, the embedder says so
in one warning and runs the fp32 MiniLM instead: an analysis never fails
for want of the faster path. Its model id is then the fp32 one, so cached
vectors of the two never mix.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from framing.embed.base import ProgressFn
from framing.embed.int8_build import (
    MODEL_FILE,
    SOURCE_NAME,
    build_int8_model,
    int8_model_name,
    int8_packages_missing,
    is_complete,
    read_manifest,
)
from framing.embed.st import (
    BUNDLED_SHA256,
    CPU_BATCH_SIZE,
    FP32_MODEL,
    SentenceTransformerEmbedder,
)
from framing.embed.static import default_cache_dir
from framing.errors import ModelError

logger = logging.getLogger(__name__)

INT8_MODEL = "bundled:all-MiniLM-L6-v2-int8"
INT8_ALIASES = frozenset(
    {INT8_MODEL, "int8", "minilm-int8", "all-MiniLM-L6-v2-int8", "bundled", "default"}
)
# Texts tokenized and length-sorted together, so batches hold texts of
# similar length (little padding) and progress is reported as it goes.
ENCODE_SLICE = 1024


def is_int8_model(model: str) -> bool:
    """Whether ``model`` names the int8 MiniLM."""
    return model.strip() in INT8_ALIASES or model.strip().lower() in INT8_ALIASES


class Int8Embedder:
    """Embed texts with the int8 MiniLM (building it on first use), or fp32 MiniLM without it.

    Args:
        cache_dir: cache root; the model lives in ``<cache_dir>/models/<name>``.
            Defaults to ``$FRAMING_CACHE_DIR`` or the per-user cache folder.
        batch_size: texts per forward pass (``None``: 32).
        expected_sha256: checksum the bundled fp32 weights must match.
        device: only used by the fp32 fallback.

    Attributes:
        fork_safe: ``False``: an onnxruntime session is not shared across a fork.
        fallback_reason: why the fp32 model is used instead, or ``None``.
    """

    fork_safe = False

    def __init__(
        self,
        *,
        cache_dir: str | Path | None = None,
        batch_size: int | None = None,
        expected_sha256: str = BUNDLED_SHA256,
        device: str | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.expected_sha256 = expected_sha256
        self.device = device
        self.fallback_reason: str | None = None
        self._fallback: SentenceTransformerEmbedder | None = None
        self._ready = False
        self._verified = False
        self._session = None
        self._tokenizer = None
        self._max_seq_length = 256

    @property
    def model_dir(self) -> Path:
        """Where the int8 model is (or will be) built."""
        root = Path(self.cache_dir).expanduser() if self.cache_dir else default_cache_dir()
        return root / "models" / int8_model_name(self.expected_sha256)

    @property
    def is_built(self) -> bool:
        """Whether an intact build is on disk (its digest is checked)."""
        return is_complete(self.model_dir, source_sha256=self.expected_sha256)

    @property
    def model_id(self) -> str:
        """The int8 model's id (source digest, recipe, onnxruntime), or the fp32 one in fallback."""
        self._ensure()
        if self._fallback is not None:
            return self._fallback.model_id
        return f"{SOURCE_NAME}-int8@{int8_model_name(self.expected_sha256)}"

    @property
    def source_model_id(self) -> str:
        """The fp32 model's id: what was quantised, so heads trained on it apply here too."""
        fp32 = SentenceTransformerEmbedder(FP32_MODEL, expected_sha256=self.expected_sha256)
        return fp32.model_id

    @property
    def max_seq_length(self) -> int:
        """Tokens the model reads before truncating."""
        self._ensure()
        if self._fallback is not None:
            return self._fallback.max_seq_length
        return self._max_seq_length

    build_label = (
        "Building the int8 MiniLM once, from the bundled weights on this machine "
        "(15 to 60 s on an idle 2-core machine; later runs reuse it)"
    )

    @property
    def needs_build(self) -> bool:
        """Whether the first use will build the model (it is missing, and can be built)."""
        if self._ready or int8_packages_missing():
            return False
        # Checked once per embedder: the check hashes the model file (about 0.1 s).
        self._verified = self._verified or self.is_built
        return not self._verified

    def build(self) -> None:
        """Build the int8 model now if it is missing (or fall back to fp32, said once)."""
        self._ensure()

    def _use_fp32(self, reason: str) -> None:
        self.fallback_reason = reason
        logger.warning(
            "int8 MiniLM unavailable (%s); using the fp32 MiniLM instead (slower, same "
            "results within rounding). `make install` installs onnxruntime and onnx.",
            reason,
        )
        self._fallback = SentenceTransformerEmbedder(
            FP32_MODEL,
            device=self.device,
            batch_size=self.batch_size,
            expected_sha256=self.expected_sha256,
        )

    def _ensure(self) -> None:
        """Build the int8 model when it is missing or damaged, or fall back to fp32."""
        if self._ready:
            return
        self._ready = True
        missing = int8_packages_missing()
        if missing:
            self._use_fp32(f"{' and '.join(missing)} not installed")
            return
        folder = self.model_dir
        if self._verified or self.is_built:
            return
        if folder.exists():
            logger.warning("the int8 model at %s is incomplete or damaged; rebuilding it", folder)
        else:
            logger.info("building the int8 MiniLM once, into %s", folder)
        try:
            build_int8_model(folder, expected_sha256=self.expected_sha256)
        except ModelError:
            raise  # the bundled weights themselves are missing or damaged
        except Exception as exc:  # any export failure means fp32, said once
            self._use_fp32(f"building it failed: {type(exc).__name__}: {exc}")

    def _load(self):
        if self._session is not None:
            return self._session, self._tokenizer
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = self.model_dir
        manifest = read_manifest(folder) or {}
        self._max_seq_length = int(manifest.get("max_seq_length", 256))
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(self._max_seq_length)
        options = ort.SessionOptions()
        options.log_severity_level = 3  # onnxruntime's own notices are not the user's business
        self._session = ort.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer
        return self._session, tokenizer

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        """Embed ``texts``; rows are L2-normalised float32."""
        self._ensure()
        if self._fallback is not None:
            return self._fallback.encode(texts, progress=progress)
        session, tokenizer = self._load()
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out: np.ndarray | None = None
        batch = self.batch_size or CPU_BATCH_SIZE
        for start in range(0, len(texts), ENCODE_SLICE):
            part = texts[start : start + ENCODE_SLICE]
            encodings = tokenizer.encode_batch(part)
            order = np.argsort([len(e.ids) for e in encodings], kind="stable")
            for b in range(0, len(order), batch):
                rows = order[b : b + batch]
                vectors = _run(session, [encodings[i] for i in rows])
                if out is None:
                    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
                out[start + rows] = vectors
            if progress:
                progress(min(start + ENCODE_SLICE, len(texts)), len(texts))
        assert out is not None
        return out


def _run(session, encodings) -> np.ndarray:
    """Mean-pooled, unit-length vectors of one batch of tokenized texts."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, e in enumerate(encodings):
        n = len(e.ids)
        ids[row, :n] = e.ids
        mask[row, :n] = 1
        types[row, :n] = e.type_ids
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[
        0
    ]
    summed = (hidden * mask[..., None]).sum(axis=1)
    pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
