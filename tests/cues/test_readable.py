"""framing.cues.readable: plain forms of cue wordings and examples they match."""

from __future__ import annotations

import re

import pytest

from framing.cues.lexicon import Cue, load_lexicon
from framing.cues.match import compile_cue
from framing.cues.readable import examples, readable


def cue(phrase: str = "", regex: str = "") -> Cue:
    return Cue(phrase=phrase, category="loaded", weight=0.5, rationale="", regex=regex)


@pytest.mark.parametrize(
    ("wording", "plain"),
    [
        ("war games", "war games"),
        (
            "puppet (military|army|authorities|government)",
            "puppet + military / army / authorities / government",
        ),
        ("[so-called] (regime|junta)", "so-called (optional) + regime / junta"),
    ],
)
def test_phrases_read_plainly(wording: str, plain: str) -> None:
    assert readable(cue(wording)) == plain


@pytest.mark.parametrize(
    ("regex", "plain"),
    [
        (r"\bpuppet (military|army)\b", "puppet military / army"),
        (r"(?<!\w)regimes?(?!\w)", "regime(s)"),
        (r"\b(war ?games?)\b", "war game(s)"),
        (r"[A-Z]\w+ regime", "a pattern (regular expression): see the examples"),
    ],
)
def test_regexes_made_of_words_read_plainly_and_others_say_so(regex: str, plain: str) -> None:
    assert readable(cue(regex=regex)) == plain


def test_phrase_examples_take_each_alternative_and_are_matched() -> None:
    c = cue("puppet (military|army|authorities|government)")
    found = examples(c, n=4)
    assert found == ["puppet military", "puppet army", "puppet authorities", "puppet government"]
    assert examples(cue("[so-called] regime"), n=3) == ["regime", "so-called regime", "regimes"]


def test_regex_examples_are_what_the_pattern_matches() -> None:
    c = cue(regex=r"(?<=\w )“[a-z]+”(?=[ .,])")
    found = examples(c)
    assert found and all(f.startswith("“") and f.endswith("”") for f in found)
    for f in found:  # the lookarounds' text is around the example, not in it
        assert compile_cue(c).search(f"a {f}.").group(0) == f
    assert examples(cue(regex=r"[A-Z]\w+ regime"))[0].endswith(" regime")


def test_every_builtin_cue_has_a_plain_form_and_matched_examples() -> None:
    for c in load_lexicon().cues:
        assert readable(c)
        found = examples(c)
        assert found, c.key
        pattern = compile_cue(c)
        if c.regex and re.search(r"\(\?<?[=!]", c.regex):
            continue  # a lookaround's context is checked where examples() made it
        # in a sentence (a lookbehind may want a word before it), each is matched whole
        assert all(pattern.search(f"word {f} ").group(0) == f for f in found), c.key
        if not c.regex:
            assert "(" not in readable(c).replace("(optional)", ""), c.key
