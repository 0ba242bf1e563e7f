"""Run every cue scorer over an analysed corpus and return tidy tables."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.cues.align import ALIGNMENT_COLUMNS, WordingAligner
from framing.cues.contrast import (
    CONTRAST_COLUMNS,
    STOP_WORDS,
    Background,
    ContrastivePhrases,
    phrase_regex,
)
from framing.cues.frames import FrameScorer, frame_shares
from framing.cues.lexicon import Lexicon
from framing.cues.loaded import LoadedScorer
from framing.cues.match import CUE_COLUMNS, LexiconMatcher
from framing.cues.scores import article_counts, scores_from_counts
from framing.embed.base import Embedder
from framing.embed.cache import embed_texts
from framing.segment import sentences as split_sentences
from framing.store import Store

SENTENCE_COLUMNS = [
    "id",
    "field",
    "sentence_index",
    "start",
    "end",
    "sentence",
    "loaded_score",
    "frame",
    "frame_score",
    "frame_margin",
]


@dataclass
class CueResults:
    """All cue tables for one corpus (columns documented in docs/cues.md).

    Attributes:
        cues: one row per cue span (lexicon, model and contrastive).
        sentences: one row per sentence (titles included, ``field == "title"``).
        contrast: distinctive phrases per outlet, per event and overall (-1).
        alignment: the referent x outlet wording table.
        outlet_scores: category rates per 1,000 words with 95% intervals.
        frames: frame shares per event and outlet (event -1 = all events).
        article_frames: frame shares per article.
    """

    cues: pd.DataFrame
    sentences: pd.DataFrame
    contrast: pd.DataFrame
    alignment: pd.DataFrame
    outlet_scores: pd.DataFrame
    frames: pd.DataFrame
    article_frames: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (the names used in the store and as CSV file names)."""
        return {
            "cues": self.cues,
            "sentences": self.sentences,
            "contrast": self.contrast,
            "alignment": self.alignment,
            "outlet_scores": self.outlet_scores,
            "frames": self.frames,
            "article_frames": self.article_frames,
        }


PART_TABLES = ("cues", "sentences", "contrast", "alignment", "article_frames", "frames", "counts")


