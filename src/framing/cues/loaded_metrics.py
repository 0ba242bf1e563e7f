"""Measures of the loaded score against labels: calibration, word overlap, intervals.

Used by ``benchmarks/loaded_language.py``; pure functions over arrays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

RELIABILITY_COLUMNS = ["bin", "lo", "hi", "n", "mean_predicted", "observed"]
_WORD = re.compile(r"\w[\w'\u2019-]*")


def reliability_table(y: Sequence[int], p: Sequence[float], n_bins: int = 10) -> pd.DataFrame:
    """Predicted against observed rate in equal-width score bins (empty bins left out).

    Returns:
        Columns ``RELIABILITY_COLUMNS``: the bin's score range ``[lo, hi)``
        (the last bin includes 1), its number of sentences, their mean score
        and the share of them labelled loaded.
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, n_bins - 1)
    rows = []
    for k in range(n_bins):
        inside = which == k
        if inside.any():
            rows.append(
                (k, edges[k], edges[k + 1], int(inside.sum()), p[inside].mean(), y[inside].mean())
            )
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)


def expected_calibration_error(y: Sequence[int], p: Sequence[float], n_bins: int = 10) -> float:
    """Mean gap between predicted and observed rate over the bins, weighted by size."""
    table = reliability_table(y, p, n_bins)
    if table.empty:
        return float("nan")
    gap = (table["mean_predicted"] - table["observed"]).abs()
    return float((gap * table["n"]).sum() / table["n"].sum())


def brier(y: Sequence[int], p: Sequence[float]) -> float:
    """Mean squared gap between score and label."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    return float(np.mean((p - y) ** 2))


def words_in(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Start offsets of the words of ``text`` that overlap any of ``spans``."""
    spans = list(spans)
    return {
        m.start()
        for m in _WORD.finditer(text)
        if any(a < m.end() and m.start() < b for a, b in spans)
    }


def word_prf(
    texts: Sequence[str],
    predicted: Sequence[Iterable[tuple[int, int]]],
    gold: Sequence[Iterable[tuple[int, int]]],
) -> dict[str, float]:
    """Word-level precision, recall and F1 of predicted spans against marked spans.

    A word counts once per sentence, predicted when any predicted span
    overlaps it; offsets are relative to each text. Pooled over all texts.
    """
    tp = fp = fn = 0
    for text, pred, marked in zip(texts, predicted, gold, strict=True):
        p, g = words_in(text, pred), words_in(text, marked)
        tp += len(p & g)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def bootstrap_mean(
    values: Sequence[float], *, n_boot: int = 2000, level: float = 0.95, random_state: int = 0
) -> tuple[float, float, float]:
    """The mean of ``values`` and its percentile bootstrap interval."""
    v = np.asarray(values, dtype=float)
    if len(v) == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(random_state)
    means = v[rng.integers(0, len(v), size=(n_boot, len(v)))].mean(axis=1)
    alpha = (1 - level) / 2
    return float(v.mean()), float(np.quantile(means, alpha)), float(np.quantile(means, 1 - alpha))
