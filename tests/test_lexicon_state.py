"""framing.lexicon_state: a lexicon edit marks the sets scored before it as out of date."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.config import Settings
from framing.cues.edits import merge, no_edits, set_disabled
from framing.embed.base import HashingEmbedder
from framing.lexicon_state import lexicon_digest, set_lexicons, stale_sets
from framing.pipeline import analyze, ingest, resolve_lexicon
from framing.rescore import effective_lexicon, load_edits, rescore, save_edits
from framing.store import Store

CSV = (
    "outlet,title,text\n"
    "Daily,Harbour talks,The regime claimed the port was safe after the harbour talks.\n"
    "Herald,Harbour talks resume,Officials resumed harbour talks on Monday.\n"
    "Post,Port deal,The puppet government reached a port deal after the talks.\n"
)


@pytest.fixture
def store(tmp_path: Path):
    source = tmp_path / "harbour.csv"
    source.write_text(CSV)
    settings = Settings(db_path=tmp_path / "s.db")
    with Store(settings.db_path) as s:
        for name in ("harbour", "other", "plain"):
            ingest([source], name, s, settings)
        for name in ("harbour", "other"):
            analyze(name, s, settings, embedder=HashingEmbedder())
        analyze("plain", s, settings, embedder=HashingEmbedder(), cues=False)
        yield s, settings


def test_an_edit_marks_the_sets_scored_before_it_and_rescoring_clears_them(store) -> None:
    s, settings = store
    assert stale_sets(s, effective_lexicon(s, settings)) == []
    base = resolve_lexicon(settings)
    save_edits(s, base, set_disabled(base, load_edits(s), ["regime"], True))
    lexicon = effective_lexicon(s, settings)
    # both sets with cues were scored with the old lexicon; a set without cues used none
    assert stale_sets(s, lexicon) == ["harbour", "other"]
    rescore("harbour", s, settings, embedder=HashingEmbedder())
    assert stale_sets(s, lexicon) == ["other"]
    rescore("other", s, settings, embedder=HashingEmbedder())
    assert stale_sets(s, lexicon) == []
    table = set_lexicons(s, lexicon)
    assert table.set_index("corpus").loc["plain", "lexicon"] == ""
    assert set(table.loc[table["corpus"] != "plain", "lexicon"]) == {lexicon_digest(lexicon)}


def test_results_without_a_digest_count_as_stale(store) -> None:
    s, settings = store
    key = s.results_key("other")
    run = s.get_results("other", key, tables=["run"])["run"].drop(columns="lexicon")
    tables = s.get_results("other", key)
    tables["run"] = run
    s.put_results("other", key, tables, content=s.corpus_hash("other"))
    assert stale_sets(s, effective_lexicon(s, settings)) == ["other"]


def test_lexicon_state_digest_is_made_once_per_lexicon(monkeypatch) -> None:
    from framing.cues.lexicon import Lexicon

    lexicon = resolve_lexicon(Settings())
    calls = []
    real = Lexicon.to_toml
    monkeypatch.setattr(Lexicon, "to_toml", lambda self: calls.append(1) or real(self))
    first = lexicon_digest(lexicon)
    assert lexicon_digest(lexicon) == first
    assert len(calls) == 1
    # Another lexicon (one cue switched off) has its own digest; an equal one the same.
    edits = set_disabled(lexicon, no_edits(), [lexicon.cues[0].key], True)
    assert lexicon_digest(merge(lexicon, edits)) != first
    assert lexicon_digest(resolve_lexicon(Settings())) == first
