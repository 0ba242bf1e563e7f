"""Phrases an outlet uses far more than the others: log-odds with an informative
Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").

Candidates are word n-grams of 1 to 4 words whose first and last words are
not stop words. Each outlet is compared against all other outlets together
(within one event, and across all events for outlet profiles).

Table columns (``CONTRAST_COLUMNS``): ``event_id`` (-1 = all events),
``outlet``, ``phrase``, ``count`` (uses by the outlet), ``other_count`` (uses
by the others), ``delta`` (log-odds ratio) and ``z`` (its z-score).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from framing.segment import STOP_WORDS, WORD

CONTRAST_COLUMNS = ["event_id", "outlet", "phrase", "count", "other_count", "delta", "z"]


def log_odds_dirichlet(
    counts_a: np.ndarray,
    counts_b: np.ndarray,
    prior: np.ndarray,
    *,
    alpha0: float | None = None,
    n_a: float | None = None,
    n_b: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio of each term between two groups, with an informative prior.

    Args:
        counts_a: term counts in group A.
        counts_b: term counts in group B (same vocabulary).
        prior: Dirichlet pseudo-counts per term (alpha_w); their sum is alpha_0.
        alpha0, n_a, n_b: the totals over the whole vocabulary, when the arrays
            hold only part of it (a scope's own phrases); by default the sums.

    Returns:
        (delta, z): delta_w = log odds of w in A minus log odds in B, each
        smoothed by alpha_w; z_w = delta_w / sqrt(1/(y_a+alpha_w) + 1/(y_b+alpha_w)).
    """
    a = np.asarray(counts_a, dtype=float)
    b = np.asarray(counts_b, dtype=float)
    alpha = np.asarray(prior, dtype=float)
    if not (a.shape == b.shape == alpha.shape):
        raise ValueError("counts_a, counts_b and prior must have the same shape")
    if np.any(alpha <= 0):
        raise ValueError("every prior pseudo-count must be positive")
    n_a = a.sum() if n_a is None else n_a
    n_b = b.sum() if n_b is None else n_b
    a0 = alpha.sum() if alpha0 is None else alpha0
    odds_a = np.log(a + alpha) - np.log(n_a + a0 - a - alpha)
    odds_b = np.log(b + alpha) - np.log(n_b + a0 - b - alpha)
    delta = odds_a - odds_b
    z = delta / np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))
    return delta, z


def candidate_phrases(text: str, max_n: int = 4) -> list[str]:
    """Lower-cased n-grams (1..max_n words) bounded by non-stop words."""
    words = [
        w.lower().replace("\u2019", "'") for w in WORD.findall(text) if len(w) > 1 or w.isdigit()
    ]
    # whether each word may open or close a phrase, decided once per word
    edge = [not (w in STOP_WORDS or w.isdigit()) for w in words]
    out = [w for w, ok in zip(words, edge, strict=True) if ok]
    for n in range(2, max_n + 1):
        out.extend(
            " ".join(words[i : i + n])
            for i in range(len(words) - n + 1)
            if edge[i] and edge[i + n - 1]
        )
    return out


@lru_cache(maxsize=65536)
def phrase_regex(phrase: str) -> re.Pattern[str]:
    """Find a lower-cased candidate phrase in text: any case, words separated by
    spaces, line breaks or hyphens, straight or curly apostrophes."""
    parts = [re.escape(w).replace("'", "['\u2019]") for w in phrase.split()]
    return re.compile(r"(?<![\w])" + r"[\s\-]+".join(parts) + r"(?![\w])", re.IGNORECASE)


def _drop_subsumed(
    phrases: list[str], counts: dict[str, float], limit: int | None = None
) -> list[str]:
    """Drop a phrase when a longer listed phrase contains it with the same count
    ("games" beside "war games"): it adds nothing. Stops after ``limit`` kept."""
    by_count: dict[float, list[str]] = {}
    for p in phrases:
        by_count.setdefault(counts[p], []).append(f" {p} ")
    out = []
    for p in phrases:
        padded = f" {p} "
        if any(q != padded and padded in q for q in by_count[counts[p]]):
            continue
        out.append(p)
        if limit is not None and len(out) >= limit:
            break
    return out


class Background:
    """The corpus-wide phrase distribution that serves as the Dirichlet prior.

    Attributes:
        counts: phrase -> uses in the articles counted.
        total: all phrase uses counted.
        n_docs: articles counted (a sample on large corpora).
    """

    def __init__(self, counts: Counter, n_docs: int) -> None:
        self.counts = counts
        self.total = float(sum(counts.values()))
        self.n_docs = n_docs

    def shares(self, phrases: list[str]) -> np.ndarray:
        """Each phrase's share of all uses (0 for unseen phrases)."""
        return np.array([self.counts.get(p, 0) for p in phrases], dtype=float) / max(
            self.total, 1.0
        )


