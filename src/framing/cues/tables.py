"""The cue engine's tables: the per-sentence table, the spans of contrastive
phrases, lexicon evidence per sentence, and frame shares joined across batches.

Pure functions over DataFrames; ``framing.cues.engine`` calls them per batch
and when the batches are combined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from framing.cues.contrast import phrase_regex
from framing.cues.match import CUE_COLUMNS
from framing.segment import sentences as split_sentences

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
    "quoted_share",
    "voice",
]
# The cue table: the matcher's columns and whose voice the span is in.
CUE_TABLE_COLUMNS = [*CUE_COLUMNS, "voice"]


@dataclass
class CueResults:
    """All cue tables for one corpus (columns documented in docs/cues.md).

    Attributes:
        cues: one row per cue span (lexicon, model and contrastive).
        sentences: one row per sentence (titles included, ``field == "title"``).
        contrast: distinctive phrases per outlet, per event and overall (-1).
        alignment: the referent x outlet wording table (``framing.referents.rows``).
        mentions: every tagged mention with its referent, voice and speaker
            (``framing.referents.MENTION_COLUMNS``).
        actor_labels: each outlet's labels for actors that recur across
            events (``framing.referents.corpus.ACTOR_COLUMNS``).
        outlet_scores: category rates per 1,000 words with 95% intervals.
        frames: frame shares per event and outlet (event -1 = all events).
        article_frames: frame shares per article.
        sources: every quotation and reported statement with its speaker and
            verb (``framing.cues.sources.SOURCE_COLUMNS``).
        voices: spans covering every character of every title and text with
            its voice (``outlet``, ``quoted``, ``scare``).
    """

    cues: pd.DataFrame
    sentences: pd.DataFrame
    contrast: pd.DataFrame
    alignment: pd.DataFrame
    mentions: pd.DataFrame
    actor_labels: pd.DataFrame
    outlet_scores: pd.DataFrame
    frames: pd.DataFrame
    article_frames: pd.DataFrame
    sources: pd.DataFrame
    voices: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (the names used in the store and as CSV file names)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# The cue tables in their documented order (the fields of CueResults).
CUE_TABLES = tuple(f.name for f in fields(CueResults))
PART_TABLES = (
    "cues",
    "sentences",
    "contrast",
    "alignment",
    "mentions",
    "article_frames",
    "frames",
    "counts",
    "sources",
    "voices",
)


def sentence_table(articles: pd.DataFrame) -> pd.DataFrame:
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


def contrastive_spans(articles: pd.DataFrame, contrast: pd.DataFrame) -> pd.DataFrame:
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


def concat_tables(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def sentence_evidence(sents: pd.DataFrame, lex_cues: pd.DataFrame) -> np.ndarray:
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


def overall_frames(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
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
