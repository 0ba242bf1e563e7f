"""The analysis key: a digest of what an analysis depends on (corpus content, stages' parameters).

Two analyses with the same key give the same results, so stored results are
reused by key; the *base key* (``lexicon=False``) tells analyses that differ
by their lexicon only (``framing.incremental``).
"""

from __future__ import annotations

from collections.abc import Sequence

from framing.config import Settings
from framing.cues import CueEngine, Lexicon
from framing.embed.base import Embedder
from framing.events import EventGrouper
from framing.events.blocks import BlockedGrouper
from framing.events.edits import EventEdit, stored_edits
from framing.store import Store, settings_key


def analysis_key(
    store: Store,
    corpus: str,
    settings: Settings,
    embedder: Embedder,
    grouper: EventGrouper | BlockedGrouper,
    engine: CueEngine | None,
    *,
    edits: Sequence[EventEdit] | None = None,
    lexicon: bool = True,
) -> str:
    """Digest of what an analysis depends on: the corpus content and the stages' parameters.

    The stages are read through ``get_params``, so a grouper or cue engine
    configured differently from the settings gets a key of its own. The
    stored event fixes count too, undone or not (only when there are some,
    so the key of a corpus never fixed stays as it was), and so do the dates
    users set for articles.

    Args:
        engine: ``None`` when no cues are scored.
        edits: the stored event fixes (``None``: read from the store).
        lexicon: ``False`` leaves the engine's lexicon matcher out: the *base
            key* two analyses share when they differ by their lexicon only
            (see ``framing.incremental``).
    """
    if edits is None:
        edits = stored_edits(store.event_edits(corpus))
    cue_params = None if engine is None else stage_params(engine)
    if not lexicon and isinstance(cue_params, dict):
        cue_params = {k: v for k, v in cue_params.items() if k != "matcher"} | {"base": True}
    return settings_key(
        corpus=store.corpus_hash(corpus),
        model=embedder.model_id,
        representation=settings.representation,
        chunk_words=settings.chunk_words,
        grouper=stage_params(grouper),
        cues=cue_params,
        **({"event_edits": [(e.op, e.payload(), e.undone) for e in edits]} if edits else {}),
        **_date_edits(store, corpus),
    )


def _date_edits(store: Store, corpus: str) -> dict:
    """The dates users set (``framing.dates``), for the key: none when there are none,
    so the key of a set whose dates were never edited stays as it was."""
    dates = store.date_edits(corpus)
    if dates.empty:
        return {}
    return {"date_edits": sorted(zip(dates["article_id"], dates["published"], strict=True))}


def stage_params(value: object) -> object:
    """A plain, JSON-ready picture of a stage's parameters, sub-stages included.

    An embedder is named by its ``model_id`` and a lexicon by its TOML text,
    so the picture depends on what they do, not on where they sit in memory.
    """
    if hasattr(value, "get_params"):
        params = value.get_params(deep=False)
        return {"stage": type(value).__name__} | {
            name: stage_params(v) for name, v in sorted(params.items())
        }
    if isinstance(value, Lexicon):
        return value.to_toml()
    if hasattr(value, "encode") and hasattr(value, "model_id"):
        return {"embedder": value.model_id}
    if isinstance(value, list | tuple):
        return [stage_params(v) for v in value]
    if isinstance(value, dict):
        return {str(k): stage_params(v) for k, v in sorted(value.items())}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)
