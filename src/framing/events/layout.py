"""2-D positions of the articles for the event map."""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA
from threadpoolctl import threadpool_limits

TSNE_MAX = 1000


def map_2d(vectors: np.ndarray, *, random_state: int = 0) -> np.ndarray:
    """2-D positions for the event map.

    t-SNE (cosine, seeded) keeps each event's articles together on the map,
    which a linear projection does not when many events share a topic; above
    ``TSNE_MAX`` articles PCA is used, as t-SNE's cost grows too fast.
    t-SNE runs on one OpenMP thread: with torch's and scikit-learn's two
    OpenMP runtimes loaded and the cores busy, its two-thread gradient
    measured 10 to 30 times slower than one thread (150 articles: 16 to 38 s
    against 1.3 s), and one thread gives the same map on every machine.

    Args:
        vectors: article embeddings, one row per article.
        random_state: seed of t-SNE.

    Returns:
        An ``(n, 2)`` array of map positions.
    """
    # One BLAS and OpenMP thread: t-SNE's result moves with the thread count
    # otherwise, and the same corpus must get the same map on every engine and
    # machine (a Ray worker runs one thread, the local process one per core).
    with threadpool_limits(limits=1):
        return _map_2d(vectors, random_state)


def _map_2d(vectors: np.ndarray, random_state: int) -> np.ndarray:
    n = vectors.shape[0]
    if n < 3:
        return np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    if n < 6 or n > TSNE_MAX:
        return PCA(n_components=2, svd_solver="full").fit_transform(vectors)
    from sklearn.manifold import TSNE

    tsne = TSNE(
        n_components=2,
        perplexity=min(30.0, (n - 1) / 3.0),
        metric="cosine",
        init="pca",
        random_state=random_state,
    )
    # threadpoolctl comes with scikit-learn (one of its requirements).
    with threadpool_limits(limits=1, user_api="openmp"):
        return tsne.fit_transform(vectors)
