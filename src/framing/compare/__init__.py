"""Tidy comparison tables, outlet against outlet, from the stored cue tables.

- ``rates``: the one reader of the wide ``outlet_scores`` table (cue rates
  with their 95% intervals, in long form).
- ``corpus``: cue spans with their sentences, framing profiles, distances.
- ``periods``: loaded score and cue rate per outlet and day (or week).
- ``event``: the tables of one event (cues in their sentences, wording matrix).
- ``sources``: who gets to speak: speakers, anonymous and official shares,
  attribution verbs, the outlets x speakers matrix.
- ``quotations``: the texts behind a matrix cell, and scare-quoted words.

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
from framing.compare.quotations import (
    QUOTATION_COLUMNS,
    SCARE_COLUMNS,
    cell_quotations,
    scare_quote_words,
)
from framing.compare.rates import (
    ALL_EVENTS,
    EVENT_RATE_COLUMNS,
    OUTLET_RATE_COLUMNS,
    QUOTED_COLUMNS,
    QUOTED_CUE_COLUMNS,
    STATS,
    event_rates,
    outlet_rates,
    quoted_counts,
    quoted_cue_counts,
    rate_categories,
    rate_column,
    scores_with_quoted,
)
from framing.compare.sources import (
    MATRIX_COLUMNS,
    OFFICIAL_COLUMNS,
    SOURCING_COLUMNS,
    SPEAKER_COLUMNS,
    UNATTRIBUTED,
    UNRESOLVED,
    UNSTATED,
    VERB_COLUMNS,
    VERB_MIX_COLUMNS,
    official_sides,
    outlet_sourcing,
    speaker_counts,
    speaker_labels,
    speaker_matrix,
    verb_counts,
    verb_labels,
    verb_mix,
)

__all__ = [
    "ALL_EVENTS",
    "DISTANCE_COLUMNS",
    "EVENT_RATE_COLUMNS",
    "MATRIX_COLUMNS",
    "OFFICIAL_COLUMNS",
    "OUTLET_RATE_COLUMNS",
    "QUOTATION_COLUMNS",
    "QUOTED_COLUMNS",
    "QUOTED_CUE_COLUMNS",
    "SCARE_COLUMNS",
    "SOURCING_COLUMNS",
    "SPAN_COLUMNS",
    "SPEAKER_COLUMNS",
    "STATS",
    "TREND_COLUMNS",
    "UNATTRIBUTED",
    "UNRESOLVED",
    "UNSTATED",
    "VERB_COLUMNS",
    "VERB_MIX_COLUMNS",
    "WORDING_CATEGORY",
    "WORDING_SEPARATOR",
    "article_periods",
    "cell_quotations",
    "containing_sentence",
    "cue_sentences",
    "event_rates",
    "event_rows",
    "framing_distance",
    "official_sides",
    "outlet_profiles",
    "outlet_rates",
    "outlet_sourcing",
    "phrase_counts",
    "profile_contrast",
    "quoted_counts",
    "quoted_cue_counts",
    "rank_referents",
    "rate_categories",
    "rate_column",
    "resolve_freq",
    "scare_quote_words",
    "scores_with_quoted",
    "spans_with_sentences",
    "speaker_counts",
    "speaker_labels",
    "speaker_matrix",
    "split_wordings",
    "top_loaded_sentences",
    "top_phrases",
    "trends",
    "verb_counts",
    "verb_labels",
    "verb_mix",
    "vocabulary_distance",
    "wording_matrix",
    "wording_spans",
]
