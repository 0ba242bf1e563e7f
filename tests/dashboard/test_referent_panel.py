"""AppTest of the "Fix these rows" expander (dashboard/referent_panel.py) on Who called it what.

A store of its own per test (the fixes write to it), analysed with the
hashing embedder; its rows are then replaced by a hand-made mentions table
of the real articles, so the labels the test picks are known.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing
import framing.pipeline
from framing import access
from framing import referent_fixes as fixes
from framing.config import Settings
from framing.devtools.referent_data import mentions_frame
from framing.devtools.testing import html_tables
from framing.embed import HashingEmbedder
from framing.pipeline import BATCHED_TABLES, analyze, ingest, load_analysis
from framing.referents.rows import referent_rows
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
WORDING = "views/wording.py"
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402

CSV = (
    "id,outlet,title,text,published\n"
    "f1,Wire,Storm floods Riverton harbour,Heavy rain flooded Riverton harbour. "
    "The mayor spoke.,2024-03-01\n"
    "f2,Daily,Storm floods Riverton harbour,Heavy rain flooded the Riverton port. "
    "Mayor Lee spoke.,2024-03-01\n"
)
# (referent, article, outlet, text): three rows of the one event.
ROWS = [
    ("0", "f1", "Wire", "Riverton harbour", "riverton harbour"),
    ("0", "f2", "Daily", "Riverton port", "riverton port"),
    ("1", "f1", "Wire", "mayor", "mayor"),
    ("1", "f2", "Daily", "Mayor Lee", "mayor lee"),
    ("1", "f2", "Daily", "Lee", "lee"),
    ("2", "f1", "Wire", "flooded", "flooded"),
    ("2", "f2", "Daily", "flooded", "flooded"),
]


@pytest.fixture
def db(fresh_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    common.get_embedder.clear()
    common.clear_caches()
    source = tmp_path / "tiny.csv"
    source.write_text(CSV, encoding="utf-8")
    with Store(fresh_db) as store:
        ingest([source], "tiny", store, Settings(db_path=fresh_db))
        analysis = analyze("tiny", store, Settings(db_path=fresh_db), embedder=HashingEmbedder())
        event = int(analysis.articles["event_id"].iloc[0])
        assert analysis.articles["event_id"].nunique() == 1
        mentions = mentions_frame([(event, f"{event}:{r}", a, o, t, n) for r, a, o, t, n in ROWS])
        texts = store.articles("tiny").set_index("id")["text"]
        mentions["start"] = [
            texts[a].find(t) for a, t in zip(mentions["id"], mentions["text"], strict=True)
        ]
        mentions["end"] = mentions["start"] + mentions["text"].str.len()
        tables = store.get_results("tiny", analysis.key)
        tables.update(mentions=mentions, alignment=referent_rows(mentions, tables["sentences"]))
        # The hand-made mentions are stored whole, in place of the analysis's batches.
        batched = tuple(t for t in BATCHED_TABLES if t != "mentions")
        store.put_results("tiny", analysis.key, tables, in_parts=batched)
    yield fresh_db
    common.get_embedder.clear()
    common.clear_caches()


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "tiny"
    at.run()
    at.switch_page(WORDING).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _referents(at: AppTest) -> list[str]:
    """The row names of the wording table, top to bottom."""
    for h in at.html:
        for table in html_tables(h.value):
            if table and table[0] and table[0][0] == "Referent":
                return [row[0] for row in table[1:]]
    return []


def _stored_rows(db: Path) -> dict[str, str]:
    with Store(db) as store:
        align = load_analysis("tiny", store).tables["alignment"].drop_duplicates("referent_id")
    return dict(zip(align["referent_id"], align["referent"], strict=True))


def _said(at: AppTest, kind: str = "success") -> list[str]:
    """The messages of a kind, unescaped (they go through ``common.plain``)."""
    return [m.value.replace("\\", "") for m in getattr(at, kind)]


def _click(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_panel_merges_renames_and_undoes(db: Path) -> None:
    at = _open()
    assert [e.label for e in at.expander][0] == "Fix these rows"
    assert len(_referents(at)) == 3
    assert len(at.multiselect(key="referent_fix_merge").options) == 3
    at.multiselect(key="referent_fix_merge").set_value(["0:0", "0:1"]).run()
    _click(at, "referent_fix_merge_go")
    assert any(m.startswith("Kept fix #1: merge") for m in _said(at)), _said(at, "error")
    assert len(_referents(at)) == 2
    assert set(_stored_rows(db)) == {"0:0", "0:2"}
    at.selectbox(key="referent_fix_rename_row").set_value("0:2").run()
    at.text_input(key="referent_fix_rename_name").input("the flood").run()
    _click(at, "referent_fix_rename_go")
    assert "the flood" in _referents(at)
    _click(at, "referent_fix_undo")
    assert any(m.startswith("Undid fix #2: rename") for m in _said(at))
    assert "the flood" not in _referents(at)


def test_panel_hides_and_shows_a_row_again(db: Path) -> None:
    at = _open()
    name = _stored_rows(db)["0:2"]
    at.selectbox(key="referent_fix_hide_row").set_value("0:2").run()
    _click(at, "referent_fix_hide_go")
    assert name not in _referents(at) and len(_referents(at)) == 2
    assert at.selectbox(key="referent_fix_show_row").value == "0:2"
    _click(at, "referent_fix_show_go")
    assert name in _referents(at)


def test_panel_splits_labels_off_a_row(db: Path) -> None:
    at = _open()
    at.selectbox(key="referent_fix_split_row").set_value("0:1").run()
    assert at.multiselect(key="referent_fix_split_labels").options == ["lee", "mayor", "mayor lee"]
    at.multiselect(key="referent_fix_split_labels").set_value(["mayor"]).run()
    _click(at, "referent_fix_split_go")
    assert any("split 'mayor' off" in m for m in _said(at))
    # "mayor" is left to one outlet: no row of its own, and gone from the mayor row
    with Store(db) as store:
        mentions = load_analysis("tiny", store).tables["mentions"]
    assert set(mentions.loc[mentions["norm"] == "mayor", "referent_id"]) == {"0:3"}


def test_panel_errors_are_shown_not_raised(db: Path) -> None:
    at = _open()
    at.multiselect(key="referent_fix_merge").set_value(["0:0"]).run()
    _click(at, "referent_fix_merge_go")
    assert any("FRM-D775" in e for e in _said(at, "error"))
    with Store(db) as store:
        assert store.referent_edits("tiny").empty


def test_panel_says_which_corrections_no_longer_match(db: Path) -> None:
    with Store(db) as store:
        articles = store.articles("tiny")["id"].tolist()
        payload = {"event_id": 0, "articles": articles, "rows": [["border wall", "wall"]]}
        store.add_referent_edit("tiny", "hide", payload)
    at = _open()
    warned = _said(at, "warning")
    assert any(
        w.startswith("1 correction no longer matches a row: #1: hide the row of 'border wall'")
        for w in warned
    ), warned


def test_read_only_dashboard_has_no_panel(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access.READ_ONLY_ENV, "1")
    at = _open()
    assert "Fix these rows" not in [e.label for e in at.expander]
    assert len(_referents(at)) == 3


def test_a_fix_made_elsewhere_shows_on_the_next_run_without_reading_the_tables_again(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open()
    name = _stored_rows(db)["0:2"]
    assert name in _referents(at)
    reads: list[str] = []
    original = framing.load_analysis

    def counted(corpus, store, **kw):
        reads.append(corpus)
        return original(corpus, store, **kw)

    monkeypatch.setattr(framing, "load_analysis", counted)
    with Store(db) as store:  # as the CLI would, in another process
        fixes.hide_referent(store, "tiny", 0, "0:2")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert name not in _referents(at)
    assert reads == []  # the stored tables came from the cache; only the fix was applied


def test_the_export_page_exports_the_corrected_tables(db: Path) -> None:
    at = _open()
    at.multiselect(key="referent_fix_merge").set_value(["0:0", "0:1"]).run()
    _click(at, "referent_fix_merge_go")
    at.selectbox(key="referent_fix_hide_row").set_value("0:2").run()
    _click(at, "referent_fix_hide_go")
    at.switch_page("views/export.py").run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("alignment.csv") for label in labels), labels
    assert any(label.startswith("mentions.csv") for label in labels), labels
    # what the page's CSV files are written from (AppTest cannot click a deferred download)
    ctx = at.session_state["context"]
    align = ctx.table("alignment").drop_duplicates("referent_id").set_index("referent_id")
    assert sorted(align.index) == ["0:0", "0:2"] and bool(align.loc["0:2", "hidden"])
    assert set(ctx.table("mentions")["referent_id"]) == {"0:0", "0:2"}
