"""Quoted speech on the pages (dashboard/quotes.py): the "Count quoted words too"
switch, and quoted text shown as quoted wherever articles are highlighted.

AppTest on the session's shared sample store (hashing embedder: no model load).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from framing import compare
from framing.pipeline import load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def sample(hashed_sample: Path):
    with Store(hashed_sample) as store:
        return load_analysis("sample", store)


def _open(page: str, *, count_quoted: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["count_quoted"] = count_quoted  # the sidebar switch
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _rate_cells(at: AppTest) -> list[list[float]]:
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    return chart["data"][0]["z"]


def _html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def _expected_rates(scores) -> list[list[float]]:
    rates = compare.outlet_rates(scores)
    wide = rates.pivot(index="outlet", columns="category", values="rate")
    return wide[list(dict.fromkeys(rates["category"]))].to_numpy().tolist()


def test_dashboard_quotes_switch_counts_quoted_words_in_the_profile_rates(
    sample_db: Path, sample
) -> None:
    stored = sample.tables["outlet_scores"]
    assert stored["quoted_cues"].sum() > 0  # the sample quotes loaded words
    off = _open("views/profiles.py")
    np.testing.assert_allclose(_rate_cells(off), _expected_rates(stored))
    note = next(c.value for c in off.caption if "Quoted cues, not counted" in c.value)
    assert "Count quoted words too" in note
    on = _open("views/profiles.py", count_quoted=True)
    counted = compare.scores_with_quoted(stored, sample.tables["cues"], sample.articles)
    np.testing.assert_allclose(_rate_cells(on), _expected_rates(counted))
    assert _rate_cells(on) != _rate_cells(off)
    assert any(c.value.startswith("Counting quoted words too") for c in on.caption)
    assert on.sidebar.toggle(key="count_quoted").value is True


def test_dashboard_quotes_event_articles_show_quoted_text_and_rates_follow_the_switch(
    sample_db: Path, sample
) -> None:
    voices = sample.tables["voices"]
    quoted_ids = voices.loc[voices["voice"] == "quoted", "id"]
    event_id = int(
        sample.articles.set_index("id").loc[quoted_ids, "event_id"].value_counts().index[0]
    )
    at = _open("views/events.py")
    at.selectbox(key="event_id").set_value(event_id).run()
    assert not at.exception
    body = _html(at)
    assert 'class="voice voice-quoted"' in body
    legend = next(h.value for h in at.html if "Quoted speech" in h.value and "<mark" in h.value)
    assert 'class="voice voice-quoted"' in legend
    caption = next(c.value for c in at.caption if c.value.startswith("Counting"))
    assert "own words only" in caption
    off = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    at.session_state["count_quoted"] = True
    at.run()
    on = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert any(c.value.startswith("Counting quoted words too") for c in at.caption)
    assert [t["y"] for t in on] != [t["y"] for t in off]


def test_dashboard_quotes_classroom_reveal_marks_quoted_text(sample_db: Path) -> None:
    at = _open("views/classroom.py")
    for event_id in at.selectbox(key="classroom_event").options:
        at.selectbox(key="classroom_event").set_value(event_id).run()
        at.button(key="classroom_reveal").click().run()
        assert not at.exception
        if 'class="voice voice-quoted"' in _html(at):
            break
    else:
        pytest.fail("no lesson shows a quotation at the reveal")
    assert any("words the outlet quotes" in h.value for h in at.html)
