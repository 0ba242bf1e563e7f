"""Run every cue scorer over an analysed corpus, one batch of whole events at a time.

``CueEngine`` takes its scorers as parameters (any object with the same
methods will do) and fits copies of them: the stages given stay as they were.
Batching, resuming and worker processes belong to ``framing.runner``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from framing.cues.align import WordingAligner
from framing.cues.contrast import CONTRAST_COLUMNS, Background, ContrastivePhrases
from framing.cues.frames import FrameScorer, frame_shares
from framing.cues.fresh import fresh
from framing.cues.loaded import LoadedScorer
from framing.cues.loaded_evidence import model_cues as explain_loaded
from framing.cues.match import LexiconMatcher
from framing.cues.scores import article_counts, scores_from_counts
from framing.cues.sources import SourceFinder
from framing.cues.tables import (
    CUE_TABLE_COLUMNS,
    CUE_TABLES,
    PART_TABLES,
    SENTENCE_COLUMNS,
    CueResults,
    concat_tables,
    contrastive_spans,
    overall_frames,
    sentence_evidence,
    sentence_table,
)
from framing.cues.voice import mask_quoted, quoted_share, quoted_words, voice_lookup, voices_of
from framing.embed.base import Embedder
from framing.embed.cache import embed_texts
from framing.progress import Reporter
from framing.referents import MENTION_COLUMNS
from framing.referents.aligner import ALIGNMENT_COLUMNS, ReferentAligner
from framing.referents.corpus import actor_labels

__all__ = ["CUE_TABLES", "PART_TABLES", "SENTENCE_COLUMNS", "CueEngine", "CueResults"]


class CueEngine(BaseEstimator):
    """Score framing cues for articles already grouped into events.

    Work is done in batches of whole events (``run_batch``), so a large corpus
    is scored in bounded memory and each batch can be stored as it finishes;
    ``combine`` joins the batches into the corpus tables. ``framing.runner``
    drives the batches.

    Args:
        embedder: sentence embedder (shared with the rest of the pipeline); it
            is given to every scorer whose own ``embedder`` is ``None``.
        matcher: lexicon matcher; ``None``: ``LexiconMatcher()`` (built-in lexicon).
        loaded: loaded-language scorer; ``None``: ``LoadedScorer()``. Its
            ``matcher`` defaults to the engine's.
        frames: frame scorer; ``None``: ``FrameScorer()``.
        contrast: contrastive-phrase scorer; ``None``: ``ContrastivePhrases()``.
        aligner: who-called-it-what stage; ``None``: ``ReferentAligner()``
            (referents from tagged mentions). The n-gram ``WordingAligner``
            still fits the slot (it makes no ``mentions``).
        sources: quotation and attribution finder; ``None``: ``SourceFinder()``.
            Everything is scored on the outlet's own voice; quoted words are
            counted beside it (see ``scores.article_counts``).
        model_cue_threshold: every sentence scoring at least this (outlet
            voice or quoted) names the words that drive its score as
            ``model`` cues (``framing.cues.loaded_evidence``), unless a
            lexicon cue already names them. The score is calibrated on
            labelled news, so 0.5 is "more likely loaded than not".
        max_model_words: at most this many ``model`` cue words per sentence.
        background_sample: above this many articles, the contrastive prior and
            the across-events contrast (``event_id`` -1) are counted on a
            seeded sample of this many articles.
        random_state: seed for that sample.

    Attributes:
        matcher_, loaded_, frames_: the fitted scorers.
        contrast_, aligner_: unfitted copies, fitted anew for each batch.
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        matcher: LexiconMatcher | None = None,
        loaded: LoadedScorer | None = None,
        frames: FrameScorer | None = None,
        contrast: ContrastivePhrases | None = None,
        aligner: ReferentAligner | WordingAligner | None = None,
        sources: SourceFinder | None = None,
        model_cue_threshold: float = 0.5,
        max_model_words: int = 3,
        background_sample: int = 5000,
        random_state: int = 0,
    ) -> None:
        self.embedder = embedder
        self.matcher = matcher
        self.loaded = loaded
        self.frames = frames
        self.contrast = contrast
        self.aligner = aligner
        self.sources = sources
        self.model_cue_threshold = model_cue_threshold
        self.max_model_words = max_model_words
        self.background_sample = background_sample
        self.random_state = random_state

    def fit(self, X: object = None, y: None = None) -> CueEngine:
        """Prepare the scorers (compile the lexicon, train the loaded model, embed prototypes)."""
        emb = self.embedder
        self.matcher_ = fresh(_or(self.matcher, LexiconMatcher)).fit()
        self.loaded_ = fresh(_or(self.loaded, LoadedScorer), embedder=emb, matcher=self.matcher_)
        self.loaded_.fit()
        self.frames_ = fresh(_or(self.frames, FrameScorer), embedder=emb).fit()
        self.contrast_ = fresh(_or(self.contrast, ContrastivePhrases))
        self.aligner_ = fresh(_or(self.aligner, ReferentAligner), embedder=emb)
        self.sources_ = fresh(_or(self.sources, SourceFinder)).fit()
        return self

    def sample(self, articles: pd.DataFrame) -> pd.DataFrame:
        """The articles the contrastive prior is counted on: all, or a seeded sample."""
        if len(articles) <= self.background_sample:
            return articles
        picked = articles.sample(n=self.background_sample, random_state=self.random_state)
        return picked.sort_index()

    def background(self, sample: pd.DataFrame) -> Background:
        """The contrastive prior, counted on the outlet's voice in ``sample`` (see ``sample``)."""
        return fresh(self.contrast_).background(self._outlet_voice(sample))

    def reuse_voices(self, sample: pd.DataFrame, voices: pd.DataFrame) -> None:
        """Take the quotations of ``sample`` from stored ``voices`` (``VOICE_COLUMNS``).

        For a re-score from stored batches: quotations depend on an article's
        text alone, so only the articles ``voices`` lacks are read again.
        ``background`` and ``combine`` of this ``sample`` then use them.
        """
        have = set(voices["id"])
        missing = sample[~sample["id"].isin(have)]
        if len(missing):
            _, found = self.sources_.transform(missing)
            voices = pd.concat([voices, found], ignore_index=True)
        own = mask_quoted(sample, voice_lookup(voices[voices["id"].isin(set(sample["id"]))]))
        self._voice_memo = (sample, own)

    def _outlet_voice(self, articles: pd.DataFrame) -> pd.DataFrame:
        # background() and combine() read the same sample: its quotations are found once.
        memo = getattr(self, "_voice_memo", None)
        if memo is not None and memo[0] is articles:
            return memo[1]
        _, voices = self.sources_.transform(articles)
        own = mask_quoted(articles, voice_lookup(voices))
        self._voice_memo = (articles, own)
        return own

    def run_batch(
        self,
        articles: pd.DataFrame,
        background: Background,
        *,
        reporter: Reporter | None = None,
        name: str = "batch",
    ) -> dict[str, pd.DataFrame]:
        """Every per-article and per-event table for one batch of whole events.

        ``reporter`` (optional) gets the batch's progress as a stage named
        ``name``, its embedding-heavy steps as stages inside it.

        Returns:
            ``PART_TABLES`` by name: ``cues``, ``sentences``, ``contrast``,
            ``alignment`` and ``mentions`` (per event), ``article_frames``, ``frames`` (per
            event and outlet), and ``counts`` (per-article sums that
            ``combine`` adds up: see ``scores.article_counts``; plus frame
            probability sums per outlet in the ``frame_sum:*`` columns).
        """
        rep = reporter or Reporter()
        with rep.stage("batch", f"Scoring {name}", total=len(_BATCH_STEPS), unit="steps") as step:
            return self._run_batch(articles.reset_index(drop=True), background, rep, step, name)

    def _run_batch(self, articles, background, rep, step, name):
        step.advance(0, detail=_BATCH_STEPS[0])
        sources, voices = self.sources_.transform(articles)
        lookup = voice_lookup(voices)
        step.add(detail=_BATCH_STEPS[1])
        lex_cues = self.matcher_.transform(articles)
        lex_cues["voice"] = voices_of(lookup, lex_cues)
        sents = sentence_table(articles)
        sents["quoted_share"] = quoted_share(lookup, sents)
        sents["voice"] = np.where(sents["quoted_share"] >= 0.5, "quoted", "outlet")
        step.add(detail=_BATCH_STEPS[2])
        with rep.stage("sentences", f"{_cap(name)}: embedding the sentences", unit="texts"):
            vectors, _ = embed_texts(sents["sentence"].tolist(), self.embedder)
        keys = self.frames_.keys_
        if len(sents):
            evidence = sentence_evidence(sents, lex_cues)
            sents["loaded_score"] = self.loaded_.score(
                sents["sentence"].tolist(), vectors, evidence=evidence
            )
            probs = self.frames_.probabilities(vectors)
            assigned = self.frames_.assign(vectors)
            for col in assigned.columns:
                sents[col] = assigned[col].to_numpy()
        else:
            probs = np.zeros((0, len(keys)))
            for col in ("loaded_score", "frame", "frame_score", "frame_margin"):
                sents[col] = []
            sents["quoted_share"], sents["voice"] = [], []
        sents = sents[SENTENCE_COLUMNS]

        # Distinctive phrases are the outlet's own: quoted words are blanked out.
        step.add(detail=_BATCH_STEPS[3])
        own = mask_quoted(articles, lookup)
        batch_contrast = fresh(self.contrast_).fit(own, background=background, overall=False)
        contrast = batch_contrast.table_
        step.add(detail=_BATCH_STEPS[4])
        scores = sents["loaded_score"] if "loaded_score" in sents else pd.Series(dtype=float)
        flagged = int((scores >= self.model_cue_threshold).sum())
        with rep.stage(
            "model_cues",
            f"{_cap(name)}: loaded words the lexicon missed",
            total=flagged,
            unit="sentences",
        ) as stage:
            stage.advance(0, detail="finding the words behind each loaded sentence")
            model_cues = self.model_cues(sents, lex_cues)
            stage.advance(flagged)
        contrast_cues = contrastive_spans(own, contrast)
        for found in (model_cues, contrast_cues):
            found["voice"] = voices_of(lookup, found) if len(found) else []
        cues = pd.concat(
            [df for df in (lex_cues, model_cues, contrast_cues) if not df.empty] or [lex_cues],
            ignore_index=True,
        ).sort_values(["id", "field", "start", "end", "source"], kind="stable")
        cues = cues.reset_index(drop=True)[CUE_TABLE_COLUMNS]

        step.add(detail=_BATCH_STEPS[5])
        with rep.stage("alignment", f"{_cap(name)}: who called it what", unit="texts") as stage:
            alignment, mentions = self.align(
                articles, sents, vectors, cues, lex_cues, contrast, sources, voices,
                progress=lambda detail: stage.advance(detail=detail),
            )  # fmt: skip
        step.add(detail=_BATCH_STEPS[6])
        categories = list(self.matcher_.lexicon_.categories)
        counts = article_counts(
            articles.assign(n_words_quoted=quoted_words(lookup, articles)), cues, sents, categories
        )
        meta = articles.set_index("id")[["outlet", "event_id"]]
        groups = meta.loc[sents["id"]].reset_index()
        per_event = frame_shares(probs, groups[["event_id", "outlet"]], keys)
        article_frames = frame_shares(probs, groups[["id"]], keys)
        # Frame probability sums per article, so shares across events can be
        # formed from all batches (a mean of means would weigh batches wrongly).
        sums = pd.DataFrame(probs, columns=[f"frame_sum:{k}" for k in keys])
        sums["frame_sum:_top"] = probs.max(axis=1) if len(probs) else []
        sums["id"] = sents["id"].to_numpy()
        by_article = sums.groupby("id", sort=False).sum()
        counts = counts.join(by_article, on="id").fillna(0.0)
        return {
            "cues": cues,
            "sentences": sents,
            "contrast": contrast,
            "alignment": alignment,
            "mentions": mentions,
            "article_frames": article_frames,
            "frames": per_event,
            "counts": counts,
            "sources": sources,
            "voices": voices,
        }

    def align(
        self, articles, sents, vectors, cues, lex_cues, contrast, sources, voices, progress=None
    ):
        """``(alignment, mentions)`` of a batch from its aligner.

        A quoted label is the speaker's wording, not the outlet's: the referent
        aligner reads every sentence and tells the voices apart itself; the
        n-gram aligner is given the outlet's own sentences and cues only.
        """
        aligner = fresh(self.aligner_)
        if isinstance(aligner, WordingAligner):
            own_rows = ((sents["field"] == "text") & (sents["voice"] == "outlet")).to_numpy()
            table = aligner.fit(
                articles,
                sentences=sents[own_rows],
                sentence_vectors=vectors[own_rows],
                cues=lex_cues[lex_cues["voice"] == "outlet"],
                contrast=contrast,
            ).table_
            return table, pd.DataFrame(columns=MENTION_COLUMNS)
        aligner.fit(
            articles,
            sentences=sents,
            sentence_vectors=vectors,
            cues=cues,
            contrast=contrast,
            sources=sources,
            voices=voices,
            progress=progress,
        )
        return aligner.table_, aligner.mentions_

    def combine(
        self, parts: Iterable[dict[str, pd.DataFrame]], sample: pd.DataFrame, background: Background
    ) -> dict[str, pd.DataFrame]:
        """The corpus tables that do not grow with the text: ``contrast``,
        ``alignment``, ``actor_labels``, ``outlet_scores``, ``frames``,
        ``article_frames``.

        ``parts`` need only hold ``contrast``, ``alignment``, ``mentions``,
        ``frames``, ``article_frames`` and ``counts`` (the other per-sentence
        tables stay in the batches).
        """
        parts = list(parts)
        keys = self.frames_.keys_
        categories = list(self.matcher_.lexicon_.categories)
        own = self._outlet_voice(sample)
        overall_contrast = fresh(self.contrast_).fit(own, background=background).table_
        overall_contrast = overall_contrast[overall_contrast["event_id"] == -1]
        contrast = concat_tables(
            [overall_contrast] + [p["contrast"] for p in parts], CONTRAST_COLUMNS
        )
        # (an n-gram aligner's table lacks the referent columns: they stay empty)
        alignment = concat_tables(
            [p["alignment"].reindex(columns=ALIGNMENT_COLUMNS) for p in parts], ALIGNMENT_COLUMNS
        )
        mentions = concat_tables([p.get("mentions", _NO_MENTIONS) for p in parts], MENTION_COLUMNS)
        actors = actor_labels(mentions, alignment)
        counts = pd.concat([p["counts"] for p in parts], ignore_index=True)
        scores = scores_from_counts(counts, categories)
        rank = {k: i for i, k in enumerate(keys)}
        # frame-major order, as frame_shares gives it for the whole corpus
        per_event = pd.concat([p["frames"] for p in parts], ignore_index=True)
        per_event = per_event.sort_values(
            ["frame", "event_id", "outlet"], key=lambda c: c.map(rank) if c.name == "frame" else c
        )
        frames = pd.concat([per_event, overall_frames(counts, keys)], ignore_index=True)
        article_frames = pd.concat([p["article_frames"] for p in parts], ignore_index=True)
        article_frames = article_frames.sort_values(
            ["frame", "id"], key=lambda c: c.map(rank) if c.name == "frame" else c
        ).reset_index(drop=True)
        return {
            "contrast": contrast,
            "alignment": alignment,
            "actor_labels": actors,
            "outlet_scores": scores,
            "frames": frames,
            "article_frames": article_frames,
        }

    def model_cues(self, sents: pd.DataFrame, lex_cues: pd.DataFrame) -> pd.DataFrame:
        """Model cues of a batch: the words behind each loaded sentence the lexicon missed.

        Args:
            sents: the batch's sentence table, with ``loaded_score``.
            lex_cues: its lexicon cue spans.
        """
        found, _method = explain_loaded(
            sents,
            lex_cues,
            self.loaded_.embedder,
            self.loaded_.head_.embedding_weights,
            threshold=self.model_cue_threshold,
            max_words=self.max_model_words,
        )
        return found


# What a batch does, step by step (its progress is counted in these steps).
_BATCH_STEPS = (
    "finding quotations",
    "matching the lexicon",
    "embedding and scoring sentences",
    "counting distinctive phrases",
    "finding loaded words the lexicon missed",
    "who called it what",
    "counting frames and cues",
)


_NO_MENTIONS = pd.DataFrame(columns=MENTION_COLUMNS)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _or(stage: BaseEstimator | None, default: type[BaseEstimator]) -> BaseEstimator:
    return default() if stage is None else stage
