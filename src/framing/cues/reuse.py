"""Score one batch after articles were added: events that did not change keep their tables.

An event whose articles are exactly those of an event already scored (same
ids, same contents) has, per article, the same quotations, lexicon cues,
sentences, loaded scores, model cues and frame probabilities as before: they
are taken from the stored batch. What depends on the whole corpus is redone:
the contrastive phrases of every event (their Dirichlet prior is the
corpus-wide phrase distribution, which the new articles change), the
contrastive cue spans and the per-article counts that follow from them. The
wording alignment reads the contrastive phrases only to choose and order its
anchors (``anchor_order``), so an unchanged event is aligned again only when
that order changed. The new and changed events are scored by
``CueEngine.run_batch`` as one smaller batch.

Rows are put in the order ``run_batch`` gives them (article order, or event
order, within the batch), so the batch equals one scored afresh.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from framing.cues.align import WordingAligner
from framing.cues.engine import fresh
from framing.cues.scores import article_counts
from framing.cues.tables import CUE_TABLE_COLUMNS, contrastive_spans
from framing.cues.voice import mask_quoted, quoted_words, voice_lookup, voices_of
from framing.cues.wording import CALENDAR_WORDS
from framing.embed.cache import embed_texts
from framing.segment import STOP_WORDS

# Tables with rows per article, and with rows per event, in a stored batch.
ARTICLE_TABLES = ("cues", "sentences", "sources", "voices", "counts", "article_frames")
EVENT_TABLES = ("contrast", "alignment", "frames", "mentions")
_CUE_ORDER = ["id", "field", "start", "end", "source"]


def anchor_order(
    cues: pd.DataFrame, contrast: pd.DataFrame, outlet_of: Mapping[str, str]
) -> list[tuple[str, str]]:
    """Every anchor candidate of one event, in the order the wording aligner ranks them.

    The same rule as step 1 of ``WordingAligner``: an outlet's lexicon cues
    (weight) and contrastive phrases (``min(1, z / 5)``, dates and stop words
    left out), the larger weight per (outlet, phrase), strongest first. Two
    events with the same candidates in the same order get the same anchors
    and the same wording vocabulary.

    Args:
        cues: the event's lexicon cues in the outlet's voice (``id, field, phrase, weight``).
        contrast: its contrastive phrases (``outlet, phrase, z``).
        outlet_of: article id -> outlet.
    """
    weights: dict[tuple[str, str], float] = {}
    text = cues[cues["field"] == "text"]
    for art_id, phrase, w in zip(text["id"], text["phrase"], text["weight"], strict=True):
        key = (outlet_of[art_id], " ".join(str(phrase).lower().split()))
        weights[key] = max(weights.get(key, 0.0), float(w))
    rows = zip(contrast["outlet"], contrast["phrase"], contrast["z"], strict=True)
    for outlet, phrase, z in rows:
        if phrase in STOP_WORDS or any(w in CALENDAR_WORDS or w.isdigit() for w in phrase.split()):
            continue
        key = (str(outlet), str(phrase))
        weights[key] = max(weights.get(key, 0.0), min(1.0, float(z) / 5.0))
    return sorted(weights, key=lambda k: (-weights[k], k))


def reuse_batch(
    engine,
    articles: pd.DataFrame,
    background,
    kept: Mapping[int, int],
    old: Mapping[str, pd.DataFrame],
) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """The batch tables of ``articles``, reusing the stored rows of unchanged events.

    Args:
        engine: a fitted ``CueEngine`` (the one the stored rows were scored with).
        articles: the batch's articles, as ``run_batch`` gets them (new ``event_id``).
        background: the contrastive prior of the whole corpus now.
        kept: new event id -> old event id, for the batch's unchanged events.
        old: the stored rows of those events: ``ARTICLE_TABLES`` restricted to
            their articles and ``EVENT_TABLES`` to their old event ids.

    Returns:
        (the batch's ``PART_TABLES``, counts of ``kept``, ``scored`` and
        ``realigned`` events).
    """
    articles = articles.reset_index(drop=True)
    event_of = dict(zip(articles["id"], articles["event_id"].astype(int), strict=True))
    is_kept = articles["event_id"].isin(list(kept)).to_numpy()
    kept_arts, new_arts = articles[is_kept], articles[~is_kept]
    new = engine.run_batch(new_arts, background) if len(new_arts) else {}
    position = {a: i for i, a in enumerate(articles["id"])}

    def in_article_order(name: str, stored: pd.DataFrame | None = None) -> pd.DataFrame:
        stored = old[name] if stored is None else stored
        parts = [f for f in (stored, new.get(name)) if f is not None and len(f)]
        if not parts:
            return old[name].iloc[:0]
        both = pd.concat(parts, ignore_index=True)
        order = np.argsort(both["id"].map(position).to_numpy(), kind="stable")
        return both.iloc[order].reset_index(drop=True)

    voices = in_article_order("voices")
    lookup = voice_lookup(voices)
    sources = in_article_order("sources")
    sources["event_id"] = sources["id"].map(event_of).astype(sources["event_id"].dtype)
    sents = in_article_order("sentences")

    # The contrastive phrases of the unchanged events, with today's prior.
    own_kept = mask_quoted(kept_arts, lookup)
    kept_contrast = fresh(engine.contrast_).fit(own_kept, background=background, overall=False)
    contrast = _by_event([kept_contrast.table_, new.get("contrast")])
    spans = contrastive_spans(own_kept, kept_contrast.table_)
    if len(spans):
        spans["voice"] = voices_of(lookup, spans)
    old_cues = old["cues"][old["cues"]["source"] != "contrastive"]
    cues = pd.concat(
        [f for f in (old_cues, spans, new.get("cues")) if f is not None and len(f)] or [old_cues],
        ignore_index=True,
    ).sort_values(_CUE_ORDER, kind="stable")
    cues = cues.reset_index(drop=True)[CUE_TABLE_COLUMNS]

    if _reads_contrast(engine.aligner_):
        alignment, realigned = _alignment(engine, articles, kept, old, sents, cues, contrast)
        mentions = in_article_order("mentions", old["mentions"].iloc[:0])
    else:
        # The referent aligner reads each event's own texts, voices and
        # lexicon or model cues only: an unchanged event keeps its rows.
        alignment, realigned = _relabel_referents(old["alignment"], kept), 0
        # Mentions come in article order, as the aligner extracts them.
        mentions = in_article_order("mentions", _relabel_referents(old["mentions"], kept))
    alignment = _by_event([alignment, new.get("alignment")])
    categories = list(engine.matcher_.lexicon_.categories)
    counts = article_counts(
        articles.assign(n_words_quoted=quoted_words(lookup, articles)), cues, sents, categories
    )
    # Frame probabilities do not depend on the other articles: summed as stored.
    frame_sums = in_article_order("counts")
    frame_cols = [c for c in frame_sums.columns if str(c).startswith("frame_sum:")]
    counts = counts.join(frame_sums.set_index("id")[frame_cols], on="id").fillna(0.0)
    keys = list(engine.frames_.keys_)
    tables = {
        "cues": cues,
        "sentences": sents,
        "contrast": contrast,
        "alignment": alignment,
        "article_frames": _frame_order(
            [old["article_frames"], new.get("article_frames")], ["id"], keys
        ),
        "frames": _frame_order(
            [_relabel(old["frames"], kept), new.get("frames")], ["event_id", "outlet"], keys
        ),
        "counts": counts,
        "sources": sources,
        "voices": voices,
        "mentions": mentions,
    }
    n_new = articles.loc[~is_kept, "event_id"].nunique()
    return tables, {"kept": len(kept), "scored": int(n_new), "realigned": realigned}


def _alignment(engine, articles, kept, old, sents, cues, contrast) -> tuple[pd.DataFrame, int]:
    """The unchanged events' alignment: stored rows, or aligned again where the anchors moved."""
    outlet_of = dict(zip(articles["id"], articles["outlet"], strict=True))
    lex = cues[(cues["source"] == "lexicon") & (cues["voice"] == "outlet")]
    event_of = dict(zip(articles["id"], articles["event_id"], strict=True))
    lex_of = lex.groupby(lex["id"].map(event_of))
    old_contrast = old["contrast"].groupby("event_id")
    new_contrast = contrast.groupby("event_id")
    empty_cues, empty_contrast = lex.iloc[:0], contrast.iloc[:0]
    stale = []
    for new_id, old_id in kept.items():
        event_cues = lex_of.get_group(new_id) if new_id in lex_of.groups else empty_cues
        before = old_contrast.get_group(old_id) if old_id in old_contrast.groups else empty_contrast
        now = new_contrast.get_group(new_id) if new_id in new_contrast.groups else empty_contrast
        if anchor_order(event_cues, before, outlet_of) != anchor_order(event_cues, now, outlet_of):
            stale.append(new_id)
    stored = _relabel(old["alignment"], {n: o for n, o in kept.items() if n not in stale})
    if not stale:
        return stored, 0
    arts = articles[articles["event_id"].isin(stale)]
    ids = set(arts["id"])
    own_rows = (
        sents["id"].isin(ids) & (sents["field"] == "text") & (sents["voice"] == "outlet")
    ).to_numpy()
    vectors, _ = embed_texts(sents.loc[own_rows, "sentence"].tolist(), engine.embedder)
    again = (
        fresh(engine.aligner_)
        .fit(
            arts,
            sentences=sents[own_rows],
            sentence_vectors=vectors,
            cues=lex[lex["id"].isin(ids)],
            contrast=contrast[contrast["event_id"].isin(stale)],
        )
        .table_
    )
    return _by_event([stored, again]), len(stale)


