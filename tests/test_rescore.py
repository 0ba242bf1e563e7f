"""Unit tests for framing.rescore: lexicon edits kept in the store, and re-scoring."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from framing.config import Settings
from framing.cues.lexicon import Category, Cue, builtin_lexicon
from framing.embed import HashingEmbedder
from framing.errors import ConfigError
from framing.ingest import read_uploads
from framing.pipeline import load_analysis
from framing.rescore import (
    EDITS_ORIGIN,
    add_cue,
    category_key,
    edit_category,
    edit_cue,
    effective_lexicon,
    load_edits,
    merge,
    minimal,
    new_category,
    no_edits,
    parse_edits,
    rescore,
    revert_cue,
    save_edits,
    set_disabled,
)
from framing.store import Store

CSV = (
    b"outlet,title,text\n"
    b"Daily,Harbour talks,The council showed a fortress mentality at the harbour talks. "
    b"The regime claimed the port was safe.\n"
    b"Herald,Harbour talks resume,Officials resumed harbour talks on Monday. "
    b"A massive crowd gathered outside.\n"
    b"Post,Port deal,Negotiators reached a port deal after the talks.\n"
)
NEW = Cue("fortress mentality", "militarisation_threat", 0.7, "Casts caution as siege.")


def _builtin_digest() -> str:
    data = resources.files("framing.cues").joinpath("data/lexicon.toml").read_bytes()
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.sqlite3") as s:
        s.save_articles("harbour", read_uploads([("harbour.csv", CSV)]))
        yield s


@pytest.fixture
def base():
    return builtin_lexicon()


def _lexicon_cues(store: Store, corpus: str = "harbour"):
    cues = load_analysis(corpus, store).tables["cues"]
    return cues[cues["source"] == "lexicon"]


# -- rescoring -------------------------------------------------------------------------


def test_rescore_finds_a_newly_added_phrase(store, base):
    settings = Settings()
    rescore("harbour", store, settings, embedder=HashingEmbedder())
    assert "fortress mentality" not in set(_lexicon_cues(store)["phrase"].str.lower())
    digest = _builtin_digest()

    save_edits(store, base, add_cue(base, no_edits(), NEW))
    analysis = rescore("harbour", store, settings, embedder=HashingEmbedder())

    cues = _lexicon_cues(store)
    hit = cues[cues["phrase"] == "fortress mentality"]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert row["category"] == "militarisation_threat" and row["weight"] == pytest.approx(0.7)
    text = store.articles("harbour").set_index("id").loc[row["id"], "text"]
    assert text[row["start"] : row["end"]] == "fortress mentality"
    assert analysis.tables["cues"].equals(load_analysis("harbour", store).tables["cues"])
    assert _builtin_digest() == digest


def test_rescore_disabled_cue_is_no_longer_found(store, base):
    rescore("harbour", store, Settings(), embedder=HashingEmbedder())
    assert "regime" in set(_lexicon_cues(store)["phrase"].str.lower())
    key = next(c.key for c in base.cues if c.phrase == "regime")

    save_edits(store, base, set_disabled(base, no_edits(), [key], True))
    rescore("harbour", store, Settings(), embedder=HashingEmbedder())

    assert "regime" not in set(_lexicon_cues(store)["phrase"].str.lower())


def test_rescore_explicit_lexicon_wins_over_stored_edits(store, base):
    save_edits(store, base, add_cue(base, no_edits(), NEW))
    rescore("harbour", store, Settings(), base, embedder=HashingEmbedder())
    assert "fortress mentality" not in set(_lexicon_cues(store)["phrase"])


def test_rescore_new_category_reaches_the_cue_table(store, base):
    cat = new_category("Siege talk", "Words that make a meeting sound like a siege.")
    cue = Cue("harbour talks", "", 0.4, "Ordinary, but tracked for the test.")
    save_edits(store, base, add_cue(base, no_edits(), cue, category=cat))
    rescore("harbour", store, Settings(), embedder=HashingEmbedder())
    cues = _lexicon_cues(store)
    assert set(cues.loc[cues["category"] == "siege_talk", "phrase"].str.lower()) == {
        "harbour talks"
    }
    assert effective_lexicon(store).categories["siege_talk"].label == "Siege talk"


# -- edits ---------------------------------------------------------------------------------


def test_rescore_edits_roundtrip_through_the_store(store, base):
    edits = add_cue(base, no_edits(), NEW)
    stored = save_edits(store, base, edits)
    again = load_edits(store)
    assert [c.key for c in again.cues] == ["fortress mentality"]
    assert again.cues[0].origin == EDITS_ORIGIN
    assert stored.to_toml() == again.to_toml()
    lex = effective_lexicon(store)
    assert len(lex.cues) == len(base.cues) + 1
    assert lex.version.endswith("+dashboard")


def test_rescore_no_edits_means_the_base_lexicon(store, base):
    assert load_edits(store).cues == ()
    assert effective_lexicon(store).to_toml() == base.to_toml()
    save_edits(store, base, no_edits())
    assert store.user_lexicon() is None


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
def test_rescore_add_cue_rejects_bad_cues(base, cue, match):
    with pytest.raises(ConfigError, match=match):
        add_cue(base, no_edits(), cue)


def test_rescore_add_cue_rejects_an_existing_category(base):
    cat = new_category("Hedging: distancing", "Doubt words.")
    assert cat.key == "hedging_distancing"
    with pytest.raises(ConfigError, match="already exists"):
        add_cue(base, no_edits(), NEW, category=cat)


@pytest.mark.parametrize(
    ("label", "key"),
    [("Economic threat", "economic_threat"), ("  Über-Talk! 2 ", "uber_talk_2"), ("  ", "")],
)
def test_rescore_category_key_from_label(label, key):
    assert category_key(label) == key


def test_rescore_category_key_for_a_label_without_latin_letters():
    key = category_key("위협")
    assert key.startswith("user_") and key == category_key("위협") != category_key("위기")


@pytest.mark.parametrize(("label", "explain"), [(" ", "Plain words."), ("Siege", "  ")])
def test_rescore_new_category_needs_a_name_and_an_explanation(label, explain):
    with pytest.raises(ConfigError):
        new_category(label, explain)


def test_rescore_edit_cue_changing_wording_switches_the_builtin_off(base):
    old = next(c for c in base.cues if c.phrase == "regime")
    new = replace(old, phrase="ruling clique", weight=0.9)
    edits = edit_cue(base, no_edits(), old.key, new)
    lex = merge(base, edits)
    by_key = {c.key: c for c in lex.cues}
    assert by_key["regime"].disabled
    assert by_key["ruling clique"].weight == 0.9 and not by_key["ruling clique"].disabled

    back = revert_cue(base, revert_cue(base, edits, "ruling clique"), "regime")
    assert back.cues == ()


def test_rescore_edit_cue_onto_another_cues_wording_is_refused(base):
    old = next(c for c in base.cues if c.phrase == "regime")
    with pytest.raises(ConfigError, match="already another cue"):
        edit_cue(base, no_edits(), old.key, replace(old, phrase="arsenal"))
    with pytest.raises(ConfigError, match="no cue"):
        edit_cue(base, no_edits(), "not-a-cue", old)


def test_rescore_enable_after_disable_leaves_no_edit(base):
    key = base.cues[0].key
    off = set_disabled(base, no_edits(), [key], True)
    assert [c.key for c in off.cues] == [key] and off.cues[0].disabled
    assert set_disabled(base, off, [key], False).cues == ()
    with pytest.raises(ConfigError, match="no cue"):
        set_disabled(base, off, ["not-a-cue"], True)


def test_rescore_uploaded_full_lexicon_reduces_to_the_changes(base):
    full = merge(base, add_cue(base, no_edits(), NEW)).to_toml()
    edits = minimal(base, parse_edits(full, "upload.toml"))
    assert [c.key for c in edits.cues] == ["fortress mentality"]
    assert edits.categories == {}


def test_rescore_edit_category_changes_the_label_only(base):
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
def test_rescore_parse_edits_locates_errors(text, match):
    with pytest.raises(ConfigError, match=match) as info:
        parse_edits(text, "mine.toml")
    assert "mine.toml" in str(info.value)


def test_rescore_stored_edits_that_no_longer_apply_raise(store):
    store.save_user_lexicon("[[cue]]\nphrase = 'x'\ncategory = 'gone'\n")
    with pytest.raises(ConfigError, match="gone"):
        effective_lexicon(store)
