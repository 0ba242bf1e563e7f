"""Who called it what: align the wordings different outlets use for one referent.

Within one event:

1. **Anchors** are the wordings that stand out: each outlet's lexicon cues and
   its contrastive phrases for the event.
2. For an anchor and every other outlet, the outlet's sentences closest in
   meaning to the anchor's sentences are found, and every referring phrase in
   them (1-4 words, bounded by content words) is a candidate.
3. Two wordings are compared by a blend of three similarities: of the
   wordings' own embeddings ("war games" is close to "military exercises",
   far from "missile tests"), of the content words around their uses
   (parallel sentences share "began", "240 aircraft", "Seoul"), and of the
   sentences they occur in. The best candidate per outlet is linked to the
   anchor when the blend reaches ``link_threshold``.
4. Rows whose members overlap by half or more are merged; a row is kept when
   at least two outlets name the referent with at least two different
   wordings.

Table columns (``ALIGNMENT_COLUMNS``): ``event_id, referent, outlet, phrase,
count, example`` plus ``example_id, example_start, example_end`` (the article
and character span of the example sentence) and ``similarity`` (to the
referent's anchor; 1.0 for the anchor itself). ``phrase`` lists the outlet's
wordings for the referent, most used first, joined by " / "; ``count`` is
how often the outlet used them in the event.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator

from framing.cues.wording import (
    ALIGNMENT_COLUMNS,
    ALNUM,
    CALENDAR_WORDS,
    contains_phrase,
    local_context,
    match_form,
    norm_phrase,
    referring_phrases,
    unit_rows,
)
from framing.embed.base import Embedder
from framing.embed.cache import embed_texts
from framing.segment import STOP_WORDS

__all__ = ["ALIGNMENT_COLUMNS", "WordingAligner"]


class WordingAligner(BaseEstimator):
    """Build the referent x outlet wording table for each event.

    Args:
        embedder: sentence embedder.
        link_threshold: minimum similarity between an anchor and another
            outlet's wording to call them the same referent.
        phrase_weight: weight of the similarity of the wordings themselves.
        local_weight: weight of the similarity of the words around them
            (within ``window`` words); the rest goes to the similarity of the
            sentences they occur in.
        window: words on each side counted as local context.
        context_sentences: sentences per outlet searched for candidates.
        max_anchors: cap on anchors per event (strongest first).
        specificity_margin: among wordings this close to the best match, the
            longest is linked ("joint military exercises" over "exercises").

    Attributes:
        table_: the alignment table.
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        link_threshold: float = 0.35,
        phrase_weight: float = 0.5,
        local_weight: float = 0.2,
        window: int = 6,
        context_sentences: int = 3,
        max_anchors: int = 80,
        specificity_margin: float = 0.0,
    ) -> None:
        self.embedder = embedder
        self.link_threshold = link_threshold
        self.phrase_weight = phrase_weight
        self.local_weight = local_weight
        self.window = window
        self.context_sentences = context_sentences
        self.max_anchors = max_anchors
        self.specificity_margin = specificity_margin

    def fit(
        self,
        articles: pd.DataFrame,
        y: None = None,
        *,
        sentences: pd.DataFrame,
        sentence_vectors: np.ndarray,
        cues: pd.DataFrame,
        contrast: pd.DataFrame,
    ) -> WordingAligner:
        """Align wordings in every event covered by at least two outlets.

        Args:
            articles: with ``id, outlet, event_id``.
            sentences: text sentences with ``id, start, end, sentence`` (row
                order matches ``sentence_vectors``).
            sentence_vectors: unit vectors of those sentences.
            cues: lexicon cue spans (``id, field, phrase, weight``).
            contrast: contrastive phrases (``event_id, outlet, phrase, z``).
        """
        rows: list[dict] = []
        sent = sentences.reset_index(drop=True)
        # Plain columns, read once: converting a column per event would cost
        # events x rows.
        columns = {
            "id": sent["id"].tolist(),
            "sentence": sent["sentence"].tolist(),
            "start": sent["start"].to_numpy(dtype=np.int64),
            "end": sent["end"].to_numpy(dtype=np.int64),
        }
        # Wordings recur across events ("military exercises"): embed each once.
        phrase_cache: dict[str, np.ndarray] = {}
        # Index everything by article and event once: looking rows up per event
        # with a full-table scan would cost events x rows on a large corpus.
        rows_of = sent.groupby("id", sort=False).indices
        text_cues = cues[cues["field"] == "text"]
        cues_of = text_cues.groupby("id", sort=False).indices
        contrast_of = contrast.groupby("event_id", sort=False).indices
        cue_cols = [text_cues[c].tolist() for c in ("id", "phrase", "weight")]
        contrast_cols = [contrast[c].tolist() for c in ("outlet", "phrase", "z")]
        art_ids = articles["id"].tolist()
        art_outlets = articles["outlet"].tolist()
        none = np.zeros(0, dtype=np.int64)
        for event_id, members in sorted(articles.groupby("event_id", sort=True).indices.items()):
            ids = [art_ids[k] for k in members]
            outlet_of = {i: art_outlets[k] for i, k in zip(ids, members, strict=True)}
            if len(set(outlet_of.values())) < 2:
                continue
            at = np.concatenate([cues_of.get(i, none) for i in ids])
            event_cues = [[col[k] for k in at] for col in cue_cols]
            at = contrast_of.get(event_id, none)
            event_contrast = [[col[k] for k in at] for col in contrast_cols]
            idx = np.sort(np.concatenate([rows_of.get(i, none) for i in ids])).astype(np.int64)
            rows.extend(
                self._event(
                    int(event_id),
                    outlet_of,
                    columns,
                    idx,
                    sentence_vectors,
                    event_cues,
                    event_contrast,
                    phrase_cache,
                )
            )
        self.table_ = pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)
        return self

    def _event(
        self, event_id, outlet_of, sent, idx, vectors, cues, contrast, phrase_cache
    ) -> list[dict]:
        """The rows of one event's table.

        Args:
            outlet_of: article id -> outlet, for the event's articles.
            sent: the batch's sentence columns (``id, sentence, start, end``).
            idx: positions of the event's sentences in them.
            cues: the event's lexicon cues as lists ``[ids, phrases, weights]``.
            contrast: its contrastive phrases as lists ``[outlets, phrases, z]``.
            phrase_cache: phrase vectors already computed in this batch.
        """
        sent_ids = sent["id"]
        sent_text = sent["sentence"]
        by_outlet: dict[str, np.ndarray] = {
            o: np.array([i for i in idx if outlet_of[sent_ids[i]] == o], dtype=np.int64)
            for o in sorted(set(outlet_of.values()))
        }
        lowered = {i: sent_text[i].lower() for i in idx}
        matchable = {i: match_form(sent_text[i]) for i in idx}
        occ_cache: dict[tuple[str, str], list[int]] = {}
        form_of: dict[str, str] = {}

        def occurrences(outlet: str, phrase: str) -> list[int]:
            key = (outlet, phrase)
            if key not in occ_cache:
                form = form_of.get(phrase)
                if form is None:
                    form = form_of[phrase] = match_form(phrase)
                # The bare substring test rules out most sentences without a
                # Python call (measured: dropping it costs about 0.5 s a batch).
                occ_cache[key] = [
                    int(i)
                    for i in by_outlet[outlet]
                    if form in matchable[i] and contains_phrase(matchable[i], form)
                ]
            return occ_cache[key]

        # 1. anchors, strongest first
        weights: dict[tuple[str, str], float] = {}
        for art_id, phrase, w in zip(*cues, strict=True):
            key = (outlet_of[art_id], " ".join(phrase.lower().split()))
            weights[key] = max(weights.get(key, 0.0), float(w))
        for outlet, phrase, z in zip(*contrast, strict=True):
            # An outlet's dates and datelines stand out too, but name nothing.
            if phrase in STOP_WORDS or any(
                w in CALENDAR_WORDS or w.isdigit() for w in phrase.split()
            ):
                continue
            key = (outlet, phrase)
            weights[key] = max(weights.get(key, 0.0), min(1.0, float(z) / 5.0))
        anchors = [k for k in sorted(weights, key=lambda k: (-weights[k], k)) if occurrences(*k)][
            : self.max_anchors
        ]
        if not anchors:
            return []

        # 2. candidates per (anchor, other outlet) from the closest sentences
        # The vocabulary of candidate wordings: every outlet's anchors, and
        # multi-word referring phrases used at least twice in the event.
        counts: dict[str, int] = defaultdict(int)
        for i in idx:
            for c in referring_phrases(sent_text[i]):
                if " " in c:
                    counts[c] += 1
        vocabulary = {c for c, n in counts.items() if n >= 2} | {p for _, p in weights}
        # Wordings by their first run of letters and digits: a wording held
        # as whole words starts with a whole run of the sentence.
        by_head: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for c in sorted(vocabulary):
            form = match_form(c)
            head = ALNUM.match(form)
            by_head[head.group(0) if head else ""].append((c, form))
        # Which wordings each sentence holds, found once per sentence rather
        # than once per anchor and outlet.
        holds: dict[int, set[str]] = {}

        def held(i: int) -> set[str]:
            if i not in holds:
                text = matchable[i]
                holds[i] = {
                    c
                    for head in {"", *ALNUM.findall(text)}
                    for c, form in by_head.get(head, ())
                    if contains_phrase(text, form)
                }
            return holds[i]

        anchor_ctx = unit_rows(np.stack([vectors[occurrences(*a)].mean(axis=0) for a in anchors]))
        candidates: dict[tuple[tuple[str, str], str], list[str]] = {}
        # Every wording compared, as (outlet, phrase) -> row: the anchors first.
        compared: dict[tuple[str, str], int] = {a: n for n, a in enumerate(anchors)}
        cand_rows: dict[tuple[tuple[str, str], str], np.ndarray] = {}
        for outlet, rows in by_outlet.items():
            if len(rows) == 0:
                continue
            # every anchor's closest sentences of this outlet in one product
            closest = np.argsort(-(vectors[rows] @ anchor_ctx.T), axis=0, kind="stable")
            for k, a in enumerate(anchors):
                if outlet == a[0]:
                    continue
                top = rows[closest[: self.context_sentences, k]]
                near = set().union(*(held(int(i)) for i in top))
                # each one occurs in the outlet: it is held by one of its sentences
                cands = candidates[(a, outlet)] = sorted(near)
                cand_rows[(a, outlet)] = np.array(
                    [compared.setdefault((outlet, c), len(compared)) for c in cands],
                    dtype=np.int64,
                )

        keys = list(compared)
        new = sorted({p for _, p in keys} - phrase_cache.keys())
        if new:
            new_vecs, _ = embed_texts(new, self.embedder)
            phrase_cache.update(zip(new, np.asarray(new_vecs), strict=True))
        phrase_mat = np.stack([phrase_cache[p] for _, p in keys])
        # The sentences each key occurs in, as a keys x sentences incidence
        # matrix: its product with the sentence vectors sums their contexts.
        position = {int(i): n for n, i in enumerate(idx)}
        occ_lists = [occurrences(*k) for k in keys]
        occ_keys = np.repeat(np.arange(len(keys)), [len(o) for o in occ_lists])
        occ_sents = np.array([position[i] for o in occ_lists for i in o], dtype=np.int64)
        incidence = sparse.csr_matrix(
            (np.ones(len(occ_keys)), (occ_keys, occ_sents)), shape=(len(keys), len(idx))
        )
        counts_per_key = np.asarray(incidence.sum(axis=1)).ravel()
        ctx_mat = unit_rows((incidence @ vectors[idx]) / counts_per_key[:, None])

        outlet_no = {o: n for n, o in enumerate(by_outlet)}
        phrases = sorted({p for _, p in keys})
        phrase_no = {p: n for n, p in enumerate(phrases)}
        local_mat, _ = local_context(
            [lowered[i] for i in idx],
            np.array([outlet_no[outlet_of[sent_ids[i]]] for i in idx], dtype=np.int64),
            phrases,
            np.array([phrase_no[p] for _, p in keys], dtype=np.int64),
            np.array([outlet_no[o] for o, _ in keys], dtype=np.int64),
            occ_keys,
            occ_sents,
            self.window,
        )
        # The blended similarity of every wording to every anchor (anchors
        # are the first rows), one keys x anchors matrix for the event.
        n_anchors = len(anchors)
        blend = (
            self.phrase_weight * (phrase_mat @ phrase_mat[:n_anchors].T).astype(float)
            + self.local_weight * (local_mat @ local_mat[:n_anchors].T).toarray()
            + (1 - self.phrase_weight - self.local_weight)
            * (ctx_mat @ ctx_mat[:n_anchors].T).astype(float)
        )

        # 3. link each anchor to its best match in every other outlet
        groups: list[tuple[tuple[str, str], dict[str, tuple[str, float]]]] = []
        for k, a in enumerate(anchors):
            members = {a[0]: (a[1], 1.0)}
            for outlet in by_outlet:
                cands = candidates.get((a, outlet), [])  # each one occurs in the outlet
                if not cands:
                    continue
                sims = blend[cand_rows[(a, outlet)], k]
                top = float(sims.max())
                if top < self.link_threshold:
                    continue
                # Among near-ties prefer the longer, more specific wording.
                close = [i for i in range(len(cands)) if sims[i] >= top - self.specificity_margin]
                best = max(close, key=lambda i: (len(cands[i].split()), sims[i], cands[i]))
                members[outlet] = (cands[best], float(sims[best]))
            if len(members) >= 2 and len({norm_phrase(p) for p, _ in members.values()}) >= 2:
                groups.append((a, members))

        # 4. merge rows that share at least half their members
        merged: list[tuple[tuple[str, str], dict[str, list[tuple[str, float]]]]] = []
        for a, members in groups:
            keys = {(o, norm_phrase(p)) for o, (p, _) in members.items()}
            for _anchor, m_members in merged:
                m_keys = {(o, norm_phrase(p)) for o, ps in m_members.items() for p, _ in ps}
                if len(keys & m_keys) >= 0.5 * min(len(keys), len(m_keys)):
                    for o, (p, s) in members.items():
                        if all(norm_phrase(p) != norm_phrase(q) for q, _ in m_members[o]):
                            m_members[o].append((p, s))
                    break
            else:
                merged.append((a, defaultdict(list, {o: [v] for o, v in members.items()})))

        out: list[dict] = []
        used_names: dict[str, int] = defaultdict(int)
        for anchor, members in merged:
            spread: dict[str, int] = defaultdict(int)
            for ps in members.values():
                for p in {norm_phrase(p) for p, _ in ps}:
                    spread[p] += 1
            names = [p for ps in members.values() for p, _ in ps]
            referent = max(
                names, key=lambda p: (spread[norm_phrase(p)], p == anchor[1], -len(p), p)
            )
            used_names[referent] += 1
            if used_names[referent] > 1:  # keep referent names unique within an event
                referent = f"{referent} ({used_names[referent]})"
            for outlet in sorted(members):
                wordings = sorted(
                    ((p, len(occurrences(outlet, p)), s) for p, s in members[outlet]),
                    key=lambda t: (-t[1], t[0]),
                )
                first = occurrences(outlet, wordings[0][0])[0]
                out.append(
                    {
                        "event_id": event_id,
                        "referent": referent,
                        "outlet": outlet,
                        "phrase": " / ".join(p for p, _, _ in wordings),
                        "count": int(sum(n for _, n, _ in wordings)),
                        "example": sent_text[first],
                        "example_id": sent_ids[first],
                        "example_start": int(sent["start"][first]),
                        "example_end": int(sent["end"][first]),
                        "similarity": round(max(s for _, _, s in wordings), 3),
                    }
                )
        return out
