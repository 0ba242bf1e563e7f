"""The teacher's quiz and the class's answers: edit, keep, score.

Before class the teacher reviews the built quiz (``framing.reports.quiz``),
rewrites, removes and adds items; the edited list is kept in the store per
article set and story (``Store.save_quiz_items``) as plain records
(``item_record``) and replaces the built one in the lesson and the handout
(``with_items``). During class each student or group types a name and their
guesses are kept one by one (``Store.record_answer``); at the reveal
``class_summary`` scores them.

Wording in this module's output is meant for students: no analysis terms.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace

import pandas as pd

from framing.errors import InputError
from framing.reports.classroom import Lesson
from framing.reports.mask import mask_text
from framing.reports.quiz import QuizItem
from framing.segment import sentences

MAX_WORDING = 120
MAX_NAME = 60
_FIELDS = ("wording", "letter", "others", "example", "article_id")


def story_key(article_ids: Iterable[str]) -> str:
    """A story's name in the store: a digest of its article ids.

    Event numbers change when a set is analysed again; the articles do not,
    so edits and answers stay with the story they were made for.
    """
    ids = sorted({str(i) for i in article_ids})
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:20]


def item_record(item: QuizItem) -> dict:
    """A quiz item as a JSON-ready record.

    The real outlet is kept with the letter: letters are drawn per event
    number, which a new analysis may change, so the outlet is what a kept
    item is matched on.
    """
    record = {k: v for k, v in asdict(item).items() if k in _FIELDS}
    record["outlet"] = item.outlet
    record["others"] = list(item.others)
    return record


def items_from_records(records: Sequence[dict], lesson: Lesson) -> tuple[QuizItem, ...]:
    """The kept records as items of ``lesson``, under the lesson's letters.

    A record whose outlet the lesson no longer has (the set changed) is left
    out; a record without an outlet is read by its letter.
    """
    real = {letter: lesson.outlet_of(letter) for letter in lesson.choices}
    out = []
    for r in records:
        outlet = str(r.get("outlet", "")) or real.get(str(r.get("letter", "")), "")
        if outlet not in lesson.letters or not str(r.get("wording", "")).strip():
            continue
        out.append(
            QuizItem(
                wording=str(r["wording"]),
                outlet=outlet,
                letter=lesson.letters[outlet],
                others=tuple(str(o) for o in r.get("others", ())),
                example=str(r.get("example", "")),
                article_id=str(r.get("article_id", "")),
            )
        )
    return tuple(out)


def with_items(lesson: Lesson, items: Sequence[QuizItem]) -> Lesson:
    """``lesson`` with the teacher's quiz in place of the built one."""
    return replace(lesson, items=tuple(items))


def _clean_wording(wording: str) -> str:
    text = " ".join(str(wording or "").split()).strip("\"'“”‘’ ")
    if not text or len(text) > MAX_WORDING:
        raise InputError(
            f"The quiz wording {text[:40]!r} is empty or longer than {MAX_WORDING} characters: "
            "type the words as the article has them.",
            code="FRM-D761",
        )
    return text


def _find(lesson: Lesson, letter: str, wording: str) -> tuple[str, str]:
    """(article id, sentence in the original text) where ``letter``'s articles use ``wording``."""
    words = [re.escape(w) for w in wording.lower().split()]
    pat = re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)", re.IGNORECASE)
    rows = lesson.articles[lesson.articles["letter"] == letter]
    for r in rows.itertuples(index=False):
        for field in (str(r.anon_title), str(r.anon_text)):
            m = pat.search(field)
            if m is None:
                continue
            for span in sentences(field):
                if span.start <= m.start() < span.end:
                    return str(r.id), " ".join(field[span.start : span.end].split())
            return str(r.id), " ".join(field.split())
    return "", ""


