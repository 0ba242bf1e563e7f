"""AppTest of the "Fix this event" expander (dashboard/event_fix.py) on the Event comparison page.

A store of its own per test (the fixes write to it); the hashing embedder
stands in for the model, reached through ``framing.pipeline.make_embedder``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing.pipeline
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402
import state  # noqa: E402

CSV = (
    "id,outlet,title,text,published\n"
    "f1,Wire,Storm floods Riverton harbour,Heavy rain flooded Riverton harbour.,2024-03-01\n"
    "f2,Daily,Riverton harbour under water,Boats sank as the Riverton harbour flooded.,2024-03-01\n"
    "r1,Wire,Central bank raises rates,The central bank raised its interest rate.,2024-03-02\n"
    "r2,Daily,Rate hike to fight inflation,The central bank lifted rates to fight inflation.,"
    "2024-03-02\n"
)


@pytest.fixture
def db(fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    common.get_embedder.clear()
    common.clear_caches()
    source = tmp_path / "tiny.csv"
    source.write_text(CSV, encoding="utf-8")
    with Store(fresh_db) as store:
        ingest([source], "tiny", store, Settings(db_path=fresh_db))
        analyze("tiny", store, Settings(db_path=fresh_db), embedder=HashingEmbedder())
    yield fresh_db
    common.get_embedder.clear()
    common.clear_caches()


def _stored(db: Path):
    with Store(db) as store:
        return load_analysis("tiny", store, load_batched=False)


def _event_of(db: Path) -> dict[str, int]:
    analysis = _stored(db)
    return dict(zip(analysis.articles["id"], analysis.articles["event_id"], strict=True))


def _said(at: AppTest, kind: str = "success") -> list[str]:
    """The messages of a kind, unescaped (they go through ``common.plain``)."""
    return [m.value.replace("\\", "") for m in getattr(at, kind)]


def test_event_fix_merges_then_undoes(db: Path) -> None:
    before = _event_of(db)
    assert before["f1"] != before["r1"]  # the hashing model tells the two stories apart
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.CORPUS] = "tiny"
    at.run()
    at.switch_page("views/events.py").run()
    assert not at.exception, [e.message for e in at.exception]
    at.selectbox(key=state.EVENT).set_value(before["f1"]).run()
    assert [e.label for e in at.expander] == ["Fix this event"]
    at.selectbox(key="event_fix_merge_with").set_value(before["r1"]).run()
    at.button(key="event_fix_merge").click().run()
    assert not at.exception, [e.message for e in at.exception]

    merged = _event_of(db)
    assert len(set(merged.values())) == 1 == len(_stored(db).events)
    assert at.session_state[state.EVENT] == merged["f1"]
    assert _said(at) == ["Kept fix #1: merge the events of f1, f2, r1, r2. Now showing E0."]
    assert "4 article(s) from 2 outlet(s)" in [h.value for h in at.subheader]
    assert at.dataframe[0].value["status"].tolist() == ["applied"]

    at.button(key="event_fix_undo").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _event_of(db) == before
    assert _said(at)[0].startswith("Undid fix #1: merge the events of f1, f2, r1, r2.")
    assert at.dataframe[0].value["status"].tolist() == ["undone"]
    assert at.button(key="event_fix_undo").disabled


def test_event_fix_bad_fix_shows_the_error_and_keeps_the_results(db: Path) -> None:
    before = _event_of(db)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.CORPUS] = "tiny"
    at.run()
    at.switch_page("views/events.py").run()
    at.button(key="event_fix_split").click().run()  # nothing picked
    assert not at.exception, [e.message for e in at.exception]
    assert len(_said(at, "error")) == 1 and "[FRM-D725]" in _said(at, "error")[0]
    assert _event_of(db) == before
    with Store(db) as store:
        assert store.event_edits("tiny").empty


def test_event_fix_rename_shows_the_new_label_in_the_box_and_the_picker(db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.CORPUS] = "tiny"
    at.run()
    at.switch_page("views/events.py").run()
    described = _stored(db).events["label"].tolist()[0]
    _label_box(at).input("Riverton flood").run()
    at.button(key="event_fix_rename").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _stored(db).events["label"].tolist()[0] == "Riverton flood"
    assert at.selectbox(key=state.EVENT).format_func(0) == "E0: Riverton flood"
    at.button(key="event_fix_undo").click().run()
    # the box follows the new analysis, not what was typed before
    assert _label_box(at).value == described == _stored(db).events["label"].tolist()[0]


def _label_box(at: AppTest):
    (box,) = [t for t in at.text_input if t.label == "New label"]
    return box
