"""Classroom: a guided lesson, outlet names hidden until the teacher reveals them.

Step 1 the class reads one story from several outlets ("Outlet A", ...);
step 2 it guesses who wrote which wording and rates how slanted each version
is; step 3 the teacher reveals the outlets, the score, the marked wording and
what each kind of wording does. The lesson itself is built by
``framing.reports.classroom``; this page only draws it. Everything shown before the
reveal is free of real outlet names.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

import classroom_quiz
import common
import quotes
import state
from framing.reports import classroom, handout, lesson_edits
from framing.reports.highlight import highlight_html, legend_html
from framing.reports.markdown import md_escape_frame
from framing.viz.theme import category_color, outlet_colors

EVENT = "classroom_event"
REVEALED = "classroom_revealed"  # holds the id of the event revealed
SHOW = "classroom_show"
GUESS = classroom_quiz.GUESS
RATE = "classroom_rate_"

# Large type for a projector. The style element exists only while this page is
# drawn, so other pages keep their normal sizes. The outlet filter in the
# sidebar lists the real names, so it is hidden here.
STYLE = f"""<style>
.stMain .stMarkdown p, .stMain .stMarkdown li {{ font-size: 1.3rem; line-height: 1.55; }}
.stMain h1 {{ font-size: 2.8rem; }}
.stMain h2 {{ font-size: 2.1rem; }}
.stMain h3 {{ font-size: 1.7rem; }}
.stMain [data-testid="stWidgetLabel"] p {{ font-size: 1.25rem; }}
.stMain [data-baseweb="select"] {{ font-size: 1.25rem; }}
.stMain [data-testid="stCaptionContainer"] p {{ font-size: 1.1rem; }}
.stMain [data-baseweb="tab"] p {{ font-size: 1.4rem; font-weight: 600; }}
.stMain [data-testid="stMetricValue"] {{ font-size: 3rem; }}
.stMain [data-testid="stTable"] th, .stMain [data-testid="stTable"] td {{ font-size: 1.2rem; }}
.classroom-article {{ font-family: Georgia, 'Times New Roman', serif; font-size: 1.45rem;
  line-height: 1.6; }}
