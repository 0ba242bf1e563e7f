"""The stored tables with the referent corrections applied, cached by the corrections' digest.

A correction changes ``mentions`` and ``alignment`` but not the results key,
so the corrected tables are cached apart from the stored ones
(``common.load_tables``), under their digest
(``framing.referent_corrections.corrections_key``): a correction made in
another session or with the CLI shows on the next rerun, and the stored
tables are not read again. The rows rebuilt for each event are kept too
(by the event's corrected mentions), so a new fix rebuilds its event only.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import framing
from framing.referent_corrections import edits_digest, with_corrections
from framing.referents.edits import stored_edits


class CorrectionsChanged(Exception):
    """The stored corrections changed while the tables were being corrected."""


@st.cache_resource(max_entries=4, show_spinner=False)
def corrected(
    db_path: str,
    corpus: str,
    corpus_hash: str,
    corrections: str,
    _tables: dict[str, pd.DataFrame],
    _store: framing.Store,
) -> dict[str, pd.DataFrame]:
    """``_tables`` (those stored under ``corpus_hash``) with the corrections digested as
    ``corrections``; only ``mentions`` and ``alignment`` are new frames.

    Keyed by the four named values (the tables and the store are not hashed:
    they are those of ``db_path``, ``corpus`` and ``corpus_hash``). Shared
    between sessions: read them, never modify them in place.

    Raises:
        CorrectionsChanged: the stored corrections are no longer ``corrections``.
    """
    edits = stored_edits(_store.referent_edits(corpus))
    if edits_digest(edits) != corrections:
        raise CorrectionsChanged(corpus)
    memo = rows_memo(db_path, corpus, corpus_hash)
    return with_corrections(_store, corpus, corpus_hash, _tables, edits=edits, rows_cache=memo)


@st.cache_resource(max_entries=4, show_spinner=False)
def rows_memo(db_path: str, corpus: str, corpus_hash: str) -> dict[str, pd.DataFrame]:
    """Rebuilt rows of one analysis by event content, so a new fix rebuilds only its event."""
    return {}


def clear() -> None:
    """Forget the corrected tables and the rebuilt rows (``common.clear_caches``)."""
    corrected.clear()
    rows_memo.clear()
