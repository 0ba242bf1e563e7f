"""Embedded SQLite store: corpora, articles, embeddings, analysis results.

Schema versions live in ``migrations.MIGRATIONS``; ``PRAGMA user_version``
records the newest one applied. Every write that belongs together runs in one transaction,
so an interrupted ingest leaves the store as it was.

Embeddings are keyed by ``(model_id, text_hash)``: the same text embedded by the
same model is computed once, whatever corpus it belongs to.

Analysis results are written batch by batch into ``result_parts`` under the
analysis key, then the finished tables go to ``results``; a large table may
stay in its parts (its ``results`` row then has an empty payload), and
``get_results`` joins them.

User lexicons (edits made in the dashboard) are kept as TOML text by name, so
the built-in lexicon file is never written to.

The ``Store`` class is assembled from one mixin per concern: ``base`` (the
connection, transactions, migrations, the corpus list), ``articles``,
``embeddings``, ``results``, ``lexicons``, ``event_edits``, ``referent_edits``
(corrections of the wording rows), ``date_edits``
(article dates set by a user), ``classroom`` (a teacher's quiz and the class's
answers) and ``locks`` (one writer per article set; results carry the digest
of the articles they were computed from, checked when they are written and by
``results_match``). This package holds all of framing's SQL.
"""

from __future__ import annotations

from framing.store.articles import ArticlesMixin
from framing.store.classroom import ClassroomMixin
from framing.store.date_edits import DateEditsMixin
from framing.store.embeddings import EmbeddingsMixin
from framing.store.event_edits import EventEditsMixin
from framing.store.keys import settings_key, text_hash
from framing.store.lexicons import DEFAULT_USER_LEXICON, LexiconsMixin
from framing.store.locks import LocksMixin
from framing.store.migrations import SCHEMA_VERSION
from framing.store.referent_edits import ReferentEditsMixin
from framing.store.results import ResultsMixin


class Store(
    ArticlesMixin,
    EmbeddingsMixin,
    ResultsMixin,
    LexiconsMixin,
    EventEditsMixin,
    ReferentEditsMixin,
    ClassroomMixin,
    LocksMixin,
    DateEditsMixin,
):
    """A framing store in one SQLite file.

    The methods are grouped by concern in the mixins of this package; every
    SQL statement of framing lives in one of them.

    Args:
        path: database file; its folder is created. ``":memory:"`` for tests.
    """


def results_match(store: Store, corpus: str) -> bool:
    """Whether the stored results of ``corpus`` belong to its articles as stored now.

    Call it before showing results: ``False`` means they are missing or out of
    date (run ``framing analyze`` again).
    """
    return store.results_match(corpus)


__all__ = [
    "DEFAULT_USER_LEXICON",
    "SCHEMA_VERSION",
    "Store",
    "results_match",
    "settings_key",
    "text_hash",
]
