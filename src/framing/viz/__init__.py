"""Plotly figures from framing's tidy tables. Each function returns a ``go.Figure``."""

from framing.viz.figures import coverage_matrix, event_map, events_timeline, storyline_timeline
from framing.viz.theme import OKABE_ITO, outlet_colors

__all__ = [
    "OKABE_ITO",
    "coverage_matrix",
    "event_map",
    "events_timeline",
    "outlet_colors",
    "storyline_timeline",
]
