"""AppTest checks of the Lexicon page's plain wordings, cue hits and out-of-date sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing.pipeline
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.lexicon_state import stale_sets
from framing.pipeline import analyze, ingest
from framing.reports.markdown import md_unescape
from framing.rescore import effective_lexicon
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/lexicon.py"
CSV = (
    "outlet,title,text\n"
    "Daily,Harbour talks,The regime claimed the port was safe. The puppet government agreed.\n"
    "Herald,Harbour talks resume,Officials resumed harbour talks on Monday. The regime waited.\n"
    "Post,Port deal,Negotiators reached a port deal after the talks.\n"
)


@pytest.fixture
def db(fresh_db: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    source = tmp_path / "harbour.csv"
    source.write_text(CSV)
    with Store(fresh_db) as store:
        for name in ("harbour", "other"):
            ingest([source], name, store, Settings(db_path=fresh_db))
            analyze(name, store, Settings(db_path=fresh_db), embedder=HashingEmbedder())
    return fresh_db


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "harbour"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _table(at: AppTest):
    frames = [d.value for d in at.dataframe if "wording" in d.value.columns]
    assert len(frames) == 1
    return frames[0]


def test_wordings_read_plainly_with_examples_and_the_raw_form_beside(db: Path) -> None:
    table = _table(_page()).set_index("pattern")
    row = table.loc["puppet (military|army|authorities|government|regime)"]
    assert row["wording"] == "puppet + military / army / authorities / government / regime"
    assert row["examples"].startswith("puppet military · puppet army")
    assert not table["wording"].str.contains("|", regex=False).any()
    assert (table["examples"] != "").all()


def test_each_cue_shows_its_hits_in_the_open_set_and_where(db: Path) -> None:
    at = _page()
    table = _table(at).set_index("pattern")
    assert (table.loc["regime", ["n_hits", "n_articles", "n_outlets"]] == [2, 2, 2]).all()
    assert table.loc["puppet (military|army|authorities|government|regime)", "n_hits"] == 1
    assert table.loc["junta", "n_hits"] == 0
    at.selectbox(key="lex_hits_cue").set_value("regime").run()
    quotes = [md_unescape(m.value) for m in at.markdown if m.value.startswith(">")]
    assert len(quotes) == 2 and all("**regime**" in q.lower() for q in quotes)


def test_an_edit_marks_the_other_set_out_of_date_and_one_click_rescores_it(db: Path) -> None:
    at = _page()
    assert not any("Out of date" in w.value for w in at.warning)
    at.text_input(key="lex_add_pattern").input("harbour talks")
    at.text_input(key="lex_add_rationale").input("A test cue.")
    at.button(key="lex_add_submit").click().run()
    warnings = [md_unescape(w.value) for w in at.warning]
    assert any("Out of date: 'other'" in w for w in warnings), warnings
    with Store(db) as store:
        assert stale_sets(store, effective_lexicon(store)) == ["harbour", "other"]

    at.button(key="lex_rescore_stale").click().run()

    assert not at.exception and not at.error
    assert not any("Out of date" in w.value for w in at.warning)
    with Store(db) as store:
        # only the other set was re-scored; the open one still waits for its own button
        assert stale_sets(store, effective_lexicon(store)) == ["harbour"]


def _cue_in_full_app() -> None:
    import sys

    import pandas as pd

    sys.path.insert(0, str(__import__("pathlib").Path.cwd() / "dashboard"))
    import lexicon_usage

    long_reason = "Casts the body as a stooge of another power. " * 8 + "END-OF-REASON"
    lexicon_usage.cue_in_full(
        pd.Series(
            {
                "wording": "puppet + government / regime",
                "examples": "puppet government; puppet regime",
                "category_label": "Delegitimising label",
                "direction": "illegitimate",
                "rationale": long_reason,
                "pattern": "puppet (government|regime)",
            }
        )
    )


def test_dashboard_lexicon_cue_in_full_writes_the_whole_reason(monkeypatch) -> None:
    # The grid cuts "Why it counts" at its width; a clicked row is written out whole.
    monkeypatch.chdir(ROOT)
    at = AppTest.from_function(_cue_in_full_app).run()
    assert not at.exception
    shown = md_unescape(at.markdown[0].value)
    assert "END-OF-REASON" in shown
    assert "Why it counts: Casts the body" in shown
    assert "puppet (government|regime)" in shown
