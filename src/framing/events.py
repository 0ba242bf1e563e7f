"""Group articles into events without being told how many there are.

``EventGrouper`` is graph-constrained average-linkage clustering:

1. Each article is linked to its nearest neighbours (by embedding and by
   TF-IDF), never to one published more than ``window_days`` away. No N x N
   matrix is built.
2. Linked groups are merged, most similar first, while the *average*
   similarity over all cross pairs stays at or above ``threshold`` and the
   merged group spans at most ``window_days``. The average is exact: with unit
   vectors, the mean pairwise dot product of two groups is the dot product of
   their vector sums divided by both sizes.
3. Similarity blends the embedding cosine (what the story is about) with the
   TF-IDF cosine (the names, places and numbers that tell two launches or two
   summits apart): ``(1 - lexical_weight) * emb + lexical_weight * tfidf``.

The result is deterministic: ties are broken by article order.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.neighbors import NearestNeighbors

# Words with internal hyphens or digits ("Hwasong-17", "G20") stay whole.
TOKEN_PATTERN = r"(?u)\b\w[\w\-]*\w\b|\b\w\b"


def _date_days(dates: Sequence | None, n: int) -> np.ndarray:
    if dates is None:
        return np.full(n, np.nan)
    parsed = pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce")
    days = (parsed - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400.0
    return days.to_numpy(dtype=float)


class EventGrouper:
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
        """
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        if n == 0:
            self.labels_ = np.zeros(0, dtype=np.int64)
            self.n_events_ = 0
            return self
        days = _date_days(dates, n)
        w = self.lexical_weight if texts is not None else 0.0
        T = self._tfidf(texts, outlets) if texts is not None else None
        edges = self._candidate_edges(X, T, days)
        base = self._background(X, T, w) if self.relative else np.zeros(n)
        self.background_ = base
        self.labels_ = self._agglomerate(X, T, days, edges, w, base)
        self.n_events_ = int(self.labels_.max()) + 1
        return self

    def fit_predict(self, X: np.ndarray, y: None = None, **kwargs) -> np.ndarray:
        """``fit`` and return ``labels_``."""
        return self.fit(X, y, **kwargs).labels_

    def _tfidf(self, texts: Sequence[str], outlets: Sequence[str] | None) -> sparse.csr_matrix:
        vec = TfidfVectorizer(
            sublinear_tf=True, stop_words="english", token_pattern=TOKEN_PATTERN, dtype=np.float64
        )
        try:
            T = vec.fit_transform([str(t) for t in texts]).tocsr()
        except ValueError:  # every text is stop words only
            return sparse.csr_matrix((len(texts), 1))
        if self.shared_terms_only and outlets is not None:
            codes, uniques = pd.factorize(pd.Series(list(outlets), dtype="object"))
            if len(uniques) >= 2:
                # A term only one outlet uses is that outlet's voice ("puppet
                # forces"), not a fact of the event; it would pull together one
                # outlet's stories about different events.
                present = (T > 0).astype(np.int8).tocsc()
                by_outlet = (
                    sparse.csr_matrix(
                        (np.ones(len(codes)), (codes, np.arange(len(codes)))),
                        shape=(len(uniques), len(codes)),
                    )
                    @ present
                )
                keep = np.flatnonzero((by_outlet > 0).sum(axis=0).A1 >= 2)
                T = T[:, keep]
                norms = np.sqrt(T.multiply(T).sum(axis=1)).A1
                norms[norms == 0] = 1.0
                T = sparse.diags(1.0 / norms) @ T
                T = T.tocsr()
        return T

    def _background(self, X: np.ndarray, T: sparse.csr_matrix | None, w: float) -> np.ndarray:
        """Each article's mean similarity to the corpus (to a random sample when large).

        Subtracting it makes the threshold mean "clearly closer than usual": a
        corpus all about one region has high raw similarities everywhere, a
        mixed news feed low ones.
        """
        n = X.shape[0]
        if n <= self.background_sample:
            ref = np.arange(n)
        else:
            rng = np.random.default_rng(self.random_state)
            ref = np.sort(rng.choice(n, size=self.background_sample, replace=False))
        out = np.empty(n)
        for start in range(0, n, 1024):
            block = slice(start, min(start + 1024, n))
            s = (X[block] @ X[ref].T) * (1.0 - w)
            if T is not None and w > 0:
                s = s + (T[block] @ T[ref].T).toarray() * w
            total = s.sum(axis=1)
            # leave out self-similarity where the article is in the reference set
            idx = np.arange(block.start, block.stop)
            in_ref = np.isin(idx, ref)
            total[in_ref] -= (1.0 - w) * np.einsum("ij,ij->i", X[idx[in_ref]], X[idx[in_ref]]) + (
                w * np.asarray(T[idx[in_ref]].multiply(T[idx[in_ref]]).sum(axis=1)).ravel()
                if T is not None and w > 0
                else 0.0
            )
            out[block] = total / np.maximum(len(ref) - in_ref.astype(int), 1)
        return out

    def _candidate_edges(
        self, X: np.ndarray, T: sparse.csr_matrix | None, days: np.ndarray
    ) -> set[tuple[int, int]]:
        n = X.shape[0]
        k = min(n - 1, self.n_neighbors)
        edges: set[tuple[int, int]] = set()
        if k <= 0:
            return edges
        spaces = [X] + ([T] if T is not None and T.shape[1] > 1 else [])
        for space in spaces:
            nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute")
            _, idx = nn.fit(space).kneighbors(space)
            for i, row in enumerate(idx):
                for j in row:
                    if i != j:
                        edges.add((min(i, j), int(max(i, j))))
        window = self.window_days
        return {
            (i, j)
            for i, j in edges
            if np.isnan(days[i]) or np.isnan(days[j]) or abs(days[i] - days[j]) <= window
        }

    def _agglomerate(
        self,
        X: np.ndarray,
        T: sparse.csr_matrix | None,
        days: np.ndarray,
        edges: set[tuple[int, int]],
        w: float,
        base: np.ndarray,
    ) -> np.ndarray:
        n = X.shape[0]
        size = {i: 1 for i in range(n)}
        vsum = {i: X[i].copy() for i in range(n)}
        tsum = {i: T[i] for i in range(n)} if T is not None else None
        lo = {i: days[i] for i in range(n)}
        hi = {i: days[i] for i in range(n)}
        first = {i: i for i in range(n)}
        bsum = {i: float(base[i]) for i in range(n)}
        dsum = {i: (0.0 if np.isnan(days[i]) else days[i]) for i in range(n)}
        dcount = {i: (0 if np.isnan(days[i]) else 1) for i in range(n)}
        mean_day = {i: days[i] for i in range(n)}
        members = {i: [i] for i in range(n)}
        adj: dict[int, set[int]] = {i: set() for i in range(n)}
        for i, j in edges:
            adj[i].add(j)
            adj[j].add(i)

        def sim(a: int, b: int) -> float:
            s = float(vsum[a] @ vsum[b]) * (1.0 - w)
            if tsum is not None and w > 0:
                s += float(tsum[a].multiply(tsum[b]).sum()) * w
            s /= size[a] * size[b]
            if self.date_penalty:
                da, db = mean_day[a], mean_day[b]
                if not (np.isnan(da) or np.isnan(db)):
                    s -= self.date_penalty * abs(da - db)
            relative = s - 0.5 * (bsum[a] / size[a] + bsum[b] / size[b])
            # Express the absolute test on the relative scale so one heap order serves both.
            return max(relative, s - self.absolute_threshold + self.threshold)

        def span_ok(a: int, b: int) -> bool:
            values = [v for v in (lo[a], lo[b], hi[a], hi[b]) if not np.isnan(v)]
            return not values or max(values) - min(values) <= self.window_days

        heap: list[tuple[float, int, int, int, int]] = []

        def push(a: int, b: int) -> None:
            if not span_ok(a, b):
                return
            s = sim(a, b)
            if s >= self.threshold:
                fa, fb = sorted((first[a], first[b]))
                heapq.heappush(heap, (-s, fa, fb, a, b))

        for i, j in sorted(edges):
            push(i, j)
        alive = set(range(n))
        next_id = n
        while heap:
            _, _, _, a, b = heapq.heappop(heap)
            if a not in alive or b not in alive:
                continue
            c = next_id
            next_id += 1
            size[c] = size[a] + size[b]
            vsum[c] = vsum[a] + vsum[b]
            if tsum is not None:
                tsum[c] = tsum[a] + tsum[b]
            lo[c] = (
                np.nanmin([lo[a], lo[b]]) if not (np.isnan(lo[a]) and np.isnan(lo[b])) else np.nan
            )
            hi[c] = (
                np.nanmax([hi[a], hi[b]]) if not (np.isnan(hi[a]) and np.isnan(hi[b])) else np.nan
            )
            first[c] = min(first[a], first[b])
            bsum[c] = bsum[a] + bsum[b]
            dsum[c] = dsum[a] + dsum[b]
            dcount[c] = dcount[a] + dcount[b]
            mean_day[c] = dsum[c] / dcount[c] if dcount[c] else np.nan
            members[c] = members.pop(a) + members.pop(b)
            adj[c] = (adj.pop(a) | adj.pop(b)) - {a, b}
            alive -= {a, b}
            for other in adj[c]:
                adj[other] -= {a, b}
                adj[other].add(c)
            alive.add(c)
            for other in sorted(adj[c], key=lambda o: first[o]):
                push(c, other)
        labels = np.empty(n, dtype=np.int64)
        for new, root in enumerate(sorted(alive, key=lambda r: first[r])):
            labels[members[root]] = new
        return labels