def make_item(lesson: Lesson, wording: str, letter: str, others: Iterable[str] = ()) -> QuizItem:
    """A quiz item the teacher typed: the wording, the outlet it belongs to, hints.

    The wording and hints are masked like the lesson's text (a typed outlet
    name becomes its hidden name). The example sentence is looked up in that
    outlet's (masked) articles; it is empty when they do not use the wording
    (``wording_problems`` says so).

    Raises:
        InputError: an empty or too long wording (FRM-D761), or ``letter`` not
            one of the lesson's hidden outlets (FRM-D762).
    """
    if letter not in lesson.choices:
        raise InputError(
            f"The answer {str(letter)[:40]!r} is not one of this lesson's outlets: pick one of "
            f"{', '.join(lesson.choices)}.",
            code="FRM-D762",
        )
    hide = lesson.letters
    text = mask_text(_clean_wording(wording), hide)
    hints = tuple(mask_text(" ".join(str(o).split()), hide) for o in others if str(o).strip())
    article_id, example = _find(lesson, letter, text)
    return QuizItem(text, lesson.outlet_of(letter), letter, hints, example, article_id)


def wording_problems(lesson: Lesson, item: QuizItem) -> list[str]:
    """Plain warnings for the teacher: the wording is not in the answer's text,
    or another outlet uses it too (then the question has two right answers)."""
    out = []
    if not _find(lesson, item.letter, item.wording)[0]:
        out.append(f"{item.letter}'s articles do not use these words.")
    also = [c for c in lesson.choices if c != item.letter and _find(lesson, c, item.wording)[0]]
    if also:
        out.append(f"{', '.join(also)} also use these words, so more than one answer is right.")
    return out


def check_name(name: str) -> str:
    """A student's or group's name, trimmed; raises InputError (FRM-D763) if unusable."""
    text = " ".join(str(name or "").split())
    if not text or len(text) > MAX_NAME:
        raise InputError(
            f"The name {text[:40]!r} is empty or longer than {MAX_NAME} characters: type a "
            "name, initials or a group name.",
            code="FRM-D763",
        )
    return text


def class_summary(
    items: Sequence[QuizItem], answers: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How the class did: per question, and per student or group.

    An answer counts for a question when its wording is still the question's
    (an item edited after the class answered is not scored on old answers).

    Args:
        items: the quiz as asked.
        answers: ``Store.class_answers`` (``student, item, wording, answer``).

    Returns:
        ``(per_item, per_student)``. ``per_item``: ``question, wording,
        answer, n_answers, share_right`` (0-1, NaN with no answers) and
        ``common_wrong`` (the wrong outlet picked most, "" if none).
        ``per_student``: ``student, answered, right, score`` (right of the
        quiz's questions, 0-1), best first.
    """
    item_cols = ["question", "wording", "answer", "n_answers", "share_right", "common_wrong"]
    student_cols = ["student", "answered", "right", "score"]
    valid = answers.iloc[0:0] if answers is None else answers
    rows = []
    marked = []
    for i, item in enumerate(items):
        mine = valid[(valid["item"] == i) & (valid["wording"] == item.wording)]
        right = mine["answer"] == item.letter
        wrong = mine.loc[~right, "answer"].value_counts()
        common = ""
        if len(wrong):
            top = wrong[wrong == wrong.max()].index
            common = sorted(map(str, top))[0]
        rows.append(
            {
                "question": i + 1,
                "wording": item.wording,
                "answer": item.letter,
                "n_answers": int(len(mine)),
                "share_right": float(right.mean()) if len(mine) else float("nan"),
                "common_wrong": common,
            }
        )
        marked.append(mine.assign(right=right))
    per_item = pd.DataFrame(rows, columns=item_cols)
    done = pd.concat(marked) if marked else pd.DataFrame(columns=["student", "right"])
    if done.empty:
        return per_item, pd.DataFrame(columns=student_cols)
    per_student = (
        done.groupby("student", sort=True)
        .agg(answered=("right", "size"), right=("right", "sum"))
        .reset_index()
    )
    per_student["right"] = per_student["right"].astype(int)
    per_student["score"] = per_student["right"] / max(len(items), 1)
    per_student = per_student.sort_values(
        ["right", "student"], ascending=[False, True], kind="stable"
    )
    return per_item, per_student[student_cols].reset_index(drop=True)
