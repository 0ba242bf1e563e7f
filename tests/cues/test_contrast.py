from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framing.cues.contrast import ContrastivePhrases, candidate_phrases, log_odds_dirichlet


def test_cues_contrast_log_odds_matches_hand_computation() -> None:
    a = np.array([10.0, 0.0, 5.0])
    b = np.array([2.0, 8.0, 5.0])
    prior = np.array([1.0, 1.0, 2.0])
    delta, z = log_odds_dirichlet(a, b, prior)
    # term 0: n_a = 15, n_b = 15, a0 = 4
    d0 = math.log(11 / (15 + 4 - 11)) - math.log(3 / (15 + 4 - 3))
    assert delta[0] == pytest.approx(d0)
    assert z[0] == pytest.approx(d0 / math.sqrt(1 / 11 + 1 / 3))
    # term 2 is used equally: zero log-odds
    assert delta[2] == pytest.approx(0.0)
    assert z[1] < 0 < z[0]


def test_cues_contrast_log_odds_rejects_bad_prior() -> None:
    with pytest.raises(ValueError, match="positive"):
        log_odds_dirichlet(np.array([1.0]), np.array([1.0]), np.array([0.0]))


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "The war games of allies",
            ["war games", "war", "games", "allies", "war games of allies"],
            ["the war", "of allies", "the"],
        ),
        ("U.S. forces fired", ["u.s. forces", "u.s.", "forces fired"], ["u", "s"]),
    ],
)
def test_cues_contrast_candidates_are_bounded_by_content_words(text, present, absent):
    phrases = set(candidate_phrases(text))
    assert set(present) <= phrases
    assert not set(absent) & phrases


def test_cues_contrast_finds_each_outlets_own_wording() -> None:
    arts = pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B", "C", "C"],
            "event_id": [0, 1, 0, 1, 0, 1],
            "title": ["t"] * 6,
            "text": [
                "The war games began. More war games today.",
                "War games again, the war games never stop.",
                "Joint exercises began. The joint exercises continue.",
                "Joint exercises ended after joint exercises.",
                "Drills began near the coast. Drills continue.",
                "Drills ended near the coast.",
            ],
        }
    )
    table = ContrastivePhrases(min_count=2, z_min=1.0).fit(arts).table_
    overall = table[table["event_id"] == -1]
    top = overall.sort_values("z", ascending=False).groupby("outlet").head(1)
    assert dict(zip(top["outlet"], top["phrase"], strict=True)) == {
        "A": "war games",
        "B": "joint exercises",
        "C": "drills",
    }
    row = overall[(overall["outlet"] == "A") & (overall["phrase"] == "war games")].iloc[0]
    assert row["count"] == 4 and row["other_count"] == 0
    # "games" alone has the same count as "war games": dropped as redundant
    assert "games" not in set(overall[overall["outlet"] == "A"]["phrase"])
