"""Lexicon edits kept in the store, and re-scoring a corpus with them.

The rules for making edits are ``framing.cues.edits``; this module keeps them
in the store (``Store.save_user_lexicon``, so the built-in lexicon file is
never written) and runs the analysis again with the lexicon they give.
"""

from __future__ import annotations

from framing.config import Settings
from framing.cues.edits import merge, minimal, no_edits, parse_edits
from framing.cues.lexicon import Lexicon
from framing.embed.base import Embedder
from framing.pipeline import Analysis, ProgressFn, ProgressSink, StageFn, analyze, resolve_lexicon
from framing.store import Store


def load_edits(store: Store) -> Lexicon:
    """The edits stored in ``store`` (none when there are none).

    Raises:
        ConfigError: the stored text is no longer valid.
    """
    text = store.user_lexicon()
    return no_edits() if text is None else parse_edits(text)


def save_edits(store: Store, base: Lexicon, edits: Lexicon) -> Lexicon:
    """Validate ``edits`` against ``base`` and store them; return what was stored.

    Raises:
        ConfigError: the edits do not apply to ``base``; nothing is stored.
    """
    edits = minimal(base, edits)
    merge(base, edits)
    if not edits.cues and not edits.categories:
        store.clear_user_lexicon()
    else:
        store.save_user_lexicon(edits.to_toml())
    return edits


def effective_lexicon(store: Store, settings: Settings | None = None) -> Lexicon:
    """The lexicon in use: built-in, plus ``settings.lexicon_path``, plus the stored edits.

    Raises:
        ConfigError: the stored edits no longer apply (e.g. the settings'
            lexicon file that declared one of their categories was removed).
    """
    return merge(resolve_lexicon(settings or Settings()), load_edits(store))


def rescore(
    corpus: str,
    store: Store,
    settings: Settings | None = None,
    lexicon: Lexicon | None = None,
    *,
    embedder: Embedder | None = None,
    cues: bool = True,
    on_stage: StageFn | None = None,
    progress: ProgressFn | None = None,
    on_progress: ProgressSink | None = None,
) -> Analysis:
    """Analyse ``corpus`` again with the lexicon in use and store the new results.

    Embeddings come from the store cache, so only the cue scoring is really redone
    (unless the corpus changed).

    Args:
        corpus: a stored corpus.
        store: the store; its user lexicon is used when ``lexicon`` is not given.
        settings: defaults to ``Settings()``.
        lexicon: the lexicon to score with; defaults to ``effective_lexicon``.
        embedder: defaults to the one the settings name.
        cues: score framing cues (``False`` only groups events).
        on_stage: called with a short message as each stage starts.
        progress: called with (done, total) while embedding.
        on_progress: gets every stage's ``framing.progress.ProgressEvent``.

    Raises:
        ConfigError: the stored lexicon edits no longer apply.
    """
    settings = settings or Settings()
    lexicon = lexicon if lexicon is not None else effective_lexicon(store, settings)
    return analyze(
        corpus,
        store,
        settings,
        embedder=embedder,
        lexicon=lexicon,
        cues=cues,
        on_stage=on_stage,
        progress=progress,
        on_progress=on_progress,
    )
