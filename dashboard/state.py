"""Session-state keys, in one place so pages and tests agree on them."""

CORPUS = "corpus"
OUTLETS = "outlets"
DATES = "date_range"
EVENT = "event_id"
CONTEXT = "context"
CHOSEN_EVENT = "chosen_event"  # the event picked last, on whichever page
COUNT_QUOTED = "count_quoted"  # the sidebar switch: count quoted words in the cue rates too
FILTERS_OF = "filters_corpus"  # the article set the sidebar filters were last filled for
# A request from another page (Search) to open one sentence on Event comparison:
# set all four, then st.switch_page("views/events.py"); the page clears them.
FOCUS_EVENT = "focus_event_id"  # int: the event to open
FOCUS_ARTICLE = "focus_article_id"  # str: the article to show
FOCUS_START = "focus_start"  # int: character offsets of the sentence in the article's text
FOCUS_END = "focus_end"
FOCUS_FIELD = "focus_field"  # "text" (default) or "title": which of the two the offsets index
