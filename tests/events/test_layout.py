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