.classroom-article h3 {{ font-size: 1.9rem; line-height: 1.25; margin: 0.1em 0 0.6em; }}
.classroom-quote {{ font-size: 1.9rem; font-weight: 600; margin: 0.6em 0 0.1em; }}
.classroom-hint {{ font-size: 1.15rem; color: #555; }}
.classroom-who {{ font-size: 1.6rem; margin: 0.2em 0; padding-left: 0.5em; }}
.classroom-explain {{ font-size: 1.3rem; margin: 0.3em 0; }}
.st-key-{state.OUTLETS} {{ display: none; }}
</style>"""


def _reveal(event_id: int) -> None:
    st.session_state[REVEALED] = event_id


def _new_round() -> None:
    for key in list(st.session_state.keys()):
        if str(key).startswith((GUESS, RATE)):
            del st.session_state[key]
    st.session_state.pop(REVEALED, None)


def _fmt(value: float, digits: int = 1) -> str:
    return "-" if pd.isna(value) else f"{value:.{digits}f}"


def _article_html(title: str, body: str) -> str:
    return f'<div class="classroom-article"><h3>{title}</h3>{body}</div>'


st.html(STYLE)
st.title("Classroom")
st.caption(
    "Read one news story as several outlets told it, guess who wrote what, then reveal. "
    "The outlets' names stay hidden until the reveal."
)
st.sidebar.caption("Classroom mode hides the outlet filter so the names stay secret.")

ctx = common.get_context()
if ctx is None or ctx.articles.empty:
    st.info("No article matches the filters. Widen the date filter in the sidebar.")
    st.stop()

if ctx.articles["outlet"].nunique() < 2:
    st.warning(
        "Only one outlet is shown, so there is nothing to compare. Choose more outlets on "
        "another page (for example Overview), then come back."
    )
    st.stop()

stories = ctx.cached(
    "classroom_stories",
    lambda: classroom.eligible_events(ctx.articles, ctx.events, hide=ctx.all_outlets),
)
if stories.empty:
    st.info(
        "A lesson needs a story that at least two outlets covered, and no story shown here "
        "has that. Choose more outlets or a wider date range, or add more articles."
    )
    st.stop()

labels = dict(zip(stories["event_id"], stories["label"], strict=True))
counts = dict(zip(stories["event_id"], stories["n_outlets"], strict=True))
event_id = st.selectbox(
    "Pick a news story",
    stories["event_id"].tolist(),
    format_func=lambda e: f"{labels[e]} ({counts[e]} outlets)",
    key=EVENT,
    help="Only stories that at least two outlets covered can be compared.",
)
revealed = st.session_state.get(REVEALED) == event_id

# The event's rows only (split once per filter state), and the lesson built
# once per story: the quiz search reads every article of the story.
cues = ctx.event_table("cues", event_id)
voices = ctx.event_table("voices", event_id)


def _lesson() -> classroom.Lesson:
    members = ctx.articles[ctx.articles["event_id"] == event_id]
    return classroom.build_lesson(
        event_id,
        ctx.texts().loc[members["id"]].reset_index()[["id", "outlet", "title", "text"]],
        label=labels[event_id],
        all_outlets=ctx.all_outlets,
        alignment=ctx.event_table("alignment", event_id),
        contrast=ctx.event_table("contrast", event_id),
        cues=cues,
        voices=voices,
    )


built = ctx.cached(("classroom_lesson", event_id), _lesson)
store = common.get_store(ctx.db_path)
lesson = classroom_quiz.teachers_quiz(store, ctx.corpus, built)
spans = classroom.classroom_cues(cues, lesson.articles["id"])
cats = classroom.classroom_categories(ctx.categories)
present = classroom.categories_present(spans, ctx.categories)
ratings_key = {letter: f"{RATE}{event_id}_{letter}" for letter in lesson.choices}
ratings = classroom.slant_ratings(
    lesson,
    {letter: st.session_state.get(key) for letter, key in ratings_key.items()},
    ctx.event_table("outlet_scores", event_id),
)

classroom_quiz.quiz_editor(
    store,
    ctx.corpus,
    lesson,
    built,
    # The warnings depend on the story's articles (the event's) and the item's words only.
    lambda item: ctx.cached(
        ("classroom_problems", event_id, item.letter, item.wording),
        lambda: lesson_edits.wording_problems(lesson, item),
    ),
)

st.download_button(
    "Download a printable handout (answer key on the last page)",
    data=handout.handout_html(lesson, ratings=ratings, categories=present),
    file_name=f"classroom-handout-story-{event_id}.html",
    mime="text/html",
    key="classroom_handout",
    help="An HTML page to print on A4 or open offline: the articles with hidden names, "
    "the questions, then the answers on a separate page.",
)

read, guess, reveal = st.tabs(["1 · Read", "2 · Guess", "3 · Reveal"])

with read:
    st.markdown(
        f"The same story, told by {len(lesson.choices)} outlets. Read each version: "
        "what does each one choose to say, and how?"
    )
    show = st.segmented_control("Show", ["All", *lesson.choices], default="All", key=SHOW)
    for letter in lesson.choices:
        if show not in (None, "All", letter):
            continue
        with st.container(border=True):
            st.subheader(letter)
            for r in lesson.articles[lesson.articles["letter"] == letter].itertuples():
                body = highlight_html(r.anon_text, None, {}, show=False)
                st.html(_article_html(html.escape(r.anon_title), body))

with guess:
    st.header("Who wrote it?")
    if lesson.items:
        st.markdown("Each of these wordings comes from one outlet only. Which one?")
        classroom_quiz.guess_questions(store, ctx.corpus, lesson, revealed=revealed)
    else:
        st.info(
            "In this story no striking wording belongs to one outlet only, so there is no "
            "'who wrote it' quiz. Rate how slanted each version is instead."
        )
    st.header("How slanted is each version?")
    st.caption("1 = plain, neutral wording · 5 = very slanted wording")
    cols = st.columns(min(len(lesson.choices), 4))
    for j, letter in enumerate(lesson.choices):
        with cols[j % len(cols)]:
            st.slider(letter, 1, 5, 3, key=ratings_key[letter], disabled=revealed)

with reveal:
    if not revealed:
        st.info("When the class has made its guesses, the teacher clicks the button.")
        st.button(
            "Reveal the outlets",
            type="primary",
            key="classroom_reveal",
            on_click=_reveal,
            args=(event_id,),
        )
        st.stop()

    st.button("New round", key="classroom_new_round", on_click=_new_round)
    st.header("Who is who")
    colors = outlet_colors(ctx.all_outlets)
    st.html(
        "".join(
            f'<div class="classroom-who" style="border-left:8px solid {colors[name]}">'
            f"<b>{html.escape(letter)}</b> is <b>{html.escape(name)}</b></div>"
            for letter, name in ((c, lesson.outlet_of(c)) for c in lesson.choices)
        )
    )

    if lesson.items:
        st.header("Who wrote it? The answers")
        guesses = {
            i: st.session_state.get(f"{GUESS}{event_id}_{i}") for i in range(len(lesson.items))
        }
        scored = classroom.score_guesses(lesson.items, guesses)
        # with named answers kept and none on screen, the class summary scores them
        named = not store.class_answers(ctx.corpus, classroom_quiz.story_of(lesson)).empty
        if any(g is not None for g in guesses.values()) or not named:
            st.metric("Right guesses", f"{int(scored['right'].sum())} of {len(scored)}")
        # st.table, not st.dataframe: its text follows the page's large type
        # st.table renders Markdown: outlet names and wordings are untrusted
        st.table(
            md_escape_frame(
                scored.assign(
                    question=scored["question"].astype(str),
                    right=scored["right"].map({True: "yes", False: "no"}),
                    guess=scored["guess"].replace("", "no answer"),
                )
            )
            .rename(
                columns={
                    "question": "Question",
                    "wording": "Wording",
                    "guess": "Class guess",
                    "answer": "Right answer",
                    "outlet": "Outlet",
                    "right": "Right?",
                }
            )
            .set_index("Question")
        )
        with st.expander("Where each wording comes from"):
            for i, item in enumerate(lesson.items, start=1):
                st.markdown(
                    f"**{i}. {common.plain(item.letter)} ({common.plain(item.outlet)})**: "
                    f"{common.plain(item.example)}"
                )
        classroom_quiz.class_summary(store, ctx.corpus, lesson)

    st.header("How slanted? The class and the computer")
    if ratings["computer_rating"].notna().any():
        st.caption(
            "The computer rates each sentence's wording; this is its average for each "
            "outlet in this story, on the same 1 to 5 scale. It reads wording only, not "
            "whether a story is true or fair."
        )
    else:
        st.caption("This article set has no computer ratings: compare the class's ratings.")
    st.table(
        md_escape_frame(
            pd.DataFrame(
                {
                    "Outlet": ratings["letter"] + " · " + ratings["outlet"],
                    "Class rating (1-5)": ratings["class_rating"].map(lambda v: _fmt(v, 0)),
                    "Computer rating (1-5)": ratings["computer_rating"].map(_fmt),
                }
            )
        ).set_index("Outlet")
    )
    behind = classroom.most_slanted_sentences(lesson, ctx.event_table("sentences", event_id))
    if not behind.empty:
        with st.expander("The sentences behind the computer's rating"):
            for letter, rows in behind.groupby("letter", sort=False):
                st.markdown(f"**{common.plain(letter)} · {common.plain(rows['outlet'].iloc[0])}**")
                for r in rows.itertuples():
                    rating = 1 + 4 * float(r.score)
                    st.markdown(f"- ({rating:.1f}) {common.plain(r.sentence)}")

    st.header("The slanted wording, marked")
    if present:
        st.html(
            "".join(
                f'<div class="classroom-explain"><mark style="background:'
                f"{category_color(c.key)}33;border-bottom:3px solid {category_color(c.key)};"
                f'padding:0 4px">{html.escape(c.label)}</mark>: '
                f"{html.escape(c.explain or c.description)}</div>"
                for c in present
            )
        )
    else:
        st.info("No wording was marked in these articles.")
    lookup = quotes.voice_lookup(voices, lesson.articles["id"])
    if lookup:
        st.html(
            '<div class="classroom-explain">'
            + legend_html([], voices=quotes.present(lookup))
            + ": words the outlet quotes from someone else, or puts in quotation marks to keep "
            "its distance. The marks and ratings above count the outlet's own words only.</div>"
        )
    for letter in lesson.choices:
        with st.container(border=True):
            st.subheader(f"{letter} · {common.plain(lesson.outlet_of(letter))}")
            for r in lesson.articles[lesson.articles["letter"] == letter].itertuples():
                mine = spans[spans["id"] == r.id]
                title = highlight_html(
                    r.title,
                    mine[mine["field"] == "title"],
                    cats,
                    paragraphs=False,
                    voices=lookup.get((r.id, "title")),
                )
                body = highlight_html(
                    r.text, mine[mine["field"] == "text"], cats, voices=lookup.get((r.id, "text"))
                )
                st.html(_article_html(title, body))

    st.button("New round", key="classroom_new_round_end", on_click=_new_round)
    st.caption(
        "New round clears the guesses and hides the names again. Pick another story above "
        "for a different lesson."
    )
