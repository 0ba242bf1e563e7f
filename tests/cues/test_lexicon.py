"""The built-in lexicon's US and European politics entries: what they find and leave alone."""

from __future__ import annotations

import pytest

from framing.cues.lexicon import builtin_lexicon
from framing.cues.match import LexiconMatcher


@pytest.fixture(scope="module")
def matcher() -> LexiconMatcher:
    return LexiconMatcher().fit()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The radical left wants the rule scrapped.", "radical left"),
        ("A far-right party won seats.", "far-right"),
        ("Another RINO voted no.", "RINO"),
        ("The woke mob came for him.", "woke mob"),
        ("He called for amnesty for millions.", "amnesty"),
        ("Repeal the death tax, he said.", "death tax"),
        ("These job-killing rules hurt.", "job-killing"),
        ("She slammed the bill on Tuesday.", "slammed"),
        ("The senator lashed out at reporters.", "lashed out"),
        ("They rammed the bill through the Senate.", "rammed"),
        ("The governor caved to pressure.", "caved to"),
        ("He was hawking the allegation for months.", "hawking"),
        ("Critics smeared the nominee.", "smeared"),
        ("He flip-flopped on trade.", "flip-flopped"),
        ("The ultra-conservative judge ruled.", "ultra-conservative"),
        ("Surprise, surprise, the deal collapsed.", "Surprise, surprise"),
        ("Police gunned down a man.", "gunned down"),
        ("The plan is cruel.", "cruel"),
        ("The market meltdown went on.", "meltdown"),
        ("It was yet another delay.", "yet another"),
        ("The remoaners lost again.", "remoaners"),
        ("Unelected bureaucrats in Brussels decided.", "Unelected bureaucrats"),
        ("Tax cuts for the job creators.", "job creators"),
        ("Gun grabbers want your rifle.", "Gun grabbers"),
    ],
)
def test_lexicon_politics_entries_find_loaded_wording(matcher, text, expected) -> None:
    found = [text[a:b] for a, b, _ in matcher.find(text)]
    assert expected in found


@pytest.mark.parametrize(
    "text",
    [
        "Amnesty International published a report.",
        "She had a Pap smear last year.",
        "The job includes fringe benefits.",
        "He was admitted to hospital on Friday.",
        "Stephen Hawking died in 2018.",
        "The ban on cruel and unusual punishment applies.",
        "A nuclear meltdown at the plant was feared.",
        "He woke up at six.",
        "Senator Smith, far right, listens.",
        "The price was one shilling.",
        "Take a hard right turn at the lights.",
        "The door slammed shut.",
        "The car slammed into a tree.",
        "Toxic chemicals leaked from the tank.",
        "An inflammatory disease of the joints.",
        "An incendiary device exploded.",
        "A failed state in the region.",
        "The explosive device was defused.",
        "The Democratic Party met on Monday.",
    ],
)
def test_lexicon_politics_entries_leave_neutral_senses_alone(matcher, text) -> None:
    assert [(text[a:b], c.key) for a, b, c in matcher.find(text)] == []


def test_lexicon_every_new_entry_names_a_neutral_alternative() -> None:
    lex = builtin_lexicon()
    assert lex.version == "1.1.0"
    start = next(k for k, c in enumerate(lex.cues) if c.phrase == "radical left")
    new = lex.cues[start:]
    assert len(new) >= 150
    assert all("Neutral:" in c.rationale for c in new)
