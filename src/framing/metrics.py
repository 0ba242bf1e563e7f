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
