"""Outlet against outlet: cue spans with their sentences, framing profiles, distances.

Everything here reads the stored cue tables (docs/cues.md) and returns tidy
DataFrames for ``framing.viz.profiles``. The cue rates come from
``framing.compare.rates``, the series over time from ``framing.compare.periods``.

- ``spans_with_sentences``: cue spans joined to the sentence each sits in, so
  every rate leads back to the words behind it.
- ``outlet_profiles`` and ``framing_distance``: one standardised vector per
  outlet and the distance between every pair of outlets.
- ``phrase_counts`` and ``vocabulary_distance``: the Jensen-Shannon distance
  between outlets' use of the distinctive phrases.
- ``profile_contrast`` and ``top_phrases``: what lies behind a distance or a rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from framing.compare.rates import ALL_EVENTS, rate_categories, rate_column
from framing.cues.contrast import candidate_phrases

DISTANCE_COLUMNS = ["outlet_a", "outlet_b", "distance"]
SPAN_COLUMNS = [
    "id",
    "field",
    "start",
    "end",
    "phrase",
    "category",
    "source",
    "weight",
    "rationale",
    "sentence",
    "sentence_start",
    "start_in_sentence",
    "end_in_sentence",
]
Metric = Literal["cosine", "euclidean"]


def containing_sentence(cues: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """For each cue row, the position in ``sentences`` of the sentence holding its start.

    Args:
        cues: rows with ``id, field, start``.
        sentences: rows with ``id, field, start, end``.

    Returns:
        One integer per cue (in cue order): a row position in ``sentences``,
        or -1 when no sentence of the same article and field holds the cue.
    """
    where = np.full(len(cues), -1, dtype=np.int64)
    if len(cues) == 0 or sentences is None or len(sentences) == 0:
        return where
    left = pd.DataFrame(
        {
            "_row": np.arange(len(cues)),
            "id": cues["id"].to_numpy(),
            "field": cues["field"].to_numpy(),
            "start": cues["start"].to_numpy(),
        }
    )
    right = pd.DataFrame(
        {
            "_pos": np.arange(len(sentences)),
            "id": sentences["id"].to_numpy(),
            "field": sentences["field"].to_numpy(),
            "s_start": sentences["start"].to_numpy(),
            "s_end": sentences["end"].to_numpy(),
        }
    )
    pairs = left.merge(right, on=["id", "field"], how="inner")
    inside = pairs[(pairs["start"] >= pairs["s_start"]) & (pairs["start"] < pairs["s_end"])]
    first = inside.drop_duplicates("_row")
    where[first["_row"].to_numpy()] = first["_pos"].to_numpy()
    return where


def spans_with_sentences(cues: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Cue spans with the sentence each one starts in.

    Args:
        cues: cue rows (``id, field, start, end, phrase, category, source,
            weight, rationale``).
        sentences: sentence rows (``id, field, start, end, sentence``).

    Returns:
        Columns ``SPAN_COLUMNS``, one row per cue: ``sentence`` is the text of
        the sentence holding the cue's start (empty when none does) and
        ``start_in_sentence``/``end_in_sentence`` index that text, clipped to
        it, so the cue can be highlighted inside its sentence.
    """
    if cues.empty:
        return pd.DataFrame(columns=SPAN_COLUMNS)
    out = cues.reset_index(drop=True).copy()
    pos = containing_sentence(out, sentences)
    has = pos >= 0
    found = sentences.iloc[pos[has]]
    out["sentence"] = ""
    out.loc[has, "sentence"] = found["sentence"].to_numpy()
    out["sentence_start"] = out["start"].astype(int)
    out.loc[has, "sentence_start"] = found["start"].to_numpy()
    end = out["end"].astype(int).to_numpy().copy()
    end[has] = np.minimum(end[has], found["end"].to_numpy())
    out["start_in_sentence"] = (out["start"] - out["sentence_start"]).astype(int)
    out["end_in_sentence"] = (end - out["sentence_start"]).astype(int)
    for col in SPAN_COLUMNS:
        if col not in out.columns:
            out[col] = ""
    return out.sort_values(["id", "field", "start"], kind="stable")[SPAN_COLUMNS].reset_index(
        drop=True
    )


def _standardise(block: pd.DataFrame) -> pd.DataFrame:
    """Columns to mean 0, standard deviation 1 across outlets; constant columns to 0."""
    centred = block - block.mean()
    sd = block.std(ddof=0)
    # A measure every outlet shares cannot tell outlets apart: it contributes 0.
    return centred.div(sd.where(sd > 0, np.inf)).fillna(0.0)


