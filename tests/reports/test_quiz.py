"""framing.reports.quiz: the "who wrote this?" quiz, built through the lesson of event 7."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from framing.reports import classroom


def _uses(text: str, wording: str) -> bool:
    words = [re.escape(w) for w in wording.lower().split()]
    return re.search(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)", text.lower()) is not None


def test_reports_quiz_answer_is_the_only_outlet_using_the_wording(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = make_lesson()
    assert lesson.items
    arts = lesson.articles
    for item in lesson.items:
        assert item.letter == lesson.letters[item.outlet]
        for outlet, rows in arts.groupby("outlet"):
            used = any(_uses(f"{t}\n{x}", item.wording) for t, x in zip(rows["anon_title"],
                                                                          rows["anon_text"],
                                                                          strict=True))  # fmt: skip
            assert used == (outlet == item.outlet), (item.wording, outlet)
        assert _uses(item.example, item.wording)
        assert item.article_id in set(arts.loc[arts["outlet"] == item.outlet, "id"])


def test_reports_quiz_skips_shared_and_name_wordings(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    words = {i.wording.lower() for i in make_lesson().items}
    assert "war games" not in words  # used by two outlets
    assert not any("alpha" in w or "bravo" in w for w in words)
    assert "summit" not in words  # another event


def test_reports_quiz_is_deterministic_and_spread_over_outlets(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    a, b = make_lesson(), make_lesson()
    assert a.items == b.items
    per_outlet = pd.Series([i.outlet for i in a.items]).value_counts()
    assert per_outlet.max() <= 2
    assert set(per_outlet.index) == {"Alpha Times", "Bravo Wire", "Charlie Daily"}


def test_reports_quiz_prefers_flagged_wordings_and_respects_the_limit(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    cues = pd.DataFrame({"id": ["b1"], "phrase": ["rehearsal for invasion"], "source": ["lexicon"]})
    items = make_lesson(cues=cues, n_items=1).items
    assert len(items) == 1
    assert items[0].wording.lower() == "rehearsal for invasion"


def test_reports_quiz_gives_other_outlets_wordings(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    items = {i.wording.lower(): i for i in make_lesson().items}
    assert "joint exercises" in items
    others = items["joint exercises"].others
    others = [o.lower() for o in others]
    assert "naval drills" in others and "joint exercises" not in others


def test_reports_quiz_drops_overlapping_wordings(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    words = [i.wording.lower() for i in make_lesson(n_items=10).items]
    for w in words:
        assert not any(o != w and _uses(o, w) for o in words), words


def test_reports_quiz_without_tables_is_empty(drill_articles: pd.DataFrame) -> None:
    assert classroom.build_lesson(7, drill_articles).items == ()


def _quoted(drill_articles: pd.DataFrame, art_id: str, part: str) -> pd.DataFrame:
    """Voice spans of one article's text with ``part`` inside quotation marks."""
    text = drill_articles.set_index("id").loc[art_id, "text"]
    a = text.index(part)
    return pd.DataFrame(
        [
            (art_id, "text", 0, a, "outlet"),
            (art_id, "text", a, a + len(part), "quoted"),
            (art_id, "text", a + len(part), len(text), "outlet"),
        ],
        columns=["id", "field", "start", "end", "voice"],
    )


def test_reports_quiz_never_asks_a_wording_the_outlet_only_quotes(
    make_lesson: Callable[..., classroom.Lesson], drill_articles: pd.DataFrame
) -> None:
    cues = pd.DataFrame({"id": ["b1"], "phrase": ["rehearsal for invasion"], "source": ["lexicon"]})
    voices = _quoted(drill_articles, "b1", "a rehearsal for invasion")
    asked = {i.wording.lower() for i in make_lesson(cues=cues, voices=voices).items}
    assert "rehearsal for invasion" not in asked
    assert "warmongers" in asked or "reckless" in asked  # Bravo's own words still count


