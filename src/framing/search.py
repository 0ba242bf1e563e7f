"""Full-text search across an article set: the sentences that hold every term.

A query is one or more terms separated by spaces; a term in double quotes is
a phrase (``"joint drills"``), and a term ending in ``*`` matches any word it
begins (``provoc*``). Matching ignores case and matches whole words; the words
of a phrase may be separated by any run of spaces or hyphens. A sentence is a
hit when it holds every term (AND).

The search scans the texts as they are (about 40 ms for 2,000 news articles,
see docs/search.md), so it needs no index to keep in step with the store.

Hit columns (``SEARCH_COLUMNS``): ``article_id, outlet, title, published,
event_id`` of the article; ``field`` (``title`` or ``text``), ``sentence_start,
sentence_end`` (character offsets of the sentence in that field) and
``sentence``; ``matches``: the ``(start, end)`` spans of the terms in the
field's text, in order; ``n_matches``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from framing.errors import FramingError
from framing.segment import sentences as split_sentences

__all__ = ["SEARCH_COLUMNS", "parse_query", "search"]

SEARCH_COLUMNS = [
    "article_id",
    "outlet",
    "title",
    "published",
    "event_id",
    "field",
    "sentence_start",
    "sentence_end",
    "sentence",
    "matches",
    "n_matches",
]
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORDS = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*\*?|\*")


def parse_query(query: str) -> list[str]:
    """The terms of ``query``, lower-cased, each a word or a phrase of words.

    Raises:
        FramingError: (FRM-D742) a double quote is not closed, or the query holds no word.
    """
    if query.count('"') % 2:
        raise FramingError(
            f"the search '{query}' has a double quote that is not closed. "
            'Close the phrase: "joint drills".',
            code="FRM-D742",
        )
    terms = []
    for m in _TERM.finditer(query):
        words = [w for w in _WORDS.findall((m.group(1) or m.group(2) or "").lower()) if w != "*"]
        if words:
            terms.append(" ".join(words))
    if not terms:
        raise FramingError(
            f"the search '{query}' holds no word to look for. Type one or more words.",
            code="FRM-D742",
        )
    return list(dict.fromkeys(terms))


def _pattern(term: str) -> re.Pattern[str]:
    parts = []
    for word in term.split():
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[^\W_]*")
        else:
            parts.append(re.escape(word))
    return re.compile(r"(?<![^\W_])" + r"[\s\-]+".join(parts) + r"(?![^\W_])", re.IGNORECASE)


def search(
    query: str,
    articles: pd.DataFrame,
    texts: Mapping[str, str] | pd.Series,
    *,
    sentences: pd.DataFrame | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The sentences of ``articles`` that hold every term of ``query`` (``SEARCH_COLUMNS``).

    Args:
        query: see the module's docstring.
        articles: the articles to search (already filtered by outlet, date,
            event), with ``id, outlet, title, published, event_id``.
        texts: each article's text by id (``Store.articles`` text).
        sentences: stored sentence rows (``id, field, start, end, sentence``)
            to use instead of splitting the texts again; articles without
            stored sentences are split.
        limit: stop after this many hits (``None``: all), in article order.

    Raises:
        FramingError: (FRM-D742) the query is empty or a quote is not closed.
    """
    patterns = [_pattern(t) for t in parse_query(query)]
    stored = {}
    if sentences is not None and not sentences.empty:
        stored = sentences.groupby(["id", "field"], sort=False).indices
        cols = {c: sentences[c].tolist() for c in ("start", "end", "sentence")}
    rows: list[dict] = []
    for art in articles.itertuples(index=False):
        for field, body in (("title", str(art.title)), ("text", str(texts.get(art.id, "")))):
            spans = [[m.span() for m in p.finditer(body)] for p in patterns]
            if not all(spans):
                continue
            at = stored.get((art.id, field))
            if at is not None:
                sents = [(cols["start"][k], cols["end"][k], cols["sentence"][k]) for k in at]
            elif field == "title":
                sents = [(0, len(body), body)]
            else:
                sents = [(s.start, s.end, s.text) for s in split_sentences(body)]
            for start, end, sentence in sents:
                inside = [[s for s in term if start <= s[0] and s[1] <= end] for term in spans]
                if not all(inside):
                    continue
                found = sorted(s for term in inside for s in term)
                rows.append(
                    {
                        "article_id": art.id,
                        "outlet": art.outlet,
                        "title": art.title,
                        "published": art.published,
                        "event_id": int(art.event_id),
                        "field": field,
                        "sentence_start": int(start),
                        "sentence_end": int(end),
                        "sentence": sentence,
                        "matches": found,
                        "n_matches": len(found),
                    }
                )
                if limit is not None and len(rows) >= limit:
                    return pd.DataFrame(rows, columns=SEARCH_COLUMNS)
    return pd.DataFrame(rows, columns=SEARCH_COLUMNS)
