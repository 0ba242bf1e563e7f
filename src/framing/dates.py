"""Article dates added or corrected by a user.

A date set here is kept in the store by article id (``Store.set_date_edit``),
apart from the ingested articles: re-reading the same files, or replacing the
set with new versions of the articles, keeps it. ``Store.articles`` returns it
as the article's ``published``, so the next analysis groups and dates the
article by it; the analysis key counts the set dates
(``framing.pipeline.analysis_key``), so stored results are not reused after
an edit. ``stale_dates`` tells whether the stored analysis still shows the old
dates.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from framing.errors import FramingError
from framing.store import Store

__all__ = [
    "ARTICLE_DATE_COLUMNS",
    "article_dates",
    "parse_article_date",
    "set_article_date",
    "stale_dates",
]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
ARTICLE_DATE_COLUMNS = ["id", "outlet", "title", "published", "ingested", "published_raw", "edited"]


def parse_article_date(value: str, *, where: str = "the date") -> str:
    """``value`` as an ISO date ``YYYY-MM-DD``, checked to be a calendar date.

    Args:
        value: what the user typed (spaces around it are ignored).
        where: names the article in the message ("article 'a-12' in set 'news'").

    Raises:
        FramingError: (FRM-D743) not of the form ``YYYY-MM-DD`` or no such day.
    """
    text = str(value).strip()
    if not _ISO.fullmatch(text):
        raise FramingError(
            f"{where}: '{text}' is not a date in the form YYYY-MM-DD. "
            "Write it as, e.g., 2024-03-15.",
            code="FRM-D743",
        )
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise FramingError(
            f"{where}: '{text}' is no calendar date ({exc}). Check the month and the day.",
            code="FRM-D743",
        ) from None
    return day.isoformat()


def set_article_date(store: Store, corpus: str, article_id: str, value: str | None) -> str | None:
    """Set, correct or (with an empty ``value``) remove the date a user gave an article.

    Returns:
        The date now stored for it by the user, or ``None`` after a removal.

    Raises:
        FramingError: (FRM-D744) no such article in the set; (FRM-D743) not a valid date.
        StoreError: no such set.
    """
    ids = store.articles(corpus)["id"]
    if article_id not in set(ids):
        known = ", ".join(f"'{i}'" for i in ids.head(5))
        more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
        raise FramingError(
            f"article '{article_id}' is not in article set '{corpus}' (its ids: "
            f"{known or 'none'}{more}). Use an id from the Articles page or articles.csv.",
            code="FRM-D744",
        )
    if value is None or not str(value).strip():
        store.clear_date_edit(corpus, article_id)
        return None
    date = parse_article_date(value, where=f"article '{article_id}' in set '{corpus}'")
    store.set_date_edit(corpus, article_id, date)
    return date


def article_dates(store: Store, corpus: str) -> pd.DataFrame:
    """Every article's date as used now and as ingested (``ARTICLE_DATE_COLUMNS``).

    ``published`` is the date in use (the user's where set), ``ingested`` the
    date the input gave (empty when it had none or an unreadable one, whose
    text is ``published_raw``), ``edited`` whether a user set the date.
    """
    articles = store.articles(corpus)
    edits = store.date_edits(corpus).set_index("article_id")["published"]
    edited = articles["id"].isin(edits.index)
    # Store.articles already returns the user's date; the ingested one is
    # what it would be without it.
    ingested = store.ingested_dates(corpus)
    return articles.assign(
        ingested=articles["id"].map(ingested).fillna(""), edited=edited.to_numpy()
    )[ARTICLE_DATE_COLUMNS]


def stale_dates(analysed: pd.DataFrame, store: Store, corpus: str) -> pd.DataFrame:
    """Articles whose date in the stored analysis is not their date now.

    Args:
        analysed: the analysis's articles (``id, published``).

    Returns:
        ``id, analysed, published`` of each such article (empty: up to date).
    """
    now = store.articles(corpus).set_index("id")["published"].astype(str)
    was = analysed.set_index("id")["published"].astype(str)
    common = was.index.intersection(now.index)
    differ = common[(was[common] != now[common]).to_numpy()]
    return pd.DataFrame(
        {"id": differ, "analysed": was[differ].to_numpy(), "published": now[differ].to_numpy()}
    )
