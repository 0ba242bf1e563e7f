"""The store as an embedding cache: ``CachingEmbedder`` and the article vectors."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from framing.embed import CachingEmbedder, HashingEmbedder, embed_articles, embed_texts
from framing.embed.base import Embedder
from framing.store import Store, text_hash


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite3") as s:
        yield s


class CountingEmbedder:
    """Fake embedder: deterministic unit vectors, records every text it encodes."""

    model_id = "fake-counting-3"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], *, progress=None) -> np.ndarray:
        self.calls.append(list(texts))
        raw = np.array(
            [[len(t) + 1.0, sum(map(ord, t)) % 97 + 1.0, t.count(" ") + 1.0] for t in texts],
            dtype=np.float32,
        ).reshape(len(texts), 3)
        return raw / np.linalg.norm(raw, axis=1, keepdims=True)


def test_cache_embed_texts_uses_the_store(store):
    embedder = CountingEmbedder()
    cached = CachingEmbedder(embedder, store)
    texts = ["storm hits the coast", "power restored", "storm hits the coast"]

    first, n_first = embed_texts(texts, cached)
    assert n_first == 2
    assert embedder.calls == [["storm hits the coast", "power restored"]]
    assert first.shape == (3, 3) and first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-6)
    assert store.count_embeddings(embedder.model_id) == 2

    second, n_second = embed_texts(texts, cached)
    assert n_second == 0
    assert len(embedder.calls) == 1
    np.testing.assert_array_equal(second, first)

    changed = ["storm hits the coast", "power restored on Friday", "storm hits the coast"]
    third, n_third = embed_texts(changed, cached)
    assert n_third == 1
    assert embedder.calls[-1] == ["power restored on Friday"]
    np.testing.assert_array_equal(third[[0, 2]], first[[0, 2]])
    assert not np.array_equal(third[1], first[1])
    assert store.count_embeddings(embedder.model_id) == 3
    assert set(store.get_embeddings(embedder.model_id, [text_hash(t) for t in changed])) == {
        text_hash(t) for t in changed
    }

    assert cached.n_encoded == 3


def test_cache_is_an_embedder_and_passes_the_wrapped_ones_attributes(store) -> None:
    class Fast(HashingEmbedder):
        fork_safe = True
        cache_vectors = False

    inner = Fast(32)
    cached = CachingEmbedder(inner, store)
    assert isinstance(cached, Embedder)
    assert cached.model_id == inner.model_id
    assert cached.fork_safe is True and cached.cache_vectors is False
    np.testing.assert_array_equal(cached.encode(["a b c"]), inner.encode(["a b c"]))
    with pytest.raises(AttributeError):
        _ = cached.no_such_attribute


def test_cache_is_bypassed_in_another_process(store, monkeypatch) -> None:
    """A forked worker must not use the parent's SQLite connection."""
    embedder = CountingEmbedder()
    cached = CachingEmbedder(embedder, store)
    monkeypatch.setattr(os, "getpid", lambda: -1)
    vectors, n_new = embed_texts(["x y", "x y", "z"], cached)
    assert n_new == 2 and vectors.shape == (3, 3)
    assert embedder.calls == [["x y", "z"]]
    assert store.count_embeddings() == 0


def test_cache_plain_embedder_encodes_each_distinct_text_once() -> None:
    embedder = CountingEmbedder()
    vectors, n_new = embed_texts(["b", "a", "b"], embedder)
    assert n_new == 2 and embedder.calls == [["b", "a"]]
    np.testing.assert_array_equal(vectors[0], vectors[2])
    empty, n_empty = embed_texts([], embedder)
    assert empty.shape == (0, 0) and n_empty == 0


@pytest.mark.parametrize("representation", ["title_lead", "chunks"])
def test_cache_article_vectors_are_the_same_with_or_without_the_store(
    store, representation
) -> None:
    articles = pd.DataFrame(
        {
            "title": ["Storm hits", "Power back"],
            "text": ["Rain and floods. Trees fell.", "Electricity was restored on Friday."],
        }
    )
    plain, _ = embed_articles(articles, HashingEmbedder(64), representation=representation)
    cached = CachingEmbedder(HashingEmbedder(64), store)
    first, n_first = embed_articles(articles, cached, representation=representation)
    again, n_again = embed_articles(articles, cached, representation=representation)
    np.testing.assert_allclose(first, plain)
    np.testing.assert_array_equal(first, again)
    assert n_first > 0 and n_again == 0
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)


class FailingEmbedder(CountingEmbedder):
    """Stops like a killed run: raises on the call after ``ok_calls`` calls."""

    def __init__(self, ok_calls: int) -> None:
        super().__init__()
        self.ok_calls = ok_calls

    def encode(self, texts: Sequence[str], *, progress=None) -> np.ndarray:
        if len(self.calls) >= self.ok_calls:
            raise KeyboardInterrupt("stopped midway")
        return super().encode(texts, progress=progress)


def test_cache_stores_vectors_batch_by_batch_and_resumes_from_them(store, monkeypatch):
    """A run stopped while embedding keeps the batches it finished (issue 18, item 10d)."""
    monkeypatch.setattr(CachingEmbedder, "store_batch", 4)
    texts = [f"article number {i} about the storm" for i in range(10)]
    stopped = FailingEmbedder(ok_calls=2)
    with pytest.raises(KeyboardInterrupt):
        embed_texts(texts, CachingEmbedder(stopped, store))
    assert store.count_embeddings(stopped.model_id) == 8  # two batches of four were committed

    resumed = CountingEmbedder()
    vectors, n_new = embed_texts(texts, CachingEmbedder(resumed, store))
    assert n_new == 2 and resumed.calls == [texts[8:]]
    np.testing.assert_array_equal(vectors, CountingEmbedder().encode(texts))


def test_cache_progress_counts_across_batches(store, monkeypatch):
    monkeypatch.setattr(CachingEmbedder, "store_batch", 2)

    class Reporting(CountingEmbedder):
        def encode(self, texts, *, progress=None):
            if progress:
                progress(len(texts), len(texts))
            return super().encode(texts)

    seen: list[tuple[int, int]] = []
    embed_texts(
        [f"t{i}" for i in range(5)],
        CachingEmbedder(Reporting(), store),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(2, 5), (4, 5), (5, 5)]
