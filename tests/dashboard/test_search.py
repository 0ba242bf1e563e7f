"""AppTest checks of the Search page (the sample, hashing embedder)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.pipeline import load_analysis
from framing.search import search
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/search.py"


@pytest.fixture(scope="module")
def sample(hashed_sample: Path):
    with Store(hashed_sample) as store:
        analysis = load_analysis("sample", store)
        texts = store.articles("sample").set_index("id")["text"]
    return analysis, texts


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "sample"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(h.value for h in at.html)))


def test_dashboard_search_lists_hits_and_opens_the_event(sample_db: Path, sample) -> None:
    analysis, texts = sample
    expected = search("drills", analysis.articles, texts, sentences=analysis.tables["sentences"])
    assert len(expected) > 1
    at = _open()
    assert at.title[0].value == "Search"
    at.text_input(key="search_query").set_value("drills").run()
    assert not at.exception
    assert f"**{len(expected)}** sentences" in at.markdown[0].value
    shown = _text(at)
    assert expected["sentence"].iloc[0] in shown
    assert "<mark" in "\n".join(h.value for h in at.html)
    at.button(key="search_open_0").click().run()
    assert not at.exception
    first = expected.iloc[0]
    # Event comparison took the request (dashboard/focus.py clears the keys)
    assert "focus_event_id" not in at.session_state
    taken = at.session_state["event_focus"]
    assert taken.event_id == first["event_id"]
    assert taken.article_id == first["article_id"]
    assert (taken.start, taken.end) == (first["sentence_start"], first["sentence_end"])
    assert at.title[0].value == "Event comparison"
    assert at.selectbox(key="event_id").value == first["event_id"]


def test_dashboard_search_event_filter_and_bad_query(sample_db: Path, sample) -> None:
    analysis, texts = sample
    at = _open()
    at.text_input(key="search_query").set_value("drills").run()
    every = search("drills", analysis.articles, texts)
    event = int(every["event_id"].iloc[0])
    at.multiselect(key="search_events").set_value([event]).run()
    assert not at.exception
    expected = every[every["event_id"] == event]
    assert 0 < len(expected) < len(every)
    assert f"**{len(expected)}** sentences" in at.markdown[0].value
    shown = _text(at)
    assert all(s in shown for s in expected["sentence"])
    at.text_input(key="search_query").set_value('"unclosed').run()
    assert "FRM\\-D742" in at.error[0].value and "not closed" in at.error[0].value