_CALENDAR = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "said",
    "says",
    "year",
    "years",
    "week",
    "day",
    "days",
    "told",
    "according",
}


def _surface_form(term: str, texts: Sequence[str]) -> str | None:
    """The most common original spelling of a lower-cased term, or ``None``.

    ``None`` means the words never occur side by side in the texts (the
    vectoriser joins words across removed stop words).
    """
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)", re.I)
    forms = Counter(m.group(0) for t in texts for m in pattern.finditer(t))
    return forms.most_common(1)[0][0] if forms else None


def _is_label_worthy(term: str) -> bool:
    words = term.split()
    return not any(w in _CALENDAR or w.isdigit() for w in words)


def event_keywords(
    texts: Sequence[str], labels: np.ndarray, *, top_n: int = 4
) -> dict[int, list[str]]:
    """Distinctive terms per event by class-based TF-IDF.

    A term scores high for an event when many of the event's articles use it
    (coverage) and few other events do. Unigrams already covered by a chosen
    bigram are skipped.
    """
    labels = np.asarray(labels)
    events = sorted(set(labels.tolist()))
    vec = CountVectorizer(
        ngram_range=(1, 2), stop_words="english", token_pattern=TOKEN_PATTERN, min_df=1
    )
    try:
        counts = vec.fit_transform([str(t) for t in texts]).astype(np.float64).tocsr()
    except ValueError:
        return {e: [] for e in events}
    terms = vec.get_feature_names_out()
    member = sparse.csr_matrix(
        (np.ones(len(labels)), (np.searchsorted(events, labels), np.arange(len(labels)))),
        shape=(len(events), len(labels)),
    )
    sizes = np.asarray(member.sum(axis=1)).ravel()
    per_event = (member @ counts).toarray()
    coverage = (member @ (counts > 0).astype(np.float64)).toarray() / sizes[:, None]
    tf = per_event / np.maximum(per_event.sum(axis=1, keepdims=True), 1)
    n_events_with = (per_event > 0).sum(axis=0)
    rarity = np.log((1.0 + len(events)) / n_events_with) if len(events) > 1 else np.ones(len(terms))
    scores = np.sqrt(tf) * coverage * rarity
    out: dict[int, list[str]] = {}
    for row, event in enumerate(events):
        order = np.argsort(-scores[row], kind="stable")
        event_texts = [t for t, lab in zip(texts, labels, strict=True) if lab == event]
        chosen: list[str] = []
        for idx in order[:80]:
            term = terms[idx]
            if scores[row, idx] <= 0:
                break
            if not _is_label_worthy(term):
                continue
            surface = _surface_form(term, event_texts)
            if surface is None:
                continue
            lowered = [c.lower() for c in chosen]
            if any(term in c.split() or term in c for c in lowered):
                continue
            if " " in term:
                chosen = [c for c in chosen if c.lower() not in term.split()]
            chosen.append(surface)
            if len(chosen) >= top_n:
                break
        out[event] = chosen
    return out