class CueEngine:
    """Score framing cues for articles already grouped into events.

    Work is done in batches of whole events (``batches``, ``run_batch``), so a
    large corpus is scored in bounded memory, each batch can be stored as it
    finishes, and ``combine`` joins the batches into the corpus tables. ``run``
    does all of it in memory.

    Args:
        embedder: sentence embedder (shared with the rest of the pipeline).
        lexicon: the lexicon; ``None`` = built-in.
        store: embedding cache.
        model_cue_threshold: sentences scoring at least this, with no lexicon
            cue, get a ``model`` cue on their most loaded word.
        max_model_cues_per_article: cap on such cues per article.
        batch_articles: articles per batch (whole events; an event larger than
            this is a batch of its own).
        background_sample: above this many articles, the contrastive prior and
            the across-events contrast (``event_id`` -1) are counted on a
            seeded sample of this many articles.
        random_state: seed for that sample.
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        lexicon: Lexicon | None = None,
        store: Store | None = None,
        model_cue_threshold: float = 0.8,
        max_model_cues_per_article: int = 3,
        batch_articles: int = 2000,
        background_sample: int = 5000,
        random_state: int = 0,
    ) -> None:
        self.embedder = embedder
        self.lexicon = lexicon
        self.store = store
        self.model_cue_threshold = model_cue_threshold
        self.max_model_cues_per_article = max_model_cues_per_article
        self.batch_articles = batch_articles
        self.background_sample = background_sample
        self.random_state = random_state

    def fit(self, X: object = None, y: None = None) -> CueEngine:
        """Prepare the scorers (compile the lexicon, train the loaded model, embed prototypes)."""
        self.matcher_ = LexiconMatcher(self.lexicon).fit()
        self.loaded_ = LoadedScorer(self.embedder, self.matcher_, store=self.store).fit()
        self.frames_ = FrameScorer(self.embedder, store=self.store).fit()
        return self

    def run(self, articles: pd.DataFrame) -> CueResults:
        """Compute every table in memory.

        Args:
            articles: with ``id, outlet, title, text, event_id, n_words``.
        """
        sample = self.sample(articles)
        background = ContrastivePhrases().background(sample)
        parts = [self.run_batch(articles.iloc[rows], background) for rows in self.batches(articles)]
        small = self.combine(parts, sample, background)
        joined = {
            name: _concat([p[name] for p in parts], columns)
            for name, columns in (("cues", CUE_COLUMNS), ("sentences", SENTENCE_COLUMNS))
        }
        return CueResults(
            joined["cues"],
            joined["sentences"],
            small["contrast"],
            small["alignment"],
            small["outlet_scores"],
            small["frames"],
            small["article_frames"],
        )

    def sample(self, articles: pd.DataFrame) -> pd.DataFrame:
        """The articles the contrastive prior is counted on: all, or a seeded sample."""
        if len(articles) <= self.background_sample:
            return articles
        picked = articles.sample(n=self.background_sample, random_state=self.random_state)
        return picked.sort_index()

    def batches(self, articles: pd.DataFrame) -> list[np.ndarray]:
        """Row positions of each batch: whole events, in event order."""
        events = articles["event_id"].to_numpy()
        order = np.argsort(events, kind="stable")
        if len(order) == 0:
            return []
        groups = np.split(order, np.flatnonzero(np.diff(events[order])) + 1)
        out: list[np.ndarray] = []
        current: list[np.ndarray] = []
        size = 0
        for g in groups:
            if current and size + len(g) > self.batch_articles:
                out.append(np.sort(np.concatenate(current)))
                current, size = [], 0
            current.append(g)
            size += len(g)
        if current:
            out.append(np.sort(np.concatenate(current)))
        return out

    def run_batch(self, articles: pd.DataFrame, background: Background) -> dict[str, pd.DataFrame]:
        """Every per-article and per-event table for one batch of whole events.

        Returns:
            ``PART_TABLES`` by name: ``cues``, ``sentences``, ``contrast`` and
            ``alignment`` (per event), ``article_frames``, ``frames`` (per
            event and outlet), and ``counts`` (per-article sums that
            ``combine`` adds up: see ``scores.article_counts``; plus frame
            probability sums per outlet in the ``frame_sum:*`` columns).
        """
        articles = articles.reset_index(drop=True)
        lex_cues = self.matcher_.transform(articles)
        sents = _sentence_table(articles)
        # A cheap static model is faster to rerun than to read back from the
        # cache, and its vectors for millions of sentences would bloat the store.
        cache = self.store if getattr(self.embedder, "cache_vectors", True) else None
        vectors, _ = embed_texts(sents["sentence"].tolist(), self.embedder, store=cache)
        keys = self.frames_.keys_
        if len(sents):
            evidence = _sentence_evidence(sents, lex_cues)
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
        sents = sents[SENTENCE_COLUMNS]

        contrast = (
            ContrastivePhrases().fit(articles, background=background, overall=False).table_
        )
        model_cues = self._model_cues(articles, sents, lex_cues)
        contrast_cues = _contrastive_spans(articles, contrast)
        cues = pd.concat(
            [df for df in (lex_cues, model_cues, contrast_cues) if not df.empty] or [lex_cues],
            ignore_index=True,
        ).sort_values(["id", "field", "start", "end", "source"], kind="stable")
        cues = cues.reset_index(drop=True)[CUE_COLUMNS]

        text_rows = (sents["field"] == "text").to_numpy()
        alignment = (
            WordingAligner(self.embedder, store=cache)
            .fit(
                articles,
                sentences=sents[text_rows],
                sentence_vectors=vectors[text_rows],
                cues=lex_cues,
                contrast=contrast,
            )
            .table_
        )
        categories = list(self.matcher_.lexicon_.categories)
        counts = article_counts(articles, cues, sents, categories)
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
            "article_frames": article_frames,
            "frames": per_event,
            "counts": counts,
        }

    def combine(
        self, parts: Iterable[dict[str, pd.DataFrame]], sample: pd.DataFrame, background: Background
    ) -> dict[str, pd.DataFrame]:
        """The corpus tables that do not grow with the text: ``contrast``,
        ``alignment``, ``outlet_scores``, ``frames``, ``article_frames``.

        ``parts`` need only hold ``contrast``, ``alignment``, ``frames``,
        ``article_frames`` and ``counts`` (the per-sentence tables stay in the
        batches).
        """
        parts = list(parts)
        keys = self.frames_.keys_
        categories = list(self.matcher_.lexicon_.categories)
        overall_contrast = (
            ContrastivePhrases().fit(sample, background=background, overall=True).table_
        )
        overall_contrast = overall_contrast[overall_contrast["event_id"] == -1]
        contrast = _concat([overall_contrast] + [p["contrast"] for p in parts], CONTRAST_COLUMNS)
        alignment = _concat([p["alignment"] for p in parts], ALIGNMENT_COLUMNS)
        counts = pd.concat([p["counts"] for p in parts], ignore_index=True)
        scores = scores_from_counts(counts, categories)
        rank = {k: i for i, k in enumerate(keys)}
        # frame-major order, as frame_shares gives it for the whole corpus
        per_event = pd.concat([p["frames"] for p in parts], ignore_index=True)
        per_event = per_event.sort_values(
            ["frame", "event_id", "outlet"], key=lambda c: c.map(rank) if c.name == "frame" else c
        )
        frames = pd.concat([per_event, _overall_frames(counts, keys)], ignore_index=True)
        article_frames = pd.concat([p["article_frames"] for p in parts], ignore_index=True)
        article_frames = article_frames.sort_values(
            ["frame", "id"], key=lambda c: c.map(rank) if c.name == "frame" else c
        ).reset_index(drop=True)
        return {
            "contrast": contrast,
            "alignment": alignment,
            "outlet_scores": scores,
            "frames": frames,
            "article_frames": article_frames,
        }

    def _model_cues(
        self, articles: pd.DataFrame, sents: pd.DataFrame, lex_cues: pd.DataFrame
    ) -> pd.DataFrame:
        """Loaded sentences the lexicon missed: point at the word that loads them.

        Each content word of such a sentence is first scored on its own by the
        same classifier (cheap: word vectors are cached); for the six
        highest, the sentence is re-scored without the word (occlusion). The
        word whose removal lowers the score most becomes the cue.
        """
        covered: dict[tuple[str, str], list[int]] = {}
        for row in lex_cues.itertuples(index=False):
            covered.setdefault((row.id, row.field), []).append(row.start)
        flagged = sents[sents["loaded_score"] >= self.model_cue_threshold]
        flagged = flagged.sort_values("loaded_score", ascending=False, kind="stable")
        chosen = []
        per_article: dict[str, int] = {}
        for s in flagged.itertuples(index=False):
            starts = covered.get((s.id, s.field), [])
            if any(s.start <= k < s.end for k in starts):
                continue
            if per_article.get(s.id, 0) >= self.max_model_cues_per_article:
                continue
            # Capitalised words inside a sentence are names, not word choices.
            words = [
                m
                for m in _CONTENT_WORD.finditer(s.sentence)
                if m.group(0).lower() not in STOP_WORDS
                and (m.start() == 0 or not m.group(0)[0].isupper())
            ]
            if words:
                per_article[s.id] = per_article.get(s.id, 0) + 1
                chosen.append((s, words))
        vocab = sorted({m.group(0).lower() for _, words in chosen for m in words})
        if not vocab:
            return pd.DataFrame(columns=CUE_COLUMNS)
        word_score = dict(zip(vocab, self.loaded_.score(vocab), strict=True))
        shortlists = [
            sorted(words, key=lambda m: (-word_score[m.group(0).lower()], m.start()))[:6]
            for _, words in chosen
        ]
        variants = [
            s.sentence[: m.start()] + s.sentence[m.end() :]
            for (s, _), short in zip(chosen, shortlists, strict=True)
            for m in short
        ]
        occluded = iter(self.loaded_.score(variants))
        rows = []
        for (s, _), short in zip(chosen, shortlists, strict=True):
            drops = [(s.loaded_score - next(occluded), m) for m in short]
            drop, best = max(drops, key=lambda d: (d[0], -d[1].start()))
            if drop < 0.1:
                continue
            rows.append(
                {
                    "id": s.id,
                    "field": s.field,
                    "start": s.start + best.start(),
                    "end": s.start + best.end(),
                    "phrase": best.group(0),
                    "category": "loaded_wording",
                    "source": "model",
                    "weight": round(float(drop), 3),
                    "cue": "",
                    "direction": "",
                    "rationale": (
                        f"Not in the lexicon. The sentence scores {s.loaded_score:.2f} for "
                        f"loaded wording, {s.loaded_score - drop:.2f} without this word."
                    ),
                }
            )
        return pd.DataFrame(rows, columns=CUE_COLUMNS)


_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")


def _sentence_table(articles: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for art_id, title, text in zip(
        articles["id"], articles["title"], articles["text"], strict=True
    ):
        title = str(title)
        if title.strip():
            start = len(title) - len(title.lstrip())
            rows.append(
                {
                    "id": art_id,
                    "field": "title",
                    "sentence_index": 0,
                    "start": start,
                    "end": start + len(title.strip()),
                    "sentence": title.strip(),
                }
            )
        for i, span in enumerate(split_sentences(str(text))):
            rows.append(
                {
                    "id": art_id,
                    "field": "text",
                    "sentence_index": i,
                    "start": span.start,
                    "end": span.end,
                    "sentence": span.text,
                }
            )
    return pd.DataFrame(rows, columns=["id", "field", "sentence_index", "start", "end", "sentence"])


def _contrastive_spans(articles: pd.DataFrame, contrast: pd.DataFrame) -> pd.DataFrame:
    """Where each outlet's distinctive phrases for an event occur in its articles."""
    rows = []
    per_event = contrast[contrast["event_id"] >= 0]
    arts_of = articles.groupby(["event_id", "outlet"], sort=False).indices
    ids = articles["id"].tolist()
    fields = {
        "title": [str(t) for t in articles["title"]],
        "text": [str(t) for t in articles["text"]],
    }
    lowered: dict[tuple[str, int], str] = {}
    for (event_id, outlet), group in per_event.groupby(["event_id", "outlet"]):
        members = arts_of.get((event_id, outlet), np.zeros(0, dtype=np.int64)).tolist()
        for phrase, z in zip(group["phrase"], group["z"], strict=True):
            pattern = phrase_regex(phrase)
            # Every match holds the phrase's first word (up to an apostrophe)
            # in lower case: texts without it are not scanned.
            head = re.split(r"['\u2019]", phrase.split()[0])[0] if phrase.strip() else ""
            for k in members:
                for field, values in fields.items():
                    value = values[k]
                    low = lowered.get((field, k))
                    if low is None:
                        low = lowered[(field, k)] = value.lower()
                    if head not in low:
                        continue
                    for m in pattern.finditer(value):
                        rows.append(
                            {
                                "id": ids[k],
                                "field": field,
                                "start": m.start(),
                                "end": m.end(),
                                "phrase": value[m.start() : m.end()],
                                "category": "contrastive",
                                "source": "contrastive",
                                "weight": round(min(1.0, float(z) / 10.0), 3),
                                "cue": phrase,
                                "direction": "",
                                "rationale": (
                                    f"{outlet} uses '{phrase}' far more than the other "
                                    f"outlets covering this event (z = {z:.1f})."
                                ),
                            }
                        )
    return pd.DataFrame(rows, columns=CUE_COLUMNS)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _sentence_evidence(sents: pd.DataFrame, lex_cues: pd.DataFrame) -> np.ndarray:
    """``lexicon_evidence`` per sentence from the article-level cue spans.

    A cue counts for the sentence that holds it whole, as if the sentence had
    been matched on its own; matching each sentence again would cost as much
    as matching the articles.
    """
    out = np.zeros((len(sents), 2))
    if lex_cues.empty or sents.empty:
        return out
    spans = sents[["id", "field", "start", "end"]].reset_index(drop=True)
    spans["row"] = np.arange(len(spans))
    located = pd.merge_asof(
        lex_cues[["id", "field", "start", "end", "weight", "category"]]
        .astype({"start": np.int64})
        .sort_values("start"),
        spans.rename(columns={"end": "sent_end"}).astype({"start": np.int64}).sort_values("start"),
        on="start",
        by=["id", "field"],
        direction="backward",
    )
    located = located[located["row"].notna() & (located["end"] <= located["sent_end"])]
    rows = located["row"].astype(np.int64)
    weight = located.groupby(rows)["weight"].sum().clip(upper=2.0)
    kinds = located.groupby(rows)["category"].nunique()
    out[weight.index.to_numpy(), 0] = weight.to_numpy()
    out[kinds.index.to_numpy(), 1] = kinds.to_numpy()
    return out


def _overall_frames(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Frame shares per outlet across all events, from per-article sums
    (the same numbers ``frame_shares`` gives on all sentences at once)."""
    cols = [f"frame_sum:{k}" for k in keys]
    g = counts.groupby("outlet", sort=True)
    sums = g[cols + ["frame_sum:_top", "count"]].sum()
    n = sums["count"].where(sums["count"] > 0)
    means = sums[cols].div(n, axis=0)
    means.columns = keys
    long = means.reset_index().melt(id_vars=["outlet"], var_name="frame", value_name="share")
    extra = pd.DataFrame(
        {
            "outlet": sums.index,
            "confidence": (sums["frame_sum:_top"] / n).to_numpy(),
            "n_sentences": sums["count"].astype(int).to_numpy(),
        }
    )
    long = long.merge(extra, on="outlet")
    long.insert(0, "event_id", -1)
    return long
