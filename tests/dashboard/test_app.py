"""Headless dashboard checks with Streamlit's AppTest (hashing embedder: no model load)."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


def _prepare(db: Path, inputs: list[Path], corpus: str = "sample") -> None:
    with Store(db) as store:
        ingest(inputs, corpus, store, Settings(db_path=db))
        analyze(corpus, store, Settings(db_path=db), embedder=HashingEmbedder())


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120)


def test_dashboard_empty_store_offers_the_sample(fresh_db: Path) -> None:
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "framing-dashboard"
    assert at.button[0].label == "Load the sample articles"


def test_dashboard_overview_shows_counts_and_charts(sample_db: Path) -> None:
    at = _app().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "48" and metrics["Outlets"] == "7"
    assert len(at.get("plotly_chart")) == 4  # map, coverage, over time, storylines


def test_dashboard_overview_makes_events_coarser_and_finer_at_once(sample_db: Path) -> None:
    at = _app().run()
    slider = at.select_slider(key="overview_granularity")
    assert slider.value == "as grouped"
    n_stored = int({m.label: m.value for m in at.metric}["Events"])
    counts = {}
    for level in ("finest", "coarsest"):
        at.select_slider(key="overview_granularity").set_value(level).run()
        assert not at.exception
        caption = next(c.value for c in at.caption if "at this granularity" in c.value)
        counts[level] = int(caption.split()[0])
        assert f"({n_stored} as grouped)" in caption
    assert counts["coarsest"] <= n_stored <= counts["finest"]
    assert counts["coarsest"] < counts["finest"]


def test_dashboard_outlet_filter_changes_counts(sample_db: Path) -> None:
    # AppTest reruns only the page script after a widget change under
    # st.navigation, so the filter value is given through its session key.
    at = _app()
    at.session_state["outlets"] = ["Meridian Wire", "Hanbit Wire"]
    at.run()
    assert at.sidebar.multiselect[0].value == ["Meridian Wire", "Hanbit Wire"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Outlets"] == "2"
    assert int(metrics["Articles"]) < 48


def test_dashboard_events_page_lists_outlets_of_the_chosen_event(sample_db: Path) -> None:
    at = _app().run()
    at.switch_page("views/events.py").run()
    assert not at.exception
    box = at.selectbox(key="event_id")
    first = at.subheader[0].value
    box.set_value(box.options and 1).run()
    assert not at.exception
    assert at.subheader[0].value != first or "article(s)" in first


def test_dashboard_escapes_untrusted_article_text(fresh_db: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil.csv"
    evil.write_text(
        "outlet,title,text\n"
        '"<img src=x onerror=alert(1)>","[click](http://evil.example)",'
        '"<script>alert(1)</script> **bold** [link](http://evil.example)"\n'
        "Other,Plain title,Plain text about something else entirely.\n"
    )
    _prepare(fresh_db, [evil], corpus="evil")
    at = _app().run()
    at.switch_page("views/events.py").run()
    assert not at.exception
    markdown, body = [], []
    for option in at.selectbox(key="event_id").options:
        at.selectbox(key="event_id").set_value(int(option.split(":")[0][1:])).run()
        assert not at.exception
        markdown += [m.value for m in at.markdown] + [c.value for c in at.caption]
        body += [h.value for h in at.html]
    # Markdown gets only escaped text; article text reaches st.html escaped.
    assert not re.search(r"(?<!\\)[<\[\]]", "\n".join(markdown))
    html_out = "\n".join(body)
    assert "&lt;script&gt;" in html_out and "&lt;img src=x" in html_out
    assert "<script" not in html_out and "<img" not in html_out
