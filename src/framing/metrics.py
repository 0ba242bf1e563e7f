"""Scores for event grouping against a gold standard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np


def bcubed(pred: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    For each item, precision is the share of its predicted cluster that shares
    its gold class; recall is the share of its gold class that shares its
    predicted cluster. Both are averaged over items.

    Args:
        pred: predicted cluster label per item.
        gold: gold class label per item, same order.

    Returns:
        (precision, recall, f1). Empty input gives (1.0, 1.0, 1.0).
    """
    if len(pred) != len(gold):
        raise ValueError(f"pred has {len(pred)} items but gold has {len(gold)}")
    if len(pred) == 0:
        return 1.0, 1.0, 1.0
    pairs = Counter(zip(pred, gold, strict=True))
    pred_size = Counter(pred)
    gold_size = Counter(gold)
    p = np.mean([pairs[(a, b)] / pred_size[a] for a, b in zip(pred, gold, strict=True)])
    r = np.mean([pairs[(a, b)] / gold_size[b] for a, b in zip(pred, gold, strict=True)])
    f = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return float(p), float(r), float(f)


def _phrase_matches(found: str, documented: str) -> bool:
    from framing.cues.align import norm_phrase

    a, b = norm_phrase(found), norm_phrase(documented)
    return bool(a) and bool(b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def wording_pair_recall(alignment, documented: list[dict], event_of: dict[str, int]) -> dict:
    """How many documented cross-outlet wording pairs the alignment puts together.

    A documented pair is (outlet A's wording, outlet B's wording) for the same
    referent of the same event, with different wordings. It is recovered when
    one referent group of the alignment, in that event, lists a matching
    wording for A and one for B (equal after lower-casing and dropping plural
    -s, or one containing the other).

    Args:
        alignment: table with ``event_id, referent, outlet, phrase`` (phrases
            joined by " / ").
        documented: entries ``{"event": key, "referent": name, "wordings":
            {outlet: [phrases]}}``.
        event_of: gold event key -> predicted ``event_id``.

    Returns:
        ``{"pairs": n, "recovered": k, "recall": k / n, "referents": m,
        "referents_recovered": j}``.
    """
    from framing.cues.align import norm_phrase

    cells: dict[tuple[int, str], dict[str, list[str]]] = {}
    for row in alignment.itertuples(index=False):
        cells.setdefault((int(row.event_id), row.referent), {})[row.outlet] = str(row.phrase).split(
            " / "
        )
    total = found = refs_found = 0
    for entry in documented:
        event_id = event_of.get(entry["event"])
        groups = [g for (e, _), g in cells.items() if e == event_id]
        outlets = sorted(entry["wordings"])
        any_found = False
        for i, a in enumerate(outlets):
            for b in outlets[i + 1 :]:
                for pa in entry["wordings"][a]:
                    for pb in entry["wordings"][b]:
                        if norm_phrase(pa) == norm_phrase(pb):
                            continue
                        total += 1
                        hit = any(
                            a in g
                            and b in g
                            and any(_phrase_matches(x, pa) for x in g[a])
                            and any(_phrase_matches(y, pb) for y in g[b])
                            for g in groups
                        )
                        found += hit
                        any_found |= hit
        refs_found += any_found
    return {
        "pairs": total,
        "recovered": found,
        "recall": found / total if total else 1.0,
        "referents": len(documented),
        "referents_recovered": refs_found,
    }
