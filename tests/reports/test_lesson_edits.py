"""framing.reports.lesson_edits: the teacher's quiz edits and the class summary."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest

from framing.errors import InputError
from framing.reports import classroom, handout, lesson_edits


def test_reports_lesson_edits_records_round_trip_to_the_same_items(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = make_lesson()
    records = [lesson_edits.item_record(i) for i in lesson.items]
    assert lesson_edits.items_from_records(records, lesson) == lesson.items
    # a record of an outlet the lesson no longer has is left out
    gone = records + [{"wording": "x y", "letter": "Outlet Z", "outlet": "Zulu", "others": []}]
    assert lesson_edits.items_from_records(gone, lesson) == lesson.items


def test_reports_lesson_edits_kept_items_follow_the_outlet_when_letters_change(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = make_lesson()
    records = [lesson_edits.item_record(i) for i in lesson.items]
    # the same articles under another event number get other letters
    other = classroom.build_lesson(
        8, lesson.articles[["id", "outlet", "title", "text"]], all_outlets=list(lesson.letters)
    )
    assert other.letters != lesson.letters
    items = lesson_edits.items_from_records(records, other)
    assert [i.outlet for i in items] == [i.outlet for i in lesson.items]
    assert [i.letter for i in items] == [other.letters[i.outlet] for i in lesson.items]


def test_reports_lesson_edits_typed_item_is_masked_and_finds_its_sentence(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = make_lesson()
    bravo = lesson.letters["Bravo Wire"]
    item = lesson_edits.make_item(lesson, '  "so-called   drills" ', bravo, ["Alpha Times drills"])
    assert item.wording == "so-called drills"
    assert item.outlet == "Bravo Wire" and item.article_id == "b1"
    assert "so-called drills" in item.example
    assert item.others == (f"{lesson.letters['Alpha Times']} drills",)  # a name is masked
    assert lesson_edits.wording_problems(lesson, item) == []
    elsewhere = lesson_edits.make_item(lesson, "naval drills", bravo)
    assert elsewhere.example == "" and elsewhere.article_id == ""
    assert any("do not use" in p for p in lesson_edits.wording_problems(lesson, elsewhere))
    shared = lesson_edits.make_item(lesson, "war games", bravo)
    assert any("also use" in p for p in lesson_edits.wording_problems(lesson, shared))


@pytest.mark.parametrize(
    ("wording", "letter", "code"),
    [
        ("", "Outlet A", "FRM-D761"),
        ("x" * 121, "Outlet A", "FRM-D761"),
        ("war", "Outlet Q", "FRM-D762"),
    ],
)
def test_reports_lesson_edits_bad_items_are_refused_with_a_code(
    make_lesson: Callable[..., classroom.Lesson], wording: str, letter: str, code: str
) -> None:
    with pytest.raises(InputError) as info:
        lesson_edits.make_item(make_lesson(), wording, letter)
    assert info.value.code == code


def test_reports_lesson_edits_edited_items_reach_the_handout(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = make_lesson()
    bravo = lesson.letters["Bravo Wire"]
    mine = [lesson_edits.make_item(lesson, "so-called drills", bravo), *lesson.items[1:]]
    edited = lesson_edits.with_items(lesson, mine)
    page = handout.handout_html(edited)
    questions = page.split("Part 2")[1].split("Answer key")[0]
    assert "<td>1</td><td>&ldquo;so-called drills&rdquo;" in questions
    assert f"</td><td>&ldquo;{lesson.items[0].wording}&rdquo;" not in questions


def test_reports_lesson_edits_name_is_checked() -> None:
    assert lesson_edits.check_name("  Group   3 ") == "Group 3"
    for bad in ("", "   ", "x" * 61):
        with pytest.raises(InputError) as info:
            lesson_edits.check_name(bad)
        assert info.value.code == "FRM-D763"


def test_reports_lesson_edits_story_key_follows_the_articles_not_their_order() -> None:
    assert lesson_edits.story_key(["b", "a"]) == lesson_edits.story_key(["a", "b", "a"])
    assert lesson_edits.story_key(["a"]) != lesson_edits.story_key(["a", "c"])


def test_reports_lesson_edits_class_summary_per_item_and_per_student(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    items = make_lesson().items[:3]
    right = [i.letter for i in items]
    wrong = [next(c for c in ("Outlet A", "Outlet B", "Outlet C") if c != r) for r in right]
    rows = [
        ("Ana", 0, items[0].wording, right[0]),
        ("Ana", 1, items[1].wording, right[1]),
        ("Ben", 0, items[0].wording, wrong[0]),
        ("Ben", 1, items[1].wording, right[1]),
        ("Cy", 0, items[0].wording, wrong[0]),
        ("Cy", 2, "an old wording", right[2]),  # asked before the teacher edited it
    ]
    answers = pd.DataFrame(rows, columns=["student", "item", "wording", "answer"])
    per_item, per_student = lesson_edits.class_summary(items, answers)
    assert per_item["n_answers"].tolist() == [3, 2, 0]
    assert per_item.loc[0, "share_right"] == pytest.approx(1 / 3)
    assert per_item.loc[1, "share_right"] == 1.0 and math.isnan(per_item.loc[2, "share_right"])
    assert per_item.loc[0, "common_wrong"] == wrong[0] and per_item.loc[1, "common_wrong"] == ""
    assert per_student.values.tolist() == [
        ["Ana", 2, 2, pytest.approx(2 / 3)],
        ["Ben", 2, 1, pytest.approx(1 / 3)],
        ["Cy", 1, 0, 0.0],
    ]
    empty_item, empty_student = lesson_edits.class_summary(items, answers.iloc[0:0])
    assert empty_item["n_answers"].sum() == 0 and empty_student.empty
