"""framing.reports.handout: the printable handout of the lesson of event 7."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from framing.cues.lexicon import Category
from framing.reports import classroom, handout


def _evil_articles(articles: pd.DataFrame) -> pd.DataFrame:
    arts = articles.copy()
    arts.loc[0, "title"] = "<script>alert('x')</script> Drills"
    arts.loc[1, "text"] += " <img src=x onerror=alert(1)> [link](http://evil.example)"
    return arts


def _handout(
    make_lesson: Callable[..., classroom.Lesson],
    outlets: list[str],
    arts: pd.DataFrame | None = None,
) -> tuple[classroom.Lesson, str]:
    lesson = make_lesson(articles=arts, label="Naval drills")
    scores = pd.DataFrame(
        {"event_id": [7] * 3, "outlet": outlets[:3], "loaded_mean": [0.2, 0.9, 0.5]}
    )
    ratings = classroom.slant_ratings(lesson, {}, scores)
    cats = [Category("hedging_distancing", "Hedging", "analyst text", "Doubtful words.")]
    return lesson, handout.handout_html(lesson, ratings=ratings, categories=cats)


def test_reports_handout_hides_names_until_the_answer_key(
    make_lesson: Callable[..., classroom.Lesson], outlets: list[str]
) -> None:
    lesson, page = _handout(make_lesson, outlets)
    key = page.index("Answer key")
    before, after = page[:key].lower(), page[key:]
    for outlet in lesson.letters:
        assert outlet.lower() not in before
        assert outlet in after
    for item in lesson.items:
        assert item.wording.lower() in before  # the question
    assert before.count("outlet a") >= 1


def test_reports_handout_is_print_ready_and_self_contained(
    make_lesson: Callable[..., classroom.Lesson], outlets: list[str], jargon: tuple[str, ...]
) -> None:
    _, page = _handout(make_lesson, outlets)
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page and "size: A4" in page
    key = page.index("Answer key")
    assert "page-break" in page[page.rfind("<section", 0, key) : key]
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=|@import|<link""", page, re.IGNORECASE)
    assert "Doubtful words." in page and "analyst text" not in page
    assert not any(j in page.lower() for j in jargon)


def test_reports_handout_escapes_article_text(
    make_lesson: Callable[..., classroom.Lesson], outlets: list[str], drill_articles: pd.DataFrame
) -> None:
    _, page = _handout(make_lesson, outlets, _evil_articles(drill_articles))
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']""", page)


# Everything in an article that tells a reader which outlet wrote it.
GIVEAWAYS = {
    "a1": "BEIJING, Nov. 1 -- Navies met, sources told AlphaTimes.com and @AlphaTimes. "
    "The Times reported it first.",
    "b1": "WASHINGTON (AP) — The warmongers staged war games (Reuters), this newspaper "
    "learned. Associated Press contributed to this report.",
    "c1": "By Jane Doe, Reuters\nLONDON, Reuters - Drills began. Bravo Wire's crew saw "
    "www.charliedaily.com and Echo News' site.",
}
LEAKS = (
    "BEIJING", "WASHINGTON", "LONDON", "Nov. 1", "(AP)", "Reuters", "Associated Press",
    "AlphaTimes", "The Times", "charliedaily", ".com", "this newspaper", "Jane Doe",
    "Bravo Wire", "Echo News", "Alpha Times", "Charlie Daily",
)  # fmt: skip


def test_reports_handout_masks_datelines_domains_and_credits_before_the_key(
    make_lesson: Callable[..., classroom.Lesson], outlets: list[str], drill_articles
) -> None:
    arts = drill_articles.copy()
    arts["text"] = [GIVEAWAYS.get(i, t) for i, t in zip(arts["id"], arts["text"], strict=True)]
    lesson, page = _handout(make_lesson, outlets, arts)
    before = page[: page.index("Answer key")]
    for leak in LEAKS:
        assert leak.lower() not in before.lower(), leak
    for column in ("anon_title", "anon_text"):
        for text in lesson.articles[column]:
            assert not any(leak.lower() in text.lower() for leak in LEAKS), text
    # what the text says is kept
    assert "Navies met" in before and "Drills began." in before
