"""Events: group articles into events, describe them, lay them out on a map.

- ``group``: ``EventGrouper``, the estimator that finds the events.
- ``describe``: keywords, labels and one summary row per event; the
  chronological numbering of events.
- ``layout``: the 2-D map of the articles.
"""

from __future__ import annotations

from framing.events.describe import chronological, describe_events, event_keywords
from framing.events.group import TOKEN_PATTERN, EventGrouper
from framing.events.layout import TSNE_MAX, map_2d

__all__ = [
    "TOKEN_PATTERN",
    "TSNE_MAX",
    "EventGrouper",
    "chronological",
    "describe_events",
    "event_keywords",
    "map_2d",
]
