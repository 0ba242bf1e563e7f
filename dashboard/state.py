"""Session-state keys, in one place so pages and tests agree on them."""

CORPUS = "corpus"
OUTLETS = "outlets"
DATES = "date_range"
EVENT = "event_id"
CONTEXT = "context"
CHOSEN_EVENT = "chosen_event"  # the event picked last, on whichever page
COUNT_QUOTED = "count_quoted"  # the sidebar switch: count quoted words in the cue rates too
FILTERS_OF = "filters_corpus"  # the article set the sidebar filters were last filled for
