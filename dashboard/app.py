"""framing-dashboard: entrypoint with the global filters and page navigation.

Run with `framing dashboard` (or `streamlit run dashboard/app.py`).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

# `streamlit run` (and AppTest) put this script's folder on sys.path while the
# app and its pages run, so the dashboard's own modules import by name.
import common
import framing
import gate
import lexicon_usage
import page_parts
import state
import warmup
from framing.pipeline import ingest
from framing.store import results_match
from run import run_analysis

# An emoji icon, not a ":material/...:" one: the browser fetches those from an
# outside font host, and the app must ask nothing of any host but its own.
st.set_page_config(page_title="framing-dashboard", page_icon="🗞️", layout="wide")
gate.require_access()  # before anything of the store is read or drawn
read_only = gate.read_only()

settings = common.settings()
db_path = str(settings.resolved_db_path)
try:
    store = common.get_store(db_path)
except framing.FramingError as exc:  # a damaged store: say what to do, no traceback
    st.error(str(exc))
    st.stop()


def welcome() -> None:
    st.title("framing-dashboard")
    st.write(
        "See how different news outlets tell the same events. There is no article set in "
        f"the store yet ({common.plain(db_path)})."
    )
    if read_only:
        st.info(gate.READ_ONLY_NOTE)
        return
    if st.button("Load the sample articles", type="primary"):
        try:
            report, _ = ingest([common.SAMPLE_DIR], common.SAMPLE_CORPUS, store, settings)
            run_analysis(common.SAMPLE_CORPUS, store)
        except framing.FramingError as exc:
            st.error(common.plain(exc))
            return
        st.success(common.plain(report.summary()))
        st.rerun()
    st.caption(
        "Or add your own files on the Upload page, or analyse them from a terminal: "
        "`framing analyze my_articles/ --corpus mine --out out/mine`."
    )


UPLOAD = st.Page("views/upload.py", title="Upload", icon=":material/upload_file:")
ARTICLES = st.Page("views/articles.py", title="Articles", icon=":material/calendar_month:")

corpora = common.list_corpora(db_path, store.version())
if corpora.empty:
    # The Upload page needs no article set: it is how the first one gets in.
    first = [st.Page(welcome, title="Welcome", icon=":material/waving_hand:", default=True)]
    st.navigation(first if read_only else [*first, UPLOAD]).run()
    st.stop()


def _forget_filters() -> None:
    """Another article set has other outlets and dates: start its filters afresh."""
    for key in (state.OUTLETS, state.DATES, state.EVENT, state.CHOSEN_EVENT):
        st.session_state.pop(key, None)


def _fill_filters(corpus: str, outlets: list[str], span: tuple | None) -> None:
    """Give the sidebar filters this set's values when they hold another set's.

    The values are set through session state, and not only as widget
    defaults: a keyed widget keeps its identity when its options change, so
    the browser would keep showing (and send back) the previous set's chips,
    which match no article of this set. A value set here is pushed to the
    browser. The widgets still get this set's values as defaults too: that is
    what a fresh page mounts with, before the pushed value arrives.
    """
    ss = st.session_state
    fresh = ss.get(state.FILTERS_OF) != corpus
    first = state.FILTERS_OF not in ss  # a choice made before the first run (a test, a link)
    if first and state.OUTLETS in ss:
        wanted = list(ss[state.OUTLETS] or [])
        kept = [o for o in wanted if o in outlets]
        # an empty choice stays empty; one naming none of this set's outlets is not kept
        ss[state.OUTLETS] = kept if kept or not wanted else list(outlets)
    elif fresh or state.OUTLETS not in ss:
        ss[state.OUTLETS] = list(outlets)
    if span is None:
        ss.pop(state.DATES, None)
    elif not _within(ss.get(state.DATES), span) or (fresh and not first):
        ss[state.DATES] = span
    st.session_state[state.FILTERS_OF] = corpus


def _within(picked: object, span: tuple) -> bool:
    """Whether a date-range value lies inside ``span`` (a half-picked range counts)."""
    if not isinstance(picked, tuple | list) or not picked:
        return False
    return all(span[0] <= d <= span[1] for d in picked)


names = corpora["name"].tolist()
default = names.index(common.SAMPLE_CORPUS) if common.SAMPLE_CORPUS in names else 0
if st.session_state.get(state.CORPUS) not in names:
    st.session_state.pop(state.CORPUS, None)  # deleted meanwhile
with st.sidebar:
    st.header("Filters")
    corpus = st.selectbox(
        "Article set",
        names,
        index=default,
        key=state.CORPUS,
        on_change=_forget_filters,
        help="Stored article sets. Add more on the Upload page or with `framing analyze`.",
    )
# The results key digests the corpus content and the settings, and the store
# drops results when articles change: it is the cache key, and cheap to read
# (hashing every article on each rerun is not, at 10,000 articles).
corpus_hash = store.results_key(corpus)
if corpus_hash and not results_match(store, corpus):
    st.warning("The results are out of date for this set: run `framing analyze` again.")
    corpus_hash = None
corrections = common.corrections_key(store, corpus)  # a fix changes the tables, not the key
tables = common.shared_tables(db_path, corpus, corpus_hash, corrections) if corpus_hash else None
if tables is None:
    st.title(f"Article set '{common.plain(corpus)}'")
    st.info("This article set has not been analysed yet, or it changed since.")
    if read_only:
        st.info(gate.READ_ONLY_NOTE)
        st.stop()
    if st.button("Analyse it now", type="primary"):
        try:
            run_analysis(corpus, store)
        except framing.FramingError as exc:
            st.error(common.plain(exc))
            st.stop()
        st.rerun()
    st.stop()

# The other pages' shared parts for the default filters, built once in the background.
warmup.start(db_path, corpus, corpus_hash)
articles, events = tables["articles"], tables["events"]


def _outlets_and_span() -> tuple[list[str], tuple | None]:
    dated = articles.loc[articles["published"].astype(str) != "", "published"]
    if dated.empty:
        return sorted(articles["outlet"].unique()), None
    first, last = (dt.date.fromisoformat(str(d)) for d in (dated.min(), dated.max()))
    return sorted(articles["outlet"].unique()), (first, last)


# The same for every run and session on these results: made once (a scan per rerun before).
all_outlets, span = common._memo(("app_span", db_path, corpus, corpus_hash), _outlets_and_span)
all_outlets = list(all_outlets)
_fill_filters(corpus, all_outlets, span)
if lexicon_usage.set_is_stale(store, corpus, corpus_hash):
    st.sidebar.caption(
        "This set was scored with an older lexicon: re-score it on the Lexicon page."
    )
with st.sidebar:
    # wrap: every chip on its own row if need be, none cut off or scrolled away
    outlets = st.multiselect(
        "Outlets",
        all_outlets,
        default=all_outlets,  # what the browser mounts with; the value is set above
        key=state.OUTLETS,
        wrap=True,
        help="Show only these outlets on every page.",
    )
    st.html(page_parts.SIDEBAR_CSS)
    if span is not None:
        picked = st.date_input(
            "Published between",
            span,  # what the browser mounts with; the value is set above
            min_value=span[0],
            max_value=span[1],
            key=state.DATES,
        )
    else:
        picked = ()
        st.caption("No article in this set has a date.")
    st.toggle(
        "Count quoted words too",
        key=state.COUNT_QUOTED,
        help=(
            "Off: cue rates and loaded-language means count each outlet's own words; what it "
            "quotes is shown beside them ('quoted: N cues'). On: quoted words count as well."
        ),
    )

dates = None
if isinstance(picked, tuple | list) and len(picked) == 2:
    dates = tuple(d.isoformat() for d in picked)
shown, shown_events = common.filtered(
    db_path, corpus, corpus_hash, articles, events, outlets, dates
)
st.session_state[state.CONTEXT] = common.Context(
    db_path=db_path,
    corpus=corpus,
    corpus_hash=corpus_hash,
    articles=shown,
    events=shown_events,
    all_outlets=all_outlets,
    tables={k: v for k, v in tables.items() if k not in ("articles", "events")},
    categories=common.categories(),
    filters=(tuple(sorted(outlets)), dates),
    lexicon_key=common.lexicon_key(),
    corrections_key=corrections,
)

pages = [
    st.Page("views/overview.py", title="Overview", icon=":material/map:", default=True),
    st.Page("views/events.py", title="Event comparison", icon=":material/compare:"),
    st.Page("views/wording.py", title="Who called it what", icon=":material/translate:"),
    st.Page("views/pair.py", title="Two outlets", icon=":material/compare_arrows:"),
    st.Page("views/search.py", title="Search", icon=":material/search:"),
    st.Page("views/profiles.py", title="Outlet profiles", icon=":material/leaderboard:"),
    st.Page("views/sources.py", title="Who gets to speak", icon=":material/record_voice_over:"),
    st.Page("views/classroom.py", title="Classroom", icon=":material/school:"),
    st.Page("views/lexicon.py", title="Lexicon", icon=":material/menu_book:"),
    UPLOAD,
    ARTICLES,
    st.Page("views/export.py", title="Export", icon=":material/download:"),
]
if read_only:
    pages.remove(UPLOAD)  # it stores and deletes article sets
    pages.remove(ARTICLES)  # it sets article dates
st.navigation(pages).run()