def test_reports_quiz_prefers_cues_in_the_outlets_own_voice(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    cues = pd.DataFrame(
        {
            "id": ["b1", "b1"],
            "phrase": ["rehearsal for invasion", "warmongers"],
            "source": ["lexicon", "lexicon"],
            "voice": ["quoted", "outlet"],
        }
    )
    items = make_lesson(cues=cues, n_items=1).items
    assert [i.wording.lower() for i in items] == ["warmongers"]


def _fragment_lesson(make_lesson: Callable[..., classroom.Lesson]) -> classroom.Lesson:
    """Event 7 with aligned wordings that cut names and noun phrases in two."""
    arts = pd.DataFrame(
        {
            "id": ["a1", "b1", "c1"],
            "outlet": ["Alpha Times", "Bravo Wire", "Charlie Daily"],
            "title": ["Allies hold drills", "Provocative war drills", "Drills start"],
            "text": [
                "The United States and South Korea began joint exercises. An official of "
                "the ruling party called it routine.",
                "The puppet forces began a provocative war rehearsal. Their provocation "
                "angered the regime.",
                "Naval drills began. A spokesman of the defence ministry spoke.",
            ],
        }
    )
    rows = [
        (7, "allies", "Alpha Times", "states and south", 1),
        (7, "allies", "Bravo Wire", "puppet forces", 1),
        (7, "drills", "Alpha Times", "joint exercises", 1),
        (7, "drills", "Bravo Wire", "provocative war / provocation", 2),
        (7, "drills", "Charlie Daily", "naval drills", 1),
        (7, "who", "Alpha Times", "official of the ruling", 1),
        (7, "who", "Charlie Daily", "spokesman of the defence", 1),
    ]
    alignment = pd.DataFrame(rows, columns=["event_id", "referent", "outlet", "phrase", "count"])
    return classroom.build_lesson(
        7, arts, all_outlets=["Alpha Times", "Bravo Wire", "Charlie Daily"], alignment=alignment
    )


def test_reports_quiz_hints_and_wordings_are_whole_phrases(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = _fragment_lesson(make_lesson)
    texts = " ".join(lesson.articles["anon_title"]) + " " + " ".join(lesson.articles["anon_text"])
    asked = {i.wording for i in lesson.items}
    hints = {h for i in lesson.items for h in i.others}
    assert "puppet forces" in {w.lower() for w in asked}
    assert "United States and South Korea" in hints | asked
    assert "spokesman of the defence ministry" in hints | asked
    for phrase in hints | asked:
        assert phrase in texts, phrase  # as written
        assert phrase.lower() not in {"states and south", "official of the ruling"}
        first, last = phrase.lower().split()[0], phrase.lower().split()[-1]
        assert first not in {"the", "of", "and", "a"} and last not in {"the", "of", "and", "a"}


def test_reports_quiz_asks_no_two_wordings_sharing_a_word_or_stem(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    asked = [i.wording.lower() for i in _fragment_lesson(make_lesson).items]
    assert not ({"provocative war", "provocation"} <= set(asked)), asked
    assert len([w for w in asked if "provoc" in w]) <= 1


def test_reports_quiz_hint_is_never_a_part_of_the_question(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    arts = pd.DataFrame(
        {
            "id": ["a1", "b1"],
            "outlet": ["Alpha Times", "Bravo Wire"],
            "title": ["Talks", "Talks"],
            "text": [
                "They showed a Cold War mentality again. Naval drills went on.",
                "It felt like the Cold War. Joint exercises went on.",
            ],
        }
    )
    rows = [
        (7, "mood", "Alpha Times", "cold war mentality", 1),
        (7, "mood", "Bravo Wire", "cold war / joint exercises", 1),
    ]
    alignment = pd.DataFrame(rows, columns=["event_id", "referent", "outlet", "phrase", "count"])
    lesson = classroom.build_lesson(
        7, arts, all_outlets=["Alpha Times", "Bravo Wire"], alignment=alignment
    )
    item = next(i for i in lesson.items if i.wording == "Cold War mentality")
    assert "Cold War" not in item.others
    assert "Joint exercises" in item.others


def test_reports_quiz_asks_nothing_from_a_row_a_user_hid(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    arts = pd.DataFrame(
        {
            "id": ["a1", "b1"],
            "outlet": ["Alpha Times", "Bravo Wire"],
            "title": ["Talks", "Talks"],
            "text": ["They showed a Cold War mentality again.", "It felt like the Cold War."],
        }
    )
    rows = [
        (7, "mood", "Alpha Times", "cold war mentality", 1, True),
        (7, "mood", "Bravo Wire", "cold war", 1, True),
    ]
    columns = ["event_id", "referent", "outlet", "phrase", "count", "hidden"]
    alignment = pd.DataFrame(rows, columns=columns)
    shown = alignment.assign(hidden=False)
    outlets = ["Alpha Times", "Bravo Wire"]
    asked = classroom.build_lesson(7, arts, all_outlets=outlets, alignment=shown).items
    assert "Cold War mentality" in {i.wording for i in asked}
    hid = classroom.build_lesson(7, arts, all_outlets=outlets, alignment=alignment).items
    assert "Cold War mentality" not in {i.wording for i in hid}
