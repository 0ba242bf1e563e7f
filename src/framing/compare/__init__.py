"""Tidy comparison tables, outlet against outlet, from the stored cue tables.

- ``rates``: the one reader of the wide ``outlet_scores`` table (cue rates
  with their 95% intervals, in long form).
- ``corpus``: cue spans with their sentences, framing profiles, distances.
- ``periods``: loaded score and cue rate per outlet and day (or week).
- ``event``: the tables of one event (cues in their sentences, wording matrix).

The names below are the package's public API; ``framing.viz`` draws them.
"""

from __future__ import annotations

from framing.compare.corpus import (
    DISTANCE_COLUMNS,
    SPAN_COLUMNS,
    containing_sentence,
    framing_distance,
    outlet_profiles,
    phrase_counts,
    profile_contrast,
    spans_with_sentences,
    top_phrases,
    vocabulary_distance,
)
from framing.compare.event import (
    WORDING_CATEGORY,
    WORDING_SEPARATOR,
    cue_sentences,
    event_rows,
    rank_referents,
    split_wordings,
    top_loaded_sentences,
    wording_matrix,
    wording_spans,
)
from framing.compare.periods import TREND_COLUMNS, article_periods, resolve_freq, trends
from framing.compare.rates import (
    ALL_EVENTS,
    EVENT_RATE_COLUMNS,
    OUTLET_RATE_COLUMNS,
    STATS,
    event_rates,
    outlet_rates,
    rate_categories,
    rate_column,
)

__all__ = [
    "ALL_EVENTS",
    "DISTANCE_COLUMNS",
    "EVENT_RATE_COLUMNS",
    "OUTLET_RATE_COLUMNS",
    "SPAN_COLUMNS",
    "STATS",
    "TREND_COLUMNS",
    "WORDING_CATEGORY",
    "WORDING_SEPARATOR",
    "article_periods",
    "containing_sentence",
    "cue_sentences",
    "event_rates",
    "event_rows",
    "framing_distance",
    "outlet_profiles",
    "outlet_rates",
    "phrase_counts",
    "profile_contrast",
    "rank_referents",
    "rate_categories",
    "rate_column",
    "resolve_freq",
    "spans_with_sentences",
    "split_wordings",
    "top_loaded_sentences",
    "top_phrases",
    "trends",
    "vocabulary_distance",
    "wording_matrix",
    "wording_spans",
]