def outlet_profiles(
    outlet_scores: pd.DataFrame,
    frames: pd.DataFrame | None = None,
    *,
    event_id: int = ALL_EVENTS,
    standardise: bool = True,
    balance_blocks: bool = True,
    block_weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One framing profile per outlet: cue rates, frame shares and loaded score.

    The profile has three blocks of features: ``rate:<category>`` (cues per
    1,000 words), ``frame:<frame>`` (share of the outlet's sentences in each
    frame dimension) and ``loaded_mean`` (mean loaded-language score). With
    ``standardise`` each feature is rescaled across outlets to mean 0 and
    standard deviation 1 (a feature all outlets share becomes 0), then each
    block is divided by the square root of its number of features and
    multiplied by its weight, so the 15 frame shares do not outweigh the single
    loaded score just by being many.

    Args:
        outlet_scores: the stored ``outlet_scores`` table.
        frames: the stored ``frames`` table (``event_id, outlet, frame,
            share``); ``None`` or empty leaves the frame block out.
        event_id: the scope; ``-1`` (default) is all events together.
        standardise: rescale as above; ``False`` returns the raw values.
        balance_blocks: divide each standardised block by the square root of
            its size (for distances); ``False`` keeps every feature in standard
            deviations (for reading which features differ).
        block_weights: weights of the blocks ``"rate"``, ``"frame"`` and
            ``"loaded"`` (default 1 each; 0 drops a block).

    Returns:
        One row per outlet (index ``outlet``, sorted), one column per feature.
    """
    weights = {"rate": 1.0, "frame": 1.0, "loaded": 1.0, **(block_weights or {})}
    if outlet_scores.empty:
        return pd.DataFrame(index=pd.Index([], name="outlet"))
    scope = outlet_scores[outlet_scores["event_id"] == event_id].set_index("outlet").sort_index()
    blocks: dict[str, pd.DataFrame] = {}
    rate_cols = {rate_column(c): f"rate:{c}" for c in rate_categories(scope)}
    if rate_cols:
        blocks["rate"] = scope[list(rate_cols)].rename(columns=rate_cols)
    if frames is not None and not frames.empty:
        f = frames[(frames["event_id"] == event_id) & frames["outlet"].isin(scope.index)]
        shares = f.pivot_table(index="outlet", columns="frame", values="share", aggfunc="mean")
        blocks["frame"] = (
            shares.reindex(scope.index).fillna(0.0).rename(columns=lambda c: f"frame:{c}")
        )
    if "loaded_mean" in scope.columns:
        # An outlet with no scored sentence sits at the average, not at 0.
        loaded = scope[["loaded_mean"]].astype(float)
        blocks["loaded"] = loaded.fillna(loaded.mean()).fillna(0.0)
    parts = []
    for name, block in blocks.items():
        w = float(weights.get(name, 1.0))
        if w == 0 or block.shape[1] == 0:
            continue
        block = block.astype(float)
        if standardise:
            scale = w / np.sqrt(block.shape[1]) if balance_blocks else 1.0
            block = _standardise(block) * scale
        parts.append(block)
    if not parts:
        return pd.DataFrame(index=scope.index.rename("outlet"))
    out = pd.concat(parts, axis=1)
    out.index.name = "outlet"
    out.columns.name = None
    return out


def _pair_distance(u: np.ndarray, v: np.ndarray, metric: Metric) -> float:
    if metric == "euclidean":
        # Root-mean-square difference: comparable across profile sizes.
        return float(np.sqrt(np.mean((u - v) ** 2))) if u.size else 0.0
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        # An all-average profile has no direction: same as another one, unrelated to the rest.
        return 0.0 if nu == nv else 1.0
    return float(np.clip(1.0 - np.dot(u, v) / (nu * nv), 0.0, 2.0))


def framing_distance(profiles: pd.DataFrame, metric: Metric = "cosine") -> pd.DataFrame:
    """Distance between every pair of outlet profiles.

    Args:
        profiles: from ``outlet_profiles`` (one row per outlet).
        metric: ``"cosine"``: 1 minus the cosine of the two standardised
            profiles; 0 means the same pattern of above- and below-average
            measures, 1 unrelated, 2 opposite. ``"euclidean"``: the
            root-mean-square difference per feature, in standard deviations
            (0 means identical).

    Returns:
        Columns ``outlet_a, outlet_b, distance`` for every ordered pair,
        the diagonal (distance 0) included, so the table pivots to a square
        matrix.
    """
    if metric not in ("cosine", "euclidean"):
        raise ValueError(f"metric must be 'cosine' or 'euclidean', not {metric!r}")
    names = [str(o) for o in profiles.index]
    x = profiles.to_numpy(dtype=float)
    rows = []
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            d = 0.0 if i == j else _pair_distance(x[i], x[j], metric)
            rows.append((a, b, d))
    return pd.DataFrame(rows, columns=DISTANCE_COLUMNS)


def profile_contrast(profiles: pd.DataFrame, a: str, b: str, *, top: int = 8) -> pd.DataFrame:
    """The profile features on which two outlets differ most.

    Args:
        profiles: from ``outlet_profiles`` (standardised).
        a, b: the two outlets.
        top: how many features to return.

    Returns:
        Columns ``feature, a, b, difference`` (``a - b``), largest absolute
        difference first.
    """
    diff = profiles.loc[a] - profiles.loc[b]
    order = diff.abs().sort_values(ascending=False, kind="stable").index[:top]
    return pd.DataFrame(
        {
            "feature": list(order),
            "a": profiles.loc[a, order].to_numpy(dtype=float),
            "b": profiles.loc[b, order].to_numpy(dtype=float),
            "difference": diff[order].to_numpy(dtype=float),
        }
    )


def phrase_counts(texts: pd.DataFrame, phrases: Iterable[str], *, max_n: int = 4) -> pd.DataFrame:
    """How often each outlet uses each phrase.

    Args:
        texts: with ``outlet`` and ``text`` (titles may be added to ``text``).
        phrases: lower-cased phrases, as ``framing.cues.contrast`` lists them.
        max_n: longest phrase in words (must cover ``phrases``).

    Returns:
        Outlets (index, sorted) x phrases (columns, in the order given) counts.
    """
    vocab = list(dict.fromkeys(str(p) for p in phrases))
    rows = {}
    for outlet, group in texts.groupby("outlet", sort=True):
        counter: Counter = Counter()
        for text in group["text"]:
            counter.update(candidate_phrases(str(text), max_n))
        rows[str(outlet)] = [counter.get(p, 0) for p in vocab]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=vocab)
    out.index.name = "outlet"
    return out


def _js_distance(p: np.ndarray, q: np.ndarray) -> float:
    sp, sq = p.sum(), q.sum()
    if sp == 0 or sq == 0:
        return 0.0 if sp == sq else 1.0
    p, q = p / sp, q / sq
    m = (p + q) / 2

    def kl(x: np.ndarray) -> float:
        nz = x > 0
        return float(np.sum(x[nz] * np.log2(x[nz] / m[nz])))

    return float(np.sqrt(max(0.0, (kl(p) + kl(q)) / 2)))


def vocabulary_distance(counts: pd.DataFrame) -> pd.DataFrame:
    """Jensen-Shannon distance between outlets' phrase distributions.

    Each outlet's phrase counts are turned into shares; the distance is the
    square root of the Jensen-Shannon divergence in bits, so it runs from 0
    (the same phrases in the same proportions) to 1 (no phrase in common).

    Args:
        counts: from ``phrase_counts`` (outlets x phrases).

    Returns:
        Columns ``outlet_a, outlet_b, distance`` for every ordered pair.
    """
    names = [str(o) for o in counts.index]
    x = counts.to_numpy(dtype=float)
    rows = []
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            rows.append((a, b, 0.0 if i == j else _js_distance(x[i], x[j])))
    return pd.DataFrame(rows, columns=DISTANCE_COLUMNS)


def top_phrases(spans: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """The most frequent wordings among cue spans (case-insensitive).

    Args:
        spans: cue rows with ``phrase``.
        n: how many to return.

    Returns:
        Columns ``phrase, count`` (lower-cased phrase), most frequent first,
        ties in alphabetical order.
    """
    if spans.empty:
        return pd.DataFrame(columns=["phrase", "count"])
    counts = spans["phrase"].astype(str).str.lower().value_counts()
    out = counts.rename_axis("phrase").reset_index(name="count")
    out = out.sort_values(["count", "phrase"], ascending=[False, True], kind="stable")
    return out.head(n).reset_index(drop=True)
