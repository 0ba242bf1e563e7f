"""Planning the blocks of ``framing.events.blocks``, and reading the window over them.

Rules 1 and 2 of ``framing.events.blocks``: which rows each block holds, and
the ``"auto"`` window read from the near-duplicate pairs of every block's core.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.events.group import (
    DEFAULT_WINDOW,
    NEAR_DUPLICATE,
    SEARCH_DAYS,
    _date_days,
    window_from_gaps,
)

# ``fn, [args, ...] -> [fn(*args), ...]`` in order: how blocks are run (a Ray
# engine maps them onto tasks).
MapBlocks = Callable[[Callable, list[tuple]], list]


@dataclass(frozen=True)
class Block:
    """One block: ``rows`` (ascending corpus rows, margins included) and ``core``
    (per row: in this block's core), ``lo, hi`` its core as ranks."""

    index: int
    rows: np.ndarray
    core: np.ndarray
    lo: int
    hi: int


@dataclass(frozen=True)
class BlockPlan:
    """The blocks of a corpus; ``rank``: each row's place in (date, row) order, undated last."""

    blocks: list[Block]
    rank: np.ndarray

    @property
    def n(self) -> int:
        return len(self.rank)


def fits_one_block(days: np.ndarray, block_days: float | None, block_max: int | None) -> bool:
    """Whether the corpus with these dates (NaN: undated) is a single block."""
    if block_max is not None and len(days) > block_max:
        return False
    dated = days[~np.isnan(days)]
    return block_days is None or len(dated) == 0 or dated.max() - dated.min() < block_days


def plan_blocks(
    days: np.ndarray, *, block_days: float | None, block_max: int | None, margin: float
) -> BlockPlan:
    """Cut a corpus into blocks (rule 1 of the module docstring).

    Args:
        days: publication day per row (NaN: undated), as ``_date_days`` gives.
        block_days: most days a core spans (``None``: no limit).
        block_max: most articles in a core (``None``: no limit).
        margin: days of articles added on each side of a core.
    """
    n = len(days)
    dated = np.flatnonzero(~np.isnan(days))
    order = dated[np.argsort(days[dated], kind="stable")]
    undated = np.flatnonzero(np.isnan(days))
    rank = np.empty(n, dtype=np.int64)
    rank[np.concatenate([order, undated])] = np.arange(n)
    if fits_one_block(days, block_days, block_max):
        return BlockPlan([Block(0, np.arange(n), np.ones(n, dtype=bool), 0, n)], rank)
    most = block_max if block_max is not None else n
    sd = days[order]
    blocks: list[Block] = []
    lo = 0
    while lo < len(order):
        hi = len(order)
        if block_days is not None:
            hi = int(np.searchsorted(sd, sd[lo] + block_days, side="left"))
        hi = max(min(hi, lo + most), lo + 1)
        a = int(np.searchsorted(sd, sd[lo] - margin, side="left"))
        b = int(np.searchsorted(sd, sd[hi - 1] + margin, side="right"))
        view = order[a:b]
        where = np.arange(a, b)
        keep = np.argsort(view, kind="stable")
        in_core = (where >= lo) & (where < hi)
        blocks.append(Block(len(blocks), view[keep], in_core[keep], lo, hi))
        lo = hi
    for start in range(0, len(undated), most):
        rows = undated[start : start + most]
        lo = len(order) + start
        blocks.append(Block(len(blocks), rows, np.ones(len(rows), bool), lo, lo + len(rows)))
    return BlockPlan(blocks, rank)


def as_objects(values: Sequence) -> np.ndarray:
    """``values`` as an object array, made once so that each block is a cheap slice."""
    if isinstance(values, np.ndarray) and values.dtype == object:
        return values
    return np.asarray(pd.Series(list(values), dtype="object"))


def block_inputs(
    block: Block,
    X: np.ndarray,
    texts: Sequence[str] | None,
    dates: Sequence | None,
    outlets: Sequence[str] | None,
) -> tuple:
    """A block's share of the grouper's inputs: ``(X, texts, dates, outlets)``."""

    def part(values):
        if values is None:
            return None
        # No copy when ``values`` is already an object array (``as_objects``).
        return as_objects(values)[block.rows].tolist()

    return X[block.rows], part(texts), part(dates), part(outlets)


def window_pairs(X: np.ndarray, dates: Sequence | None, core: np.ndarray) -> np.ndarray:
    """Near-duplicate pairs of a block's core articles (rule 2), by block row.

    Each dated core row's most similar dated row within ``SEARCH_DAYS`` days is
    found; pairs at least ``NEAR_DUPLICATE`` alike are returned as rows
    ``(i, j, days apart)`` with ``i < j``.
    """
    X = np.asarray(X, dtype=np.float32)
    days = _date_days(dates, X.shape[0])
    dated = np.flatnonzero(~np.isnan(days))
    order = dated[np.argsort(days[dated], kind="stable")]
    sd = days[order]
    asking = order[core[order]]
    found: list[np.ndarray] = []
    for start in range(0, len(asking), 256):
        rows = asking[start : start + 256]
        a = np.searchsorted(sd, days[rows].min() - SEARCH_DAYS, side="left")
        b = np.searchsorted(sd, days[rows].max() + SEARCH_DAYS, side="right")
        cand = order[a:b]
        S = X[rows] @ X[cand].T
        S[np.abs(days[rows][:, None] - days[cand][None, :]) > SEARCH_DAYS] = -np.inf
        S[rows[:, None] == cand[None, :]] = -np.inf
        best = np.argmax(S, axis=1)
        ok = np.isfinite(S[np.arange(len(rows)), best])
        i, j = rows[ok], cand[best[ok]]
        close = np.einsum("ij,ij->i", X[i], X[j]) >= NEAR_DUPLICATE
        i, j = i[close], j[close]
        found.append(
            np.column_stack([np.minimum(i, j), np.maximum(i, j), np.abs(days[i] - days[j])])
        )
    return np.vstack(found) if found else np.zeros((0, 3))


def read_window(
    X: np.ndarray,
    dates: Sequence | None,
    days: np.ndarray,
    *,
    block_days: float | None,
    block_max: int | None,
    run: MapBlocks,
) -> float:
    """The ``"auto"`` window, read block by block as ``_auto_window`` reads the whole corpus.

    Args:
        X, dates: the corpus' embeddings and dates; ``days`` as ``_date_days`` reads them.
        block_days, block_max: the blocks' bounds (see ``plan_blocks``).
        run: how the blocks' ``window_pairs`` are run.
    """
    if np.count_nonzero(~np.isnan(days)) < 3:
        return DEFAULT_WINDOW
    plan = plan_blocks(days, block_days=block_days, block_max=block_max, margin=SEARCH_DAYS)
    dated = [b for b in plan.blocks if not np.isnan(days[b.rows[0]])]
    tasks = []
    for block in dated:
        part, _, part_dates, _ = block_inputs(block, X, None, dates, None)
        tasks.append((part, part_dates, block.core))
    found = run(window_pairs, tasks)
    pairs = np.vstack(
        [np.zeros((0, 3))]
        + [
            np.column_stack([b.rows[p[:, 0].astype(int)], b.rows[p[:, 1].astype(int)], p[:, 2]])
            for b, p in zip(dated, found, strict=True)
        ]
    )
    # A pair two blocks both found counts once, as on the whole corpus.
    _, first = np.unique(pairs[:, :2], axis=0, return_index=True)
    return window_from_gaps(pairs[first, 2])
