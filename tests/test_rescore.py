"""Unit tests for framing.rescore: lexicon edits kept in the store, and re-scoring."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest

from framing.config import Settings
from framing.cues.edits import (
    EDITS_ORIGIN,
    add_cue,
    new_category,
    no_edits,
    set_disabled,
)
from framing.cues.lexicon import Cue, builtin_lexicon
from framing.embed import HashingEmbedder
from framing.errors import ConfigError
from framing.ingest import read_uploads
from framing.pipeline import load_analysis
from framing.rescore import effective_lexicon, load_edits, rescore, save_edits
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


def test_rescore_stored_edits_that_no_longer_apply_raise(store):
    store.save_user_lexicon("[[cue]]\nphrase = 'x'\ncategory = 'gone'\n")
    with pytest.raises(ConfigError, match="gone"):
        effective_lexicon(store)
