"""Who called it what, for one batch: the ``CueEngine`` stage built on referents.

``ReferentAligner`` takes the place of the n-gram ``WordingAligner``
(``framing.cues.align``) in the engine's ``aligner`` slot: it extracts the
mentions of every event covered by at least two outlets, gives each its kind
and loaded score, groups them into referents (``ReferentGrouper``) and builds
the alignment table from them (``referent_rows``).

A mention's ``loaded`` score is that of its words as the batch scored them:
the weight of the strongest lexicon cue over it, or the loaded score of its
sentence when a model cue (a word behind that score) lies in it; 0 when
neither. It is recomputed from the cues alone after a lexicon edit
(``framing.cues.relex``): nothing is embedded again.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from framing.cues.voice import voice_lookup
from framing.embed.base import Embedder
from framing.embed.cache import embed_texts
from framing.referents import MENTION_COLUMNS
from framing.referents.group import ReferentGrouper
from framing.referents.kinds import kinds_of, rule_kinds, seed_texts
from framing.referents.mentions import _sentence, _sentence_index, extract_mentions
from framing.referents.rows import ALIGNMENT_COLUMNS, referent_rows

__all__ = ["ALIGNMENT_COLUMNS", "ReferentAligner", "mention_loaded"]


class ReferentAligner(BaseEstimator):
    """Build the ``mentions`` and ``alignment`` tables of a batch.

    Args:
        embedder: embeds the distinct labels and the kinds' seed phrases.
        grouper: the mention grouper; ``None``: ``ReferentGrouper()`` (its
            embedder defaults to this one's).
        min_outlets: a referent is a row when this many outlets mention it.

    Attributes:
        table_: the alignment table (``framing.referents.rows.ALIGNMENT_COLUMNS``).
        mentions_: the mentions (``framing.referents.MENTION_COLUMNS``).
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        grouper: ReferentGrouper | None = None,
        min_outlets: int = 2,
    ) -> None:
        self.embedder = embedder
        self.grouper = grouper
        self.min_outlets = min_outlets

    def fit(
        self,
        articles: pd.DataFrame,
        y: None = None,
        *,
        sentences: pd.DataFrame,
        sentence_vectors: np.ndarray,
        cues: pd.DataFrame,
        contrast: pd.DataFrame | None = None,
        sources: pd.DataFrame | None = None,
        voices: pd.DataFrame | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> ReferentAligner:
        """Find, group and tabulate the mentions of every event with two outlets or more.

        Args:
            articles: with ``id, outlet, event_id, title, text``.
            sentences: the batch's sentences (titles and quoted ones
                included), row order matching ``sentence_vectors``.
            sentence_vectors: their vectors.
            cues: the batch's cue spans (``id, field, start, end, source,
                weight``) for the loaded scores.
            contrast: not used (the n-gram aligner's anchors); accepted so
                either aligner fits the engine's call.
            sources: quotations with speakers (``SOURCE_COLUMNS``).
            voices: voice spans (``VOICE_COLUMNS``).
            progress: called with what it is doing (tagging, grouping), so a
                long batch keeps reporting.
        """
        say = progress or (lambda _detail: None)
        sent = sentences.reset_index(drop=True)
        spread = articles.groupby("event_id")["outlet"].transform("nunique")
        covered = articles[(spread >= self.min_outlets) & (articles["event_id"] >= 0)]
        lookup = voice_lookup(voices) if voices is not None else {}
        m = extract_mentions(covered, voices=lookup, sources=sources, sentences=sent, progress=say)
        if m.empty:
            self.mentions_ = pd.DataFrame(columns=MENTION_COLUMNS)
            self.table_ = pd.DataFrame(columns=ALIGNMENT_COLUMNS)
            return self
        say(f"embedding the labels of {len(m)} mentions")
        rules = rule_kinds(m)
        # A name whose kind is known links by its name alone: its label is not
        # embedded (a zero vector), which spares a good share of the labels.
        needed = (m["shape"] != "name").to_numpy() | (np.array(rules) == "")
        labels = _label_vectors(m, self.embedder, needed)
        seeds, _ = embed_texts(seed_texts(), self.embedder)
        m["kind"] = kinds_of(m, labels, np.asarray(seeds, dtype=float), rules=rules)
        dim = np.asarray(sentence_vectors).shape[1] if len(sent) else labels.shape[1]
        context = np.zeros((len(m), dim))
        has = m["sentence"].to_numpy() >= 0
        if len(sent):
            context[has] = np.asarray(sentence_vectors)[m["sentence"].to_numpy()[has]]
        grouper = self.grouper if self.grouper is not None else ReferentGrouper()
        params = grouper.get_params(deep=False)
        if params.get("embedder") is None:
            params["embedder"] = self.embedder
        params["min_outlets"] = self.min_outlets
        say("grouping the mentions into referents")
        fitted = type(grouper)(**params).fit(
            m, context_vectors=context, label_vectors=labels, progress=say
        )
        m["referent_id"] = fitted.labels_
        m["loaded"] = mention_loaded(m, cues, sent)
        self.mentions_ = m[MENTION_COLUMNS].reset_index(drop=True)
        self.table_ = referent_rows(self.mentions_, sent, min_outlets=self.min_outlets)
        return self


def _label_vectors(m: pd.DataFrame, embedder: Embedder | None, needed: np.ndarray) -> np.ndarray:
    """A unit vector per mention: of its label as first written (lower case),
    each distinct label embedded once; zero where no mention of the label is ``needed``."""
    # The written form is chosen within each event, so an event's vectors do
    # not depend on which other events share its batch.
    shown: dict[tuple[int, str], str] = {}
    keys = list(zip(m["event_id"].astype(int), m["norm"], strict=True))
    for key, text, want in zip(keys, m["text"], needed, strict=True):
        if want:
            shown.setdefault(key, " ".join(str(text).lower().split()))
    distinct = sorted(shown)
    if not distinct:
        return np.zeros((len(m), 1))
    vecs, _ = embed_texts([shown[k] for k in distinct], embedder)
    vecs = np.asarray(vecs, dtype=float)
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    vecs = np.vstack([vecs, np.zeros((1, vecs.shape[1]))])
    row = {k: n for n, k in enumerate(distinct)}
    return vecs[[row.get(k, len(distinct)) for k in keys]]


def mention_loaded(
    mentions: pd.DataFrame, cues: pd.DataFrame, sentences: pd.DataFrame | None = None
) -> list[float]:
    """The loaded score of each mention's words (see the module doc).

    Args:
        mentions: with ``id, field, start, end``.
        cues: cue spans with ``id, field, start, end, source, weight``.
        sentences: the sentence table with ``loaded_score`` (for model cues).
    """
    spans: dict[tuple[str, str], list[tuple[int, int, str, float]]] = defaultdict(list)
    if cues is not None and len(cues):
        picked = cues[cues["source"].isin(["lexicon", "model"])]
        for r in picked.itertuples(index=False):
            spans[(r.id, r.field)].append((int(r.start), int(r.end), r.source, float(r.weight)))
    for v in spans.values():
        v.sort()
    index = _sentence_index(sentences)
    scores = (
        sentences.reset_index(drop=True)["loaded_score"].to_numpy(dtype=float)
        if sentences is not None and "loaded_score" in sentences
        else None
    )
    out = []
    for art, field, a, b in zip(
        mentions["id"], mentions["field"], mentions["start"], mentions["end"], strict=True
    ):
        found = spans.get((art, field), [])
        k = bisect.bisect_left(found, (int(b),))
        best = 0.0
        for _s, e, source, weight in found[:k]:
            if e <= a:
                continue
            if source == "lexicon":
                best = max(best, min(1.0, weight))
            elif scores is not None:
                row = _sentence(index.get((art, field)), int(a))
                if row >= 0:
                    best = max(best, float(scores[row]))
        out.append(round(best, 3))
    return out
