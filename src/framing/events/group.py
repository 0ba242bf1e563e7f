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

from framing.events.neighbors import sketch as _sketch
from framing.events.neighbors import window_neighbors as _window_neighbors

# The window when the stream has too few near-duplicates to read one from.
DEFAULT_WINDOW = 3.0
# ``_auto_window``: near-duplicates are searched this many days apart, and
# are pairs at least this similar.
SEARCH_DAYS = 21.0
NEAR_DUPLICATE = 0.7
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
            not constrained. ``"auto"``: read from the stream itself (see
            ``_auto_window``): a feed that reports each story within a day
            gets a short window, one that runs a story over a week a longer one.
        n_neighbors: candidate links per article.
        lexical_weight: weight of the TF-IDF cosine in the blended similarity.
        date_penalty: similarity taken off per day between two groups' mean
            dates, for a 3-day window; scaled to the window in use.
        shared_terms_only: the lexical part only counts terms that at least
            two outlets use (when ``outlets`` are given to ``fit``).
        relative: subtract each article's mean similarity to the corpus.
        absolute_threshold: groups whose plain average similarity reaches this
            merge even when the relative test fails: in a corpus about a single
            event every article is "usual", yet they belong together.
        background_sample: articles sampled to estimate that mean on large corpora.
        lexical_dims: columns the TF-IDF vectors are sketched into (see ``_sketch``).
        coarsest: merges are followed this far below ``threshold`` and
            recorded in ``merges_`` (not applied), so events can be made
            coarser later without grouping again (``cut_merges``).
        random_state: seed for that sample.

    Attributes:
        labels_: event index per article, numbered by first article order.
        merges_: every merge in the order made, ``(article, article, value)``
            rows: the two groups holding those articles were joined at that
            similarity (relative scale). Those at or above ``threshold`` made
            ``labels_``; the rest go down to ``threshold - coarsest``.
        n_events_: number of events found.
        background_: each article's mean similarity to the corpus.
        window_: the window used, in days.
    """

    def __init__(
        self,
        threshold: float = 0.25,
        *,
        window_days: float | str = "auto",
        n_neighbors: int = 30,
        lexical_weight: float = 0.15,
        date_penalty: float = 0.03,
        shared_terms_only: bool = True,
        relative: bool = True,
        absolute_threshold: float = 0.60,
        background_sample: int = 2000,
        lexical_dims: int = 512,
        coarsest: float = 0.1,
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
        self.coarsest = coarsest
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
            self.merges_ = np.zeros((0, 3))
            return self
        days = _date_days(dates, n)
        w = self.lexical_weight if texts is not None else 0.0
        Z = X * np.float32(np.sqrt(1.0 - w))
        self.window_ = (
            _auto_window(X, days) if self.window_days == "auto" else float(self.window_days)
        )
        if texts is not None and w > 0:
            T = self._tfidf(texts, outlets)
            Z = np.hstack([Z, _sketch(T, self.lexical_dims, self.random_state) * np.sqrt(w)])
        Z = np.ascontiguousarray(Z, dtype=np.float32)
        edges = _window_neighbors(Z, days, self.n_neighbors, self.window_)
        base = self._background(Z) if self.relative else np.zeros(n)
        self.background_ = base
        self.labels_, self.merges_ = self._agglomerate(Z, days, edges, base)
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
        return (sparse.diags(1.0 / norms) @ T).astype(np.float32).tocsr()

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
    ) -> tuple[np.ndarray, np.ndarray]:
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
        window = self.window_
        penalty = self.date_penalty * 3.0 / max(window, 1.0)
        shift = self.threshold - self.absolute_threshold
        floor = self.threshold - max(self.coarsest, 0.0)
        merges: list[tuple[int, int, float]] = []
        labels: np.ndarray | None = None

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
                if value >= floor:
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
            neg, _, _, a, b, va, vb = heapq.heappop(heap)
            if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
                continue
            if labels is None and -neg < self.threshold:
                labels = _numbered(members, alive, first, n)
            merges.append((a, b, -neg))
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
        if labels is None:
            labels = _numbered(members, alive, first, n)
        return labels, np.array(merges, dtype=float).reshape(-1, 3)


def _numbered(members: dict[int, list[int]], alive: np.ndarray, first: np.ndarray, n: int):
    labels = np.empty(n, dtype=np.int64)
    roots = sorted(np.flatnonzero(alive).tolist(), key=lambda r: first[r])
    for new, root in enumerate(roots):
        labels[members[root]] = new
    return labels


def _auto_window(X: np.ndarray, days: np.ndarray) -> float:
    """How many days one story runs in this stream, read from near-duplicates.

    Each dated article's most similar article within three weeks is found;
    where they are very alike (cosine 0.7 or more, nearly always one story)
    the days between them say how fast this feed reports a story. The window
    is twice their upper quartile plus a day, between 2 and 14 days: a wire
    feed reporting within the day gets 2 or 3 days, so one week's stories of
    one theme stay apart; weekly coverage gets a week or more.
    """
    dated = np.flatnonzero(~np.isnan(days))
    if len(dated) < 3:
        return DEFAULT_WINDOW
    pairs = _window_neighbors(np.ascontiguousarray(X[dated]), days[dated], 1, SEARCH_DAYS)
    if len(pairs) == 0:
        return DEFAULT_WINDOW
    i, j = dated[pairs[:, 0]], dated[pairs[:, 1]]
    close = np.einsum("ij,ij->i", X[i], X[j]) >= NEAR_DUPLICATE
    return window_from_gaps(np.abs(days[i] - days[j])[close])


def window_from_gaps(gaps: np.ndarray) -> float:
    """The window read from the days between near-duplicate pairs (see ``_auto_window``)."""
    if len(gaps) < 3:
        return DEFAULT_WINDOW
    return float(np.clip(2.0 * np.quantile(gaps, 0.75) + 1.0, 2.0, 14.0))
