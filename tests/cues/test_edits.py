"""Lexicon edit rules (framing.cues.edits): validation, minimal edits, keys, parsing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from framing.cues.edits import (
    add_cue,
    category_key,
    edit_category,
    edit_cue,
    merge,
    minimal,
    new_category,
    no_edits,
    parse_edits,
    revert_cue,
    set_disabled,
)
from framing.cues.lexicon import Category, Cue, builtin_lexicon
from framing.errors import ConfigError

NEW = Cue("fortress mentality", "militarisation_threat", 0.7, "Casts caution as siege.")


@pytest.fixture
def base():
    return builtin_lexicon()


@pytest.mark.parametrize(
    ("cue", "match"),
    [
        pytest.param(replace(NEW, phrase="regime"), "already in the lexicon", id="duplicate"),
        pytest.param(replace(NEW, phrase="  "), "empty", id="empty"),
        pytest.param(replace(NEW, phrase="", regex="(unclosed"), "cannot be used", id="bad-re"),
        pytest.param(replace(NEW, category="nope"), "nope", id="unknown-category"),
        pytest.param(replace(NEW, weight=1.5), "outside 0 to 1", id="weight"),
        pytest.param(replace(NEW, direction="sideways"), "sideways", id="direction"),
    ],
)
def test_edits_add_cue_rejects_bad_cues(base, cue, match):
    with pytest.raises(ConfigError, match=match):
        add_cue(base, no_edits(), cue)


def test_edits_add_cue_rejects_an_existing_category(base):
    cat = new_category("Hedging: distancing", "Doubt words.")
    assert cat.key == "hedging_distancing"
    with pytest.raises(ConfigError, match="already exists"):
        add_cue(base, no_edits(), NEW, category=cat)


@pytest.mark.parametrize(
    ("label", "key"),
    [("Economic threat", "economic_threat"), ("  Über-Talk! 2 ", "uber_talk_2"), ("  ", "")],
)
def test_edits_category_key_from_label(label, key):
    assert category_key(label) == key


def test_edits_category_key_for_a_label_without_latin_letters():
    key = category_key("위협")
    assert key.startswith("user_") and key == category_key("위협") != category_key("위기")


@pytest.mark.parametrize(("label", "explain"), [(" ", "Plain words."), ("Siege", "  ")])
def test_edits_new_category_needs_a_name_and_an_explanation(label, explain):
    with pytest.raises(ConfigError):
        new_category(label, explain)


def test_edits_edit_cue_changing_wording_switches_the_builtin_off(base):
    old = next(c for c in base.cues if c.phrase == "regime")
    new = replace(old, phrase="ruling clique", weight=0.9)
    edits = edit_cue(base, no_edits(), old.key, new)
    lex = merge(base, edits)
    by_key = {c.key: c for c in lex.cues}
    assert by_key["regime"].disabled
    assert by_key["ruling clique"].weight == 0.9 and not by_key["ruling clique"].disabled

    back = revert_cue(base, revert_cue(base, edits, "ruling clique"), "regime")
    assert back.cues == ()


def test_edits_edit_cue_onto_another_cues_wording_is_refused(base):
    old = next(c for c in base.cues if c.phrase == "regime")
    with pytest.raises(ConfigError, match="already another cue"):
        edit_cue(base, no_edits(), old.key, replace(old, phrase="arsenal"))
    with pytest.raises(ConfigError, match="no cue"):
        edit_cue(base, no_edits(), "not-a-cue", old)


def test_edits_enable_after_disable_leaves_no_edit(base):
    key = base.cues[0].key
    off = set_disabled(base, no_edits(), [key], True)
    assert [c.key for c in off.cues] == [key] and off.cues[0].disabled
    assert set_disabled(base, off, [key], False).cues == ()
    with pytest.raises(ConfigError, match="no cue"):
        set_disabled(base, off, ["not-a-cue"], True)


def test_edits_uploaded_full_lexicon_reduces_to_the_changes(base):
    full = merge(base, add_cue(base, no_edits(), NEW)).to_toml()
    edits = minimal(base, parse_edits(full, "upload.toml"))
    assert [c.key for c in edits.cues] == ["fortress mentality"]
    assert edits.categories == {}


def test_edits_edit_category_changes_the_label_only(base):
    cat = base.categories["hedging_distancing"]
    edits = edit_category(base, no_edits(), replace(cat, label="Doubt"))
    assert merge(base, edits).categories["hedging_distancing"].label == "Doubt"
    assert edit_category(base, edits, cat).categories == {}
    with pytest.raises(ConfigError):
        edit_category(base, no_edits(), Category("nope", "Nope"))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("[[cue]\nphrase = 'x'", "not valid TOML"),
        ("[[cue]]\nphrase = 'x'\ncategory = 'c'\nweight = 3\n", "outside 0 to 1"),
        ("[[cue]]\ncategory = 'c'\n", "exactly one of"),
    ],
)
def test_edits_parse_edits_locates_errors(text, match):
    with pytest.raises(ConfigError, match=match) as info:
        parse_edits(text, "mine.toml")
    assert "mine.toml" in str(info.value)


def test_edits_parse_upload_keeps_only_the_changes_and_refuses_bad_files(base) -> None:
    from framing.cues.edits import parse_upload

    full = merge(base, add_cue(base, no_edits(), NEW)).to_toml().encode("utf-8")
    edits = parse_upload(base, b"\xef\xbb\xbf" + full, "mine.toml")
    assert [c.phrase for c in edits.cues] == ["fortress mentality"]
    with pytest.raises(ConfigError, match=r"\[FRM-L313\] latin.toml: not UTF-8"):
        parse_upload(base, "caf\u00e9".encode("latin-1"), "latin.toml")
    with pytest.raises(ConfigError, match="FRM-L301"):
        parse_upload(base, b"[[cue]\n", "broken.toml")
