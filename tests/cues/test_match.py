from __future__ import annotations

import pytest

from framing.cues.lexicon import Cue, load_lexicon, parse_lexicon, with_cue
from framing.cues.match import LexiconMatcher, inflections, phrase_pattern
from framing.devtools.synthetic import generate_corpus
from framing.errors import ConfigError

MINI = """
version = "t1"
[categories.aggression]
label = "Aggression"
[categories.hedge]
label = "Hedge"
[[cue]]
phrase = "muscle-flexing"
category = "aggression"
weight = 0.8
rationale = "r"
[[cue]]
phrase = "flex (its|their) muscles"
category = "aggression"
weight = 0.8
rationale = "r"
[[cue]]
phrase = "war games"
category = "aggression"
weight = 0.7
rationale = "r"
[[cue]]
phrase = "claim"
category = "hedge"
weight = 0.3
rationale = "r"
[[cue]]
phrase = "state media claimed"
category = "hedge"
weight = 0.5
rationale = "r"
inflect = false
"""


@pytest.fixture
def matcher() -> LexiconMatcher:
    return LexiconMatcher(parse_lexicon(MINI, "mini")).fit()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Its muscle-flexing worried Seoul.", ["muscle-flexing"]),
        ("Its muscle flexing worried Seoul.", ["muscle flexing"]),
        ("MUSCLE-FLEXING again", ["MUSCLE-FLEXING"]),
        ("Beijing flexed its muscles.", ["flexed its muscles"]),
        ("They were flexing their\nmuscles.", ["flexing their\nmuscles"]),
        ("The war-games began.", ["war-games"]),
        ("New war  games began.", ["war  games"]),
        ("wargames are not the same word", []),
        ("The ministry claims victory; it claimed more.", ["claims", "claimed"]),
        ("She exclaimed loudly.", []),
    ],
)
def test_cues_match_handles_case_hyphens_spacing_and_inflection(matcher, text, expected):
    found = [text[s:e] for s, e, _ in matcher.find(text)]
    assert found == expected


def test_cues_match_prefers_the_longer_cue_of_one_category(matcher) -> None:
    text = "State media claimed a victory."
    hits = matcher.find(text)
    assert [(text[s:e], c.category) for s, e, c in hits] == [("State media claimed", "hedge")]


def test_cues_match_builtin_lexicon_catches_the_card_examples() -> None:
    m = LexiconMatcher().fit()
    text = (
        "The so-called war games, which Pyongyang calls practice drills to invade, "
        "were pure muscle-flexing."
    )
    found = {text[s:e].lower() for s, e, _ in m.find(text)}
    assert {"war games", "practice drills to invade", "muscle-flexing"} <= found


def test_cues_match_transform_gives_exact_spans_for_titles_and_texts() -> None:
    import pandas as pd

    m = LexiconMatcher().fit()
    arts = pd.DataFrame(
        {"id": ["a"], "title": ["Reckless war games"], "text": ["The regime’s “provocation”."]}
    )
    cues = m.transform(arts)
    assert set(cues["field"]) == {"title", "text"}
    for row in cues.itertuples():
        value = arts.loc[0, row.field]
        assert value[row.start : row.end] == row.phrase


def test_cues_match_inflections_include_respellings() -> None:
    forms = inflections("neutralise")
    assert {"neutralize", "neutralised", "neutralizing"} <= set(forms)
    assert {"drill", "drills", "drilling"} <= set(inflections("drills"))


def test_cues_match_optional_word_syntax() -> None:
    import re

    pattern = re.compile(phrase_pattern("so-called [the] regime"), re.I)
    assert pattern.search("the so-called regime")
    assert pattern.search("so called the regime")


