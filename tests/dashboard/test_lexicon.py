"""AppTest checks of the Lexicon page: browse, add, edit, upload, reset and re-score."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing.pipeline
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.reports.markdown import md_unescape
from framing.rescore import load_edits
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/lexicon.py"
CSV = (
    "outlet,title,text\n"
    "Daily,Harbour talks,The council showed a fortress mentality at the harbour talks. "
    "The regime claimed the port was safe.\n"
    "Herald,Harbour talks resume,Officials resumed harbour talks on Monday. "
    "A massive crowd gathered outside.\n"
    "Post,Port deal,Negotiators reached a port deal after the talks.\n"
)


def _builtin_digest() -> str:
    data = resources.files("framing.cues").joinpath("data/lexicon.toml").read_bytes()
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def db(fresh_db: Path, tmp_path: Path, monkeypatch) -> Path:
    path = fresh_db
    # The page re-scores with the embedder the settings name; the hashing one
    # keeps the test fast and offline.
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    source = tmp_path / "harbour.csv"
    source.write_text(CSV)
    with Store(path) as store:
        ingest([source], "harbour", store, Settings(db_path=path))
        analyze("harbour", store, Settings(db_path=path), embedder=HashingEmbedder())
    return path


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _table(at: AppTest):
    frames = [d.value for d in at.dataframe if "wording" in d.value.columns]
    assert len(frames) == 1
    return frames[0]


def _stored_edits(db: Path):
    with Store(db) as store:
        return load_edits(store)


def _add(at: AppTest, wording: str, rationale: str = "Casts caution as a siege.") -> None:
    at.text_input(key="lex_add_pattern").input(wording)
    at.text_input(key="lex_add_rationale").input(rationale)
    at.button(key="lex_add_submit").click().run()


def test_dashboard_lexicon_lists_and_searches_the_builtin_lexicon(db: Path) -> None:
    at = _page()
    assert at.title[0].value == "Lexicon"
    n_all = len(_table(at))
    assert n_all > 200
    at.text_input(key="lex_search").input("regime").run()
    found = _table(at)
    assert 0 < len(found) < n_all
    assert found["wording"].str.contains("regime", case=False).any()
    at.text_input(key="lex_search").input("").run()
    at.multiselect(key="lex_filter_categories").set_value(["hedging_distancing"]).run()
    assert set(_table(at)["category_label"]) == {"Hedging and distancing"}
    at.text_input(key="lex_search").input("zzz-no-such-cue").run()
    assert any("No cue matches" in i.value for i in at.info)


def test_dashboard_lexicon_adding_a_cue_changes_the_table_not_the_builtin_file(db: Path) -> None:
    digest = _builtin_digest()
    at = _page()
    n_before = len(_table(at))

    _add(at, "fortress mentality")

    assert not at.exception and not at.error
    assert any("Added 'fortress mentality'" in s.value for s in at.success)
    table = _table(at)
    assert len(table) == n_before + 1
    row = table[table["wording"] == "fortress mentality"].iloc[0]
    assert row["source"] == "yours" and row["status"] == "active"
    assert [c.key for c in _stored_edits(db).cues] == ["fortress mentality"]
    assert at.text_input(key="lex_add_pattern").value == ""
    assert _builtin_digest() == digest


def test_dashboard_lexicon_add_with_a_new_category(db: Path) -> None:
    at = _page()
    at.selectbox(key="lex_add_category").set_value("__new__").run()
    at.text_input(key="lex_add_cat_label").input("Siege talk")
    at.text_input(key="lex_add_cat_explain").input("Words that make a meeting sound like a siege.")
    _add(at, "harbour talks", "Tracked for the test.")
    assert not at.error
    edits = _stored_edits(db)
    assert edits.categories["siege_talk"].label == "Siege talk"
    assert edits.cues[0].category == "siege_talk"
    assert "Siege talk" in set(_table(at)["category_label"])


@pytest.mark.parametrize(
    ("wording", "regex", "message"),
    [
        ("regime", False, "already in the lexicon"),
        ("(unclosed", True, "cannot be used"),
        ("  ", False, "type the wording"),
    ],
)
def test_dashboard_lexicon_invalid_cue_shows_the_error_and_stores_nothing(
    db: Path, wording: str, regex: bool, message: str
) -> None:
    at = _page()
    if regex:
        at.radio(key="lex_add_kind").set_value("regular expression")
    _add(at, wording)
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert _stored_edits(db).cues == ()


def test_dashboard_lexicon_edit_and_switch_off_a_cue(db: Path) -> None:
    at = _page()
    at.selectbox(key="lex_edit_pick").set_value("regime").run()
    tag = hashlib.sha256(b"regime").hexdigest()[:10]
    at.slider(key=f"lex_edit_weight_{tag}").set_value(0.95)
    at.button(key="lex_edit_save").click().run()
    assert not at.error
    (edited,) = _stored_edits(db).cues
    assert edited.key == "regime" and edited.weight == pytest.approx(0.95)

    at.button(key="lex_edit_toggle").click().run()
    assert _stored_edits(db).cues[0].disabled
    row = _table(at)[lambda t: t["wording"] == "regime"].iloc[0]
    assert row["status"] == "switched off" and row["source"] == "edited built-in"

    at.button(key="lex_edit_revert").click().run()
    assert _stored_edits(db).cues == ()


def test_dashboard_lexicon_invalid_upload_shows_the_located_error(db: Path) -> None:
    at = _page()
    bad = b'[[cue]]\nphrase = "menace"\ncategory = "intensity_escalation"\nweight = 7\n'
    at.file_uploader(key="lex_upload_0").set_value(("mine.toml", bad, "application/toml")).run()
    assert not at.exception
    errors = [md_unescape(e.value) for e in at.error]
    assert any("mine.toml" in e and "cue 1" in e and "outside 0 to 1" in e for e in errors)
    assert any("nothing was changed" in e for e in errors)
    assert _stored_edits(db).cues == ()


def test_dashboard_lexicon_upload_then_reset_to_builtin(db: Path) -> None:
    at = _page()
    good = (
        b'[categories.siege]\nlabel = "Siege"\nexplain = "Siege words."\n\n'
        b'[[cue]]\nphrase = "fortress mentality"\ncategory = "siege"\nweight = 0.6\n'
    )
    at.file_uploader(key="lex_upload_0").set_value(("mine.toml", good, "application/toml")).run()
    assert not at.error
    at.button(key="lex_upload_apply").click().run()
    assert [c.key for c in _stored_edits(db).cues] == ["fortress mentality"]
    downloads = {b.label for b in at.get("download_button")}
    assert "Download only your edits (TOML)" in downloads

    at.button(key="lex_reset").click().run()
    assert any("Discard all" in w.value for w in at.warning)
    at.button(key="lex_reset_yes").click().run()
    with Store(db) as store:
        assert store.user_lexicon() is None


def test_dashboard_lexicon_rescore_finds_the_new_cue(db: Path) -> None:
    at = _page()
    _add(at, "fortress mentality")
    assert any("do not include your latest" in w.value for w in at.warning)

    at.button(key="lex_rescore").click().run()

    assert not at.exception and not at.error
    with Store(db) as store:
        cues = load_analysis("harbour", store).tables["cues"]
    assert "fortress mentality" in set(cues["phrase"])
    # The cached tables were cleared: the app now serves the new results. (A new
    # AppTest session, since AppTest re-runs only the page script after a click.)
    fresh = AppTest.from_file(APP, default_timeout=120).run()
    assert not fresh.exception
    assert "fortress mentality" in set(fresh.session_state["context"].tables["cues"]["phrase"])
