"""One row per article with its event, label, length and place on the map.

The grouping stage's output table, as ``framing.pipeline`` stores it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from framing.events.blocks import BlockedGrouper, MapBlocks
from framing.events.describe import chronological, describe_events
from framing.events.edits import EventEdit, apply_edits, edits_table
from framing.events.group import EventGrouper
from framing.events.hierarchy import storyline_titles, storylines
from framing.events.layout import map_2d
from framing.progress import keep_alive
from framing.segment import word_count

ARTICLE_OUTPUT_COLUMNS = [
    "id",
    "outlet",
    "title",
    "published",
    "url",
    "event_id",
    "event_label",
    "n_words",
    "source",
]


def group_events(
    articles: pd.DataFrame,
    vectors: np.ndarray,
    grouper: EventGrouper | BlockedGrouper,
    *,
    edits: Sequence[EventEdit] = (),
    progress: Callable[[int, int, str], None] | None = None,
    map_blocks: MapBlocks | None = None,
) -> dict[str, pd.DataFrame]:
    """Group articles into events, describe them and place them on the 2-D map.

    Args:
        edits: fixes replayed on the grouper's events in order, undone ones
            passed over (see ``framing.events.edits``); their new labels
            replace the described ones.
        progress: called with (steps done, steps in all, the next step) as
            each step starts, and once more at the end.
        map_blocks: how a ``BlockedGrouper`` runs its blocks (e.g. as cluster
            tasks); default: one after another here.

    Returns:
        ``articles`` (``ARTICLE_OUTPUT_COLUMNS`` plus ``x, y``), ``events``
        (with each event's ``storyline_id``, ``storyline`` label: a plain
        title and its months, ``storyline_title`` and ``storyline_keywords``) and
        ``event_merges``: the grouper's merge history by article id
        (``a, b, margin``: the similarity above the threshold), to make
        events finer or coarser later (``framing.events.hierarchy``); with
        edits, also ``event_edits`` (``EDIT_COLUMNS``: what became of each,
        undone ones included).
    """
    step = _Stepper(
        progress,
        ("finding events", "describing them", "finding storylines", "placing them on the map"),
    )
    step()
    texts = (articles["title"] + ". " + articles["text"]).tolist()
    runner = {"map_blocks": map_blocks} if map_blocks is not None else {}
    labels = keep_alive(
        lambda: (
            grouper.fit(
                vectors,
                texts=texts,
                dates=articles["published"],
                outlets=articles["outlet"],
                **runner,
            ).labels_
        ),
        step.beat,
    )
    fixed = apply_edits(labels, articles["id"].astype(str).tolist(), edits) if edits else None
    if fixed is not None:
        labels = fixed.event_ids
    numbered = chronological(labels, articles["published"])
    step()
    events, event_label = keep_alive(
        lambda: describe_events(articles, numbered, vectors), step.beat
    )
    if fixed is not None and fixed.labels:
        renamed = {int(numbered[labels == e][0]): text for e, text in fixed.labels.items()}
        events["label"] = events["event_id"].map(renamed).fillna(events["label"])
        by_row = pd.Series(numbered, index=event_label.index).map(renamed)
        event_label = by_row.fillna(event_label)
    labels = numbered
    step()
    story = keep_alive(lambda: storylines(vectors, labels, articles["published"]), step.beat)
    headlines = dict(
        zip(events["event_id"].astype(int), events["headline"].astype(str), strict=True)
    )
    if fixed is not None and fixed.labels:
        headlines.update(renamed)  # a name the user gave wins
    titles = keep_alive(
        lambda: storyline_titles(
            texts, story[labels], articles["published"], vectors, labels, headlines
        ),
        step.beat,
    ).set_index("storyline_id")
    events["storyline_id"] = story[events["event_id"].to_numpy()].astype(int)
    for column in ("storyline", "storyline_title", "storyline_keywords"):
        events[column] = events["storyline_id"].map(titles[column])
    merges = grouper.merges_
    ids = articles["id"].astype(str).to_numpy()
    # By article id, so the history can be replayed on the stored tables.
    history = pd.DataFrame(
        {
            "a": ids[merges[:, 0].astype(int)] if len(merges) else [],
            "b": ids[merges[:, 1].astype(int)] if len(merges) else [],
            "margin": merges[:, 2] - grouper.threshold if len(merges) else [],
        }
    )
    out = articles[["id", "outlet", "title", "published", "url", "source"]].copy()
    out["event_id"] = labels.astype(int)
    out["event_label"] = event_label.to_numpy()
    out["n_words"] = articles["text"].map(word_count).astype(int)
    step()
    xy = keep_alive(lambda: map_2d(vectors), step.beat)
    out["x"], out["y"] = xy[:, 0], xy[:, 1]
    grouped = {
        "articles": out[ARTICLE_OUTPUT_COLUMNS + ["x", "y"]],
        "events": events,
        "event_merges": history,
    }
    if fixed is not None:
        grouped["event_edits"] = edits_table(edits, fixed)
    step()
    return grouped


class _Stepper:
    """Reports the next of ``steps`` on each call; ``beat`` reports the current one again."""

    def __init__(self, progress: Callable[[int, int, str], None] | None, steps: Sequence[str]):
        self.progress = progress
        self.steps = steps
        self.n = -1

    def __call__(self) -> None:
        self.n += 1
        self.beat()

    def beat(self) -> None:
        if self.progress:
            what = self.steps[self.n] if self.n < len(self.steps) else ""
            self.progress(self.n, len(self.steps), what)
