"""framing.referents.chunk: names, titles, noun phrases, actions and noise, with exact offsets."""

from __future__ import annotations

from framing.referents.chunk import chunks, label_norm, verb_stem
from framing.tagging import tokens


def _found(text: str) -> dict[str, object]:
    out = {}
    for c in chunks(tokens(text)):
        assert c.end > c.start
        out[text[c.start : c.end]] = c
    return out


def test_chunk_name_chains_and_titles() -> None:
    text = "North Korean leader Kim Jong Un met Mr. Kim's aides. President Trump left."
    found = _found(text)
    kim = found["Kim Jong Un"]
    assert kim.shape == "name" and kim.name == ("kim", "jong", "un") and not kim.titled
    # the descriptor is apposed to the name
    descriptor = found["North Korean leader"]
    assert descriptor.shape == "np" and descriptor.head == "leader"
    listed = chunks(tokens(text))
    assert listed[kim.link] == descriptor
    mr = found["Mr. Kim"]
    assert mr.titled and mr.name == ("kim",)
    trump = found["President Trump"]
    assert trump.titled and trump.name == ("trump",) and trump.norm == "president trump"
    # the possessor ends before its 's; the owned phrase keeps it
    assert "Mr. Kim's aides" in found and found["Mr. Kim's aides"].head == "aide"


def test_chunk_apposition_after_a_name() -> None:
    text = "Kim Jong Un, the North Korean leader, spoke."
    listed = chunks(tokens(text))
    by_text = {text[c.start : c.end]: n for n, c in enumerate(listed)}
    assert listed[by_text["North Korean leader"]].link == by_text["Kim Jong Un"]


def test_chunk_actions() -> None:
    text = "The regime fired missiles and troops staged drills. Migrants crossed the border."
    found = _found(text)
    for phrase, stem in (
        ("fired missiles", "fir missile"),
        ("staged drills", "stag drill"),
        ("crossed the border", "cross border"),
    ):
        assert found[phrase].shape == "action" and found[phrase].head == stem
    # the objects are mentions too
    assert {"missiles", "drills", "border"} <= found.keys()
    assert found["crossed the border"].norm == "cross border"
    # participles that open a phrase are adjectives, a tense is not
    found = _found("They held combined air drills. Officials said he was shot by police.")
    assert found["combined air drills"].shape == "np"
    assert "was shot" not in found


def test_chunk_noise_is_dropped() -> None:
    text = (
        "The issue, according to reports, was raised by Mr. Smith's office, he said on Tuesday. "
        "It reportedly cost 30 million dollars in 2019."
    )
    found = _found(text)
    for noise in ("issue", "reports", "according", "reportedly", "Mr.", "Tuesday", "2019", "It"):
        assert noise not in found, noise
    # reporting verbs are no actions
    assert not any(c.shape == "action" and c.head.startswith("said") for c in found.values())
    assert not any(k.startswith("said") for k in found)


def test_chunk_of_phrases_and_amounts() -> None:
    text = "A caravan of migrants arrived. Dozens of soldiers waited."
    found = _found(text)
    assert found["caravan of migrants"].head == "caravan"
    assert "migrants" in found and "soldiers" in found
    assert not any(k.startswith("Dozens") for k in found)


def test_chunk_norms() -> None:
    assert label_norm(["the", "illegal", "aliens"]) == "illegal alien"
    assert label_norm(["Texas"]) == "texas"
    assert label_norm(["U.S.", "troops"]) == "us troop"
    assert verb_stem("fired") == verb_stem("fires") == verb_stem("firing") == "fir"


def test_chunk_descriptors_are_person_words_only() -> None:
    text = "Officials told MPs Masood was known. The Westminster terrorist Khalid Masood drove."
    listed = chunks(tokens(text))
    by_text = {text[c.start : c.end]: c for c in listed}
    assert by_text["Masood"].link == -1  # "MPs" describes no one
    masood = by_text["Khalid Masood"]
    assert listed[masood.link].head == "terrorist"
