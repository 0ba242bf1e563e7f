"""Classroom page parts: the teacher's quiz editor, named answers, the class summary.

The quiz and the answers are kept in the store per article set and story
(``framing.reports.lesson_edits``); this module only reads widgets, calls
framing and draws.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

import common
from framing.errors import InputError
from framing.reports import lesson_edits
from framing.reports.classroom import Lesson
from framing.reports.markdown import md_escape_frame
from framing.reports.quiz import QuizItem

GUESS = "classroom_guess_"
STUDENT = "classroom_student"
EDIT = "classroom_edit_"
NOTICE = "classroom_quiz_notice"


def story_of(lesson: Lesson) -> str:
    """The lesson's story key in the store."""
    return lesson_edits.story_key(lesson.articles["id"])


def teachers_quiz(store, corpus: str, lesson: Lesson) -> Lesson:
    """``lesson`` with the quiz the teacher kept for it, when there is one."""
    records = store.quiz_items(corpus, story_of(lesson))
    if records is None:
        return lesson
    return lesson_edits.with_items(lesson, lesson_edits.items_from_records(records, lesson))


def _clear_guesses() -> None:
    for key in list(st.session_state.keys()):
        if str(key).startswith((GUESS, EDIT)):
            del st.session_state[key]


def _save(store, corpus: str, lesson: Lesson, prefix: str) -> None:
    """Read the editor's widgets, build the items and keep them (button callback)."""
    state = st.session_state
    items = []
    try:
        for i in range(len(lesson.items)):
            if state.get(f"{prefix}remove_{i}"):
                continue
            old = lesson.items[i]
            wording = state.get(f"{prefix}wording_{i}", old.wording)
            letter = state.get(f"{prefix}answer_{i}", old.letter)
            hints = str(state.get(f"{prefix}hints_{i}", "; ".join(old.others)))
            items.append(lesson_edits.make_item(lesson, wording, letter, hints.split(";")))
        new = str(state.get(f"{prefix}new_wording", "")).strip()
        if new:
            hints = str(state.get(f"{prefix}new_hints", ""))
            letter = state.get(f"{prefix}new_answer")
            items.append(lesson_edits.make_item(lesson, new, letter, hints.split(";")))
    except InputError as err:
        state[NOTICE] = ("error", err.message)
        return
    records = [lesson_edits.item_record(i) for i in items]
    store.save_quiz_items(corpus, story_of(lesson), records)
    _clear_guesses()
    state[NOTICE] = ("success", f"Quiz saved: {len(items)} questions.")


def _reset(store, corpus: str, lesson: Lesson) -> None:
    store.reset_quiz_items(corpus, story_of(lesson))
    _clear_guesses()
    st.session_state[NOTICE] = ("success", "The quiz is back to the one built from the articles.")


def quiz_editor(
    store,
    corpus: str,
    lesson: Lesson,
    built: Lesson,
    problems: Callable[[QuizItem], list[str]] | None = None,
) -> None:
    """The teacher's review of the quiz: rewrite, remove and add questions, then save.

    Args:
        problems: the warnings of one item (``lesson_edits.wording_problems``
            when not given; the page passes a memoised one: the search reads
            every article of the story for each item, on every rerun).
    """
    if problems is None:
        problems = partial(lesson_edits.wording_problems, lesson)
    notice = st.session_state.pop(NOTICE, None)
    with st.expander("Teacher: review the quiz before class (this shows the answers)"):
        if notice:
            (st.error if notice[0] == "error" else st.success)(notice[1])
        st.caption(
            "Rewrite a wording, change its answer or hints (separate hints with ;), remove "
            "questions or add one, then save. The saved quiz is used in the lesson and the "
            "handout, and stays after a reload."
        )
        prefix = f"{EDIT}{story_of(lesson)}_"
        for i, item in enumerate(lesson.items):
            cols = st.columns([4, 2, 3.5, 1.5])
            cols[0].text_input(f"Wording {i + 1}", item.wording, key=f"{prefix}wording_{i}")
            cols[1].selectbox(
                f"Answer {i + 1}",
                lesson.choices,
                index=lesson.choices.index(item.letter),
                key=f"{prefix}answer_{i}",
            )
            cols[2].text_input(f"Hints {i + 1}", "; ".join(item.others), key=f"{prefix}hints_{i}")
            cols[3].checkbox("Remove", key=f"{prefix}remove_{i}")
            for problem in problems(item):
                st.caption(f"Question {i + 1}: {problem}")
        st.markdown("**Add a question**")
        cols = st.columns([4, 2, 3.5, 1.5])
        cols[0].text_input("New wording", key=f"{prefix}new_wording")
        cols[1].selectbox("Its answer", lesson.choices, key=f"{prefix}new_answer")
        cols[2].text_input("Its hints", key=f"{prefix}new_hints")
        left, right = st.columns(2)
        left.button(
            "Save the quiz",
            type="primary",
            key="classroom_quiz_save",
            on_click=_save,
            args=(store, corpus, lesson, prefix),
        )
        if lesson.items != built.items:
            right.button(
                "Use the built quiz again",
                key="classroom_quiz_reset",
                on_click=_reset,
                args=(store, corpus, lesson),
            )


