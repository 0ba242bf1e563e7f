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
from collections.abc import Iterator, Sequence
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

FAST_ALIASES = frozenset({"fast", "static", "fast:minilm", "static:minilm"})
CACHE_ENV = "FRAMING_CACHE_DIR"
MANIFEST = "framing-static.json"
SOURCE_NAME = "all-MiniLM-L6-v2"
# A partial build folder older than this belongs to a build that was killed.
STALE_PARTIAL_SECONDS = 3600.0
# Texts per call into model2vec, so progress can be reported on long inputs.
ENCODE_SLICE = 8192

_BUILD_LOCK = threading.Lock()

# Very frequent English function words. Their vectors are scaled down after
# distillation (see the module docstring); kept short and unsurprising, so that
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


def default_cache_dir() -> Path:
    """``$FRAMING_CACHE_DIR``, else the per-user cache (``~/.cache/framing-dashboard``)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("framing-dashboard", appauthor=False))


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
            "at a writable folder."
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
                "or use the default model (leave --model out)."
            ) from exc
        except Exception as exc:
            raise ModelError(
                f"building the fast embedding model from {source} failed: {exc}. Use the default "
                "model (leave --model out) and report this error."
            ) from exc
        try:
            _save(static, dest, params, expected_sha256, started)
        except OSError as exc:
            raise ModelError(
                f"cannot write the fast embedding model to {dest.parent}: {exc}. Free some disk "
                f"space, or point {CACHE_ENV} at a writable folder with about 40 MB free."
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
        params: DistillParams = DistillParams(),
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
                "a folder saved by model2vec's StaticModel.save_pretrained, or use --model fast."
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
                "--model out to use the default model."
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
                "--model fast for the model distilled from the bundled MiniLM."
            )
        else:
            self.model_id  # noqa: B018 - fails early on a folder without weights
        try:
            static = StaticModel.from_pretrained(folder, normalize=True)
        except Exception as exc:
            raise ModelError(
                f"cannot load the static model in {folder}: {exc}. Delete that folder to have it "
                "rebuilt, or give a folder saved by model2vec."
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
