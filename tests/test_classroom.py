"""Unit tests for framing.classroom on small hand-made articles and tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing import classroom
from framing.cues.lexicon import Category

OUTLETS = ["Alpha Times", "Bravo Wire", "Charlie Daily", "Delta Post", "Echo News"]
JARGON = ("log-odds", "z-score", "embedding", "lexicon", "cosine", "logistic", "occlusion")


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a1", "b1", "c1", "c2"],
            "outlet": ["Alpha Times", "Bravo Wire", "Charlie Daily", "Charlie Daily"],
            "title": [
                "Navy holds joint exercises off the coast",
                "Warmongers stage provocative war games",
                "Drills begin; Alpha Times calls them routine",
                "Second day of naval drills",
            ],
            "text": [
                "The navies began joint exercises on Monday. Officials said the drills were "
                "planned months ago.\n\nThe exercises end on Friday.",
                "The warmongers staged reckless war games again. The so-called drills are a "
                "rehearsal for invasion, state media claimed.",
                "Naval drills began on Monday, a show of strength. Bravo Wire called them "
                "war games. Critics call the drills a show of strength.",
                "A second day of naval drills passed quietly, officials said.",
            ],
        }
    )


def _alignment() -> pd.DataFrame:
    rows = [
        (7, "drills", "Alpha Times", "joint exercises", 2),
        (7, "drills", "Bravo Wire", "war games / rehearsal for invasion", 2),
        (7, "drills", "Charlie Daily", "naval drills / show of strength", 3),
        # used by two outlets: never a question
        (7, "drills", "Charlie Daily", "war games", 1),
        # names another outlet: never a question
        (7, "name", "Charlie Daily", "alpha times", 1),
        (7, "name", "Alpha Times", "officials", 1),
        # another event
        (8, "other", "Alpha Times", "summit", 1),
        (8, "other", "Bravo Wire", "talks", 1),
    ]
    return pd.DataFrame(rows, columns=["event_id", "referent", "outlet", "phrase", "count"])


def _contrast() -> pd.DataFrame:
    rows = [
        (7, "Bravo Wire", "warmongers", 1),
        (7, "Bravo Wire", "reckless", 1),
        (7, "Alpha Times", "planned months", 1),
        (-1, "Alpha Times", "navies", 1),
    ]
    return pd.DataFrame(rows, columns=["event_id", "outlet", "phrase", "count"])


def _lesson(**kw) -> classroom.Lesson:
    return classroom.build_lesson(
        7,
        _articles(),
        label="Naval drills · Bravo Wire",
        all_outlets=OUTLETS,
        alignment=_alignment(),
        contrast=_contrast(),
        **kw,
    )


def _uses(text: str, wording: str) -> bool:
    words = [re.escape(w) for w in wording.lower().split()]
    return re.search(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)", text.lower()) is not None


# --- anonymisation ---------------------------------------------------------


def test_classroom_letters_are_deterministic_and_ignore_input_order() -> None:
    a = classroom.outlet_letters(OUTLETS, 3)
    b = classroom.outlet_letters(list(reversed(OUTLETS)) + OUTLETS[:2], 3)
    assert a == b
    assert sorted(a) == sorted(OUTLETS)
    assert sorted(a.values()) == [f"Outlet {c}" for c in "ABCDE"]


def test_classroom_letters_differ_between_events_and_are_not_alphabetical() -> None:
    alphabetical = {o: f"Outlet {c}" for o, c in zip(sorted(OUTLETS), "ABCDE", strict=True)}
    mappings = [classroom.outlet_letters(OUTLETS, e) for e in range(10)]
    assert sum(m != alphabetical for m in mappings) >= 8
    assert len({tuple(sorted(m.items())) for m in mappings}) >= 5


def test_classroom_letters_salt_changes_the_mapping() -> None:
    plain = classroom.outlet_letters(OUTLETS, 1)
    salted = [classroom.outlet_letters(OUTLETS, 1, salt=f"class {i}") for i in range(5)]
    assert any(m != plain for m in salted)


def test_classroom_letters_go_past_z() -> None:
    names = [f"Outlet number {i:02d}" for i in range(28)]
    letters = set(classroom.outlet_letters(names, 0).values())
    assert {"Outlet A", "Outlet Z", "Outlet AA", "Outlet AB"} <= letters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bravo Wire said so.", "Outlet B said so."),
        ("BRAVO WIRE and bravo wire's", "Outlet B and Outlet B's"),
        ("The wire said", "The wire said"),
        ("Bravo Wireless", "Bravo Wireless"),
        ("", ""),
    ],
)
def test_classroom_hide_names_replaces_whole_names_in_any_case(text: str, expected: str) -> None:
    assert classroom.hide_names(text, {"Bravo Wire": "Outlet B"}) == expected


def test_classroom_hide_names_prefers_the_longest_name() -> None:
    names = {"Meridian": "Outlet X", "Meridian Wire": "Outlet Y"}
    assert classroom.hide_names("Meridian Wire reported", names) == "Outlet Y reported"


def test_classroom_lesson_hides_names_in_text_title_and_label() -> None:
    lesson = _lesson()
    shown = " ".join([lesson.label, *lesson.articles["anon_title"], *lesson.articles["anon_text"]])
    for outlet in OUTLETS:
        assert outlet.lower() not in shown.lower()
    assert lesson.letters["Bravo Wire"] in " ".join(lesson.articles["anon_text"])
    # the original text is kept, for the highlights at the reveal
    assert "Bravo Wire called them" in " ".join(lesson.articles["text"])


def test_classroom_lesson_articles_sorted_by_letter() -> None:
    lesson = _lesson()
    assert lesson.articles["letter"].tolist() == sorted(
        lesson.articles["letter"], key=lambda s: (len(s), s)
    )
    assert lesson.choices == ["Outlet A", "Outlet B", "Outlet C"]
    for letter in lesson.choices:
        assert lesson.letters[lesson.outlet_of(letter)] == letter


# --- eligible events -------------------------------------------------------


def test_classroom_eligible_events_need_two_outlets() -> None:
    articles = pd.DataFrame(
        {
            "id": list("abcdef"),
            "outlet": ["X", "Y", "X", "X", "Y", "Z"],
            "event_id": [0, 0, 1, 1, -1, -1],
        }
    )
    events = pd.DataFrame({"event_id": [0, 1], "label": ["Talks, X says", "Storm"]})
    out = classroom.eligible_events(articles, events, hide=["X"])
    assert out["event_id"].tolist() == [0]
    assert out.loc[0, "n_outlets"] == 2 and out.loc[0, "n_articles"] == 2
    assert out.loc[0, "label"] == "Talks, an outlet says"


def test_classroom_eligible_events_empty() -> None:
    out = classroom.eligible_events(pd.DataFrame(columns=["id", "outlet", "event_id"]))
    assert out.empty and "event_id" in out.columns


# --- quiz ------------------------------------------------------------------


def test_classroom_quiz_answer_is_the_only_outlet_using_the_wording() -> None:
    lesson = _lesson()
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


def test_classroom_quiz_skips_shared_and_name_wordings() -> None:
    words = {i.wording.lower() for i in _lesson().items}
    assert "war games" not in words  # used by two outlets
    assert not any("alpha" in w or "bravo" in w for w in words)
    assert "summit" not in words  # another event


def test_classroom_quiz_is_deterministic_and_spread_over_outlets() -> None:
    a, b = _lesson(), _lesson()
    assert a.items == b.items
    per_outlet = pd.Series([i.outlet for i in a.items]).value_counts()
    assert per_outlet.max() <= 2
    assert set(per_outlet.index) == {"Alpha Times", "Bravo Wire", "Charlie Daily"}


def test_classroom_quiz_prefers_flagged_wordings_and_respects_the_limit() -> None:
    cues = pd.DataFrame({"id": ["b1"], "phrase": ["rehearsal for invasion"], "source": ["lexicon"]})
    items = _lesson(cues=cues, n_items=1).items
    assert len(items) == 1
    assert items[0].wording.lower() == "rehearsal for invasion"


def test_classroom_quiz_gives_other_outlets_wordings() -> None:
    items = {i.wording.lower(): i for i in _lesson().items}
    assert "joint exercises" in items
    others = items["joint exercises"].others
    assert "naval drills" in others and "joint exercises" not in others


def test_classroom_quiz_drops_overlapping_wordings() -> None:
    words = [i.wording.lower() for i in _lesson(n_items=10).items]
    for w in words:
        assert not any(o != w and _uses(o, w) for o in words), words


def test_classroom_quiz_without_tables_is_empty() -> None:
    assert classroom.build_lesson(7, _articles()).items == ()


# --- scoring ---------------------------------------------------------------


def test_classroom_score_guesses_counts_right_answers() -> None:
    items = (
        classroom.QuizItem("war games", "Bravo Wire", "Outlet B"),
        classroom.QuizItem("joint exercises", "Alpha Times", "Outlet A"),
        classroom.QuizItem("show of strength", "Charlie Daily", "Outlet C"),
    )
    scored = classroom.score_guesses(items, {0: "Outlet B", 1: "Outlet C"})
    assert scored["right"].tolist() == [True, False, False]
    assert scored["guess"].tolist() == ["Outlet B", "Outlet C", ""]
    assert scored["question"].tolist() == [1, 2, 3]
    assert int(scored["right"].sum()) == 1


def test_classroom_score_guesses_empty_quiz() -> None:
    scored = classroom.score_guesses((), {})
    assert scored.empty and list(scored.columns)[-1] == "right"


def test_classroom_slant_ratings_put_the_computer_on_the_class_scale() -> None:
    lesson = _lesson()
    scores = pd.DataFrame(
        {
            "event_id": [7, 7, 7, -1],
            "outlet": ["Alpha Times", "Bravo Wire", "Charlie Daily", "Alpha Times"],
            "loaded_mean": [0.25, 1.0, 0.5, 0.9],
        }
    )
    ratings = {lesson.letters["Bravo Wire"]: 5, lesson.letters["Alpha Times"]: 2}
    out = classroom.slant_ratings(lesson, ratings, scores).set_index("outlet")
    assert out.loc["Alpha Times", "computer_rating"] == 2.0
    assert out.loc["Bravo Wire", "computer_rating"] == 5.0
    assert out.loc["Charlie Daily", "computer_rating"] == 3.0
    assert out.loc["Bravo Wire", "class_rating"] == 5
    assert pd.isna(out.loc["Charlie Daily", "class_rating"])


def test_classroom_slant_ratings_without_scores() -> None:
    out = classroom.slant_ratings(_lesson(), {}, pd.DataFrame())
    assert len(out) == 3 and out["computer_rating"].isna().all()


def test_classroom_most_slanted_sentences_per_outlet() -> None:
    sentences = pd.DataFrame(
        {
            "id": ["a1", "a1", "b1", "b1", "b1", "zz"],
            "sentence_index": [0, 1, 0, 1, 2, 0],
            "sentence": ["calm", "calmer", "wild", "wilder", "wildest", "elsewhere"],
            "loaded_score": [0.2, 0.1, 0.7, 0.8, 0.9, 1.0],
        }
    )
    out = classroom.most_slanted_sentences(_lesson(), sentences, per_outlet=2)
    bravo = out[out["outlet"] == "Bravo Wire"]
    assert bravo["sentence"].tolist() == ["wildest", "wilder"]
    assert "elsewhere" not in out["sentence"].tolist()
    assert classroom.most_slanted_sentences(_lesson(), None).empty


# --- cues for the reveal ---------------------------------------------------


def test_classroom_cues_keep_framing_cues_in_plain_words() -> None:
    cues = pd.DataFrame(
        {
            "id": ["b1", "b1", "b1", "zz"],
            "field": ["text"] * 4,
            "start": [4, 20, 30, 0],
            "end": [15, 28, 35, 3],
            "phrase": ["warmongers", "reckless", "games", "x"],
            "category": ["delegitimising_label", "loaded_wording", "contrastive", "x"],
            "source": ["lexicon", "model", "contrastive", "lexicon"],
            "weight": [0.9, 0.5, 0.3, 0.1],
            "rationale": ["Insults", "Not in the lexicon. Scores 0.9.", "z = 3", "x"],
        }
    )
    out = classroom.classroom_cues(cues, ["b1"])
    assert out["category"].tolist() == ["delegitimising_label", "loaded_wording"]
    assert not any(j in " ".join(out["rationale"]).lower() for j in JARGON)
    cats = {"delegitimising_label": Category("delegitimising_label", "Label", "d", "e")}
    present = classroom.categories_present(out, cats)
    assert [c.key for c in present] == ["delegitimising_label", "loaded_wording"]
    assert present[1].label == "Slanted wording"


# --- handout ---------------------------------------------------------------


def _evil_articles() -> pd.DataFrame:
    arts = _articles()
    arts.loc[0, "title"] = "<script>alert('x')</script> Drills"
    arts.loc[1, "text"] += " <img src=x onerror=alert(1)> [link](http://evil.example)"
    return arts


def _handout(arts: pd.DataFrame | None = None) -> tuple[classroom.Lesson, str]:
    lesson = classroom.build_lesson(
        7,
        _articles() if arts is None else arts,
        label="Naval drills",
        all_outlets=OUTLETS,
        alignment=_alignment(),
        contrast=_contrast(),
    )
    scores = pd.DataFrame(
        {"event_id": [7] * 3, "outlet": OUTLETS[:3], "loaded_mean": [0.2, 0.9, 0.5]}
    )
    ratings = classroom.slant_ratings(lesson, {}, scores)
    cats = [Category("hedging_distancing", "Hedging", "analyst text", "Doubtful words.")]
    return lesson, classroom.handout_html(lesson, ratings=ratings, categories=cats)


def test_classroom_handout_hides_names_until_the_answer_key() -> None:
    lesson, page = _handout()
    key = page.index("Answer key")
    before, after = page[:key].lower(), page[key:]
    for outlet in lesson.letters:
        assert outlet.lower() not in before
        assert outlet in after
    for item in lesson.items:
        assert item.wording.lower() in before  # the question
    assert before.count("outlet a") >= 1


def test_classroom_handout_is_print_ready_and_self_contained() -> None:
    _, page = _handout()
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page and "size: A4" in page
    key = page.index("Answer key")
    assert "page-break" in page[page.rfind("<section", 0, key) : key]
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=|@import|<link""", page, re.IGNORECASE)
    assert "Doubtful words." in page and "analyst text" not in page
    assert not any(j in page.lower() for j in JARGON)


def test_classroom_handout_escapes_article_text() -> None:
    _, page = _handout(_evil_articles())
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']""", page)
