"""Classroom mode: a guided media-literacy lesson built from a stored analysis.

The lesson hides outlet names behind letters ("Outlet A", "Outlet B", ...,
``framing.reports.anonymise``), asks the class which outlet used a wording
(``framing.reports.quiz``) and how slanted each version reads, then scores the
guesses. Everything here is plain data in, plain data out; the dashboard page
only draws it. ``framing.reports.handout`` writes a printable, offline
handout for one lesson.

Wording in this module's output is meant for students: no analysis terms.

The lesson reads each outlet's own voice: the wording it is asked about, the
marked cues and the most slanted sentences leave out what the outlet only
quotes (the stored ``voice`` columns, ``framing.cues.voice``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from framing.cues.lexicon import Category
from framing.reports.anonymise import letter_order, outlet_letters
from framing.reports.highlight import EXTRA_CATEGORIES
from framing.reports.mask import mask_text, mask_title
from framing.reports.quiz import QuizItem, quiz_items


@dataclass(frozen=True)
class Lesson:
    """Everything one classroom round needs for one event.

    Attributes:
        event_id: the event.
        label: the event's label with outlet names hidden.
        letters: real outlet name -> ``"Outlet A"`` style name.
        articles: one row per article: ``letter, outlet, id, title, text,
            anon_title, anon_text`` (``anon_*`` masked: ``framing.reports.mask``),
            sorted by letter.
        items: the wording quiz (may be empty).
    """

    event_id: int
    label: str
    letters: dict[str, str]
    articles: pd.DataFrame
    items: tuple[QuizItem, ...]

    @property
    def choices(self) -> list[str]:
        """The anonymous outlet names in order (``Outlet A``, ``Outlet B``, ...)."""
        return sorted(self.letters.values(), key=letter_order)

    def outlet_of(self, letter: str) -> str:
        """The real outlet behind an anonymous name."""
        return {v: k for k, v in self.letters.items()}[letter]


def eligible_events(
    articles: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    hide: Iterable[str] = (),
) -> pd.DataFrame:
    """Events covered by at least two outlets, the only ones a lesson can compare.

    Args:
        articles: analysed articles (``id, outlet, event_id``), already filtered.
        events: the events table, for labels (optional).
        hide: outlet names to mask in the labels (``framing.reports.mask``).

    Returns:
        ``event_id, label, n_outlets, n_articles``, most outlets first.
    """
    cols = ["event_id", "label", "n_outlets", "n_articles"]
    if articles is None or articles.empty:
        return pd.DataFrame(columns=cols)
    grouped = (
        articles[articles["event_id"] >= 0]
        .groupby("event_id")
        .agg(n_outlets=("outlet", "nunique"), n_articles=("id", "size"))
        .reset_index()
    )
    grouped = grouped[grouped["n_outlets"] >= 2]
    labels = {}
    if events is not None and not events.empty and "label" in events:
        labels = dict(zip(events["event_id"], events["label"], strict=False))
    hide = tuple(hide)
    grouped["label"] = [
        mask_text(str(labels.get(e, f"Story {e}")), {}, hide) for e in grouped["event_id"]
    ]
    grouped = grouped.sort_values(["n_outlets", "event_id"], ascending=[False, True])
    return grouped[cols].reset_index(drop=True)


def build_lesson(
    event_id: int,
    articles: pd.DataFrame,
    *,
    label: str = "",
    all_outlets: Sequence[str] = (),
    alignment: pd.DataFrame | None = None,
    contrast: pd.DataFrame | None = None,
    cues: pd.DataFrame | None = None,
    voices: pd.DataFrame | None = None,
    n_items: int = 6,
    salt: str = "",
) -> Lesson:
    """One lesson for one event.

    Args:
        event_id: the event.
        articles: the event's articles with full text: ``id, outlet, title, text``.
        label: the event's label (outlet names in it get hidden).
        all_outlets: every outlet of the corpus: their names are hidden in the
            text too (an outlet outside the event becomes "another outlet").
        alignment, contrast, cues, voices: stored tables (see ``quiz_items``).
        n_items: size of the wording quiz.
        salt: extra seed for the letters and the quiz order.
    """
    letters = outlet_letters(articles["outlet"], event_id, salt=salt)
    arts = articles[["id", "outlet", "title", "text"]].copy()
    arts["letter"] = arts["outlet"].map(letters)
    arts["anon_title"] = [mask_title(t, letters, all_outlets) for t in arts["title"]]
    arts["anon_text"] = [mask_text(t, letters, all_outlets) for t in arts["text"]]
    arts["_order"] = arts["letter"].map(letter_order)
    arts = arts.sort_values(["_order", "id"]).drop(columns="_order").reset_index(drop=True)
    items = quiz_items(
        event_id,
        articles,
        letters,
        alignment=alignment,
        contrast=contrast,
        cues=cues,
        voices=voices,
        hidden=all_outlets,
        n_items=n_items,
        salt=salt,
    )
    cols = ["letter", "outlet", "id", "title", "text", "anon_title", "anon_text"]
    return Lesson(int(event_id), mask_text(label, letters, all_outlets), letters, arts[cols], items)


def score_guesses(items: Sequence[QuizItem], guesses: Mapping[int, str | None]) -> pd.DataFrame:
    """Mark the class's guesses.

    Args:
        items: the quiz.
        guesses: question index (0-based) -> the anonymous name picked, or
            ``None`` when the class did not answer.

    Returns:
        ``question, wording, guess, answer, outlet, right`` per item
        (``question`` counts from 1; an unanswered question is not right).
    """
    rows = []
    for i, item in enumerate(items):
        guess = guesses.get(i)
        rows.append(
            {
                "question": i + 1,
                "wording": item.wording,
                "guess": guess or "",
                "answer": item.letter,
                "outlet": item.outlet,
                "right": guess == item.letter,
            }
        )
    return pd.DataFrame(
        rows, columns=["question", "wording", "guess", "answer", "outlet", "right"]
    ).astype({"right": bool})


def slant_ratings(
    lesson: Lesson,
    ratings: Mapping[str, float | None],
    outlet_scores: pd.DataFrame | None,
) -> pd.DataFrame:
    """The class's 1-5 slant rating beside the computer's, per outlet.

    The computer's rating is the stored mean loaded-wording score of the
    outlet's sentences in this event (0 to 1), also put on the class's scale
    as ``1 + 4 * score``.

    Returns:
        ``letter, outlet, class_rating, computer_score, computer_rating``
        (computer columns are NaN when the corpus has no such scores).
    """
    scores: dict[str, float] = {}
    if outlet_scores is not None and not outlet_scores.empty and "loaded_mean" in outlet_scores:
        rows = outlet_scores[outlet_scores["event_id"] == lesson.event_id]
        scores = dict(zip(rows["outlet"], rows["loaded_mean"].astype(float), strict=False))
    out = []
    for letter in lesson.choices:
        outlet = lesson.outlet_of(letter)
        score = scores.get(outlet, float("nan"))
        rating = ratings.get(letter)
        out.append(
            {
                "letter": letter,
                "outlet": outlet,
                "class_rating": float(rating) if rating is not None else float("nan"),
                "computer_score": score,
                "computer_rating": round(1 + 4 * score, 1) if score == score else float("nan"),
            }
        )
    return pd.DataFrame(
        out, columns=["letter", "outlet", "class_rating", "computer_score", "computer_rating"]
    )


def most_slanted_sentences(
    lesson: Lesson, sentences: pd.DataFrame | None, *, per_outlet: int = 3
) -> pd.DataFrame:
    """The sentences behind each outlet's computer rating, most slanted first.

    Only the outlet's own sentences: one mostly inside quotation marks
    (``voice == "quoted"``) is someone else's words, and the rating leaves it out.

    Returns:
        ``letter, outlet, sentence, score`` (``per_outlet`` rows per outlet at most).
    """
    cols = ["letter", "outlet", "sentence", "score"]
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    arts = lesson.articles[["id", "letter", "outlet"]]
    if "voice" in sentences.columns:
        sentences = sentences[sentences["voice"] != "quoted"]
    df = sentences.merge(arts, on="id").rename(columns={"loaded_score": "score"})
    df = df.sort_values(["score", "id", "sentence_index"], ascending=[False, True, True])
    df = df.groupby("outlet", sort=False).head(per_outlet)
    df["_order"] = df["letter"].map(letter_order)
    df = df.sort_values(["_order", "score"], ascending=[True, False], kind="stable")
    return df[cols].reset_index(drop=True)


def classroom_categories(categories: Mapping[str, Category]) -> dict[str, Category]:
    """Category labels for students: the computer-found category gets a plain name."""
    cats = {**EXTRA_CATEGORIES, **dict(categories)}
    if "loaded_wording" in cats:
        cats["loaded_wording"] = replace(cats["loaded_wording"], label="Slanted wording")
    return cats


def classroom_cues(cues: pd.DataFrame | None, article_ids: Iterable[str]) -> pd.DataFrame:
    """The cue spans to highlight at the reveal, with plain-language reasons.

    Keeps the framing cues and the computer-found words of the given articles
    in the outlet's own voice (not inside quotations, and not the "distinctive
    phrase" marks, which would flood the text), and rewrites the computer's
    reason in plain words.
    """
    cols = ["id", "field", "start", "end", "phrase", "category", "source", "weight", "rationale"]
    if cues is None or cues.empty:
        return pd.DataFrame(columns=cols)
    ids = set(article_ids)
    keep = cues["id"].isin(ids) & cues["source"].isin(["lexicon", "model"])
    if "voice" in cues.columns:
        keep &= cues["voice"] != "quoted"
    df = cues[keep].copy()
    model = df["source"] == "model"
    df.loc[model, "rationale"] = (
        "The computer found that the sentence sounds much less slanted without this word."
    )
    return df.reset_index(drop=True)


def categories_present(spans: pd.DataFrame, categories: Mapping[str, Category]) -> list[Category]:
    """The categories that occur in ``spans``, most frequent first."""
    if spans is None or spans.empty:
        return []
    counts = spans["category"].value_counts(sort=False)
    keys = sorted(counts.index, key=lambda k: (-int(counts[k]), str(k)))
    cats = classroom_categories(categories)
    return [cats.get(k, Category(str(k), str(k).replace("_", " ").capitalize())) for k in keys]