def _record(store, corpus: str, lesson: Lesson, i: int, key: str) -> None:
    """Keep one named guess (selectbox callback); without a name it stays on screen only."""
    name = str(st.session_state.get(STUDENT, "")).strip()
    answer = st.session_state.get(key)
    if not name or answer is None:
        return
    try:
        name = lesson_edits.check_name(name)
    except InputError as err:
        st.session_state[NOTICE] = ("error", err.message)
        return
    store.record_answer(corpus, story_of(lesson), name, i, lesson.items[i].wording, answer)


def _next_student() -> None:
    for key in list(st.session_state.keys()):
        if str(key).startswith(GUESS):
            del st.session_state[key]
    st.session_state[STUDENT] = ""


def guess_questions(store, corpus: str, lesson: Lesson, *, revealed: bool) -> None:
    """The name box and one "which outlet?" box per question; named guesses are kept."""
    notice = st.session_state.get(NOTICE)
    if notice and notice[0] == "error" and "name" in notice[1]:
        st.error(st.session_state.pop(NOTICE)[1])
    left, right = st.columns([3, 1])
    left.text_input(
        "Your name or your group",
        key=STUDENT,
        max_chars=lesson_edits.MAX_NAME,
        placeholder="e.g. Ana, or Group 3",
        help="With a name, every answer is kept for the class summary at the reveal. "
        "Without one, the answers are the whole class's and are not kept.",
        disabled=revealed,
    )
    right.button("Next student", key="classroom_next_student", on_click=_next_student)
    event_id = lesson.event_id
    for i, item in enumerate(lesson.items):
        hint = ""
        if item.others:
            quoted = ", ".join(f"&ldquo;{html.escape(o)}&rdquo;" for o in item.others)
            hint = f'<div class="classroom-hint">Other outlets wrote: {quoted}</div>'
        st.html(
            f'<div class="classroom-quote">{i + 1}. &ldquo;{html.escape(item.wording)}'
            f"&rdquo;</div>{hint}"
        )
        key = f"{GUESS}{event_id}_{i}"
        st.selectbox(
            f"Question {i + 1}: which outlet wrote this?",
            lesson.choices,
            index=None,
            placeholder="Pick an outlet",
            key=key,
            disabled=revealed,
            on_change=_record,
            args=(store, corpus, lesson, i, key),
        )


def _clear_answers(store, corpus: str, lesson: Lesson) -> None:
    store.clear_class_answers(corpus, story_of(lesson))


def class_summary(store, corpus: str, lesson: Lesson) -> None:
    """At the reveal: how the named students or groups did, per question and per name."""
    answers = store.class_answers(corpus, story_of(lesson))
    st.header("The class's answers")
    if answers.empty:
        st.caption("No named answers were kept for this story (type a name on step 2).")
        return
    per_item, per_student = lesson_edits.class_summary(lesson.items, answers)
    st.markdown(f"{answers['student'].nunique()} students or groups answered.")
    share = per_item["share_right"].map(lambda v: "-" if pd.isna(v) else f"{v:.0%}")
    st.table(
        md_escape_frame(
            pd.DataFrame(
                {
                    "Question": per_item["question"].astype(str),
                    "Wording": per_item["wording"],
                    "Right answer": per_item["answer"],
                    "Answers": per_item["n_answers"].astype(str),
                    "Right": share,
                    "Most common wrong guess": per_item["common_wrong"].replace("", "-"),
                }
            )
        ).set_index("Question")
    )
    st.table(
        md_escape_frame(
            pd.DataFrame(
                {
                    "Student or group": per_student["student"],
                    "Answered": per_student["answered"].astype(str),
                    "Right": per_student["right"].astype(str) + f" of {len(lesson.items)}",
                    "Score": per_student["score"].map(lambda v: f"{v:.0%}"),
                }
            )
        ).set_index("Student or group")
    )
    st.button(
        "Clear the class's answers (for a new class)",
        key="classroom_clear_answers",
        on_click=_clear_answers,
        args=(store, corpus, lesson),
    )
    st.caption(common.plain("Names stay in this computer's store until they are cleared."))
