"""Group articles into events without being told how many there are.

``EventGrouper`` is graph-constrained average-linkage clustering:

1. Each article is linked to its nearest neighbours in the blended space
   below, searched only among articles published within ``window_days``
   (rows are taken in date order, a block at a time), so no N x N matrix is
   ever built: memory and time grow with N times the articles in one window.
2. Linked groups are merged, most similar first, while the *average*
   similarity over all cross pairs stays at or above ``threshold`` and the
   merged group spans at most ``window_days``. The average is exact: with unit
   vectors, the mean pairwise dot product of two groups is the dot product of
   their vector sums divided by both sizes.
3. Similarity blends the embedding cosine (what the story is about) with the
   TF-IDF cosine (the names, places and numbers that tell two launches or two
   summits apart): ``(1 - lexical_weight) * emb + lexical_weight * tfidf``.
   The TF-IDF vectors are count-sketched to ``lexical_dims`` dense columns
   and appended, scaled, to the embeddings, so every similarity, of two
   articles or of two groups' vector sums, is one dense dot product.

The result is deterministic: ties are broken by article order.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer

# Words with internal hyphens or digits ("Hwasong-17", "G20") stay whole.
TOKEN_PATTERN = r"(?u)\b\w[\w\-]*\w\b|\b\w\b"


def _date_days(dates: Sequence | None, n: int) -> np.ndarray:
    if dates is None:
        return np.full(n, np.nan)
    parsed = pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce")
    days = (parsed - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400.0
    return days.to_numpy(dtype=float)


class EventGrouper(BaseEstimator):
    """Cluster articles into events.

    Args:
        threshold: minimum average similarity between two groups to merge
            them, above the articles' background similarity when ``relative``.
        window_days: articles further apart in time never share an event, and
            an event spans at most this many days. Articles without a date are
            not constrained.
        n_neighbors: candidate links per article.
        lexical_weight: weight of the TF-IDF cosine in the blended similarity.
        date_penalty: similarity taken off per day between two groups' mean dates.
        shared_terms_only: the lexical part only counts terms that at least
            two outlets use (when ``outlets`` are given to ``fit``).
        relative: subtract each article's mean similarity to the corpus.
        absolute_threshold: groups whose plain average similarity reaches this
            merge even when the relative test fails: in a corpus about a single
            event every article is "usual", yet they belong together.
        background_sample: articles sampled to estimate that mean on large corpora.
        lexical_dims: columns the TF-IDF vectors are sketched into (see ``_sketch``).
        random_state: seed for that sample.

    Attributes:
        labels_: event index per article, numbered by first article order.
        n_events_: number of events found.
        background_: each article's mean similarity to the corpus.
    """

    def __init__(
        self,
        threshold: float = 0.15,
        *,
        window_days: float = 7.0,
        n_neighbors: int = 30,
        lexical_weight: float = 0.15,
        date_penalty: float = 0.03,
        shared_terms_only: bool = True,
        relative: bool = True,
        absolute_threshold: float = 0.60,
        background_sample: int = 2000,
        lexical_dims: int = 512,
        random_state: int | None = 0,
    ) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self.n_neighbors = n_neighbors
        self.lexical_weight = lexical_weight
        self.date_penalty = date_penalty
        self.shared_terms_only = shared_terms_only
        self.relative = relative
        self.absolute_threshold = absolute_threshold
        self.background_sample = background_sample
        self.lexical_dims = lexical_dims
        self.random_state = random_state

    def fit(
        self,
        X: np.ndarray,
        y: None = None,
        *,
        texts: Sequence[str] | None = None,
        dates: Sequence | None = None,
        outlets: Sequence[str] | None = None,
    ) -> EventGrouper:
        """Find the events.

        Args:
            X: article embeddings, one unit-length row per article.
            y: ignored.
            texts: article texts for the lexical part; without them only the
                embeddings are used.
            dates: publication dates (anything ``pandas.to_datetime`` reads;
                empty or invalid means unknown).
            outlets: outlet per article (for ``shared_terms_only``).
        """
        X = np.asarray(X, dtype=np.float32)
        n = X.shape[0]
        if n == 0:
            self.labels_ = np.zeros(0, dtype=np.int64)
            self.n_events_ = 0
            self.background_ = np.zeros(0)
            return self
        days = _date_days(dates, n)
        w = self.lexical_weight if texts is not None else 0.0
        Z = X * np.float32(np.sqrt(1.0 - w))
        if texts is not None and w > 0:
            T = self._tfidf(texts, outlets)
            Z = np.hstack([Z, _sketch(T, self.lexical_dims, self.random_state) * np.sqrt(w)])
        Z = np.ascontiguousarray(Z, dtype=np.float32)
        edges = _window_neighbors(Z, days, self.n_neighbors, self.window_days)
        base = self._background(Z) if self.relative else np.zeros(n)
        self.background_ = base
        self.labels_ = self._agglomerate(Z, days, edges, base)
        self.n_events_ = int(self.labels_.max()) + 1
        return self

    def fit_predict(self, X: np.ndarray, y: None = None, **kwargs) -> np.ndarray:
        """``fit`` and return ``labels_``."""
        return self.fit(X, y, **kwargs).labels_

    def _tfidf(self, texts: Sequence[str], outlets: Sequence[str] | None) -> sparse.csr_matrix:
        vec = TfidfVectorizer(
            sublinear_tf=True, stop_words="english", token_pattern=TOKEN_PATTERN, dtype=np.float32
        )
        try:
            T = vec.fit_transform([str(t) for t in texts]).tocsr()
        except ValueError:  # every text is stop words only
            return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
        if self.shared_terms_only and outlets is not None:
            codes, uniques = pd.factorize(pd.Series(list(outlets), dtype="object"))
            if len(uniques) >= 2:
                # A term only one outlet uses is that outlet's voice ("puppet
                # forces"), not a fact of the event; it would pull together one
                # outlet's stories about different events.
                present = (T > 0).astype(np.float32).tocsc()
                by_outlet = (
                    sparse.csr_matrix(
                        (np.ones(len(codes), dtype=np.float32), (codes, np.arange(len(codes)))),
                        shape=(len(uniques), len(codes)),
                    )
                    @ present
                )
                keep = np.flatnonzero((by_outlet > 0).sum(axis=0).A1 >= 2)
                T = T[:, keep]
                norms = np.sqrt(T.multiply(T).sum(axis=1)).A1
                norms[norms == 0] = 1.0
                T = (sparse.diags(1.0 / norms) @ T).astype(np.float32).tocsr()
        return T

    def _background(self, Z: np.ndarray) -> np.ndarray:
        """Each article's mean similarity to the corpus (to a random sample when large).

        Subtracting it makes the threshold mean "clearly closer than usual": a
        corpus all about one region has high raw similarities everywhere, a
        mixed news feed low ones.
        """
        n = Z.shape[0]
        if n <= self.background_sample:
            ref = np.arange(n)
        else:
            rng = np.random.default_rng(self.random_state)
            ref = np.sort(rng.choice(n, size=self.background_sample, replace=False))
        in_ref = np.zeros(n, dtype=bool)
        in_ref[ref] = True
        out = np.empty(n)
        R = Z[ref]
        for start in range(0, n, 1024):
            block = slice(start, min(start + 1024, n))
            total = (Z[block] @ R.T).sum(axis=1, dtype=np.float64)
            # leave out self-similarity where the article is in the reference set
            own = in_ref[block]
            total[own] -= np.einsum("ij,ij->i", Z[block][own], Z[block][own])
            out[block] = total / np.maximum(len(ref) - own.astype(int), 1)
        return out

    def _agglomerate(
        self, Z: np.ndarray, days: np.ndarray, edges: np.ndarray, base: np.ndarray
    ) -> np.ndarray:
        """Average-linkage merging along the candidate edges, best pair first.

        A merged group keeps the slot of one of its parts; a version number per
        slot tells stale heap entries from current ones.
        """
        n = Z.shape[0]
        zsum = Z  # summed in place: the caller's copy is not needed afterwards
        size = np.ones(n)
        lo = days.copy()
        hi = days.copy()
        dsum = np.where(np.isnan(days), 0.0, days)
        dcount = (~np.isnan(days)).astype(float)
        bsum = base.astype(float).copy()
        first = np.arange(n)
        version = np.zeros(n, dtype=np.int64)
        alive = np.ones(n, dtype=bool)
        members: dict[int, list[int]] = {i: [i] for i in range(n)}
        adj: list[set[int]] = [set() for _ in range(n)]
        for i, j in edges.tolist():
            adj[i].add(j)
            adj[j].add(i)
        window, penalty = self.window_days, self.date_penalty
        shift = self.threshold - self.absolute_threshold

        def sims(a: int, others: np.ndarray) -> np.ndarray:
            s = (zsum[others] @ zsum[a]) / (size[a] * size[others])
            with np.errstate(invalid="ignore"):
                mean_a = dsum[a] / dcount[a] if dcount[a] else np.nan
                counts = dcount[others]
                mean_o = np.where(counts > 0, dsum[others] / np.maximum(counts, 1), np.nan)
                gap = np.abs(mean_o - mean_a)
            if penalty:
                s = s - penalty * np.nan_to_num(gap, nan=0.0)
            relative = s - 0.5 * (bsum[a] / size[a] + bsum[others] / size[others])
            # Express the absolute test on the relative scale so one heap order serves both.
            return np.maximum(relative, s + shift)

        def span_ok(a: int, others: np.ndarray) -> np.ndarray:
            with np.errstate(invalid="ignore"):
                top = np.fmax(np.fmax(hi[a], hi[others]), np.fmax(lo[a], lo[others]))
                bottom = np.fmin(np.fmin(lo[a], lo[others]), np.fmin(hi[a], hi[others]))
                return ~(top - bottom > window)

        heap: list[tuple[float, int, int, int, int, int, int]] = []

        def push(a: int, others: np.ndarray, *, bulk: bool = False) -> None:
            if len(others) == 0:
                return
            ok = span_ok(a, others)
            others = others[ok]
            s = sims(a, others)
            for o, value in zip(others.tolist(), s.tolist(), strict=True):
                if value >= self.threshold:
                    fa, fb = sorted((int(first[a]), int(first[o])))
                    item = (-value, fa, fb, a, o, int(version[a]), int(version[o]))
                    if bulk:
                        heap.append(item)
                    else:
                        heapq.heappush(heap, item)

        # The first pushes are all singletons: compute them in bulk.
        for a in range(n):
            later = np.array(sorted(o for o in adj[a] if o > a), dtype=np.int64)
            push(a, later, bulk=True)
        heapq.heapify(heap)
        while heap:
            _, _, _, a, b, va, vb = heapq.heappop(heap)
            if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
                continue
            # b joins a; a's slot now holds the merged group.
            zsum[a] += zsum[b]
            size[a] += size[b]
            lo[a] = np.fmin(lo[a], lo[b])
            hi[a] = np.fmax(hi[a], hi[b])
            dsum[a] += dsum[b]
            dcount[a] += dcount[b]
            bsum[a] += bsum[b]
            first[a] = min(first[a], first[b])
            members[a].extend(members.pop(b))
            alive[b] = False
            version[a] += 1
            neighbours = (adj[a] | adj[b]) - {a, b}
            adj[b] = set()
            for other in neighbours:
                adj[other].discard(b)
                adj[other].add(a)
            adj[a] = neighbours
            others = np.array(sorted(neighbours, key=lambda o: first[o]), dtype=np.int64)
            push(a, others)
        labels = np.empty(n, dtype=np.int64)
        roots = sorted(np.flatnonzero(alive).tolist(), key=lambda r: first[r])
        for new, root in enumerate(roots):
            labels[members[root]] = new
        return labels


def _sketch(T: sparse.csr_matrix, dims: int, random_state: int | None) -> np.ndarray:
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


def _window_neighbors(Z: np.ndarray, days: np.ndarray, k: int, window: float) -> np.ndarray:
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
