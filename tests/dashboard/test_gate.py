"""dashboard/gate.py: the access token gate, the read-only mode, and Upload on an empty store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing.pipeline
from framing import access
from framing.embed import HashingEmbedder
from framing.reports.markdown import md_unescape
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
TOKEN = "a-classroom-token-42"


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120)


@pytest.fixture
def gated(sample_db: Path, monkeypatch) -> Path:
    monkeypatch.setenv(access.TOKEN_ENV, TOKEN)
    return sample_db


@pytest.fixture
def read_only(sample_db: Path, monkeypatch) -> Path:
    monkeypatch.setenv(access.READ_ONLY_ENV, "1")
    return sample_db


def test_dashboard_gate_shows_nothing_before_the_token(gated: Path) -> None:
    at = _app().run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Access token"]
    assert at.text_input[0].proto.type == at.text_input[0].proto.PASSWORD
    assert not at.metric and not at.sidebar.selectbox  # no page, no article set
    at.text_input[0].input("not-the-token-at-all")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["That is not the access token. Check it and try again."]
    assert not at.metric
    # another page is gated as well
    at.switch_page("views/upload.py").run()
    assert not any(t.value == "Upload articles" for t in at.title)


def test_dashboard_gate_opens_with_the_token_for_the_session(gated: Path) -> None:
    at = _app().run()
    at.text_input[0].input(TOKEN)
    at.button[0].click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == "48"
    assert at.session_state["access_granted"] is True
    at.switch_page("views/events.py").run()  # once per session, not once per page
    assert not at.exception and at.title
    assert "Access token" not in [t.label for t in at.text_input]


def test_dashboard_without_a_token_has_no_gate(sample_db: Path, monkeypatch) -> None:
    monkeypatch.delenv(access.TOKEN_ENV, raising=False)
    at = _app().run()
    assert not at.exception and at.metric and not at.text_input


def test_dashboard_read_only_hides_upload(read_only: Path) -> None:
    at = _app().run()
    assert not at.exception and at.metric
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/upload.py")  # not offered at all
    assert not at.get("file_uploader")


def test_dashboard_read_only_upload_page_itself_stores_nothing(read_only: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "upload.py")).run()
    assert not at.exception
    assert "read-only" in at.info[0].value
    assert not at.get("file_uploader") and not at.button


def test_dashboard_read_only_lexicon_has_no_edits(read_only: Path) -> None:
    at = _app().run()
    at.switch_page("views/lexicon.py").run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Browse", "Download"]
    labels = {b.label for b in at.button}
    assert not labels & {"Re-score the corpus", "Add the cue", "Reset to built-in"}
    assert not at.get("file_uploader")
    assert any("read-only" in i.value for i in at.info)


def test_dashboard_read_only_empty_store_offers_no_loading(fresh_db: Path, monkeypatch) -> None:
    monkeypatch.setenv(access.READ_ONLY_ENV, "1")
    at = _app().run()
    assert not at.exception
    assert not at.button and "read-only" in at.info[0].value


def test_dashboard_empty_store_reaches_the_upload_page(fresh_db: Path, monkeypatch) -> None:
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    at = _app().run()
    assert at.title[0].value == "framing-dashboard"
    at.switch_page("views/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Upload articles"
    uploader = at.get("file_uploader")[0]
    data = (
        b"id,outlet,title,text\n"
        b"a1,Tribune,Storm passes,The storm passed and crews began to clear the streets.\n"
    )
    uploader.set_value([("first.csv", data, "text/csv")]).run()
    at.text_input(key="upload_name_0").input("first").run()
    at.button(key="upload_store").click().run()
    assert not at.exception
    with Store(fresh_db) as store:
        assert store.corpora()["name"].tolist() == ["first"]


def test_dashboard_on_a_network_address_without_a_token_shows_nothing(
    sample_db: Path, monkeypatch
) -> None:
    from streamlit import config

    monkeypatch.delenv(access.TOKEN_ENV, raising=False)
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = _app().run()
    finally:
        config.set_option("server.address", before)
    assert not at.exception
    assert "[FRM-D731] the dashboard would listen on 0.0.0.0" in md_unescape(at.error[0].value)
    assert not at.metric and not at.text_input


def test_dashboard_read_only_offers_no_event_fixes(sample_db: Path, monkeypatch) -> None:
    at = _app().run()
    at.switch_page("views/events.py").run()
    assert any(e.label == "Fix this event" for e in at.expander)
    monkeypatch.setenv(access.READ_ONLY_ENV, "1")
    at = _app().run()
    at.switch_page("views/events.py").run()
    assert not at.exception
    assert not any(e.label == "Fix this event" for e in at.expander)