class ContrastivePhrases(BaseEstimator):
    """Per-outlet distinctive phrases, within each event and across all events.

    Args:
        max_n: longest n-gram.
        prior_share: alpha_0, the prior's total pseudo-count, as a share of the
            phrase count in the scope compared (an event, or all events); the
            prior is the whole corpus's phrase distribution scaled to alpha_0.
            A tenth keeps small corpora from being flattened by the prior
            while still shrinking rare phrases.
        min_count: a phrase must be used at least this often by the outlet.
        z_min: smallest z-score reported.
        top_n: at most this many phrases per outlet and event.

    Attributes:
        table_: the result (``CONTRAST_COLUMNS``).
    """

    def __init__(
        self,
        max_n: int = 4,
        *,
        prior_share: float = 0.1,
        min_count: int = 2,
        z_min: float = 1.96,
        top_n: int = 15,
    ) -> None:
        self.max_n = max_n
        self.prior_share = prior_share
        self.min_count = min_count
        self.z_min = z_min
        self.top_n = top_n

    def background(self, articles: pd.DataFrame) -> Background:
        """Count every candidate phrase in ``articles`` (all of them, or a sample)."""
        counts: Counter = Counter()
        for doc in _docs(articles):
            counts.update(candidate_phrases(doc, self.max_n))
        return Background(counts, len(articles))

    def fit(
        self,
        articles: pd.DataFrame,
        y: None = None,
        *,
        background: Background | None = None,
        overall: bool = True,
    ) -> ContrastivePhrases:
        """Score phrases.

        Args:
            articles: with ``outlet``, ``event_id``, ``title``, ``text``.
            background: the prior's phrase distribution; by default counted
                from ``articles``. Pass one counted on the whole corpus (or a
                sample of it) when ``articles`` is one batch of events.
            overall: also compare outlets across all the given articles
                (``event_id`` -1).
        """
        background = background or self.background(articles)
        per_doc = [Counter(candidate_phrases(d, self.max_n)) for d in _docs(articles)]
        outlets = articles["outlet"].astype(str).to_numpy()
        events = articles["event_id"].to_numpy()
        rows: list[dict] = []
        if overall:
            rows += self._scope(-1, np.arange(len(articles)), per_doc, outlets, background)
        order = np.argsort(events, kind="stable")
        bounds = np.flatnonzero(np.diff(events[order])) + 1
        for members in np.split(order, bounds) if len(order) else []:
            rows += self._scope(int(events[members[0]]), members, per_doc, outlets, background)
        self.table_ = pd.DataFrame(rows, columns=CONTRAST_COLUMNS)
        return self

    def _scope(
        self,
        event_id: int,
        members: np.ndarray,
        per_doc: list[Counter],
        outlets: np.ndarray,
        background: Background,
    ) -> list[dict]:
        """Each outlet against the others, over the articles ``members``.

        Only the scope's own phrases are scored; the prior's total ``alpha_0``
        still covers the whole background vocabulary.
        """
        scope_outlets = sorted(set(outlets[members].tolist()))
        if len(scope_outlets) < 2:
            return []
        by_outlet: dict[str, Counter] = {o: Counter() for o in scope_outlets}
        for i in members.tolist():
            by_outlet[outlets[i]].update(per_doc[i])
        total: Counter = Counter()
        for c in by_outlet.values():
            total.update(c)
        vocab = sorted(total)
        index = {p: i for i, p in enumerate(vocab)}
        scope_total = np.array([total[p] for p in vocab], dtype=float)
        scale = max(self.prior_share * scope_total.sum(), 1.0)
        prior = background.shares(vocab) * scale + 1e-6
        # sum(shares) over the whole background is 1, plus the floor per phrase
        alpha0 = scale * (1.0 if background.total else 0.0) + 1e-6 * max(
            len(background.counts), len(vocab)
        )
        rows: list[dict] = []
        for outlet in scope_outlets:
            mine = by_outlet[outlet]
            a = np.zeros(len(vocab))
            for p, n in mine.items():
                a[index[p]] = n
            b = scope_total - a
            delta, z = log_odds_dirichlet(a, b, prior, alpha0=alpha0, n_a=a.sum(), n_b=b.sum())
            keep = np.flatnonzero((a >= self.min_count) & (z >= self.z_min))
            keep = keep[np.argsort(-z[keep], kind="stable")]
            listed = [vocab[i] for i in keep]
            chosen = _drop_subsumed(listed, {p: a[index[p]] for p in listed}, self.top_n)
            for i in (index[p] for p in chosen):
                rows.append(
                    {
                        "event_id": event_id,
                        "outlet": outlet,
                        "phrase": vocab[i],
                        "count": int(a[i]),
                        "other_count": int(b[i]),
                        "delta": float(delta[i]),
                        "z": float(z[i]),
                    }
                )
        return rows


def _docs(articles: pd.DataFrame) -> list[str]:
    return (articles["title"].astype(str) + ". " + articles["text"].astype(str)).tolist()
