"""Cached access to the store and the stored analysis, shared by all pages.

Nothing here computes analysis: it opens the store, reads what ``framing``
stored, and filters rows for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

import framing
from framing.config import load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO_ROOT / "sample_articles"
SAMPLE_CORPUS = "sample"


@st.cache_resource
def get_store(db_path: str) -> framing.Store:
    """One store connection per database path for the whole server."""
    return framing.Store(db_path)


def settings() -> framing.Settings:
    """Settings from FRAMING_CONFIG / FRAMING_* variables."""
    return load_settings()


@st.cache_data(show_spinner=False)
def load_tables(db_path: str, corpus: str, corpus_hash: str) -> dict[str, pd.DataFrame] | None:
    """Stored analysis tables of a corpus; the content hash keys the cache."""
    analysis = framing.load_analysis(corpus, get_store(db_path))
    if analysis is None:
        return None
    return {"articles": analysis.articles, "events": analysis.events}


@st.cache_data(show_spinner=False)
def load_articles(db_path: str, corpus: str, corpus_hash: str) -> pd.DataFrame:
    """Full article rows (with text) of a corpus."""
    return get_store(db_path).articles(corpus)


@dataclass
class Context:
    """What the entrypoint decided, for the pages to draw.

    Attributes:
        db_path: the store.
        corpus: the chosen corpus.
        corpus_hash: its content digest (cache key).
        articles: analysed articles after the global filters.
        events: events that still have an article after filtering.
        all_outlets: every outlet in the corpus (keeps colours fixed).
    """

    db_path: str
    corpus: str
    corpus_hash: str
    articles: pd.DataFrame
    events: pd.DataFrame
    all_outlets: list[str]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$<&:])")


def plain(text: str) -> str:
    """Escape untrusted text for ``st.markdown``: no HTML, links or formatting survive."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", "  \n")


def get_context() -> Context | None:
    """The context set by the entrypoint, or ``None`` when no corpus is ready."""
    return st.session_state.get("context")
