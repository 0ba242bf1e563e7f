"""The pipeline's stages built from settings: embedder, event grouper, cue engine, lexicon.

Kept apart from ``framing.pipeline`` so that each engine (local, Ray) builds
its stages the same way; ``framing.pipeline`` re-exports them.
"""

from __future__ import annotations

from framing.config import DEFAULT_MODEL, Settings
from framing.cues import CueEngine, Lexicon, LexiconMatcher, load_lexicon
from framing.embed import make_embedder_for
from framing.embed.base import Embedder
from framing.events import EventGrouper
from framing.events.blocks import BlockedGrouper, blocked_for


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (not loaded until first use)."""
    # "auto" needs the corpus size; analyze() resolves it, anywhere else it is MiniLM.
    model = DEFAULT_MODEL if settings.model == "auto" else settings.model
    return make_embedder_for(model, device=settings.device, batch_size=settings.batch_size)


def make_grouper(settings: Settings) -> EventGrouper:
    """The event grouper the settings describe."""
    return EventGrouper(
        settings.event_threshold,
        window_days=settings.event_window_days,
        n_neighbors=settings.event_neighbors,
        lexical_weight=settings.event_lexical_weight,
        date_penalty=settings.event_date_penalty,
        absolute_threshold=settings.event_absolute_threshold,
    )


def grouper_for(
    settings: Settings, n_articles: int, grouper: EventGrouper | BlockedGrouper | None = None
) -> EventGrouper | BlockedGrouper:
    """The grouper for a corpus of ``n_articles``: ``grouper`` (default: the
    settings') in date-window blocks when the settings' block limits can apply
    (``framing.events.blocks``), so every engine groups a corpus the same way."""
    return blocked_for(
        grouper if grouper is not None else make_grouper(settings),
        n_articles,
        block_days=settings.group_block_days,
        block_max=settings.group_block_max,
    )


def make_engine(lexicon: Lexicon | None = None) -> CueEngine:
    """The default cue engine, matching ``lexicon`` (built-in when ``None``)."""
    return CueEngine(matcher=LexiconMatcher(lexicon))


def resolve_lexicon(settings: Settings) -> Lexicon:
    """The built-in lexicon, extended by ``settings.lexicon_path`` when set."""
    return load_lexicon(settings.lexicon_path)
