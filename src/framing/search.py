"""Full-text search across an article set: the sentences that hold every term.

A query is one or more terms separated by spaces; a term in double quotes is
a phrase (``"joint drills"``), and a term ending in ``*`` matches any word it
begins (``provoc*``). Matching ignores case and matches whole words; the words
of a phrase may be separated by any run of spaces or hyphens. A sentence is a
hit when it holds every term (AND).

The search scans the texts (``SearchIndex`` lower-cases them once per set;
then under 0.1 s a query for 2,000 news articles, see docs/analyst.md), so
there is no index in the store to keep in step with every ingest.

Hit columns (``SEARCH_COLUMNS``): ``article_id, outlet, title, published,
event_id`` of the article; ``field`` (``title`` or ``text``), ``sentence_start,
sentence_end`` (character offsets of the sentence in that field) and
``sentence``; ``matches``: the ``(start, end)`` spans of the terms in the
field's text, in order; ``n_matches``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from framing.errors import FramingError
from framing.segment import sentences as split_sentences

__all__ = ["SEARCH_COLUMNS", "SearchIndex", "parse_query", "search"]

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
    """The regex of a lower-case term, to run over lower-cased text.

    It starts with the term's first letters, so the regex engine can skip
    ahead to them; whether the match starts a word is checked by the caller
    (a leading look-behind would make the engine try every position:
    measured 20x slower).
    """
    parts = []
    for word in term.split():
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[^\W_]*")
        else:
            parts.append(re.escape(word))
    return re.compile(r"[\s\-]+".join(parts) + r"(?![^\W_])")


def _lower_keeping_length(text: str) -> str:
    """``text`` in lower case, character for character (offsets stay valid).

    A few characters lower-case to two ("İ"); those are kept as they are.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class SearchIndex:
    """The titles and texts of a set of articles, lower-cased once for searching.

    Build it once per article set and pass it to ``search`` for every query
    (lower-casing 2,000 articles' text costs more than a search).

    Args:
        articles: with ``id, title``.
        texts: each article's text by id.
        sentences: stored sentence rows (``id, field, start, end, sentence``)
            to use instead of splitting the texts again; articles without
            stored sentences are split when they hold a hit.
    """

    def __init__(
        self,
        articles: pd.DataFrame,
        texts: Mapping[str, str] | pd.Series,
        sentences: pd.DataFrame | None = None,
    ) -> None:
        if isinstance(texts, pd.Series):
            texts = texts.to_dict()
        self.ids = articles["id"].tolist()
        self.bodies: list[tuple[str, str, str]] = []  # (id, field, text)
        for aid, title in zip(self.ids, articles["title"].tolist(), strict=True):
            self.bodies.append((aid, "title", str(title)))
            self.bodies.append((aid, "text", str(texts.get(aid, ""))))
        # One string for all: each term is one regex pass, not one per article.
        self.starts = np.cumsum([0] + [len(b) + 1 for _, _, b in self.bodies])
        self.lowered = "\x00".join(_lower_keeping_length(b) for _, _, b in self.bodies)
        self.sentences: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        if sentences is not None and not sentences.empty:
            keys = zip(sentences["id"].tolist(), sentences["field"].tolist(), strict=True)
            cols = [sentences[c].tolist() for c in ("start", "end", "sentence")]
            for key, *row in zip(keys, *cols, strict=True):
                self.sentences.setdefault(key, []).append(tuple(row))

    def sentences_of(self, k: int) -> list[tuple[int, int, str]]:
        """``(start, end, sentence)`` of body number ``k``."""
        aid, field, body = self.bodies[k]
        stored = self.sentences.get((aid, field))
        if stored is not None:
            return stored
        if field == "title":
            return [(0, len(body), body)]
        return [(x.start, x.end, x.text) for x in split_sentences(body)]

    def spans(self, pattern: re.Pattern[str]) -> dict[int, list[tuple[int, int]]]:
        """Whole-word matches of ``pattern``: body number -> spans in that body."""
        found: dict[int, list[tuple[int, int]]] = {}
        low = self.lowered
        for m in pattern.finditer(low):
            start = m.start()
            if start and low[start - 1].isalnum():
                continue
            k = int(np.searchsorted(self.starts, start, side="right")) - 1
            base = int(self.starts[k])
            found.setdefault(k, []).append((start - base, m.end() - base))
        return found


def search(
    query: str,
    articles: pd.DataFrame,
    texts: Mapping[str, str] | pd.Series | None = None,
    *,
    sentences: pd.DataFrame | None = None,
    limit: int | None = None,
    index: SearchIndex | None = None,
) -> pd.DataFrame:
    """The sentences of ``articles`` that hold every term of ``query`` (``SEARCH_COLUMNS``).

    Args:
        query: see the module's docstring.
        articles: the articles to search (already filtered by outlet, date,
            event), with ``id, outlet, title, published, event_id``.
        texts: each article's text by id (``Store.articles`` text); not
            needed with ``index``.
        sentences: stored sentence rows, as ``SearchIndex`` takes them (only
            used when no ``index`` is given).
        limit: stop after this many hits (``None``: all), in article order.
        index: a ``SearchIndex`` of these articles or of more (only hits in
            ``articles`` are kept); built here when not given.

    Raises:
        FramingError: (FRM-D742) the query is empty or a quote is not closed.
    """
    terms = parse_query(query)
    if index is None:
        index = SearchIndex(articles, texts if texts is not None else {}, sentences)
    found = [index.spans(_pattern(t)) for t in terms]
    # bodies holding every term, in the index's order
    bodies = sorted(set(found[0]).intersection(*found[1:]))
    meta = {
        aid: (outlet, title, published, int(event))
        for aid, outlet, title, published, event in zip(
            *(articles[c].tolist() for c in ("id", "outlet", "title", "published", "event_id")),
            strict=True,
        )
    }
    rows: list[dict] = []
    for k in bodies:
        aid, field, _body = index.bodies[k]
        if aid not in meta:
            continue
        spans = [f[k] for f in found]
        sents = index.sentences_of(k)
        outlet, title, published, event_id = meta[aid]
        for start, end, sentence in sents:
            inside = [[x for x in term if start <= x[0] and x[1] <= end] for term in spans]
            if not all(inside):
                continue
            matched = sorted(x for term in inside for x in term)
            rows.append(
                {
                    "article_id": aid,
                    "outlet": outlet,
                    "title": title,
                    "published": published,
                    "event_id": event_id,
                    "field": field,
                    "sentence_start": int(start),
                    "sentence_end": int(end),
                    "sentence": sentence,
                    "matches": matched,
                    "n_matches": len(matched),
                }
            )
            if limit is not None and len(rows) >= limit:
                return pd.DataFrame(rows, columns=SEARCH_COLUMNS)
    return pd.DataFrame(rows, columns=SEARCH_COLUMNS)
