from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA

from framing.events import TSNE_MAX, map_2d


@pytest.mark.parametrize("n", [0, 1, 2, 5, 40])
def test_layout_map_is_deterministic_and_two_dimensional(n: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(n, 16)).astype(np.float32)
    first, second = map_2d(x), map_2d(x)
    assert first.shape == (n, 2)
    assert np.allclose(first, second)


def test_layout_large_corpora_use_pca() -> None:
    # t-SNE's cost grows too fast above TSNE_MAX articles: the map is a plain PCA.
    x = np.random.default_rng(2).normal(size=(TSNE_MAX + 1, 8))
    expected = PCA(n_components=2, svd_solver="full").fit_transform(x)
    assert np.allclose(map_2d(x), expected)


def test_layout_tsne_runs_on_one_openmp_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two OpenMP threads on busy cores made t-SNE 10 to 30 times slower.
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_info

    seen: list[int] = []
    real = TSNE.fit_transform

    def spy(self, X, *args, **kwargs):
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp")
        return real(self, X, *args, **kwargs)

    monkeypatch.setattr(TSNE, "fit_transform", spy)
    x = np.random.default_rng(3).normal(size=(40, 16)).astype(np.float32)
    assert map_2d(x).shape == (40, 2)
    assert seen and max(seen) == 1


def test_map_2d_is_the_same_whatever_the_thread_count() -> None:
    """A Ray worker runs one BLAS thread, the local process one per core: same map.

    Generated news embedded with the hashing model is a case whose t-SNE moved
    by tens of units between one and two BLAS threads.
    """
    from threadpoolctl import threadpool_limits

    from framing.devtools.synthetic import generate_corpus
    from framing.embed import HashingEmbedder, embed_articles

    x, _ = embed_articles(generate_corpus(600, random_state=3), HashingEmbedder())
    with threadpool_limits(limits=1):
        one = map_2d(x)
    with threadpool_limits(limits=2):
        two = map_2d(x)
    np.testing.assert_array_equal(one, two)
