"""Batch size of the sentence-transformers backend: CPU default, CUDA rule, OOM retry.

No GPU is needed: the model is replaced by a stand-in that behaves like a
sentence-transformers model on CUDA (out-of-memory above a set batch size),
and ``torch.cuda.mem_get_info`` is patched; everything else is the real code
path of ``SentenceTransformerEmbedder``. One ``model`` test runs the retry
with the real MiniLM on the CPU.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch

from framing.embed import SentenceTransformerEmbedder, auto_batch_size
from framing.embed import st as st_mod
from framing.errors import ModelError

GiB = 1 << 30
MiB = 1 << 20


class FakeSentenceTransformer:
    """Like a loaded SentenceTransformer for what the embedder uses.

    Args:
        oom_above: batch sizes above this raise ``torch.cuda.OutOfMemoryError``
            (``None``: never; ``0``: always).
    """

    max_seq_length = 256

    def __init__(self, oom_above: int | None = None, dim: int = 384) -> None:
        self.oom_above = oom_above
        self.dim = dim
        self.weight = torch.nn.Parameter(torch.zeros(2))
        self.calls: list[tuple[int, int]] = []  # (texts, batch_size) per encode call
        self.halved = False

    def half(self) -> FakeSentenceTransformer:
        self.weight = torch.nn.Parameter(self.weight.detach().half())
        self.halved = True
        return self

    def parameters(self):
        return iter([self.weight])

    def get_embedding_dimension(self) -> int:
        return self.dim

    def encode(self, texts, *, batch_size, **kwargs) -> np.ndarray:
        self.calls.append((len(texts), batch_size))
        if self.oom_above is not None and batch_size > self.oom_above:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return np.stack([_vector(t, self.dim) for t in texts])


def _vector(text: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
    v = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return v / np.linalg.norm(v)


class Cuda:
    """Patched ``torch.cuda`` memory functions, with a record of their calls."""

    def __init__(self, free: int | None, total: int = 80 * GiB) -> None:
        self.free, self.total = free, total
        self.asked: list = []
        self.emptied = 0

    def mem_get_info(self, device=None):
        self.asked.append(device)
        if self.free is None:
            raise RuntimeError("the driver cannot report memory")
        return self.free, self.total

    def empty_cache(self) -> None:
        self.emptied += 1


@pytest.fixture
def install(monkeypatch, tmp_path: Path):
    """Make embedders load a given stand-in model and see a given CUDA memory state."""

    def _install(fake: FakeSentenceTransformer, free: int | None = 12 * GiB) -> Cuda:
        cuda = Cuda(free)
        monkeypatch.setattr(
            SentenceTransformerEmbedder,
            "_construct",
            staticmethod(lambda cls, name, device, *, offline: fake),
        )
        monkeypatch.setattr(torch.cuda, "mem_get_info", cuda.mem_get_info)
        monkeypatch.setattr(torch.cuda, "empty_cache", cuda.empty_cache)
        return cuda

    return _install


def embedder(tmp_path: Path, **kwargs) -> SentenceTransformerEmbedder:
    # A local folder spec: the real loading branch, with no weights to hash.
    return SentenceTransformerEmbedder(str(tmp_path), **kwargs)


TEXTS = [f"sentence number {i} about the news" for i in range(600)]


# -- the rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    "free, seq, dim, nbytes, expected",
    [
        (12 * GiB, 256, 384, 2, 1024),  # 6 MiB a text, half of 12 GiB: 1024 (the cap)
        (80 * GiB, 256, 384, 2, 1024),  # capped
        (6 * GiB, 256, 384, 2, 512),
        (3 * GiB, 256, 384, 2, 256),
        (3 * GiB - 1, 256, 384, 2, 128),  # rounded down to a power of two
        (3 * GiB, 256, 384, 4, 128),  # float32 takes twice the room
        (3 * GiB, 512, 768, 2, 64),  # a bigger model
        (12 * MiB, 256, 384, 2, 1),
        (0, 256, 384, 2, 1),  # never below one
    ],
)
def test_embed_st_auto_batch_rule(free, seq, dim, nbytes, expected) -> None:
    got = auto_batch_size(free, max_seq_length=seq, hidden_dim=dim, bytes_per_value=nbytes)
    assert got == expected


def test_embed_st_auto_batch_is_monotone_power_of_two() -> None:
    sizes = [
        auto_batch_size(f * MiB, max_seq_length=256, hidden_dim=384) for f in range(0, 20000, 97)
    ]
    assert sizes == sorted(sizes)
    assert all(s & (s - 1) == 0 and 1 <= s <= st_mod.MAX_AUTO_BATCH_SIZE for s in sizes)


# -- CPU: unchanged behaviour --------------------------------------------------


@pytest.mark.parametrize("batch_size", [None, "auto", 32])
def test_embed_st_cpu_batches_of_32_in_slices_of_256(install, tmp_path, batch_size) -> None:
    fake = FakeSentenceTransformer()
    cuda = install(fake)
    emb = embedder(tmp_path, device="cpu", batch_size=batch_size)
    out = emb.encode(TEXTS)
    assert emb.resolved_batch_size() == 32
    assert fake.calls == [(256, 32), (256, 32), (88, 32)]
    assert cuda.asked == []  # CUDA memory is never looked at on a CPU
    assert not fake.halved
    np.testing.assert_array_equal(out, np.stack([_vector(t, 384) for t in TEXTS]))


def test_embed_st_cpu_keeps_a_fixed_batch_size(install, tmp_path) -> None:
    fake = FakeSentenceTransformer()
    install(fake)
    embedder(tmp_path, device="cpu", batch_size=7).encode(TEXTS[:100])
    assert fake.calls == [(56, 7), (44, 7)]


@pytest.mark.parametrize("bad", [0, -4, "big", 2.5, True])
def test_embed_st_rejects_unusable_batch_size(install, tmp_path, bad) -> None:
    install(FakeSentenceTransformer())
    with pytest.raises(ModelError, match="batch_size"):
        embedder(tmp_path, device="cpu", batch_size=bad).encode(["x"])


# -- CUDA: sized from free memory ----------------------------------------------


@pytest.mark.parametrize(
    "free, expected", [(12 * GiB, 1024), (3 * GiB, 256), (int(1.5 * GiB), 128), (None, 32)]
)
def test_embed_st_cuda_auto_batch_from_free_memory(install, tmp_path, free, expected) -> None:
    fake = FakeSentenceTransformer()
    cuda = install(fake, free=free)
    emb = embedder(tmp_path, device="cuda:0")
    emb.encode(TEXTS)
    assert fake.halved  # half precision on CUDA, as before
    assert str(cuda.asked[0]) == "cuda:0"
    assert emb.resolved_batch_size() == expected
    assert {b for _, b in fake.calls} == {expected}
    assert fake.calls[0][0] == min(len(TEXTS), expected * 8)


def test_embed_st_cuda_keeps_a_fixed_batch_size(install, tmp_path) -> None:
    fake = FakeSentenceTransformer()
    cuda = install(fake, free=80 * GiB)
    embedder(tmp_path, device="cuda", batch_size=48).encode(TEXTS)
    assert {b for _, b in fake.calls} == {48}
    assert cuda.asked == []


# -- CUDA: out of memory -------------------------------------------------------


def test_embed_st_oom_halves_retries_and_remembers(install, tmp_path) -> None:
    fake = FakeSentenceTransformer(oom_above=100)
    cuda = install(fake, free=12 * GiB)
    emb = embedder(tmp_path, device="cuda")
    texts = [f"text {i}" for i in range(9000)]
    out = emb.encode(texts)
    # 1024 -> 512 -> 256 -> 128 -> 64 on the first slice of 8192, then 64 onwards
    assert [b for _, b in fake.calls[:5]] == [1024, 512, 256, 128, 64]
    assert [n for n, _ in fake.calls[:5]] == [8192] * 5
    assert fake.calls[5:] == [(808, 64)]
    assert cuda.emptied == 4
    np.testing.assert_array_equal(out, np.stack([_vector(t, 384) for t in texts]))
    # the next call starts at the size that fitted, even with plenty of memory free
    fake.calls.clear()
    emb.encode(texts[:10])
    assert fake.calls == [(10, 64)]
    assert emb.resolved_batch_size() == 64


def test_embed_st_oom_with_a_fixed_batch_size_also_halves(install, tmp_path) -> None:
    fake = FakeSentenceTransformer(oom_above=40)
    install(fake)
    emb = embedder(tmp_path, device="cuda", batch_size=64)
    emb.encode(TEXTS)  # slices of 512 texts
    assert fake.calls == [(512, 64), (512, 32), (88, 32)]


def test_embed_st_oom_at_batch_one_is_a_clear_error(install, tmp_path) -> None:
    fake = FakeSentenceTransformer(oom_above=0)
    install(fake, free=1 * GiB)
    with pytest.raises(ModelError, match="--device cpu"):
        embedder(tmp_path, device="cuda").encode(TEXTS[:10])
    assert fake.calls[-1] == (10, 1)


def test_embed_st_other_errors_are_not_retried(install, tmp_path) -> None:
    fake = FakeSentenceTransformer()

    def broken(texts, *, batch_size, **kwargs):
        fake.calls.append((len(texts), batch_size))
        raise RuntimeError("CUDA error: device-side assert triggered")

    fake.encode = broken
    install(fake)
    with pytest.raises(RuntimeError, match="device-side"):
        embedder(tmp_path, device="cuda").encode(TEXTS[:10])
    assert len(fake.calls) == 1


@pytest.mark.model
def test_embed_st_oom_retry_gives_the_same_vectors_with_the_real_model(monkeypatch) -> None:
    texts = TEXTS[:300]
    plain = SentenceTransformerEmbedder(device="cpu")
    expected = plain.encode(texts)

    emb = SentenceTransformerEmbedder(device="cpu")
    model = emb._load()
    real_encode = model.encode
    seen: list[int] = []

    def tight_memory(sentences, *, batch_size, **kwargs):
        seen.append(batch_size)
        if batch_size > 8:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        return real_encode(sentences, batch_size=batch_size, **kwargs)

    monkeypatch.setattr(model, "encode", tight_memory)
    out = emb.encode(texts)
    assert seen[:3] == [32, 16, 8] and set(seen[3:]) == {8}
    np.testing.assert_allclose(out, expected, atol=1e-5)


def test_embed_st_bundled_model_id_is_known_without_loading(monkeypatch) -> None:
    """Checking for stored results must not load the model (it costs seconds)."""
    from framing.embed.st import BUNDLED_SHA256, SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()

    def refuse(self):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(SentenceTransformerEmbedder, "_load", refuse)
    assert embedder.model_id == f"all-MiniLM-L6-v2@{BUNDLED_SHA256[:12]}"
