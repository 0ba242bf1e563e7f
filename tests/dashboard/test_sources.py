"""AppTest checks of "Who gets to speak" (hashing embedder: no model load).

The sample articles come from the session's shared store (``sample_db``); one
store per module holds three hand-made articles with quotations, one outlet
with markup in its name and quotation.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing import compare
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/sources.py"
EVIL = "<i>Evil</i> Wire"
QUOTES_CSV = (
    "outlet,title,text,published\n"
    f'"{EVIL}",Talks stall,"""We will <b>never</b> give in,"" Kim Jong Un said on Monday. '
    'Officials said the talks had stalled. The so-called ""peace plan"" is dead.",2024-01-02\n'
    'Calm Post,Talks stall again,"""We want peace,"" Kim Jong Un told reporters on Monday.",'
    "2024-01-02\n"
    "Calm Post,Harvest festival,The harvest festival drew large crowds.,2024-01-03\n"
)


@pytest.fixture(scope="module")
def quotes_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("sources_store")
    db = tmp / "store.sqlite3"
    csv = tmp / "quotes.csv"
    csv.write_text(QUOTES_CSV, encoding="utf-8")
    settings = Settings(db_path=db)
    with Store(db) as store:
        ingest([csv], "quotes", store, settings)
        analyze("quotes", store, settings, embedder=HashingEmbedder())
    return db


@pytest.fixture(scope="module")
def sample(hashed_sample: Path):
    with Store(hashed_sample) as store:
        return load_analysis("sample", store)


def _page(db: Path, monkeypatch: pytest.MonkeyPatch, **state) -> AppTest:
    monkeypatch.setenv("FRAMING_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in state.items():  # entrypoint widgets: through session state
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _titles(at: AppTest) -> list[str]:
    return [c["layout"]["title"]["text"].split("<br>")[0] for c in _charts(at)]


def _summary(at: AppTest):
    return next(d.value for d in at.dataframe if "n_sources" in d.value.columns)


def _cell_html(at: AppTest) -> str:
    return next(h.value for h in at.html if '<div class="cell-quotes">' in h.value)


def test_dashboard_sources_page_renders_matrix_verbs_and_shares(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, sample
) -> None:
    at = _page(sample_db, monkeypatch)
    assert at.title[0].value == "Who gets to speak"
    assert _titles(at) == [
        "Who each outlet quotes",
        "How each outlet introduces its sources",
        "Anonymous sources",
        "Whose officials speak",
    ]
    summary = _summary(at)
    expected = compare.outlet_sourcing(sample.tables["sources"])
    assert summary["outlet"].tolist() == expected["outlet"].tolist()
    assert summary["n_sources"].tolist() == expected["n_sources"].tolist()
    matrix = _charts(at)[0]["data"][0]
    assert len(matrix["y"]) == 7 and len(matrix["x"]) == 15
    assert not at.warning


def test_dashboard_sources_respects_the_outlet_filter(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = ["Hanbit Wire", "Meridian Wire"]
    at = _page(sample_db, monkeypatch, outlets=shown)
    assert _summary(at)["outlet"].tolist() == shown
    charts = _charts(at)
    assert charts[0]["data"][0]["y"] == shown
    assert [t["name"] for t in charts[2]["data"]] == shown
    assert at.selectbox(key="sources_cell_outlet").options == shown


def test_dashboard_sources_cell_drilldown_shows_the_quotations_highlighted(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, sample
) -> None:
    src = sample.tables["sources"]
    matrix = compare.speaker_matrix(src)
    top = matrix.sort_values("count", ascending=False, kind="stable").iloc[0]
    outlet, speaker = str(top["outlet"]), str(top["speaker"])
    at = _page(sample_db, monkeypatch)
    at.selectbox(key="sources_cell_outlet").set_value(outlet).run()
    at.selectbox(key="sources_cell_speaker").set_value(speaker).run()
    assert not at.exception
    texts = Store(sample_db).articles("sample").set_index("id")
    cell = compare.cell_quotations(src, texts, outlet, speaker)
    assert len(cell) == int(top["count"]) > 0
    body = _cell_html(at)
    assert body.count('<div class="quotation"') == len(cell)
    assert body.count('<mark class="quote ') == len(cell)  # each quotation highlighted
    assert '<b class="speaker">' in body and 'class="verb verb-' in body
    for quotation in cell["quotation"]:
        assert html.escape(quotation) in body
    summary = next(m.value for m in at.markdown if "time(s)" in m.value)
    assert f"{len(cell)} time(s)" in summary


def test_dashboard_sources_one_event_counts_only_its_quotations(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, sample
) -> None:
    src = sample.tables["sources"]
    event_id = int(src.loc[src["kind"] != "scare", "event_id"].value_counts().index[0])
    at = _page(sample_db, monkeypatch)
    at.selectbox(key="sources_event").set_value(event_id).run()
    assert not at.exception
    expected = compare.outlet_sourcing(
        src, event_id=event_id, outlets=sorted(sample.articles["outlet"].unique())
    )
    assert _summary(at)["n_sources"].sum() == expected["n_sources"].sum()
    assert expected["n_sources"].sum() < compare.outlet_sourcing(src)["n_sources"].sum()


def test_dashboard_sources_escapes_names_and_quotations(
    quotes_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(quotes_db, monkeypatch)
    at.selectbox(key="sources_cell_outlet").set_value(EVIL).run()
    at.selectbox(key="sources_cell_speaker").set_value("Kim Jong Un").run()
    assert not at.exception
    body = _cell_html(at)
    assert "We will &lt;b&gt;never&lt;/b&gt; give in" in body and "<b>never" not in body
    scare = next(
        h.value for h in at.html if "peace plan" in h.value and "cell-quotes" not in h.value
    )
    assert "&lt;i&gt;Evil&lt;/i&gt; Wire" in scare and "<i>Evil" not in scare
    for chart in _charts(at):
        for trace in chart["data"]:
            trace.pop("customdata", None)  # never drawn: it leads a click back to its cell
        assert "<i>Evil" not in json.dumps(chart)
    summary = _summary(at).set_index("outlet")
    assert summary.loc[EVIL, "n_scare"] == 1  # the outlet's distancing, not a source
    assert summary.loc["Calm Post", "n_sources"] == 1


def test_dashboard_sources_a_cell_the_outlet_never_quotes_is_explained(
    quotes_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when a click lands on an empty cell: the speaker is not this outlet's.
    at = _page(quotes_db, monkeypatch)
    at.session_state["sources_cell_outlet"] = "Calm Post"
    at.session_state["sources_cell_speaker"] = "Officials"
    at.run()
    assert not at.exception
    assert any("does not quote Officials" in i.value for i in at.info)
    assert at.selectbox(key="sources_cell_speaker").value == "Kim Jong Un"


def test_dashboard_sources_without_a_sources_table_says_to_analyse_again(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text(QUOTES_CSV, encoding="utf-8")
    with Store(fresh_db) as store:
        ingest([csv], "nocues", store, Settings(db_path=fresh_db))
        analyze("nocues", store, Settings(db_path=fresh_db), embedder=HashingEmbedder(), cues=False)
    at = _page(fresh_db, monkeypatch)
    assert any("Analyse it again" in i.value for i in at.info)
    assert not at.get("plotly_chart")
