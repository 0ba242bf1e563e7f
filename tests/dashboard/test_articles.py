"""AppTest checks of the Articles page: dates added, corrected, re-analysed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing.pipeline
from framing import access
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/articles.py"
SAVE = "FormSubmitter:articles_date_form-Save date"
REMOVE = "FormSubmitter:articles_date_form-Remove my date"
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402

CSV = (
    "id,outlet,title,text,published\n"
    "a1,Alpha,Drills begin,The navy held drills near the island on a calm day.,2024-01-02\n"
    "a2,Beta,Drills go on,The navy kept up its drills near the island.,\n"
    "a3,Beta,Harvest,Farmers brought in the harvest in the valley.,2024-01-09\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.sqlite3"
    src = tmp_path / "in.csv"
    src.write_text(CSV)
    with Store(path) as store:
        ingest([src], "news", store, Settings(db_path=path))
        analyze("news", store, Settings(db_path=path), embedder=HashingEmbedder())
    monkeypatch.setenv("FRAMING_DB", str(path))
    # "Analyse again" reaches the embedder through framing.pipeline: no model load
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda _settings: HashingEmbedder())
    common.get_embedder.clear()
    yield path
    common.get_embedder.clear()
    common.clear_caches()


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "news"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_dashboard_articles_add_a_date_then_reanalyse(db: Path) -> None:
    at = _open()
    assert at.title[0].value == "Articles"
    assert "**1** without a date" in at.markdown[0].value
    assert at.dataframe[0].value["id"].tolist() == ["a2"]  # only the undated one
    assert not at.warning
    at.text_input(key="articles_date").input("2024-02-30")
    at.button(key=SAVE).click().run()
    assert "FRM\\-D743" in at.error[0].value
    with Store(db) as store:
        assert store.date_edits("news").empty
    at.text_input(key="articles_date").input("2024-01-03")
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert "a2 now has the date 2024\\-01\\-03" in at.success[0].value
    assert "out of date" in at.warning[0].value
    at.button(key="articles_reanalyse").click().run()
    assert not at.exception
    assert not at.warning
    with Store(db) as store:
        analysed = load_analysis("news", store).articles.set_index("id")
    assert analysed.loc["a2", "published"] == "2024-01-03"


def test_dashboard_articles_correct_then_remove_a_date(db: Path) -> None:
    at = _open()
    at.toggle(key="articles_only_undated").set_value(False).run()
    assert at.dataframe[0].value["id"].tolist() == ["a1", "a2", "a3"]
    at.selectbox(key="articles_pick").set_value("a1")
    at.text_input(key="articles_date").input("2024-01-05")
    at.button(key=SAVE).click().run()
    with Store(db) as store:
        assert store.articles("news").set_index("id").loc["a1", "published"] == "2024-01-05"
    at.selectbox(key="articles_pick").set_value("a1")
    at.button(key=REMOVE).click().run()
    assert "back to the date its input gave" in at.success[0].value
    with Store(db) as store:
        assert store.date_edits("news").empty


def test_dashboard_articles_page_is_hidden_read_only(db: Path, monkeypatch) -> None:
    monkeypatch.setenv(access.READ_ONLY_ENV, "1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "news"
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
