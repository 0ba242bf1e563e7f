"""Re-score one stored batch after a lexicon edit: only what the lexicon feeds is redone.

What a lexicon reaches in a batch (``CueEngine.run_batch``): the lexicon cue
spans, the loaded-language score of each sentence (its lexicon evidence), the
model cues (they point at loaded words the lexicon missed), the per-article
counts, and the loaded score of each mention's label (so the naming and the
``loaded`` columns of the alignment). The mentions keep their referents: a
lexicon edit groups nothing again and embeds no label. Everything else, the
sentences and their frames, quoted speech, sources, contrastive phrases,
comes from the batch as it was stored. With the n-gram ``WordingAligner``,
whose anchors are the lexicon cues in the outlet's own voice, the wordings
are aligned again only when those anchors changed. Sentence vectors are read
through the engine's embedder, which in the pipeline is the store cache: an
edit embeds nothing new.
"""

from __future__ import annotations

import pandas as pd

from framing.cues.align import WordingAligner
from framing.cues.engine import fresh
from framing.cues.scores import article_counts
from framing.cues.tables import CUE_TABLE_COLUMNS, SENTENCE_COLUMNS, sentence_evidence
from framing.cues.voice import quoted_words, voice_lookup, voices_of
from framing.embed.cache import embed_texts
from framing.referents.aligner import mention_loaded
from framing.referents.rows import referent_rows

# The cue columns the aligner reads from its anchors.
ANCHOR_COLUMNS = ["id", "field", "start", "end", "phrase", "weight"]


def anchors(cues: pd.DataFrame) -> pd.DataFrame:
    """The lexicon cues the aligner anchors on (outlet's voice), in a comparable order."""
    own = cues[(cues["source"] == "lexicon") & (cues["voice"] == "outlet")]
    return own[ANCHOR_COLUMNS].sort_values(ANCHOR_COLUMNS[:4], kind="stable").reset_index(drop=True)


def relex_batch(
    engine, articles: pd.DataFrame, previous: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], bool]:
    """The batch tables of ``articles`` for ``engine``'s lexicon, from the stored ``previous``.

    Args:
        engine: a fitted ``CueEngine`` (its matcher holds the new lexicon).
        articles: the batch's articles, as ``run_batch`` got them.
        previous: every table of the stored batch (``PART_TABLES``).

    Returns:
        (the new tables, whether the wordings were aligned again: only ever
        with the n-gram aligner).
    """
    articles = articles.reset_index(drop=True)
    voices = previous["voices"]
    lookup = voice_lookup(voices)
    lex_cues = engine.matcher_.transform(articles)
    lex_cues["voice"] = voices_of(lookup, lex_cues)
    sents = previous["sentences"].reset_index(drop=True).copy()
    vectors, _ = embed_texts(sents["sentence"].tolist(), engine.embedder)
    if len(sents):
        evidence = sentence_evidence(sents, lex_cues)
        sents["loaded_score"] = engine.loaded_.score(
            sents["sentence"].tolist(), vectors, evidence=evidence
        )
    sents = sents[SENTENCE_COLUMNS]
    old_cues = previous["cues"]
    model_cues = engine.model_cues(sents, lex_cues)
    if len(model_cues):
        model_cues["voice"] = voices_of(lookup, model_cues)
    # Contrastive spans depend on the outlet's words only: kept as they were.
    contrast_cues = old_cues[old_cues["source"] == "contrastive"]
    cues = pd.concat(
        [df for df in (lex_cues, model_cues, contrast_cues) if not df.empty] or [lex_cues],
        ignore_index=True,
    ).sort_values(["id", "field", "start", "end", "source"], kind="stable")
    cues = cues.reset_index(drop=True)[CUE_TABLE_COLUMNS]

    alignment, mentions, realign = previous["alignment"], previous.get("mentions"), False
    if isinstance(engine.aligner_, WordingAligner):
        outlet_lex = lex_cues[lex_cues["voice"] == "outlet"]
        # Compared as text: the stored table went through parquet, the new one did not.
        realign = anchors(old_cues).astype(str).values.tolist() != (
            anchors(cues).astype(str).values.tolist()
        )
        if realign:
            own_rows = ((sents["field"] == "text") & (sents["voice"] == "outlet")).to_numpy()
            alignment = (
                fresh(engine.aligner_)
                .fit(
                    articles,
                    sentences=sents[own_rows],
                    sentence_vectors=vectors[own_rows],
                    cues=outlet_lex,
                    contrast=previous["contrast"],
                )
                .table_
            )
    elif mentions is not None:
        mentions = mentions.copy()
        before = mentions["loaded"].to_numpy(dtype=float) if "loaded" in mentions else None
        mentions["loaded"] = mention_loaded(mentions, cues, sents) if len(mentions) else []
        alignment = _rows_where_loaded_changed(
            alignment, mentions, before, sents, engine.aligner_.min_outlets
        )
    categories = list(engine.matcher_.lexicon_.categories)
    counts = article_counts(
        articles.assign(n_words_quoted=quoted_words(lookup, articles)), cues, sents, categories
    )
    # Frame sums do not depend on the lexicon: carried over from the stored counts.
    old_counts = previous["counts"]
    frame_cols = [c for c in old_counts.columns if str(c).startswith("frame_sum:")]
    counts = counts.join(old_counts.set_index("id")[frame_cols], on="id").fillna(0.0)
    out = dict(previous)
    out.update(cues=cues, sentences=sents, alignment=alignment, counts=counts)
    if mentions is not None:
        out["mentions"] = mentions
    return out, realign


def _rows_where_loaded_changed(
    alignment: pd.DataFrame,
    mentions: pd.DataFrame,
    before,
    sents: pd.DataFrame,
    min_outlets: int,
) -> pd.DataFrame:
    """The referent rows for the new mention scores, made again only for the events
    where a mention's loaded score moved (an event's rows read its mentions alone)."""
    if before is None or alignment is None or "event_id" not in alignment or not len(mentions):
        return referent_rows(mentions, sents, min_outlets=min_outlets)
    moved = before != mentions["loaded"].to_numpy(dtype=float)
    changed = set(mentions.loc[moved, "event_id"].astype(int))
    if not changed:
        return alignment
    redone = referent_rows(
        mentions[mentions["event_id"].astype(int).isin(changed)], sents, min_outlets=min_outlets
    )
    kept = alignment[~alignment["event_id"].astype(int).isin(changed)]
    both = pd.concat([kept, redone], ignore_index=True) if len(kept) else redone
    # referent_rows orders rows by event, each event's rows as it made them
    order = both["event_id"].astype(int).to_numpy().argsort(kind="stable")
    return both.iloc[order].reset_index(drop=True)
