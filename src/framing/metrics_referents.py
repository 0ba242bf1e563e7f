"""Scores for mention grouping (who called it what) against hand-labelled mentions.

A gold mention is a labelled span (article ``id``, ``field``, ``start``,
``end``) with the concept it names (``concept``); a system mention is a row of
the ``mentions`` table (``id, field, start, end, referent_id``; ``referent_id``
"" when the mention is in no row).

Scoring is on the gold mentions only: every gold mention gets the referent of
the system mention matched to it (:func:`match_mentions`), or a cluster of its
own when nothing matched or the matched mention is in no row. So a system
that finds nothing, or keeps a mention out of every row, loses recall; a
system row that holds gold mentions of different concepts loses precision;
system mentions that match no gold mention (noise the annotators did not mark)
are not scored directly, but a noise row that swallows gold mentions of
several concepts costs precision like any other wrong merge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from framing.metrics import bcubed

__all__ = [
    "GOLD_COLUMNS",
    "SYSTEM_COLUMNS",
    "grouping_scores",
    "match_mentions",
    "pairwise",
]

GOLD_COLUMNS = ["id", "field", "start", "end", "concept"]
SYSTEM_COLUMNS = ["id", "field", "start", "end", "referent_id"]


def _missing(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise ValueError(f"{name} table lacks column(s) {', '.join(absent)}")


def match_mentions(gold: pd.DataFrame, system: pd.DataFrame) -> pd.Series:
    """The system referent of each gold mention ("" when none), index as ``gold``.

    Matching rule: a gold and a system mention can match when they are in the
    same article and field and their character spans overlap. Candidate pairs
    are taken greedily, most overlapping characters first (ties: the pair
    whose two spans differ least in length, then the earlier system span), and
    each gold and each system mention is matched at most once. A system
    mention that covers two gold mentions ("Trump's travel ban" over "Trump"
    and "travel ban") therefore matches only one of them; the other stays
    unmatched.

    Args:
        gold: ``GOLD_COLUMNS`` (only ``id, field, start, end`` are read).
        system: ``SYSTEM_COLUMNS``.

    Returns:
        str Series: the matched system mention's ``referent_id``; "" for gold
        mentions with no match.
    """
    _missing(gold, GOLD_COLUMNS[:4], "gold")
    _missing(system, SYSTEM_COLUMNS, "system")
    refs = system["referent_id"].fillna("").astype(str).tolist()
    out = pd.Series("", index=gold.index, dtype=object)
    for g, j in _matches(gold, system).items():
        out[g] = refs[j]
    return out


def _matches(gold: pd.DataFrame, system: pd.DataFrame) -> dict:
    """Gold index label -> position of its matched system mention (see match_mentions)."""
    by_doc: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for j, row in enumerate(system.itertuples(index=False)):
        by_doc.setdefault((str(row.id), str(row.field)), []).append(
            (int(row.start), int(row.end), j)
        )
    candidates = []
    for g, row in zip(gold.index, gold.itertuples(index=False), strict=True):
        start, end = int(row.start), int(row.end)
        for s_start, s_end, j in by_doc.get((str(row.id), str(row.field)), []):
            overlap = min(end, s_end) - max(start, s_start)
            if overlap > 0:
                size_gap = abs((end - start) - (s_end - s_start))
                candidates.append((-overlap, size_gap, s_start, j, g))
    matched: dict = {}
    used: set[int] = set()
    for _, _, _, j, g in sorted(candidates, key=lambda c: c[:4]):
        if g not in matched and j not in used:
            matched[g] = j
            used.add(j)
    return matched


def pairwise(pred: Sequence, gold: Sequence) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering.

    A pair is two items in one cluster. Precision is the share of predicted
    pairs that are gold pairs; recall the share of gold pairs that are
    predicted. With no predicted pairs precision is 0.0 (nothing right was
    claimed); with no gold pairs recall is 1.0.

    Args:
        pred: predicted cluster label per item.
        gold: gold class label per item, same order.

    Returns:
        ``{"precision", "recall", "f1", "pred_pairs", "gold_pairs", "true_pairs"}``.
    """
    if len(pred) != len(gold):
        raise ValueError(f"pred has {len(pred)} items but gold has {len(gold)}")

    def n_pairs(sizes: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    true_pairs = n_pairs(Counter(zip(pred, gold, strict=True)))
    pred_pairs = n_pairs(Counter(pred))
    gold_pairs = n_pairs(Counter(gold))
    p = true_pairs / pred_pairs if pred_pairs else 0.0
    r = true_pairs / gold_pairs if gold_pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "pred_pairs": pred_pairs,
        "gold_pairs": gold_pairs,
        "true_pairs": true_pairs,
    }


def grouping_scores(gold: pd.DataFrame, system: pd.DataFrame) -> dict[str, float]:
    """Pairwise and B-cubed scores of the system's grouping of the gold mentions.

    Gold classes are ``concept`` values (make them unique across events, e.g.
    ``"event/concept"``). Each gold mention's predicted cluster is the
    ``referent_id`` of its matched system mention (:func:`match_mentions`);
    unmatched mentions and mentions in no row are singletons.

    Returns:
        ``pairwise_precision, pairwise_recall, pairwise_f1, bcubed_precision,
        bcubed_recall, bcubed_f1``, plus ``gold`` (gold mentions), ``found``
        (matched to a system mention), ``grouped`` (matched to one in a row),
        ``gold_pairs``, ``pred_pairs`` and ``true_pairs``.
    """
    _missing(gold, GOLD_COLUMNS, "gold")
    _missing(system, SYSTEM_COLUMNS, "system")
    found = len(_matches(gold, system))
    matched = match_mentions(gold, system)
    pred = [ref if ref else f"\0single:{i}" for i, ref in enumerate(matched)]
    classes = [str(c) for c in gold["concept"]]
    pw = pairwise(pred, classes)
    b_p, b_r, b_f = bcubed(pred, classes)
    return {
        "pairwise_precision": pw["precision"],
        "pairwise_recall": pw["recall"],
        "pairwise_f1": pw["f1"],
        "bcubed_precision": b_p,
        "bcubed_recall": b_r,
        "bcubed_f1": b_f,
        "gold": len(gold),
        "found": found,
        "grouped": int(sum(bool(r) for r in matched)),
        "gold_pairs": pw["gold_pairs"],
        "pred_pairs": pw["pred_pairs"],
        "true_pairs": pw["true_pairs"],
    }
