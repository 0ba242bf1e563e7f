"""AppTest checks of the Upload page: report before storing, store and analyse, delete.

Files go through ``st.file_uploader`` itself (AppTest can set its value), so the
page reads them exactly as it reads a browser upload.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing.config
import framing.model_choice
import framing.pipeline
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.reports.markdown import md_unescape
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/upload.py"

EXISTING = (
    "outlet,title,text\n"
    "Daily,Harbour talks,Officials met at the harbour to discuss the port deal.\n"
    "Herald,Port deal,Negotiators reached a port deal after long talks.\n"
)
# rows 1 and 3 are good, row 2 has no outlet, row 4 no text, row 5 repeats row 1,
# row 3's date is unreadable (kept with a warning)
MIXED = (
    b"outlet,title,text,published\n"
    b'Daily,Storm hits coast,"The storm hit the coast on Monday, flooding streets.",2024-03-01\n'
    b',No outlet here,"A text whose outlet is missing.",2024-03-01\n'
    b'Herald,Storm warning,"Forecasters warned of a massive storm.",first of March\n'
    b"Post,Empty text,,2024-03-02\n"
    b'Daily,Storm hits coast again,"The storm hit the coast on Monday, flooding streets.",\n'
)
ALL_BAD = b"outlet,title,text\n,No outlet,Some text.\nPost,No text,\n"
TEXT_ARTICLE = (
    b"Outlet: Tribune\nTitle: Storm passes\nDate: 2024-03-03\n\n"
    b"The storm passed and crews began to clear the streets.\n"
)


@pytest.fixture
def db(fresh_db: Path, tmp_path: Path, monkeypatch) -> Path:
    path = fresh_db
    # The page analyses with the embedder the settings name; the hashing one
    # keeps the test fast and offline.
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    source = tmp_path / "harbour.csv"
    source.write_text(EXISTING)
    with Store(path) as store:
        ingest([source], "harbour", store, Settings(db_path=path))
        analyze("harbour", store, Settings(db_path=path), embedder=HashingEmbedder())
    return path


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    uploader = at.file_uploader(key=f"upload_files_{at.session_state['upload_round']}")
    return uploader.set_value([(name, data, "application/octet-stream") for name, data in files])


def _corpora(db: Path) -> dict[str, int]:
    with Store(db) as store:
        return dict(store.corpora()[["name", "n_articles"]].itertuples(index=False))


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _frame_with(at: AppTest, column: str):
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, f"no table with a '{column}' column"
    return frames[0]


def test_dashboard_upload_page_lists_stored_sets(db: Path) -> None:
    at = _page()
    assert at.title[0].value == "Upload articles"
    assert any("Choose one or more files" in i.value for i in at.info)
    assert any("harbour" in m.value for m in at.markdown)
    assert at.file_uploader[0].accept_multiple_files


def test_dashboard_upload_csv_with_bad_rows_becomes_a_corpus_of_its_good_rows(db: Path) -> None:
    at = _page()
    at.session_state["upload_round"] = 0
    _upload(at, ("mixed.csv", MIXED)).run()
    assert not at.exception

    # the report comes first, and nothing is stored yet
    metrics = _metrics(at)
    assert metrics["Accepted"] == "2" and metrics["Rejected"] == "2"
    assert metrics["Duplicates"] == "1" and metrics["Warnings"] == "1"
    rejected = _frame_with(at, "message")
    assert len(rejected) == 2
    assert set(rejected["field"]) == {"outlet", "text"}
    assert set(rejected["source"]) == {"mixed.csv"}
    assert all(loc.startswith("row") for loc in rejected["location"])
    assert any("Give the new article set a name" in w.value for w in at.warning)
    assert at.button(key="upload_store").disabled
    assert _corpora(db) == {"harbour": 2}

    at.text_input(key="upload_name_0").input("storm").run()
    assert not at.button(key="upload_store").disabled
    at.button(key="upload_store").click().run()

    assert not at.exception and not at.error
    assert _corpora(db) == {"harbour": 2, "storm": 2}
    with Store(db) as store:
        analysis = load_analysis("storm", store)
        assert analysis is not None
        assert set(analysis.articles["outlet"]) == {"Daily", "Herald"}
        assert "harbour" in set(store.corpora()["name"])
    assert any("Stored 2 new article(s) in 'storm'" in md_unescape(s.value) for s in at.success)
    # a fresh uploader and name field for the next upload
    assert at.session_state["upload_round"] == 1
    assert at.text_input(key="upload_name_1").value == ""

    at.session_state["outlets"] = ["Meridian Wire"]  # a choice made on the other set
    at.button(key="upload_open").click().run()
    assert at.session_state["corpus"] == "storm"
    # the other set's outlet choice is gone: either cleared, or the sidebar
    # already filled it afresh with this set's outlets
    outlets = at.session_state["outlets"] if "outlets" in at.session_state else None  # noqa: SIM401 (AppTest state has no .get)
    assert outlets in (None, ["Daily", "Herald"])


def test_dashboard_upload_nothing_usable_stores_nothing(db: Path) -> None:
    at = _page()
    at.session_state["upload_round"] = 0
    _upload(at, ("bad.csv", ALL_BAD)).run()
    at.text_input(key="upload_name_0").input("bad").run()
    assert not at.exception
    assert _metrics(at)["Accepted"] == "0"
    assert any("No article could be accepted" in w.value for w in at.warning)
    assert at.button(key="upload_store").disabled
    assert len(_frame_with(at, "message")) == 2
    assert _corpora(db) == {"harbour": 2}


def test_dashboard_upload_refuses_an_existing_name(db: Path) -> None:
    at = _page()
    at.session_state["upload_round"] = 0
    _upload(at, ("mixed.csv", MIXED)).run()
    at.text_input(key="upload_name_0").input("harbour").run()
    assert any("already exists" in w.value for w in at.warning)
    assert at.button(key="upload_store").disabled


def test_dashboard_upload_zip_into_an_existing_set_lists_skipped_files(db: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bundle/README.md", "About these files.")
        zf.writestr("bundle/notes.pdf", b"%PDF-1.4")
        zf.writestr("bundle/storm.txt", TEXT_ARTICLE)
        zf.writestr("bundle/more.csv", EXISTING)  # already stored: recognised
    at = _page()
    at.session_state["upload_round"] = 0
    _upload(at, ("bundle.zip", buf.getvalue())).run()
    at.radio(key="upload_mode").set_value("append").run()
    at.selectbox(key="upload_target").set_value("harbour").run()
    assert not at.exception

    skipped = _frame_with(at, "reason")
    assert set(skipped["file"]) == {"bundle.zip/bundle/README.md", "bundle.zip/bundle/notes.pdf"}
    assert _metrics(at)["Accepted"] == "3"

    at.button(key="upload_store").click().run()
    assert not at.exception and not at.error
    assert _corpora(db) == {"harbour": 3}
    assert any("Stored 1 new article(s) in 'harbour'" in md_unescape(s.value) for s in at.success)
    with Store(db) as store:
        assert "Tribune" in set(load_analysis("harbour", store).articles["outlet"])


def test_dashboard_upload_delete_asks_first(db: Path) -> None:
    with Store(db) as store:
        store.save_articles("spare", framing.read_uploads([("s.csv", MIXED)]))
    at = _page()
    buttons = [b for b in at.button if b.label == "Delete"]
    assert len(buttons) == 2

    # the second set listed is 'spare' (sets are sorted by name)
    buttons[1].click().run()
    assert any("Delete 'spare'" in w.value for w in at.warning)
    assert set(_corpora(db)) == {"harbour", "spare"}
    next(b for b in at.button if b.label == "Cancel").click().run()
    assert not at.warning and set(_corpora(db)) == {"harbour", "spare"}

    [b for b in at.button if b.label == "Delete"][1].click().run()
    next(b for b in at.button if b.label == "Yes, delete it").click().run()
    assert not at.exception
    assert set(_corpora(db)) == {"harbour"}
    assert any("Deleted the article set 'spare'" in s.value for s in at.success)


def test_dashboard_upload_proposes_the_fast_model_for_large_sets(db: Path, monkeypatch) -> None:
    import framing.pipeline

    at = _page()
    at.session_state["upload_round"] = 0
    _upload(at, ("mixed.csv", MIXED)).run()
    assert at.radio(key="upload_model_0").value != "fast"  # two articles: the usual model
    assert not any("the fast model is proposed" in c.value for c in at.caption)

    monkeypatch.setattr(framing.model_choice, "FAST_PATH_THRESHOLD", 2)  # "large" is now 2
    at = _page()  # a new session
    at.session_state["upload_round"] = 0
    _upload(at, ("mixed.csv", MIXED)).run()
    radio = at.radio(key="upload_model_0")
    assert radio.value == "fast"
    assert any("2 articles: the fast model is proposed" in c.value for c in at.caption)

    # the user may still choose MiniLM; the analysis records the model it used
    radio.set_value(framing.config.DEFAULT_MODEL).run()
    at.text_input(key="upload_name_0").input("big").run()
    at.button(key="upload_store").click().run()
    assert not at.exception and not at.error
    with Store(db) as store:
        assert load_analysis("big", store).model == framing.config.DEFAULT_MODEL
