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
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

CONTRAST_COLUMNS = ["event_id", "outlet", "phrase", "count", "other_count", "delta", "z"]
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | {"said", "says", "s", "t", "would", "also"})


def log_odds_dirichlet(
    counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio of each term between two groups, with an informative prior.

    Args:
        counts_a: term counts in group A.
        counts_b: term counts in group B (same vocabulary).
        prior: Dirichlet pseudo-counts per term (alpha_w); their sum is alpha_0.

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
    n_a, n_b, a0 = a.sum(), b.sum(), alpha.sum()
    odds_a = np.log(a + alpha) - np.log(n_a + a0 - a - alpha)
    odds_b = np.log(b + alpha) - np.log(n_b + a0 - b - alpha)
    delta = odds_a - odds_b
    z = delta / np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))
    return delta, z


def candidate_phrases(text: str, max_n: int = 4) -> list[str]:
    """Lower-cased n-grams (1..max_n words) bounded by non-stop words."""
    words = [
        w.lower().replace("\u2019", "'") for w in _WORD.findall(text) if len(w) > 1 or w.isdigit()
    ]
    out: list[str] = []
    for n in range(1, max_n + 1):
        for i in range(len(words) - n + 1):
            first, last = words[i], words[i + n - 1]
            if first in STOP_WORDS or last in STOP_WORDS or first.isdigit() or last.isdigit():
                continue
            out.append(" ".join(words[i : i + n]))
    return out


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """Find a lower-cased candidate phrase in text: any case, words separated by
    spaces, line breaks or hyphens, straight or curly apostrophes."""
    parts = [re.escape(w).replace("'", "['\u2019]") for w in phrase.split()]
    return re.compile(r"(?<![\w])" + r"[\s\-]+".join(parts) + r"(?![\w])", re.IGNORECASE)


def _counts(texts: Iterable[str], max_n: int) -> Counter:
    c: Counter = Counter()
    for t in texts:
        c.update(candidate_phrases(t, max_n))
    return c


def _drop_subsumed(phrases: list[str], counts: np.ndarray, index: dict[str, int]) -> list[str]:
    """Drop a phrase when a longer listed phrase contains it with the same count
    ("games" beside "war games"): it adds nothing."""
    out = []
    for p in phrases:
        padded = f" {p} "
        if any(
            q != p and padded in f" {q} " and counts[index[q]] == counts[index[p]] for q in phrases
        ):
            continue
        out.append(p)
    return out


class ContrastivePhrases:
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

    def fit(self, articles: pd.DataFrame, y: None = None) -> ContrastivePhrases:
        """Score phrases.

        Args:
            articles: with ``outlet``, ``event_id``, ``title``, ``text``.
        """
        docs = (articles["title"].astype(str) + ". " + articles["text"].astype(str)).tolist()
        per_doc = [_counts([d], self.max_n) for d in docs]
        background: Counter = Counter()
        for c in per_doc:
            background.update(c)
        vocab = sorted(background)
        index = {p: i for i, p in enumerate(vocab)}
        total = np.zeros(len(vocab))
        for p, n in background.items():
            total[index[p]] = n
        shares = total / max(total.sum(), 1.0)

        def vector(counters: list[Counter]) -> np.ndarray:
            v = np.zeros(len(vocab))
            for c in counters:
                for p, n in c.items():
                    v[index[p]] += n
            return v

        rows: list[dict] = []
        outlets = articles["outlet"].astype(str).to_numpy()
        events = articles["event_id"].to_numpy()
        scopes = [(-1, np.ones(len(articles), dtype=bool))]
        scopes += [(int(e), events == e) for e in sorted(set(events.tolist()))]
        for event_id, in_scope in scopes:
            scope_outlets = sorted(set(outlets[in_scope]))
            if len(scope_outlets) < 2:
                continue
            scope_total = vector([per_doc[i] for i in np.flatnonzero(in_scope)])
            prior = shares * max(self.prior_share * scope_total.sum(), 1.0) + 1e-6
            for outlet in scope_outlets:
                mine = in_scope & (outlets == outlet)
                a = vector([per_doc[i] for i in np.flatnonzero(mine)])
                b = scope_total - a
                delta, z = log_odds_dirichlet(a, b, prior)
                keep = np.flatnonzero((a >= self.min_count) & (z >= self.z_min))
                keep = keep[np.argsort(-z[keep], kind="stable")]
                keep = _drop_subsumed([vocab[i] for i in keep], a, index)[: self.top_n]
                for i in (index[p] for p in keep):
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
        self.table_ = pd.DataFrame(rows, columns=CONTRAST_COLUMNS)
        return self