def test_cues_lexicon_user_file_extends_overrides_and_disables(tmp_path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text(
        'version = "u1"\n'
        '[[cue]]\nphrase = "war games"\ncategory = "aggression_attribution"\n'
        'weight = 0.1\nrationale = "mine"\n'
        '[[cue]]\nphrase = "muscle-flexing"\ncategory = "aggression_attribution"\n'
        'weight = 0.5\nrationale = "off"\ndisabled = true\n'
        '[[cue]]\nphrase = "sabre dance"\ncategory = "intensity_escalation"\n'
        'weight = 0.4\nrationale = "new"\n'
    )
    builtin = load_lexicon()
    lex = load_lexicon(user)
    table = lex.frame().set_index("key")
    assert table.loc["war games", "weight"] == 0.1
    assert bool(table.loc["muscle-flexing", "disabled"])
    assert "sabre dance" in table.index
    assert len(lex.cues) == len(builtin.cues) + 1
    found = [c.phrase for _, _, c in LexiconMatcher(lex).fit().find("muscle-flexing, sabre dance")]
    assert found == ["sabre dance"]
    # the built-in lexicon is unchanged
    assert load_lexicon().frame().set_index("key").loc["war games", "weight"] != 0.1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[cue]]\nphrase = "x"\ncategory = "nope"\nweight = 0.5\nrationale = "r"\n',
            "not declared",
        ),
        (
            '[[cue]]\nphrase = "x"\ncategory = "aggression"\nweight = 3\nrationale = "r"\n',
            "outside 0 to 1",
        ),
        (
            '[[cue]]\ncategory = "aggression"\nweight = 0.5\nrationale = "r"\n',
            "exactly one of 'phrase' or 'regex'",
        ),
        (
            '[[cue]]\nregex = "(unclosed"\ncategory = "aggression"\nweight = 0.5\n'
            'rationale = "r"\n',
            "does not compile",
        ),
        (
            '[[cue]]\nphrase = "x"\ncategory = "aggression"\nweight = 0.5\nrationale = "r"\n'
            'direction = "sideways"\n',
            "direction 'sideways'",
        ),
        ("[[cue]\n", "not valid TOML"),
    ],
)
def test_cues_lexicon_invalid_entries_are_refused_with_location(body, message) -> None:
    text = 'version = "t"\n[categories.aggression]\nlabel = "A"\n' + body
    with pytest.raises(ConfigError, match=message):
        parse_lexicon(text, "bad.toml")


def test_cues_lexicon_round_trips_through_toml() -> None:
    lex = load_lexicon()
    again = parse_lexicon(lex.to_toml(), "roundtrip")
    assert again.frame().drop(columns="origin").equals(lex.frame().drop(columns="origin"))


def test_cues_lexicon_with_cue_adds_and_replaces() -> None:
    lex = parse_lexicon(MINI, "mini")
    cue = Cue(phrase="war games", category="aggression", weight=0.2, rationale="edited")
    edited = with_cue(lex, cue)
    assert edited.frame().set_index("key").loc["war games", "weight"] == 0.2
    assert len(edited.cues) == len(lex.cues)


def _forms_text(cue) -> str:
    """Sentences that use every inflected, respelled, hyphen- and case-varied form of a cue."""
    import re as _re

    words = _re.sub(r"[\[\]()]", " ", cue.phrase).replace("|", " ").split()
    variants = []
    for w in words:
        variants.extend(inflections(w.lower().split("-")[0]))
    phrase = cue.phrase.replace("[", "").replace("]", "")
    phrase = _re.sub(r"\(([^|)]+)[^)]*\)", r"\1", phrase)
    return (
        f"They said {phrase}. {phrase.upper()} again; {phrase.title()}! "
        f"{phrase.replace(' ', '-')} and {' '.join(variants)}."
    )


def test_cues_match_trigger_prefilter_never_changes_matches() -> None:
    """The trigger index must be a pure speed-up: the same hits as scanning the
    whole text with every cue (cues without triggers are scanned)."""
    fast = LexiconMatcher().fit()
    slow = LexiconMatcher().fit()
    slow.triggers_ = [None] * len(slow.triggers_)
    texts = [_forms_text(cue) for cue in fast.lexicon_.active if cue.phrase]
    texts.append("The colour of the DEFENCE budget: war-games, muscle flexing, provocations.")
    # one cue used again and again, respaced and hyphenated
    texts.append("war games games war war-games war  games, WAR\ngames")
    articles = generate_corpus(40, random_state=5)
    texts += articles["text"].tolist() + articles["title"].tolist()
    n_hits = 0
    for text in texts:
        got = fast.find(text)
        assert got == slow.find(text), text
        n_hits += len(got)
    assert n_hits > len(texts)  # the texts really exercise the cues
    assert sum(t is not None for t in fast.triggers_) > 0.9 * len(fast.triggers_)
