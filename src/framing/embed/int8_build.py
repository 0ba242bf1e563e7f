"""Build the int8 MiniLM: export the bundled model to ONNX and quantise it, on this machine.

Why not ``SentenceTransformer(..., backend="onnx")``: that backend goes through
``optimum-onnx``, whose only release pins ``transformers<4.58`` while the
sentence-transformers in use needs ``transformers>=5``, so it cannot be
installed beside it. The same three steps are done here with the tools
optimum would call: ``torch.onnx.export`` of the checksum-verified bundled
weights, onnxruntime's BERT graph fusion, then onnxruntime's dynamic int8
quantisation of the matrix products, one scale per output channel (one
scale per matrix costs cosine to fp32: median 0.963 against 0.995 on the
sample's sentences).

A build runs offline, writes to a hidden temporary folder next to its
destination, and is renamed into place only once complete, with a manifest
naming the source weights' digest, the recipe, the onnxruntime version and
the SHA-256 of the quantised model, which is checked on every load.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import uuid
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from framing.embed.st import BUNDLED_SHA256, bundled_model_path, sha256_file, verify_weights

logger = logging.getLogger(__name__)

MANIFEST = "framing-int8.json"
MODEL_FILE = "model_int8.onnx"
# Bumped whenever the export or the quantisation changes, so a new recipe
# builds a new model and gets a new model id (cached vectors never mix).
RECIPE = "r1"
# The ONNX opset of the export (onnxruntime 1.16 and later run it).
OPSET = 17
SOURCE_NAME = "all-MiniLM-L6-v2"


def int8_packages_missing() -> list[str]:
    """The packages the int8 build and runtime need that are not installed."""
    return [name for name in ("onnxruntime", "onnx") if importlib.util.find_spec(name) is None]


def onnxruntime_tag() -> str:
    """``ort<major>.<minor>``: quantised graphs are rebuilt for another onnxruntime."""
    try:
        parts = version("onnxruntime").split(".")
    except PackageNotFoundError:
        return "ort-none"
    return "ort" + ".".join(parts[:2])


def int8_model_name(source_sha256: str = BUNDLED_SHA256) -> str:
    """Folder name (and model id tail) of the int8 model built from these weights."""
    return f"minilm-int8-{source_sha256[:12]}-{RECIPE}-{onnxruntime_tag()}"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The build manifest of ``folder``, or ``None`` when there is none (or it is unreadable)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_complete(folder: Path, *, source_sha256: str = BUNDLED_SHA256) -> bool:
    """Whether ``folder`` holds an intact int8 build of these weights with this recipe.

    The quantised model's SHA-256 is compared with the one recorded at build
    time, so a damaged or replaced file is never used.
    """
    found = read_manifest(folder)
    model = folder / MODEL_FILE
    return bool(
        found
        and found.get("source_sha256") == source_sha256
        and found.get("recipe") == RECIPE
        and found.get("onnxruntime") == onnxruntime_tag()
        and model.is_file()
        and (folder / "tokenizer.json").is_file()
        and found.get("model_sha256") == sha256_file(model)
    )


def _export_onnx(source: Path, dest: Path) -> dict[str, int]:
    """Trace the bundled transformer to ONNX (its last hidden state; pooling stays in numpy)."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(
        str(source), local_files_only=True, attn_implementation="eager"
    ).eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    ids = torch.ones(2, 8, dtype=torch.long)
    with warnings.catch_warnings(), torch.no_grad():
        # The tracer warns about shapes it fixes; the dynamic axes below keep
        # batch and sequence free (checked against torch by the tests).
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(model),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(dest),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=OPSET,
            dynamo=False,
        )
    config = model.config
    return {"num_heads": int(config.num_attention_heads), "hidden_size": int(config.hidden_size)}


def _fuse_and_quantise(fp32: Path, dest: Path, shape: dict[str, int]) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    fused = fp32.with_name("fused.onnx")
    optimize_model(str(fp32), model_type="bert", opt_level=1, **shape).save_model_to_file(
        str(fused)
    )
    quantize_dynamic(
        str(fused),
        str(dest),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        # The fused attention node hides some tensor types from shape inference.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def build_int8_model(
    dest: Path, *, source: Path | None = None, expected_sha256: str = BUNDLED_SHA256
) -> Path:
    """Export and quantise the bundled MiniLM into ``dest``, atomically and offline.

    Args:
        dest: the folder to create (its parent is created when missing).
        source: the fp32 sentence-transformers folder (default: the bundled one).
        expected_sha256: the digest its ``model.safetensors`` must have.

    Raises:
        ModelError, ModelIntegrityError: the source is missing or damaged.
        ImportError: onnxruntime or onnx is not installed.
    """
    source = source or bundled_model_path()
    verify_weights(source, expected_sha256)
    missing = int8_packages_missing()
    if missing:
        raise ImportError(f"the int8 model needs {' and '.join(missing)}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent))
    try:
        work = tmp / "work"
        work.mkdir()
        with _offline():
            shape = _export_onnx(source, work / "model.onnx")
            _fuse_and_quantise(work / "model.onnx", tmp / MODEL_FILE, shape)
        shutil.rmtree(work)
        shutil.copy2(source / "tokenizer.json", tmp / "tokenizer.json")
        manifest = {
            "source": SOURCE_NAME,
            "source_sha256": expected_sha256,
            "recipe": RECIPE,
            "onnxruntime": onnxruntime_tag(),
            "max_seq_length": _max_seq_length(source),
            "model_sha256": sha256_file(tmp / MODEL_FILE),
        }
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the model is not secret
        # Written last: a folder with a manifest is a finished build.
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _publish(tmp, dest, expected_sha256)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _max_seq_length(source: Path) -> int:
    """Tokens the sentence-transformers model reads (``sentence_bert_config.json``)."""
    try:
        config = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(config["max_seq_length"])
    except (OSError, ValueError, KeyError, TypeError):
        return 256


def _publish(tmp: Path, dest: Path, source_sha256: str) -> None:
    """Move a finished build into place in one rename."""
    try:
        os.rename(tmp, dest)
        return
    except OSError:
        if not dest.exists():
            raise
    if is_complete(dest, source_sha256=source_sha256):
        return  # another process finished the same build first
    # A damaged folder is in the way: swap it out, then drop it.
    trash = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.trash")
    os.rename(dest, trash)
    os.rename(tmp, dest)
    shutil.rmtree(trash, ignore_errors=True)


@contextlib.contextmanager
def _offline():
    """No Hugging Face hub call while exporting (everything is read from the local folder)."""
    previous = os.environ.get("HF_HUB_OFFLINE")
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("HF_HUB_OFFLINE", None)
        else:
            os.environ["HF_HUB_OFFLINE"] = previous
