"""framing.reports.phrases: whole wordings, never fragments; related wordings."""

from __future__ import annotations

import pytest

from framing.reports import phrases


def _grow(sentence: str, fragment: str) -> str | None:
    start = sentence.lower().index(fragment)
    return phrases.whole_wording(sentence, start, start + len(fragment))


@pytest.mark.parametrize(
    ("sentence", "fragment", "whole"),
    [
        ("The United States and South Korea began drills.", "states and south",
         "United States and South Korea"),
        ("An official of the ruling party spoke.", "official of the ruling",
         "official of the ruling party"),
        ("He met the U.S. State Department envoy.", "u.s. state", "U.S. State Department"),
        ("The warmongers staged reckless war games again.", "war games", "war games"),
        ("It was, they said, a show of strength.", "show of strength", "show of strength"),
        ("The warmongers staged reckless war games again.", "warmongers", "warmongers"),
    ],
)  # fmt: skip
def test_reports_phrases_grow_fragments_to_the_whole_wording(
    sentence: str, fragment: str, whole: str
) -> None:
    assert _grow(sentence, fragment) == whole


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("Drills began on Monday, a show of force.", "monday, a show"),  # across a comma
        ("They said that it was over.", "said that"),  # function words only
    ],
)
def test_reports_phrases_refuse_what_is_no_phrase(sentence: str, fragment: str) -> None:
    assert _grow(sentence, fragment) is None


def test_reports_phrases_whole_wording_never_starts_or_ends_with_a_function_word() -> None:
    sentence = "The drills of the navy were held in the bay."
    assert _grow(sentence, "the drills of the") == "drills of the navy"


def test_reports_phrases_related_share_a_word_or_stem() -> None:
    assert phrases.related("provocative war", "provocation")
    assert phrases.related("war games", "a war")
    assert phrases.related("naval drills", "drilling")
    assert not phrases.related("war games", "joint exercises")
    assert not phrases.related("of the", "in the")  # function words are no link
