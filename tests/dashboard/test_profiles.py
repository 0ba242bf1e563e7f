"""Headless checks of the Outlet profiles page (AppTest, hashing embedder: no model load)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/profiles.py"


def _prepare(db: Path, inputs: list[Path], corpus: str, *, cues: bool = True) -> Path:
    with Store(db) as store:
        ingest(inputs, corpus, store, Settings(db_path=db))
        analyze(corpus, store, Settings(db_path=db), embedder=HashingEmbedder(), cues=cues)
    return db


# ``sample_db`` (tests/conftest.py) is the shared analysed sample: the page only reads it.


def _page(db: Path, monkeypatch: pytest.MonkeyPatch, outlets: list[str] | None = None) -> AppTest:
    monkeypatch.setenv("FRAMING_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    if outlets is not None:
        # Entrypoint widgets are set through session state (AppTest reruns only the page).
        at.session_state["outlets"] = outlets
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _titles(at: AppTest) -> list[str]:
    return [c["layout"]["title"]["text"].split("<br>")[0] for c in _charts(at)]


def _html(at: AppTest, prefix: str = "") -> str:
    return "\n".join(h.proto.body for h in at.html if h.proto.body.startswith(prefix))


def test_dashboard_profiles_loads_with_three_charts(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(sample_db, monkeypatch)
    assert at.title[0].value == "Outlet profiles"
    assert _titles(at) == [
        "Framing cues per 1,000 words, by outlet",
        "How differently outlets frame the news",
        "Framing over time",
    ]
    rates = _charts(at)[0]["data"][0]
    assert len(rates["y"]) == 7  # outlets
    assert all("[" in cell and "–" in cell for row in rates["text"] for cell in row)
    assert not at.warning


def test_dashboard_profiles_cell_drilldown_lists_the_spans(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(sample_db, monkeypatch)
    at.selectbox(key="profiles_cell_outlet").set_value("Chollima Press Service")
    at.selectbox(key="profiles_cell_category").set_value("aggression_attribution").run()
    assert not at.exception
    summary = next(m.value for m in at.markdown if "cue span(s)" in m.value)
    n = int(summary.split("words. ")[1].split(" cue span(s)")[0])
    assert n > 0
    body = _html(at, '<div class="cell-spans">')
    assert body.count('<mark class="cue cue-aggression_attribution"') == min(n, 60)
    phrases = at.dataframe[0].value
    assert 0 < phrases["count"].sum() <= n  # the top wordings

    at.selectbox(key="profiles_cell_outlet").set_value("Meridian Wire")
    at.selectbox(key="profiles_cell_category").set_value("delegitimising_label").run()
    assert not at.exception
    after = next(m.value for m in at.markdown if "cue span(s)" in m.value)
    assert after != summary


def test_dashboard_profiles_distance_basis_switches_the_matrix(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(sample_db, monkeypatch)
    at.radio(key="profiles_distance_basis").set_value("vocabulary").run()
    assert not at.exception
    assert _titles(at)[1] == "How differently outlets word things"
    at.radio(key="profiles_distance_basis").set_value("profile_euclidean").run()
    assert _titles(at)[1] == "How differently outlets frame the news"
    at.selectbox(key="profiles_pair_b").set_value("Tokyo Morning Ledger").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Measure" in d.value.columns)
    assert {"Chollima Press Service", "Tokyo Morning Ledger"} <= set(table.columns)
    assert len(table) > 0


def test_dashboard_profiles_trend_points_lead_to_sentences(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(sample_db, monkeypatch)
    at.selectbox(key="profiles_trend_outlet").set_value("Liberty Cable News").run()
    assert not at.exception
    assert any("most loaded sentences" in c.value for c in at.caption)
    assert "<b>0." in _html(at) or "<b>1.00</b>" in _html(at)


def test_dashboard_profiles_single_outlet_is_explained(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(sample_db, monkeypatch, outlets=["Meridian Wire"])
    assert "Only one outlet" in at.warning[0].value
    assert any("at least two outlets" in i.value for i in at.info)
    assert _titles(at) == ["Framing cues per 1,000 words, by outlet", "Framing over time"]
    assert not at.radio


def test_dashboard_profiles_no_cue_tables_are_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _prepare(tmp_path / "store.sqlite3", [ROOT / "sample_articles"], "sample", cues=False)
    at = _page(db, monkeypatch)
    assert "--no-cues" in at.info[0].value
    assert not at.get("plotly_chart")


def test_dashboard_profiles_undated_corpus_hides_trends_and_escapes_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evil = tmp_path / "evil.csv"
    evil.write_text(
        "outlet,title,text\n"
        '"<img src=x onerror=alert(1)>","[click](http://evil.example)",'
        '"<script>alert(1)</script> The regime staged a provocation [link](http://x.example). '
        'The regime again."\n'
        "Other,Plain title,The government held talks about trade and the regime answered.\n"
    )
    db = _prepare(tmp_path / "store.sqlite3", [evil], "evil")
    at = _page(db, monkeypatch)
    assert any("publication date" in i.value for i in at.info)
    assert len(_charts(at)) == 2
    at.selectbox(key="profiles_cell_outlet").set_value("<img src=x onerror=alert(1)>")
    at.selectbox(key="profiles_cell_category").set_value("delegitimising_label").run()
    assert not at.exception
    body = _html(at)
    assert "<mark" in body
    assert "&lt;script&gt;" in body and "<script" not in body and "<img" not in body
    spec = "".join(c.proto.spec for c in at.get("plotly_chart"))
    assert "<img" not in spec


def test_dashboard_profiles_cell_boxes_offer_no_empty_cell(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import html
    import re

    at = _page(sample_db, monkeypatch)
    chart = _charts(at)[0]
    cells = next(t for t in chart["data"] if t.get("name") == "cells")
    clickable = {
        (c[0], html.unescape(x)) for c, x in zip(cells["customdata"], cells["x"], strict=True)
    }
    assert clickable
    offered = set()
    for outlet in at.selectbox(key="profiles_cell_outlet").options:
        at.selectbox(key="profiles_cell_outlet").set_value(outlet).run()
        for label in at.selectbox(key="profiles_cell_category").options:
            found = re.fullmatch(r"(.*) \((\d+)\)", label)
            assert found and int(found.group(2)) > 0, (outlet, label)
            offered.add((outlet, found.group(1)))
        assert not any("No cue of this category" in i.value for i in at.info)
    assert offered == clickable  # the boxes offer exactly the cells one can click