def _reads_contrast(aligner) -> bool:
    """Whether the aligner picks its anchors from the contrastive phrases (the n-gram one)."""
    return isinstance(aligner, WordingAligner)


def _relabel_referents(table: pd.DataFrame, kept: Mapping[int, int]) -> pd.DataFrame:
    """Stored referent rows or mentions under their new event ids, ``referent_id`` too."""
    rows = _relabel(table, kept)
    if "referent_id" in rows.columns and len(rows):
        ids = rows["referent_id"].astype(str)
        number = ids.str.partition(":")[2]
        rows["referent_id"] = np.where(ids == "", "", rows["event_id"].astype(str) + ":" + number)
    return rows


def _relabel(table: pd.DataFrame, kept: Mapping[int, int]) -> pd.DataFrame:
    """The rows of ``table`` for the old event ids in ``kept``, under their new ids."""
    new_of = {o: n for n, o in kept.items()}
    rows = table[table["event_id"].isin(list(new_of))].copy()
    rows["event_id"] = rows["event_id"].map(new_of).astype(table["event_id"].dtype)
    return rows


def _by_event(frames: list[pd.DataFrame | None]) -> pd.DataFrame:
    """Per-event rows in event order (each event's own rows keep their order)."""
    got = [f for f in frames if f is not None]
    both = pd.concat([f for f in got if len(f)] or got[:1], ignore_index=True)
    return both.sort_values("event_id", kind="stable").reset_index(drop=True)


def _frame_order(frames: list[pd.DataFrame | None], cols: list[str], keys: list[str]):
    """Frame-share rows as ``frame_shares`` orders them: frame-major, then by ``cols``."""
    got = [f for f in frames if f is not None]
    both = pd.concat([f for f in got if len(f)] or got[:1], ignore_index=True)
    rank = {k: i for i, k in enumerate(keys)}
    return both.sort_values(
        ["frame", *cols], key=lambda c: c.map(rank) if c.name == "frame" else c, kind="stable"
    ).reset_index(drop=True)
