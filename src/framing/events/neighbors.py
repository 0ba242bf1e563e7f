"""Building blocks of event grouping: the lexical sketch and the time-windowed neighbour graph."""

from __future__ import annotations

import numpy as np
from scipy import sparse


def sketch(T: sparse.csr_matrix, dims: int, random_state: int | None) -> np.ndarray:
    """Project TF-IDF rows to ``dims`` dense columns, keeping dot products on average.

    Each term goes to one column with a random sign (a count sketch), so the
    projection costs one pass over the non-zeros and never a vocabulary-sized
    dense matrix. The error of a dot product between unit rows is about
    ``1 / sqrt(dims)``; weighted by ``lexical_weight`` it stays well under the
    merge thresholds.
    """
    n_terms = T.shape[1]
    rng = np.random.default_rng(random_state if random_state is not None else 0)
    column = rng.integers(0, dims, size=n_terms)
    sign = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=n_terms)
    P = sparse.csr_matrix((sign, (np.arange(n_terms), column)), shape=(n_terms, dims))
    return np.asarray((T @ P).toarray(), dtype=np.float32)


def window_neighbors(Z: np.ndarray, days: np.ndarray, k: int, window: float) -> np.ndarray:
    """Each row's ``k`` most similar rows published within ``window`` days.

    Rows are taken in date order, a block at a time, and compared only with
    the rows whose dates fall inside the block's window (and with undated rows,
    which any row may join), so memory stays at one block by one window.

    Returns:
        Unique pairs ``(i, j)`` with ``i < j``, shape ``(m, 2)``.
    """
    n = Z.shape[0]
    k = min(k, n - 1)
    if k <= 0:
        return np.zeros((0, 2), dtype=np.int64)
    dated = np.flatnonzero(~np.isnan(days))
    order = dated[np.argsort(days[dated], kind="stable")]
    undated = np.flatnonzero(np.isnan(days))
    sorted_days = days[order]
    found: list[np.ndarray] = []

    def nearest(rows: np.ndarray, cand: np.ndarray) -> None:
        S = Z[rows] @ Z[cand].T
        with np.errstate(invalid="ignore"):
            far = np.abs(days[rows][:, None] - days[cand][None, :]) > window
        S[far] = -np.inf
        S[rows[:, None] == cand[None, :]] = -np.inf
        kk = min(k, len(cand) - 1)
        if kk <= 0:
            return
        top = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
        ok = np.isfinite(np.take_along_axis(S, top, axis=1))
        i = np.repeat(rows, kk).reshape(len(rows), kk)[ok]
        j = cand[top][ok]
        found.append(np.column_stack([np.minimum(i, j), np.maximum(i, j)]))

    block = 256
    for start in range(0, len(order), block):
        rows = order[start : start + block]
        first_day, last_day = sorted_days[start], sorted_days[min(start + block, len(order)) - 1]
        a = np.searchsorted(sorted_days, first_day - window, side="left")
        b = np.searchsorted(sorted_days, last_day + window, side="right")
        nearest(rows, np.concatenate([order[a:b], undated]))
    everyone = np.arange(n)
    for start in range(0, len(undated), block):
        # Undated rows may belong with anything; the scan is chunked, never N x N at once.
        for cstart in range(0, n, 1 << 15):
            nearest(undated[start : start + block], everyone[cstart : cstart + (1 << 15)])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.vstack(found)
    return np.unique(pairs, axis=0)
