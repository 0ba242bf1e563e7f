"""Event grouping one date-window block at a time, stitched into one grouping.

``EventGrouper`` holds the whole corpus in memory. ``BlockedGrouper`` cuts it
into blocks that a worker (a Ray task, or this process) groups on its own,
and stitches their events back together. The rule, in order:

1. Plan (``plan_blocks``). Dated articles in (date, row) order are cut into
   *cores*: a core starts at the next article and takes articles while they
   are fewer than ``block_days`` days after its first one and while it holds
   fewer than ``block_max``. A block is its core plus its *margins*: every
   dated article up to ``margin`` days (the grouping window) before or after
   the core. An event spans at most the window, so the block where an event
   starts sees all of it. Undated articles make blocks of their own (at most
   ``block_max`` each) and are grouped among themselves only. A corpus that
   fits one core (at most ``block_max`` articles, dated ones less than
   ``block_days`` apart) is one block of every row, grouped exactly as
   ``EventGrouper`` groups it.
2. Window. With ``window_days="auto"`` each block finds its core articles'
   nearest dated article within ``SEARCH_DAYS`` (its margins are that wide
   for this pass); the union of those pairs is what ``_auto_window`` reads on
   the whole corpus, so the window is the same (ties between exact duplicate
   vectors aside).
3. Group (``group_block``): each block by a copy of the grouper with that
   window fixed.
4. Stitch (``stitch``). An event of a block is *owned* by it when its first
   article (by date, then row) lies in the block's core. Each article goes to
   the owned event holding it in the earliest block; an article no block owns
   stays with its event in its home block (the one whose core holds it), less
   the articles earlier blocks took. So an event across a core boundary stays
   one (its starting block owns it whole), and every stitched event is part
   of one block's event: it still spans at most the window. The result depends
   on the blocks' labels only, not on the order they were grouped in. Events
   are numbered by their first row, as ``EventGrouper`` numbers them.
5. History. Each block's merges are replayed on the articles it was given in
   the stitch, and kept where they join two groups of those articles; a
   block's values are replaced by their running minimum, and the blocks'
   histories interleaved by it, so ``cut_merges`` at any level gives each
   block's cut at that level, and at the threshold the stitched events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, clone

from framing.events.block_plan import (
    Block,
    BlockPlan,
    MapBlocks,
    as_objects,
    block_inputs,
    fits_one_block,
    plan_blocks,
    read_window,
    window_pairs,
)
from framing.events.group import EventGrouper, _date_days

__all__ = [
    "Block",
    "BlockPlan",
    "BlockResult",
    "BlockedGrouper",
    "MapBlocks",
    "block_inputs",
    "blocked_for",
    "fits_one_block",
    "group_block",
    "plan_blocks",
    "read_window",
    "stitch",
    "window_pairs",
]


@dataclass(frozen=True)
class BlockResult:
    """What grouping one block gives: local ``labels`` and ``merges`` (block rows)."""

    labels: np.ndarray
    merges: np.ndarray
    background: np.ndarray


def group_block(
    grouper: EventGrouper,
    X: np.ndarray,
    texts: Sequence[str] | None,
    dates: Sequence | None,
    outlets: Sequence[str] | None,
) -> BlockResult:
    """Group one block's articles with a copy of ``grouper`` (a pure function: safe in a task)."""
    fitted = clone(grouper).fit(X, texts=texts, dates=dates, outlets=outlets)
    return BlockResult(fitted.labels_, fitted.merges_, fitted.background_)


def stitch(plan: BlockPlan, results: Sequence[BlockResult]) -> tuple[np.ndarray, np.ndarray]:
    """One grouping from the blocks' (rules 4 and 5): ``(labels, merges)`` by corpus row.

    ``results[k]`` belongs to ``plan.blocks[k]``, whatever order they were made in.
    """
    n = plan.n
    owner = np.full(n, -1, dtype=np.int64)
    local = np.full(n, -1, dtype=np.int64)
    for block in plan.blocks:
        labels = np.asarray(results[block.index].labels, dtype=np.int64)
        if len(labels) == 0:
            continue
        first = np.full(int(labels.max()) + 1, np.iinfo(np.int64).max)
        np.minimum.at(first, labels, plan.rank[block.rows])
        owned = (first >= block.lo) & (first < block.hi)
        take = owned[labels] & (owner[block.rows] < 0)
        owner[block.rows[take]] = block.index
        local[block.rows[take]] = labels[take]
    for block in plan.blocks:
        labels = np.asarray(results[block.index].labels, dtype=np.int64)
        left = block.core & (owner[block.rows] < 0)
        owner[block.rows[left]] = block.index
        local[block.rows[left]] = labels[left]
    _, group = np.unique(owner * (int(local.max()) + 1) + local, return_inverse=True)
    first_row = np.full(int(group.max()) + 1, n, dtype=np.int64)
    np.minimum.at(first_row, group, np.arange(n))
    number = np.empty(len(first_row), dtype=np.int64)
    number[np.argsort(first_row, kind="stable")] = np.arange(len(first_row))
    return number[group.ravel()], _stitched_history(plan, results, owner)


