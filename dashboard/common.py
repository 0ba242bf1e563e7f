"""Cached access to the store and the stored analysis, shared by all pages.

Nothing here computes analysis: it opens the store, reads what ``framing``
stored, and filters rows for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

import framing
import framing.pipeline
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
def list_corpora(db_path: str, version: str) -> pd.DataFrame:
    """The stored corpora (``Store.corpora``), cached until the store changes."""
    return get_store(db_path).corpora()


@st.cache_data(show_spinner=False)
def load_tables(db_path: str, corpus: str, corpus_hash: str) -> dict[str, pd.DataFrame] | None:
    """Stored analysis tables of a corpus; the content hash keys the cache.

    Keys: ``articles``, ``events`` and, when cues were scored, ``cues``,
    ``sentences``, ``contrast``, ``alignment``, ``outlet_scores``, ``frames``,
    ``article_frames`` (columns in docs/cues.md).
    """
    analysis = framing.load_analysis(corpus, get_store(db_path))
    if analysis is None:
        return None
    return {"articles": analysis.articles, "events": analysis.events, **analysis.tables}


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
        corpus_hash: the key of its stored results, which digests its content
            and the analysis settings (cache key).
        articles: analysed articles after the global filters (``id, outlet,
            title, published, url, event_id, event_label, n_words, source, x, y``).
        events: events that still have an article after filtering.
        all_outlets: every outlet in the corpus (keeps colours fixed).
        tables: the stored cue tables (unfiltered; filter by ``articles["id"]``
            or by outlet). Empty when the corpus was analysed without cues.
        categories: cue categories of the lexicon in use, by key.
    """

    db_path: str
    corpus: str
    corpus_hash: str
    articles: pd.DataFrame
    events: pd.DataFrame
    all_outlets: list[str]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    categories: dict = field(default_factory=dict)

    def texts(self) -> pd.DataFrame:
        """Full article rows (``id, outlet, title, text, ...``) indexed by ``id``."""
        return load_articles(self.db_path, self.corpus, self.corpus_hash).set_index("id")

    def table(self, name: str) -> pd.DataFrame:
        """A cue table restricted to the filtered articles/outlets (empty if absent)."""
        df = self.tables.get(name)
        if df is None:
            return pd.DataFrame()
        if "id" in df.columns:
            return df[df["id"].isin(self.articles["id"])]
        if "outlet" in df.columns:
            return df[df["outlet"].isin(self.articles["outlet"].unique())]
        return df


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$<&:])")


def plain(text: str) -> str:
    """Escape untrusted text for ``st.markdown``: no HTML, links or formatting survive."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", "  \n")


def get_context() -> Context | None:
    """The context set by the entrypoint, or ``None`` when no corpus is ready."""
    return st.session_state.get("context")


def categories() -> dict:
    """Cue categories in use (built-in, FRAMING_LEXICON and the store's lexicon edits), by key."""
    from framing.highlight import EXTRA_CATEGORIES

    user_toml = get_store(str(settings().resolved_db_path)).user_lexicon() or ""
    return {**_lexicon_categories(user_toml), **EXTRA_CATEGORIES}


@st.cache_resource
def _lexicon_categories(user_toml: str) -> dict:
    """Base lexicon categories extended by the stored edits (their text is the cache key)."""
    from framing.errors import ConfigError
    from framing.rescore import merge, parse_edits

    lexicon = framing.pipeline.resolve_lexicon(settings())
    if user_toml:
        try:
            lexicon = merge(lexicon, parse_edits(user_toml))
        except ConfigError as exc:
            # The Lexicon page shows the broken edits and offers to discard
            # them; the other pages keep working with the base categories.
            st.warning(f"Your saved lexicon edits could not be read: {exc}")
    return dict(lexicon.categories)


@st.cache_resource(show_spinner="Loading the embedding model…")
def get_embedder():
    """One embedding model per server, shared by uploads and re-scoring."""
    return framing.pipeline.make_embedder(settings())


def event_picker(ctx: Context, key: str, *, help: str | None = None) -> int:
    """An event selectbox that starts on the event picked last on any page.

    Args:
        ctx: the page context (its ``events`` are the options).
        key: this page's widget key.
        help: tooltip.
    """
    import state

    events = ctx.events
    options = events["event_id"].tolist()
    labels = dict(zip(events["event_id"], events["label"], strict=True))
    current = st.session_state.get(state.CHOSEN_EVENT)

    def remember() -> None:
        st.session_state[state.CHOSEN_EVENT] = st.session_state[key]

    choice = st.selectbox(
        "Event",
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda e: f"E{e}: {labels[e]}",
        key=key,
        on_change=remember,
        help=help,
    )
    return int(choice)
