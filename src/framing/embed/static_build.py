"""Build the fast static model: distil the bundled MiniLM, then publish it atomically.

Why the distillation differs from model2vec's defaults (the weight of function
words, the token limit) is explained in ``framing.embed.static``, which loads
the model built here. A build runs fully offline from the checksum-verified
bundled weights, writes to a hidden temporary folder next to its destination
and renames it into place only once complete, with a manifest naming the source
weights' digest, the distillation parameters and model2vec's version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from framing.embed.base import ProgressFn
from framing.embed.st import BUNDLED_SHA256, bundled_model_path, sha256_file, verify_weights
from framing.errors import ModelError

if TYPE_CHECKING:
    from model2vec import StaticModel

logger = logging.getLogger(__name__)

CACHE_ENV = "FRAMING_CACHE_DIR"
MANIFEST = "framing-static.json"
SOURCE_NAME = "all-MiniLM-L6-v2"
# A partial build folder older than this belongs to a build that was killed.
STALE_PARTIAL_SECONDS = 3600.0

_BUILD_LOCK = threading.Lock()

# Very frequent English function words. Their vectors are scaled down after
# distillation (see ``framing.embed.static``); kept short and unsurprising, so that
# no content word ("fire", "bill") is touched.
_FUNCTION_WORDS_TEXT = """
    a an the this that these those some any each every all both either neither no such
    i me my mine we us our ours you your yours he him his she her hers it its they them
    their theirs who whom whose which what myself yourself himself herself itself
    ourselves themselves is are was were be been being am have has had having do does
    did doing will would shall should can could may might must of to in on at by for
    with from into onto about above below over under after before between among through
    during against without within across along around near off out up down than upon
    via toward towards and or but nor so yet if then because as while when where whether
    although though also not there here very just too only
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


@dataclass(frozen=True)
class DistillParams:
    """How the static model is distilled; every field is part of the model id.

    Attributes:
        pca_dims: output dimension after PCA (``None`` keeps MiniLM's 384);
            256 is model2vec's default.
        sif_coefficient: strength of the down-weighting of frequent word
            pieces (model2vec's default 1e-4); ``None`` turns it off.
        pooling: how MiniLM's output for one word piece is pooled.
        function_word_weight: factor on the vectors of ``FUNCTION_WORDS``
            (``None`` leaves them as distilled). Not zero, so that a text made
            only of such words still gets a direction.
    """

    pca_dims: int | None = 256
    sif_coefficient: float | None = 1e-4
    pooling: Literal["mean", "first"] = "mean"
    function_word_weight: float | None = 0.1

    def tag(self) -> str:
        """A short, file-name-safe summary, e.g. ``pca256-sif0.0001-mean-fw0.1x1a2b3c``."""
        pca = "none" if self.pca_dims is None else str(self.pca_dims)
        sif = "none" if self.sif_coefficient is None else f"{self.sif_coefficient:g}"
        tag = f"pca{pca}-sif{sif}-{self.pooling}"
        if self.function_word_weight is not None:
            words = " ".join(sorted(FUNCTION_WORDS)).encode()
            tag += f"-fw{self.function_word_weight:g}x{hashlib.sha256(words).hexdigest()[:6]}"
        return tag


def model2vec_version_tag() -> str:
    """``m2v<major>`` (``m2v0.<minor>`` before 1.0, where minors may break)."""
    from model2vec.version import __version__

    parts = __version__.split(".")
    return f"m2v{parts[0]}" if parts[0] != "0" else f"m2v0.{parts[1]}"


def static_model_name(
    params: DistillParams = DistillParams(), *, source_sha256: str = BUNDLED_SHA256
) -> str:
    """Folder name of the static model distilled with ``params``."""
    return f"static-{SOURCE_NAME}-{source_sha256[:12]}-{params.tag()}-{model2vec_version_tag()}"


