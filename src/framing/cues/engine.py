"""Run every cue scorer over an analysed corpus and return tidy tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.cues.align import WordingAligner
from framing.cues.contrast import STOP_WORDS, ContrastivePhrases, phrase_regex
from framing.cues.frames import FrameScorer, frame_shares
from framing.cues.lexicon import Lexicon
from framing.cues.loaded import LoadedScorer
from framing.cues.match import CUE_COLUMNS, LexiconMatcher
from framing.cues.scores import outlet_scores
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


class CueEngine:
    """Score framing cues for articles already grouped into events.

    Args:
        embedder: sentence embedder (shared with the rest of the pipeline).
        lexicon: the lexicon; ``None`` = built-in.
        store: embedding cache.
        model_cue_threshold: sentences scoring at least this, with no lexicon
            cue, get a ``model`` cue on their most loaded word.
        max_model_cues_per_article: cap on such cues per article.
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        lexicon: Lexicon | None = None,
        store: Store | None = None,
        model_cue_threshold: float = 0.8,
        max_model_cues_per_article: int = 3,
    ) -> None:
        self.embedder = embedder
        self.lexicon = lexicon
        self.store = store
        self.model_cue_threshold = model_cue_threshold
        self.max_model_cues_per_article = max_model_cues_per_article

    def fit(self, X: object = None, y: None = None) -> CueEngine:
        """Prepare the scorers (compile the lexicon, train the loaded model, embed prototypes)."""
        self.matcher_ = LexiconMatcher(self.lexicon).fit()
        self.loaded_ = LoadedScorer(self.embedder, self.matcher_, store=self.store).fit()
        self.frames_ = FrameScorer(self.embedder, store=self.store).fit()
        return self

    def run(self, articles: pd.DataFrame) -> CueResults:
        """Compute every table.

        Args:
            articles: with ``id, outlet, title, text, event_id, n_words``.
        """
        lex_cues = self.matcher_.transform(articles)
        sents = _sentence_table(articles)
        vectors, _ = embed_texts(sents["sentence"].tolist(), self.embedder, store=self.store)
        if len(sents):
            sents["loaded_score"] = self.loaded_.score(sents["sentence"].tolist(), vectors)
            probs = self.frames_.probabilities(vectors)
            assigned = self.frames_.assign(vectors)
            for col in assigned.columns:
                sents[col] = assigned[col].to_numpy()
        else:
            probs = np.zeros((0, len(self.frames_.keys_)))
            for col in ("loaded_score", "frame", "frame_score", "frame_margin"):
                sents[col] = []
        sents = sents[SENTENCE_COLUMNS]

        contrast = ContrastivePhrases().fit(articles).table_
        model_cues = self._model_cues(articles, sents, lex_cues)
        contrast_cues = _contrastive_spans(articles, contrast)
        cues = pd.concat(
            [df for df in (lex_cues, model_cues, contrast_cues) if not df.empty] or [lex_cues],
            ignore_index=True,
        ).sort_values(["id", "field", "start", "end", "source"], kind="stable")
        cues = cues.reset_index(drop=True)[CUE_COLUMNS]

        text_rows = (sents["field"] == "text").to_numpy()
        alignment = (
            WordingAligner(self.embedder, store=self.store)
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
        scores = outlet_scores(articles, cues, sents, categories)

        meta = articles.set_index("id")[["outlet", "event_id"]]
        groups = meta.loc[sents["id"]].reset_index()
        keys = self.frames_.keys_
        per_event = frame_shares(probs, groups[["event_id", "outlet"]], keys)
        overall = frame_shares(probs, groups[["outlet"]], keys)
        overall.insert(0, "event_id", -1)
        frames = pd.concat([per_event, overall], ignore_index=True)
        article_frames = frame_shares(probs, groups[["id"]], keys)
        return CueResults(cues, sents, contrast, alignment, scores, frames, article_frames)

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
    for (event_id, outlet), group in per_event.groupby(["event_id", "outlet"]):
        arts = articles[(articles["event_id"] == event_id) & (articles["outlet"] == outlet)]
        for phrase, z in zip(group["phrase"], group["z"], strict=True):
            pattern = phrase_regex(phrase)
            for art in arts.itertuples(index=False):
                for field, value in (("title", str(art.title)), ("text", str(art.text))):
                    for m in pattern.finditer(value):
                        rows.append(
                            {
                                "id": art.id,
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
