"""AppTest checks of the Two outlets page (the sample, hashing embedder)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/pair.py"


@pytest.fixture(scope="module")
def sample(hashed_sample: Path):
    with Store(hashed_sample) as store:
        return load_analysis("sample", store)


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "sample"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(h.value for h in at.html)))


def test_dashboard_pair_shows_two_outlets_sentences_side_by_side(sample_db: Path, sample) -> None:
    events = sample.events[sample.events["n_outlets"] >= 2]
    event_id = int(events["event_id"].iloc[0])
    at = _open()
    assert at.title[0].value == "Two outlets"
    # only events two outlets covered are offered
    assert at.selectbox(key="pair_event_id").options == [
        f"E{e}: {label}" for e, label in zip(events["event_id"], events["label"], strict=True)
    ]
    at.selectbox(key="pair_event_id").set_value(event_id).run()
    outlets = sorted(
        sample.articles.loc[sample.articles["event_id"] == event_id, "outlet"].unique()
    )
    assert at.selectbox(key="pair_outlet_a").value == outlets[0]
    assert at.selectbox(key="pair_outlet_b").options == outlets[1:]
    shown = _text(at)
    sents = sample.tables["sentences"]
    ids = sample.articles.loc[
        (sample.articles["event_id"] == event_id) & (sample.articles["outlet"] == outlets[0]), "id"
    ]
    first = sents[sents["id"].isin(ids) & (sents["field"] == "text")]["sentence"].iloc[0]
    assert first in shown
    metrics = {m.label: int(m.value) for m in at.metric}
    total = sum(metrics.values())
    assert total > 0
    # the lowest bar pairs more sentences than the highest
    at.slider(key="pair_threshold").set_value(0.9).run()
    strict = {m.label: int(m.value) for m in at.metric}
    at.slider(key="pair_threshold").set_value(0.3).run()
    loose = {m.label: int(m.value) for m in at.metric}
    assert loose["Sentences paired"] >= strict["Sentences paired"]
    assert not at.exception
    # only what one left out: no paired row remains
    at.radio(key="pair_show").set_value("Only what one left out").run()
    assert "has no sentence like this" in _text(at) or loose[f"Only in {outlets[0]}"] == 0


EVIL_CSV = (
    "outlet,title,text\n"
    '"<b>Evil</b>",Drills near the island,"<script>alert(1)</script> The navy held war games '
    'near the island. Forty ships took part."\n'
    'Plain,Drills near the island,"The navy held joint drills near the island. '
    'Forty ships took part."\n'
)


def test_dashboard_pair_escapes_the_text(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "store.sqlite3"
    evil = tmp_path / "evil.csv"
    evil.write_text(EVIL_CSV)
    with Store(db) as store:
        ingest([evil], "evil", store, Settings(db_path=db))
        analyze("evil", store, Settings(db_path=db), embedder=HashingEmbedder())
        assert load_analysis("evil", store).events["n_outlets"].max() == 2
    monkeypatch.setenv("FRAMING_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "evil"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    body = "\n".join(h.value for h in at.html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script" not in body and "<b>Evil</b>" not in body
