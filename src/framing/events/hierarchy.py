"""Events at other granularities, and storylines above events.

The grouper records every merge it makes (``EventGrouper.merges_``), and the
ones it would make a little further down, so events can be made finer or
coarser at once by replaying that history to another level: no embedding and
no grouping again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def cut_merges(n: int, merges: np.ndarray, level: float) -> np.ndarray:
    """Events at another similarity ``level``, from a grouper's ``merges_``.

    Merges are replayed in the order they were made until the first one below
    ``level``; at the grouper's own threshold this gives back its ``labels_``.
    A higher level gives finer events, a lower one (down to ``threshold -
    coarsest``) coarser ones. Events are numbered by their first article.
    """
    parent = np.arange(n)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, value in np.asarray(merges, dtype=float).reshape(-1, 3).tolist():
        if value < level:
            break
        ra, rb = root(int(a)), root(int(b))
        parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([root(i) for i in range(n)], dtype=np.int64)
    _, labels = np.unique(roots, return_inverse=True)
    return labels.astype(np.int64)


def storylines(
    vectors: np.ndarray,
    event_ids: np.ndarray,
    dates: Sequence,
    *,
    threshold: float = 0.12,
    window_days: float = 92.0,
    date_penalty: float = 0.002,
    random_state: int | None = 0,
) -> np.ndarray:
    """Group events into storylines: one theme followed over weeks.

    Each event becomes its mean article vector, dated by its articles' mean
    date, and those are grouped like articles are (``EventGrouper``), with a
    lower bar and a window of months instead of days.

    Args:
        vectors: article vectors, one unit row per article.
        event_ids: event per article (``0..n_events-1``).
        dates: publication date per article (empty when unknown).
        threshold: as ``EventGrouper.threshold``, on event centroids.
        window_days: a storyline spans at most this many days.
        date_penalty: similarity lost per day between two events.
        random_state: passed to the grouper.

    Returns:
        Storyline index per event (``0..n_storylines-1``), in event order.
    """
    from framing.events.group import EventGrouper, _date_days

    event_ids = np.asarray(event_ids, dtype=np.int64)
    n_events = int(event_ids.max()) + 1 if len(event_ids) else 0
    if n_events == 0:
        return np.zeros(0, dtype=np.int64)
    sums = np.zeros((n_events, vectors.shape[1]))
    np.add.at(sums, event_ids, vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    centroids = (sums / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    days = _date_days(dates, len(event_ids))
    known = ~np.isnan(days)
    total = np.bincount(event_ids[known], weights=days[known], minlength=n_events)
    count = np.bincount(event_ids[known], minlength=n_events)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_day = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    stamps = [
        "" if np.isnan(d) else (np.datetime64("1970-01-01") + np.timedelta64(int(d), "D")).item()
        for d in mean_day.tolist()
    ]
    grouper = EventGrouper(
        threshold,
        window_days=window_days,
        date_penalty=date_penalty,
        coarsest=0.0,
        random_state=random_state,
    )
    return grouper.fit(centroids, dates=stamps).labels_


def storyline_labels(
    texts: Sequence[str], article_storyline: np.ndarray, dates: Sequence
) -> dict[int, str]:
    """A label per storyline: its distinctive terms and the months it covers.

    For example ``"Hwasong-17, missile launch, Pyongyang · Oct–Nov 2022"``.
    """
    from framing.events.describe import event_keywords

    article_storyline = np.asarray(article_storyline, dtype=np.int64)
    keywords = event_keywords(texts, article_storyline, top_n=3)
    parsed = pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce")
    out: dict[int, str] = {}
    for story in np.unique(article_storyline).tolist():
        words = ", ".join(keywords.get(story, [])) or f"Storyline {story}"
        days = parsed[article_storyline == story].dropna()
        out[story] = f"{words} · {_months(days.min(), days.max())}" if len(days) else words
    return out


def storyline_titles(
    texts: Sequence[str],
    article_storyline: np.ndarray,
    dates: Sequence,
    vectors: np.ndarray,
    article_event: np.ndarray,
    headlines: dict[int, str],
) -> pd.DataFrame:
    """A plain title per storyline: the headline of its most central event.

    The most central event is the one whose mean article vector is closest
    to the storyline's; its cleaned headline (``describe_events``) is the
    title. The distinctive terms stay as a second field. A storyline whose
    events have no headline is titled by its terms.

    Args:
        texts: article texts (for the terms).
        article_storyline: storyline per article.
        dates: publication date per article.
        vectors: unit article vectors, one row per article.
        article_event: event per article.
        headlines: event id -> its cleaned headline (may be empty).

    Returns:
        ``storyline_id, storyline, storyline_title, storyline_keywords``:
        ``storyline`` is the title and the months it covers
        (``"Seoul and Washington begin air drills · Oct–Nov 2022"``).
    """
    from framing.events.describe import event_keywords

    article_storyline = np.asarray(article_storyline, dtype=np.int64)
    article_event = np.asarray(article_event, dtype=np.int64)
    vectors = np.asarray(vectors, dtype=float)
    keywords = event_keywords(texts, article_storyline, top_n=3)
    parsed = pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce")
    rows = []
    for story in np.unique(article_storyline).tolist():
        members = article_storyline == story
        centre = vectors[members].mean(axis=0)
        events = np.unique(article_event[members])
        closeness = [
            float(vectors[members & (article_event == e)].mean(axis=0) @ centre) for e in events
        ]
        title = ""
        for pos in np.argsort(-np.asarray(closeness), kind="stable").tolist():
            title = str(headlines.get(int(events[pos]), "") or "").strip()
            if title:
                break
        words = ", ".join(keywords.get(story, []))
        title = title or words or f"Storyline {story}"
        days = parsed[members].dropna()
        label = f"{title} · {_months(days.min(), days.max())}" if len(days) else title
        rows.append(
            {
                "storyline_id": int(story),
                "storyline": label,
                "storyline_title": title,
                "storyline_keywords": words,
            }
        )
    cols = ["storyline_id", "storyline", "storyline_title", "storyline_keywords"]
    return pd.DataFrame(rows, columns=cols)


def _months(first: pd.Timestamp, last: pd.Timestamp) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return first.strftime("%b %Y")
    if first.year == last.year:
        return f"{first.strftime('%b')}–{last.strftime('%b %Y')}"
    return f"{first.strftime('%b %Y')}–{last.strftime('%b %Y')}"


# Named steps of the granularity control, as margins above the grouping threshold.
GRANULARITY = {"finest": 0.2, "finer": 0.1, "as grouped": 0.0, "coarser": -0.05, "coarsest": -0.1}


def regroup(articles: pd.DataFrame, events: pd.DataFrame, merges: pd.DataFrame, margin: float):
    """The stored events made finer (``margin > 0``) or coarser (``< 0``).

    Args:
        articles: the stored articles table (``id, outlet, published, event_id``).
        events: the stored events table (``event_id, label, n_articles``).
        merges: the stored ``event_merges`` table (``a, b, margin``).
        margin: how far above (finer) or below (coarser) the grouping
            threshold to cut; ``0`` gives the stored events back.

    Returns:
        ``(article_groups, groups)``: a Series of group id per article (same
        index as ``articles``) and one row per group: ``group_id, label,
        event_ids, n_events, n_articles, n_outlets, start, end``. A group is
        named after the largest stored event it holds (for a finer group, the
        event it came from).
    """
    ids = articles["id"].astype(str).tolist()
    index = {a: i for i, a in enumerate(ids)}
    known = merges["a"].astype(str).isin(index) & merges["b"].astype(str).isin(index)
    kept = merges[known]
    history = np.column_stack(
        [
            kept["a"].astype(str).map(index).to_numpy(dtype=float),
            kept["b"].astype(str).map(index).to_numpy(dtype=float),
            kept["margin"].to_numpy(dtype=float),
        ]
    )
    groups = cut_merges(len(ids), history, float(margin))
    if margin >= 0:
        # Finer: never join what the stored events (or a user's fixes) keep apart.
        pairs = pd.Series(list(zip(articles["event_id"].tolist(), groups.tolist(), strict=True)))
        groups = pd.factorize(pairs)[0].astype(np.int64)
    else:
        # Coarser: a group holds whole stored events.
        groups = _whole_events(articles["event_id"].to_numpy(), groups)
    by_article = pd.Series(groups, index=articles.index, name="group_id")
    size = events.set_index("event_id")["n_articles"]
    label = events.set_index("event_id")["label"]
    rows = []
    frame = articles.assign(group_id=groups)
    for gid, part in frame.groupby("group_id", sort=True):
        members = sorted(set(part["event_id"].astype(int).tolist()))
        main = max(members, key=lambda e: (int(size.get(e, 0)), -e))
        dates = sorted(d for d in part["published"].astype(str) if d)
        rows.append(
            {
                "group_id": int(gid),
                "label": str(label.get(main, f"Event {main}")),
                "event_ids": members,
                "n_events": len(members),
                "n_articles": len(part),
                "n_outlets": part["outlet"].nunique(),
                "start": dates[0] if dates else "",
                "end": dates[-1] if dates else "",
            }
        )
    return by_article, pd.DataFrame(rows)


def _whole_events(event_ids: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Join groups so that no stored event is split between two of them."""
    parent = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for event, group in zip(event_ids.tolist(), groups.tolist(), strict=True):
        a, b = root(("e", event)), root(("g", group))
        if a != b:
            parent[b] = a
    roots = [root(("e", e)) for e in event_ids.tolist()]
    return pd.factorize(pd.Series(roots))[0].astype(np.int64)