def _manifest(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_complete(
    folder: Path, params: DistillParams, *, source_sha256: str = BUNDLED_SHA256
) -> bool:
    """Whether ``folder`` holds an intact model built from this source with ``params``."""
    found = _manifest(folder)
    if not found:
        return False
    weights = folder / "model.safetensors"
    return (
        found.get("source_sha256") == source_sha256
        and found.get("params") == asdict(params)
        and found.get("model2vec") == model2vec_version_tag()
        and weights.is_file()
        and found.get("weights_sha256") == sha256_file(weights)
    )


@contextlib.contextmanager
def _offline() -> Iterator[None]:
    """Forbid every Hugging Face hub call while distilling.

    The variables cover libraries imported from here on; ``huggingface_hub``
    reads them once at import, so its constant is switched as well.
    """
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    saved_env = {name: os.environ.get(name) for name in names}
    os.environ.update({name: "1" for name in names})
    import huggingface_hub.constants as hub_constants

    saved_flag = hub_constants.HF_HUB_OFFLINE
    hub_constants.HF_HUB_OFFLINE = True
    try:
        yield
    finally:
        hub_constants.HF_HUB_OFFLINE = saved_flag
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _Bar:
    """Stands in for tqdm inside model2vec: draws nothing, forwards counts."""

    callback: ProgressFn | None = None

    def __init__(self, *args: Any, total: int | None = None, **kwargs: Any) -> None:
        self.total = int(total or 0)
        self.n = 0

    def update(self, n: int = 1) -> None:
        self.n += n
        if self.callback:
            self.callback(min(self.n, self.total), self.total)

    def close(self) -> None:
        pass

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


@contextlib.contextmanager
def _quiet(progress: ProgressFn | None) -> Iterator[None]:
    """Silence the progress bars of transformers and model2vec during a build."""
    from model2vec.distill import inference
    from transformers.utils import logging as hf_logging

    bar = type("_BoundBar", (_Bar,), {"callback": staticmethod(progress) if progress else None})
    had_bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    saved = inference.tqdm
    inference.tqdm = bar
    try:
        yield
    finally:
        inference.tqdm = saved
        if had_bar:
            hf_logging.enable_progress_bar()


def _distill(source: Path, params: DistillParams, device: str | None) -> StaticModel:
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(str(source), local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True, use_fast=True)
    static = distill_from_model(
        model,
        tokenizer,
        device=device,
        pca_dims=params.pca_dims,
        sif_coefficient=params.sif_coefficient,
        pooling=params.pooling,
        # float32 on disk: 30 MB, no rounding, and numpy has no fast float16 maths.
        quantize_to="float32",
    )
    if params.function_word_weight is not None:
        rows = [i for i, token in enumerate(static.tokens) if token in FUNCTION_WORDS]
        static.embedding[rows] *= np.float32(params.function_word_weight)
    return static


def _remove_stale_partials(parent: Path, name: str) -> None:
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for old in parent.glob(f".{name}.*.partial"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)


def _publish(tmp: Path, dest: Path, params: DistillParams, source_sha256: str) -> None:
    """Move a finished build into place in one rename."""
    try:
        os.rename(tmp, dest)
        return
    except OSError:
        if not dest.exists():
            raise
    if is_complete(dest, params, source_sha256=source_sha256):
        return  # another process finished the same build first
    # A damaged folder is in the way: swap it out, then drop it.
    trash = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.trash")
    os.rename(dest, trash)
    os.rename(tmp, dest)
    shutil.rmtree(trash, ignore_errors=True)


def build_static_model(
    dest: Path,
    *,
    params: DistillParams = DistillParams(),
    source: Path | None = None,
    expected_sha256: str = BUNDLED_SHA256,
    device: str | None = None,
    progress: ProgressFn | None = None,
) -> Path:
    """Distill MiniLM into a static model at ``dest``, atomically and offline.

    The model is written to a hidden temporary folder next to ``dest`` and
    renamed into place only once complete, so an interrupted build never
    leaves a half model behind.

    Args:
        dest: the model folder to create (its parent is created if needed).
        params: distillation settings.
        source: the sentence-transformers folder to distill; the bundled MiniLM
            by default. Its ``model.safetensors`` must match ``expected_sha256``.
        expected_sha256: checksum of the source weights.
        device: torch device for the one-off forward passes; ``None`` picks CUDA
            when available.
        progress: called with (word pieces done, total) during the build.

    Returns:
        ``dest``.

    Raises:
        ModelIntegrityError: the source weights fail their checksum.
        ModelError: model2vec is missing or the distillation failed.
    """
    source = source or bundled_model_path()
    verify_weights(source, expected_sha256)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"cannot create the model cache folder {dest.parent}: {exc}. Point {CACHE_ENV} "
            "at a writable folder.",
            code="FRM-M511",
        ) from exc
    _remove_stale_partials(dest.parent, dest.name)
    started = time.perf_counter()
    with _BUILD_LOCK:
        if is_complete(dest, params, source_sha256=expected_sha256):
            return dest  # built by another thread while this one waited
        try:
            with _offline(), _quiet(progress):
                static = _distill(source, params, device)
        except ImportError as exc:
            raise ModelError(
                f"the fast embedding model cannot be built: {exc}. Install model2vec and "
                "skeletoken (`pip install 'model2vec>=0.10,<0.11' 'skeletoken>=0.6,<0.7'`), "
                "or use the default model (leave --model out).",
                code="FRM-M512",
            ) from exc
        except Exception as exc:
            raise ModelError(
                f"building the fast embedding model from {source} failed: {exc}. Use the default "
                "model (leave --model out) and report this error.",
                code="FRM-M513",
            ) from exc
        try:
            _save(static, dest, params, expected_sha256, started)
        except OSError as exc:
            raise ModelError(
                f"cannot write the fast embedding model to {dest.parent}: {exc}. Free some disk "
                f"space, or point {CACHE_ENV} at a writable folder with about 40 MB free.",
                code="FRM-M514",
            ) from exc
    logger.info("built the static model %s in %.0f s", dest, time.perf_counter() - started)
    return dest


def _save(
    static: StaticModel, dest: Path, params: DistillParams, source_sha256: str, started: float
) -> None:
    """Write the model next to ``dest`` and rename it into place when complete."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent))
    try:
        static.save_pretrained(tmp)
        manifest = {
            "source": SOURCE_NAME,
            "source_sha256": source_sha256,
            "params": asdict(params),
            "model2vec": model2vec_version_tag(),
            "weights_sha256": sha256_file(tmp / "model.safetensors"),
            "build_seconds": round(time.perf_counter() - started, 1),
        }
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the model is not secret
        # Written last: a folder with a manifest is a finished build.
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _publish(tmp, dest, params, source_sha256)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
