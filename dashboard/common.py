"""Cached access to the store and the stored analysis, shared by all pages.

Nothing here computes analysis: it opens the store, reads what ``framing``
stored, and filters rows for display.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

import corrections_cache
import framing
import framing.config
import framing.pipeline
import shared_objects
from framing.config import load_settings
from framing.referent_corrections import corrections_key
from framing.reports.markdown import md_escape
from page_parts import Part, parts, relabel  # noqa: F401 (pages use them through common)

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


# The tables are big (at 10,000 articles, about 80 MB pickled): st.cache_data
# would unpickle a fresh copy on every rerun of every page (0.15-0.3 s), so
# they are shared read-only resources instead. Pages never modify them in
# place: they filter (a new frame) or get a shallow copy, which copy-on-write
# keeps apart from the cached frame.
@st.cache_resource(max_entries=4, show_spinner=False)
def load_tables(db_path: str, corpus: str, corpus_hash: str) -> dict[str, pd.DataFrame] | None:
    """Stored analysis tables of a corpus; the results key keys the cache.

    Keys: ``articles``, ``events`` and, when cues were scored, ``cues``,
    ``sentences``, ``contrast``, ``alignment``, ``outlet_scores``, ``frames``,
    ``article_frames`` (columns in docs/cues.md), as stored: ``shared_tables``
    applies the referent corrections. Shared between sessions: read them,
    never modify them in place.
    """
    store = get_store(db_path)
    analysis = framing.load_analysis(corpus, store, corrected=False)
    found = analysis.key if analysis is not None else store.results_key(corpus)
    if found != corpus_hash:
        # Another analysis was stored after the caller read the key: what was
        # read belongs to another key and must not be cached under this one.
        raise ResultsChanged(corpus)
    if analysis is None:
        return None
    _freeze_long_lived()
    return {"articles": analysis.articles, "events": analysis.events, **analysis.tables}


class ResultsChanged(Exception):
    """The stored results of a corpus changed while they were being read."""


def shared_tables(
    db_path: str, corpus: str, corpus_hash: str, corrections: str | None = None
) -> dict[str, pd.DataFrame] | None:
    """``load_tables``, corrected, for one script run: the shared frames, in a new dict.

    Each frame is a shallow copy: with pandas' copy-on-write, whatever a page
    does to it leaves the cached frame as it is. When a new analysis or
    correction landed while reading, the script runs again with the new key.
    ``corrections``: ``corrections_key`` of the set (``None``: read it now).
    """
    shared_objects.freeze_new_entries()
    store = get_store(db_path)
    if corrections is None:
        corrections = corrections_key(store, corpus)
    try:
        tables = load_tables(db_path, corpus, corpus_hash)
        if tables is not None and corrections:
            tables = corrections_cache.corrected(
                db_path, corpus, corpus_hash, corrections, tables, store
            )
    except (ResultsChanged, corrections_cache.CorrectionsChanged):
        st.rerun()
    if tables is None:
        return None
    return {name: frame.copy(deep=False) for name, frame in tables.items()}


def _freeze_long_lived() -> None:
    """Leave what is loaded by now (modules, stored tables) out of cycle collections.

    A full ``gc.collect()`` (Streamlit's after every script run, unless
    ``runner.postScriptGC`` is off as ``framing dashboard`` sets it; Python's
    own now and then) walks about 180,000 objects with pandas, plotly and
    streamlit imported: 0.1 s each time. Frozen objects are still freed by
    reference counting; ``clear_caches`` and each new load unfreeze first, so
    tables dropped from the cache can be collected in full.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@st.cache_resource(max_entries=4, show_spinner=False)
def load_articles(db_path: str, corpus: str, corpus_hash: str) -> pd.DataFrame:
    """Full article rows (with text) of a corpus, indexed by ``id`` (shared: read only)."""
    return get_store(db_path).articles(corpus).set_index("id")


@st.cache_resource(max_entries=256, show_spinner=False)
def _memo(key: tuple, _compute: Callable[[], Any]) -> Any:
    """``_compute()``, once per ``key`` for the whole server (the callable is not hashed)."""
    shared_objects.grew()
    return _compute()


