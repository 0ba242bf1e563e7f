"""Hand-made articles and stored tables of one event (7, naval drills), shared by
the classroom, quiz and handout tests."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from framing.reports.classroom import Lesson, build_lesson

OUTLETS = ["Alpha Times", "Bravo Wire", "Charlie Daily", "Delta Post", "Echo News"]
# Analysis terms a student must never read.
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


@pytest.fixture
def outlets() -> list[str]:
    """Every outlet of the corpus; only the first three cover event 7."""
    return list(OUTLETS)


@pytest.fixture
def jargon() -> tuple[str, ...]:
    """Analysis terms that must not appear in anything shown to students."""
    return JARGON


@pytest.fixture
def drill_articles() -> pd.DataFrame:
    """The four articles of event 7 (three outlets), with full text."""
    return _articles()


@pytest.fixture
def make_lesson() -> Callable[..., Lesson]:
    """Build the lesson of event 7 from the shared tables.

    Keyword arguments: ``articles`` (default: the shared articles), ``label``,
    and anything else ``build_lesson`` takes (``cues``, ``n_items``, ...).
    """

    def make(
        *, articles: pd.DataFrame | None = None, label: str = "Naval drills · Bravo Wire", **kw
    ) -> Lesson:
        return build_lesson(
            7,
            _articles() if articles is None else articles,
            label=label,
            all_outlets=OUTLETS,
            alignment=_alignment(),
            contrast=_contrast(),
            **kw,
        )

    return make
