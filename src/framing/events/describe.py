"""Readable events: distinctive keywords, a label and a summary row per event.

Also the chronological numbering of events, so that event 0 is the first
reported one whatever order the grouper found them in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from framing.events.group import TOKEN_PATTERN
from framing.events.headline import headline_label
from framing.segment import DATE_WORDS

_CALENDAR = DATE_WORDS | {
    "may",
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
    events, codes = np.unique(labels, return_inverse=True)
    vec = CountVectorizer(
        ngram_range=(1, 2), stop_words="english", token_pattern=TOKEN_PATTERN, min_df=1
    )
    try:
        counts = vec.fit_transform([str(t) for t in texts]).astype(np.float32).tocsr()
    except ValueError:
        return {int(e): [] for e in events}
    terms = vec.get_feature_names_out()
    member = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (codes, np.arange(len(labels)))),
        shape=(len(events), len(labels)),
    )
    sizes = np.asarray(member.sum(axis=1)).ravel()
    # Everything stays sparse (events x terms): dense, it would not fit at 100k articles.
    per_event = (member @ counts).tocsr()
    present = (member @ (counts > 0).astype(np.float32)).tocsr()
    # Same sparsity pattern; sorted indices keep ties in term order and align the two.
    per_event.sort_indices()
    present.sort_indices()
    n_events_with = np.bincount(per_event.indices, minlength=len(terms))
    rarity = (
        np.log((1.0 + len(events)) / np.maximum(n_events_with, 1))
        if len(events) > 1
        else np.ones(len(terms))
    )
    by_event = np.split(np.argsort(codes, kind="stable"), np.cumsum(np.bincount(codes))[:-1])
    out: dict[int, list[str]] = {}
    for row, event in enumerate(events.tolist()):
        lo, hi = per_event.indptr[row], per_event.indptr[row + 1]
        cols = per_event.indices[lo:hi]
        tf = per_event.data[lo:hi] / max(per_event.data[lo:hi].sum(), 1.0)
        coverage = present.data[lo:hi] / sizes[row]
        row_scores = np.sqrt(tf) * coverage * rarity[cols]
        order = np.argsort(-row_scores, kind="stable")
        event_texts = [str(texts[i]) for i in by_event[row]]
        chosen: list[str] = []
        for pos in order[:80]:
            term = terms[cols[pos]]
            if row_scores[pos] <= 0:
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
        out[int(event)] = chosen
    return out


def describe_events(
    articles: pd.DataFrame, labels: np.ndarray, embeddings: np.ndarray
) -> tuple[pd.DataFrame, pd.Series]:
    """Readable labels and a summary row per event.

    The label is the event's most central headline, cleaned of kickers and
    outlet names (``framing.events.headline``), after its first date.

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
    titles = articles["title"].astype(str).to_numpy()
    ids = articles["id"].astype(str).to_numpy()
    outlets = articles["outlet"].astype(str).to_numpy()
    published = articles["published"].astype(str).to_numpy()
    events_sorted, codes = np.unique(labels, return_inverse=True)
    groups = np.split(np.argsort(codes, kind="stable"), np.cumsum(np.bincount(codes))[:-1])
    rows = []
    every_outlet = sorted(set(outlets.tolist()))
    for event, idx in zip(events_sorted.tolist(), groups, strict=True):
        headline, pos = headline_label(titles[idx].tolist(), embeddings[idx], every_outlet)
        rep = idx[pos]
        dates = sorted(d for d in published[idx] if d)
        kw = keywords.get(event, [])
        label = headline or ", ".join(kw[:3]) or f"Event {event}"
        if dates:
            label = f"{dates[0]} · {label}"
        names = sorted(set(outlets[idx].tolist()))
        rows.append(
            {
                "event_id": int(event),
                "label": label,
                "headline": headline,
                "keywords": "; ".join(kw),
                "n_articles": int(len(idx)),
                "n_outlets": len(names),
                "outlets": "; ".join(names),
                "start": dates[0] if dates else "",
                "end": dates[-1] if dates else "",
                "representative_id": str(ids[rep]),
            }
        )
    events = pd.DataFrame(rows)
    by_event = dict(zip(events["event_id"], events["label"], strict=True))
    return events, pd.Series([by_event[int(e)] for e in labels], index=articles.index)


def chronological(labels: np.ndarray, dates: pd.Series) -> np.ndarray:
    """Renumber events by their first publication date (undated events last).

    Ties keep the grouper's order, so the numbering stays deterministic.
    """
    labels = np.asarray(labels)
    first: dict[int, str] = {}
    for label, date in zip(labels.tolist(), dates.astype(str), strict=True):
        key = date or "9999-99-99"
        first[label] = min(first.get(label, key), key)
    order = sorted(first, key=lambda lab: (first[lab], lab))
    remap = {old: new for new, old in enumerate(order)}
    return np.array([remap[lab] for lab in labels.tolist()], dtype=np.int64)
