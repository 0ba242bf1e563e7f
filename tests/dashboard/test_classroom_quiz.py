"""Classroom page, headless with AppTest: the teacher edits the quiz, students answer by name."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/classroom.py"


@pytest.fixture
def db(hashed_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the analysed sample of this test's own: these tests write to it."""
    path = tmp_path / "store.sqlite3"
    shutil.copy(hashed_sample, path)
    monkeypatch.setenv("FRAMING_DB", str(path))
    return path


def _classroom() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _questions(at: AppTest) -> list[str]:
    """The wordings asked on the Guess step, in order."""
    return [
        h.value.split("&ldquo;", 1)[1].split("&rdquo;", 1)[0]
        for h in at.html
        if 'class="classroom-quote"' in h.value
    ]


def _edit_keys(at: AppTest, kind: str) -> list[str]:
    return sorted(
        (w.key for w in at.text_input if w.key and "_edit_" in w.key and f"_{kind}_" in w.key),
        key=lambda k: int(k.rsplit("_", 1)[1]),
    )


def test_dashboard_classroom_teacher_edits_quiz_and_it_survives_a_reload(db: Path) -> None:
    at = _classroom()
    before = _questions(at)
    assert len(before) >= 2
    wordings = _edit_keys(at, "wording")
    assert len(wordings) == len(before)
    prefix = wordings[0].rsplit("wording_", 1)[0]
    letters = at.selectbox(key=f"{prefix}answer_0").options
    at.text_input(key=wordings[0]).set_value("my own wording")
    at.checkbox(key=f"{prefix}remove_1").check()
    at.text_input(key=f"{prefix}new_wording").set_value("a question I added")
    at.selectbox(key=f"{prefix}new_answer").set_value(letters[-1])
    at.text_input(key=f"{prefix}new_hints").set_value("one hint; another hint")
    at.button(key="classroom_quiz_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    expected = ["my own wording", *before[2:], "a question I added"]
    assert _questions(at) == expected
    assert any("Quiz saved" in s.value for s in at.success)

    # a new session (a reload) gets the same quiz from the store
    again = _classroom()
    assert _questions(again) == expected
    assert any("one hint" in h.value and "another hint" in h.value for h in again.html)
    again.button(key="classroom_quiz_reset").click().run()
    assert _questions(again) == before


def test_dashboard_classroom_bad_edit_is_refused_and_the_quiz_kept(db: Path) -> None:
    at = _classroom()
    before = _questions(at)
    wordings = _edit_keys(at, "wording")
    at.text_input(key=wordings[0]).set_value("   ")
    at.button(key="classroom_quiz_save").click().run()
    assert not at.exception
    assert any("FRM-D761" not in e.value and "empty" in e.value for e in at.error)
    assert _questions(at) == before


def test_dashboard_classroom_named_answers_are_kept_and_summed_up_at_the_reveal(
    db: Path,
) -> None:
    at = _classroom()
    n = len(_questions(at))
    event_id = at.selectbox(key="classroom_event").value
    boxes = [f"classroom_guess_{event_id}_{i}" for i in range(n)]
    choices = at.selectbox(key=boxes[0]).options
    at.text_input(key="classroom_student").set_value("Ana").run()
    for key in boxes:
        at.selectbox(key=key).set_value(choices[0]).run()
    at.button(key="classroom_next_student").click().run()
    assert at.text_input(key="classroom_student").value == ""
    assert all(at.selectbox(key=k).value is None for k in boxes)
    at.text_input(key="classroom_student").set_value("Group 2").run()
    at.selectbox(key=boxes[0]).set_value(choices[1]).run()
    assert not at.exception

    with Store(db) as store:
        stories = store._conn.execute("SELECT DISTINCT story FROM class_answers").fetchall()
        assert len(stories) == 1
        answers = store.class_answers("sample", stories[0][0])
    assert sorted(set(answers["student"])) == ["Ana", "Group 2"]
    assert len(answers) == n + 1
    assert answers.loc[answers["student"] == "Ana", "answer"].tolist() == [choices[0]] * n

    at.button(key="classroom_reveal").click().run()
    assert not at.exception
    tables = [t.value for t in at.table]
    per_item = next(t for t in tables if "Most common wrong guess" in t.columns)
    per_student = next(t for t in tables if "Score" in t.columns)
    assert per_item["Answers"].tolist()[0] == "2"
    assert set(per_student.index) == {"Ana", "Group 2"}
    assert per_student.loc["Ana", "Answered"] == str(n)
    assert per_student.loc["Group 2", "Answered"] == "1"
    at.button(key="classroom_clear_answers").click().run()
    assert not any("Score" in t.value.columns for t in at.table)


def test_dashboard_classroom_quiz_warnings_are_searched_once_per_item(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from framing.reports import lesson_edits

    sys.path.insert(0, str(ROOT / "dashboard"))
    import common

    calls: list[str] = []
    real = lesson_edits.wording_problems

    def counted(lesson, item):
        calls.append(item.wording)
        return real(lesson, item)

    monkeypatch.setattr(lesson_edits, "wording_problems", counted)
    common.clear_caches()
    at = _classroom()
    first = list(calls)
    assert first and len(first) == len(set(first))  # one search per question
    at.run()
    _classroom()  # another session
    assert calls == first
    common.clear_caches()