# Filtered tables and their event indexes are the big entries (tens of MB at
# 10,000 articles under a filter): a few filter states' worth at most.
@st.cache_resource(max_entries=40, show_spinner=False)
def _table_memo(key: tuple, _compute: Callable[[], Any]) -> Any:
    """Like ``_memo``, for filtered tables and their event indexes."""
    shared_objects.grew()
    return _compute()


def clear_caches() -> None:
    """Forget every stored table and everything computed from them (after a store change)."""
    load_tables.clear()
    corrections_cache.clear()
    load_articles.clear()
    _memo.clear()
    _table_memo.clear()
    gc.unfreeze()


def filter_articles(
    articles: pd.DataFrame, outlets: Sequence[str], dates: tuple[str, str] | None
) -> pd.DataFrame:
    """The articles of the given outlets published between ``dates`` (ISO, inclusive).

    Undated articles are kept whatever the dates; ``dates=None`` keeps every date.
    """
    mask = articles["outlet"].isin(list(outlets))
    if dates is not None:
        start, end = dates
        pub = articles["published"].astype(str)
        mask &= (pub == "") | ((pub >= start) & (pub <= end))
    return articles[mask]


def filtered(
    db_path: str,
    corpus: str,
    corpus_hash: str,
    articles: pd.DataFrame,
    events: pd.DataFrame,
    outlets: Sequence[str],
    dates: tuple[str, str] | None,
) -> tuple[pd.DataFrame, ...]:
    """``filter_articles`` and the events left, once per results and filters (shallow copies)."""

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        shown = filter_articles(articles, outlets, dates)
        return shown, events[events["event_id"].isin(shown["event_id"])]

    key = ("filtered", db_path, corpus, corpus_hash, tuple(sorted(outlets)), dates)
    return tuple(frame.copy(deep=False) for frame in _table_memo(key, compute))


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
        filters: the global filters as a hashable value (cache key).
        lexicon_key: digest of the stored lexicon edits, which change
            ``categories`` without changing the results (cache key).
        corrections_key: digest of the stored referent corrections, which
            change ``tables`` without changing the results (cache key).
    """

    db_path: str
    corpus: str
    corpus_hash: str
    articles: pd.DataFrame
    events: pd.DataFrame
    all_outlets: list[str]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    filters: tuple = ()
    lexicon_key: str = ""
    corrections_key: str = ""

    @property
    def cache_key(self) -> tuple:
        """What everything derived from this context depends on."""
        keys = (self.lexicon_key, self.corrections_key)
        return (self.db_path, self.corpus, self.corpus_hash, self.filters, *keys)

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per stored results, filters, lexicon and ``key``.

        ``key`` must name everything ``compute`` depends on besides this
        context (e.g. the chosen event). The result is shared between reruns
        and sessions: read it, never modify it in place.
        """
        return _memo((self.cache_key, key), lambda: shared_objects.shareable(compute()))

    def texts(self) -> pd.DataFrame:
        """Full article rows (``id, outlet, title, text, ...``) indexed by ``id``."""
        return load_articles(self.db_path, self.corpus, self.corpus_hash).copy(deep=False)

    def table(self, name: str) -> pd.DataFrame:
        """A cue table restricted to the filtered articles/outlets (empty if absent).

        Computed once per filter state (a scan of up to 150,000 rows at 10,000
        articles), then shared.
        """
        key = (self.cache_key, "table", name)
        return _table_memo(key, lambda: self._filtered(name)).copy(deep=False)

    def _filtered(self, name: str) -> pd.DataFrame:
        df = self.tables.get(name)
        if df is None:
            return pd.DataFrame()
        if "id" in df.columns:
            keep = df["id"].isin(self.articles["id"])
        elif "outlet" in df.columns:
            keep = df["outlet"].isin(self.articles["outlet"].unique())
        else:
            return df
        # Unfiltered (the usual case): the stored frame itself, not a copy of it.
        return df if keep.all() else df[keep]

    def event_table(self, name: str, event_id: int) -> pd.DataFrame:
        """The rows of ``table(name)`` about one event.

        Tables with an ``event_id`` column are split by it; tables by article
        (``id``) by their article's event. The split is made once per filter
        state, so switching events does not scan the whole table again. Row
        order is that of ``table(name)``.
        """
        df = self.table(name)
        if df.empty:
            return df
        key = (self.cache_key, "event_index", name)
        positions = _table_memo(key, lambda: self._event_index(df))
        return df.iloc[positions.get(int(event_id), _NO_ROWS)]

    def _event_index(self, df: pd.DataFrame) -> dict[int, np.ndarray]:
        if "event_id" in df.columns:
            keys = df["event_id"].to_numpy()
        else:
            event_of = pd.Series(
                self.articles["event_id"].to_numpy(), index=self.articles["id"].to_numpy()
            )
            keys = df["id"].map(event_of).fillna(_NO_EVENT).to_numpy()
        keys = np.asarray(keys, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        uniq, starts = np.unique(keys[order], return_index=True)
        return {
            int(k): part
            for k, part in zip(uniq, np.split(order, starts[1:]), strict=True)
            if k != _NO_EVENT
        }


_NO_EVENT = -(2**62)
_NO_ROWS = np.array([], dtype=np.int64)

# Above this many shown articles, chart-heavy pages draw one part at a time
# (``parts``) and the event map a sample of ``MAP_POINTS`` articles: drawing
# every chart of such a set took the browser seconds on each page switch.
LARGE = 2000
MAP_POINTS = 1000


def plain(text: object) -> str:
    """Escape untrusted text for ``st.markdown``: no HTML, links or formatting survive.

    ``framing.reports.markdown.md_escape``: the one escape for every place
    Streamlit renders Markdown (labels, alerts, captions, tables).
    """
    return md_escape(text)


def get_context() -> Context | None:
    """The context set by the entrypoint, or ``None`` when no corpus is ready."""
    return st.session_state.get("context")


def categories() -> dict:
    """Cue categories in use (built-in, FRAMING_LEXICON and the store's lexicon edits), by key."""
    from framing.reports.highlight import EXTRA_CATEGORIES

    return {**_lexicon_categories(_user_toml()), **EXTRA_CATEGORIES}


def lexicon_key() -> str:
    """A digest of the stored lexicon edits (they change the categories' labels)."""
    return hashlib.sha256(_user_toml().encode()).hexdigest()[:16]


def _user_toml() -> str:
    return get_store(str(settings().resolved_db_path)).user_lexicon() or ""


@st.cache_resource
def _lexicon_categories(user_toml: str) -> dict:
    """Base lexicon categories extended by the stored edits (their text is the cache key)."""
    from framing.cues.edits import merge, parse_edits
    from framing.errors import ConfigError

    lexicon = framing.pipeline.resolve_lexicon(settings())
    if user_toml:
        try:
            lexicon = merge(lexicon, parse_edits(user_toml))
        except ConfigError as exc:
            # The Lexicon page shows the broken edits and offers to discard
            # them; the other pages keep working with the base categories.
            st.warning(f"Your saved lexicon edits could not be read: {plain(exc)}")
    return dict(lexicon.categories)


@st.cache_resource(show_spinner="Loading the embedding model…")
def get_embedder(model: str | None = None):
    """One embedding model per name per server, shared by uploads and re-scoring.

    Args:
        model: a model name as ``--model`` takes it; ``None`` = the settings' model.
    """
    chosen = settings() if model is None else settings().replace(model=model)
    return framing.pipeline.make_embedder(chosen)


def analysis_model(store: framing.Store, corpus: str) -> str:
    """The model the stored analysis of ``corpus`` used (re-scoring keeps it),
    or the settings' model when there is none yet."""
    return framing.pipeline.stored_model(corpus, store) or settings().model


MODEL_LABELS = {
    "fast": "Fast static model (many times faster, a little less accurate)",
}


def model_label(model: str) -> str:
    """How a model name is shown in the dashboard."""
    if model in MODEL_LABELS:
        return MODEL_LABELS[model]
    if model == framing.config.DEFAULT_MODEL:
        return "MiniLM (the default: most accurate)"
    return model


# Pages call it as common.event_picker.
from pickers import event_picker as event_picker  # noqa: E402