def describe_events(
    articles: pd.DataFrame, labels: np.ndarray, embeddings: np.ndarray
) -> tuple[pd.DataFrame, pd.Series]:
    """Readable labels and a summary row per event.

    Args:
        articles: with ``id, outlet, title, text, published``.
        labels: event index per article.
        embeddings: article vectors (to find the most central headline).

    Returns:
        (events table, label per article). Events table columns:
        ``event_id, label, headline, keywords, n_articles, n_outlets, outlets,
        start, end, representative_id``.
    """
    labels = np.asarray(labels)
    texts = (articles["title"].astype(str) + ". " + articles["text"].astype(str)).tolist()
    keywords = event_keywords(texts, labels)
    rows = []
    for event in sorted(set(labels.tolist())):
        idx = np.flatnonzero(labels == event)
        sub = articles.iloc[idx]
        centroid = embeddings[idx].mean(axis=0)
        rep = idx[int(np.argmax(embeddings[idx] @ centroid))]
        dates = sorted(d for d in sub["published"].astype(str) if d)
        kw = keywords.get(event, [])
        label = ", ".join(kw[:3]) if kw else str(articles.iloc[rep]["title"])
        if dates:
            label = f"{dates[0]} · {label}"
        rows.append(
            {
                "event_id": int(event),
                "label": label,
                "headline": str(articles.iloc[rep]["title"]),
                "keywords": "; ".join(kw),
                "n_articles": int(len(idx)),
                "n_outlets": int(sub["outlet"].nunique()),
                "outlets": "; ".join(sorted(sub["outlet"].unique())),
                "start": dates[0] if dates else "",
                "end": dates[-1] if dates else "",
                "representative_id": str(articles.iloc[rep]["id"]),
            }
        )
    events = pd.DataFrame(rows)
    by_event = dict(zip(events["event_id"], events["label"], strict=True))
    return events, pd.Series([by_event[int(e)] for e in labels], index=articles.index)