def _stitched_history(
    plan: BlockPlan, results: Sequence[BlockResult], owner: np.ndarray
) -> np.ndarray:
    parts = []
    for block in plan.blocks:
        merges = np.array(results[block.index].merges, dtype=float).reshape(-1, 3)
        # The running minimum of the block's whole history: a block's cut at a
        # level stops at its first merge below it, projected or not.
        merges[:, 2] = np.minimum.accumulate(merges[:, 2]) if len(merges) else merges[:, 2]
        kept = _project(merges, block.rows, owner[block.rows] == block.index)
        if len(kept):
            running = kept[:, 2]
            step = np.arange(len(kept))
            parts.append(
                np.column_stack([kept[:, :2], running, np.full(len(kept), block.index), step])
            )
    if not parts:
        return np.zeros((0, 3))
    every = np.vstack(parts)
    order = np.lexsort((every[:, 4], every[:, 3], -every[:, 2]))
    return every[order, :3]


def _project(merges: np.ndarray, rows: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The merges that join two groups of ``keep`` rows, between their first kept rows."""
    parent = np.arange(len(rows))
    rep = np.where(keep, np.arange(len(rows)), -1)
    out: list[tuple[float, float, float]] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, value in merges.tolist():
        ra, rb = root(int(a)), root(int(b))
        if ra == rb:
            continue
        pa, pb = int(rep[ra]), int(rep[rb])
        if pa >= 0 and pb >= 0:
            out.append((float(rows[pa]), float(rows[pb]), value))
        top, low = min(ra, rb), max(ra, rb)
        parent[low] = top
        rep[top] = pa if pb < 0 else pb if pa < 0 else min(pa, pb)
    return np.array(out, dtype=float).reshape(-1, 3)


def _in_order(fn: Callable, tasks: list[tuple]) -> list:
    return [fn(*task) for task in tasks]


class BlockedGrouper(BaseEstimator):
    """``EventGrouper`` run a date-window block at a time (see the module docstring).

    Args:
        grouper: the grouper each block is grouped with (default: ``EventGrouper()``).
        block_days: most days one block's core spans (``None``: no limit).
        block_max: most articles in one block's core (``None``: no limit).

    Attributes:
        labels_: event index per article, numbered by first article order.
        merges_: the stitched merge history, ``(article, article, value)`` rows.
        n_events_: number of events found.
        window_: the window used, in days.
        n_blocks_: blocks the corpus was grouped in.
        background_: each article's mean similarity to its home block.
    """

    def __init__(
        self,
        grouper: EventGrouper | None = None,
        *,
        block_days: float | None = None,
        block_max: int | None = 50_000,
    ) -> None:
        self.grouper = grouper
        self.block_days = block_days
        self.block_max = block_max

    @property
    def threshold(self) -> float:
        """The block grouper's threshold (``merges_`` values are on its scale)."""
        return self._base().threshold

    def _base(self) -> EventGrouper:
        return self.grouper if self.grouper is not None else EventGrouper()

    def fit(
        self,
        X: np.ndarray,
        y: None = None,
        *,
        texts: Sequence[str] | None = None,
        dates: Sequence | None = None,
        outlets: Sequence[str] | None = None,
        map_blocks: MapBlocks | None = None,
    ) -> BlockedGrouper:
        """Find the events, block by block.

        Args:
            X, texts, dates, outlets: as ``EventGrouper.fit`` takes them.
            map_blocks: runs a function over argument tuples and returns the
                results in order (default: one after another, here).
        """
        X = np.asarray(X, dtype=np.float32)
        run = map_blocks or _in_order
        base = self._base()
        days = _date_days(dates, X.shape[0])
        if fits_one_block(days, self.block_days, self.block_max):
            # Exactly what the grouper alone gives.
            fitted = clone(base).fit(X, texts=texts, dates=dates, outlets=outlets)
            self.labels_, self.merges_ = fitted.labels_, fitted.merges_
            self.window_, self.background_ = fitted.window_, fitted.background_
            self.n_events_, self.n_blocks_ = fitted.n_events_, 1
            return self
        texts, dates, outlets = (
            None if v is None else as_objects(v) for v in (texts, dates, outlets)
        )
        window = base.window_days
        if window == "auto":
            window = read_window(
                X, dates, days, block_days=self.block_days, block_max=self.block_max, run=run
            )
        window = float(window)
        plan = plan_blocks(
            days, block_days=self.block_days, block_max=self.block_max, margin=window
        )
        fixed = clone(base).set_params(window_days=window)
        tasks = [(fixed, *block_inputs(b, X, texts, dates, outlets)) for b in plan.blocks]
        results = run(group_block, tasks)
        self.labels_, self.merges_ = stitch(plan, results)
        self.window_, self.n_blocks_ = window, len(plan.blocks)
        self.n_events_ = int(self.labels_.max()) + 1 if len(self.labels_) else 0
        self.background_ = np.zeros(X.shape[0])
        for block in plan.blocks:
            core = block.rows[block.core]
            self.background_[core] = results[block.index].background[block.core]
        return self

    def fit_predict(self, X: np.ndarray, y: None = None, **kwargs) -> np.ndarray:
        """``fit`` and return ``labels_``."""
        return self.fit(X, y, **kwargs).labels_


def blocked_for(
    grouper: EventGrouper | BlockedGrouper,
    n_articles: int,
    *,
    block_days: float | None,
    block_max: int | None,
) -> EventGrouper | BlockedGrouper:
    """The grouper to run on ``n_articles``: ``grouper`` itself when no block limit
    can apply (so the analysis key of a small corpus stays as it was), else a
    ``BlockedGrouper`` around it."""
    if isinstance(grouper, BlockedGrouper):
        return grouper
    if block_days is None and (block_max is None or n_articles <= block_max):
        return grouper
    return BlockedGrouper(grouper, block_days=block_days, block_max=block_max)
