"""framing.reports.classroom: the lesson, its scoring and the reveal, on hand-made tables."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from framing.cues.lexicon import Category
from framing.reports import classroom, quiz


def test_reports_classroom_lesson_hides_names_in_text_title_and_label(
    outlets: list[str], make_lesson: Callable[..., classroom.Lesson]
) -> None:
    lesson = make_lesson()
    shown = " ".join([lesson.label, *lesson.articles["anon_title"], *lesson.articles["anon_text"]])
    for outlet in outlets:
        assert outlet.lower() not in shown.lower()
    assert lesson.letters["Bravo Wire"] in " ".join(lesson.articles["anon_text"])
    # the original text is kept, for the highlights at the reveal
    assert "Bravo Wire called them" in " ".join(lesson.articles["text"])


def test_reports_classroom_lesson_articles_sorted_by_letter(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = make_lesson()
    assert lesson.articles["letter"].tolist() == sorted(
        lesson.articles["letter"], key=lambda s: (len(s), s)
    )
    assert lesson.choices == ["Outlet A", "Outlet B", "Outlet C"]
    for letter in lesson.choices:
        assert lesson.letters[lesson.outlet_of(letter)] == letter


def test_reports_classroom_eligible_events_need_two_outlets() -> None:
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
    assert out.loc[0, "label"] == "Talks, another outlet says"


def test_reports_classroom_eligible_events_empty() -> None:
    out = classroom.eligible_events(pd.DataFrame(columns=["id", "outlet", "event_id"]))
    assert out.empty and "event_id" in out.columns


def test_reports_classroom_score_guesses_counts_right_answers() -> None:
    items = (
        quiz.QuizItem("war games", "Bravo Wire", "Outlet B"),
        quiz.QuizItem("joint exercises", "Alpha Times", "Outlet A"),
        quiz.QuizItem("show of strength", "Charlie Daily", "Outlet C"),
    )
    scored = classroom.score_guesses(items, {0: "Outlet B", 1: "Outlet C"})
    assert scored["right"].tolist() == [True, False, False]
    assert scored["guess"].tolist() == ["Outlet B", "Outlet C", ""]
    assert scored["question"].tolist() == [1, 2, 3]
    assert int(scored["right"].sum()) == 1


def test_reports_classroom_score_guesses_empty_quiz() -> None:
    scored = classroom.score_guesses((), {})
    assert scored.empty and list(scored.columns)[-1] == "right"


def test_reports_classroom_slant_ratings_put_the_computer_on_the_class_scale(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    lesson = make_lesson()
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


def test_reports_classroom_slant_ratings_without_scores(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    out = classroom.slant_ratings(make_lesson(), {}, pd.DataFrame())
    assert len(out) == 3 and out["computer_rating"].isna().all()


def test_reports_classroom_most_slanted_sentences_per_outlet(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    sentences = pd.DataFrame(
        {
            "id": ["a1", "a1", "b1", "b1", "b1", "zz"],
            "sentence_index": [0, 1, 0, 1, 2, 0],
            "sentence": ["calm", "calmer", "wild", "wilder", "wildest", "elsewhere"],
            "loaded_score": [0.2, 0.1, 0.7, 0.8, 0.9, 1.0],
        }
    )
    out = classroom.most_slanted_sentences(make_lesson(), sentences, per_outlet=2)
    bravo = out[out["outlet"] == "Bravo Wire"]
    assert bravo["sentence"].tolist() == ["wildest", "wilder"]
    assert "elsewhere" not in out["sentence"].tolist()
    assert classroom.most_slanted_sentences(make_lesson(), None).empty


def test_reports_classroom_cues_keep_framing_cues_in_plain_words(jargon: tuple[str, ...]) -> None:
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
    assert not any(j in " ".join(out["rationale"]).lower() for j in jargon)
    cats = {"delegitimising_label": Category("delegitimising_label", "Label", "d", "e")}
    present = classroom.categories_present(out, cats)
    assert [c.key for c in present] == ["delegitimising_label", "loaded_wording"]
    assert present[1].label == "Slanted wording"


def test_reports_classroom_uses_the_outlets_own_voice(
    make_lesson: Callable[..., classroom.Lesson],
) -> None:
    sentences = pd.DataFrame(
        {
            "id": ["b1", "b1"],
            "sentence_index": [0, 1],
            "sentence": ["own words", "a quotation"],
            "loaded_score": [0.3, 0.9],
            "voice": ["outlet", "quoted"],
        }
    )
    out = classroom.most_slanted_sentences(make_lesson(), sentences)
    assert out["sentence"].tolist() == ["own words"]
    cues = pd.DataFrame(
        {
            "id": ["b1", "b1"],
            "field": ["text", "text"],
            "start": [4, 20],
            "end": [15, 28],
            "phrase": ["warmongers", "reckless"],
            "category": ["delegitimising_label", "delegitimising_label"],
            "source": ["lexicon", "lexicon"],
            "weight": [0.9, 0.5],
            "rationale": ["Insults", "Insults"],
            "voice": ["scare", "quoted"],
        }
    )
    # scare quotes are the outlet's own distancing; a quoted cue is someone else's
    assert classroom.classroom_cues(cues, ["b1"])["phrase"].tolist() == ["warmongers"]
