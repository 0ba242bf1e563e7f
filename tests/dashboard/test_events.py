"""AppTest checks of the event comparison and "who called it what" pages.

The sample articles come from the session's shared store (``sample_db`` in
tests/conftest.py, hashing embedder: no model load); one store per module holds
a hostile corpus whose text carries markup, and the same one analysed without
cues.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from framing.config import Settings
from framing.devtools.testing import html_tables
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest, load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
EVENTS = "views/events.py"
WORDING = "views/wording.py"

EVIL_CSV = (
    "outlet,title,text\n"
    '"<img src=x onerror=alert(1)>","<b>Regime</b> staged a provocation [click](http://evil.example)",'
    '"<script>alert(1)</script> The regime staged a reckless provocation with war games. '
    '<img src=x onerror=alert(1)> **bold** [link](http://evil.example)"\n'
    "Other,Plain title,Plain text about a harvest festival in a quiet village.\n"
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("events_store")
    db = tmp / "store.sqlite3"
    evil = tmp / "evil.csv"
    evil.write_text(EVIL_CSV)
    settings = Settings(db_path=db)
    with Store(db) as store:
        ingest([evil], "evil", store, settings)
        analyze("evil", store, settings, embedder=HashingEmbedder())
        ingest([evil], "nocues", store, settings)
        analyze("nocues", store, settings, embedder=HashingEmbedder(), cues=False)
    return db


@pytest.fixture(scope="module")
def sample(hashed_sample: Path):
    with Store(hashed_sample) as store:
        return load_analysis("sample", store)


@pytest.fixture
def db(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRAMING_DB", str(store_path))
    return store_path


def _open(page: str, corpus: str = "sample", outlets: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    # Entrypoint widgets are set through their session keys (AppTest reruns only
    # the page script after a widget change under st.navigation).
    at.session_state["corpus"] = corpus
    if outlets is not None:
        at.session_state["outlets"] = outlets
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _tables(at: AppTest, first_header: str) -> list[pd.DataFrame]:
    """The wrapping HTML tables on the page whose first header is ``first_header``."""
    found = []
    for h in at.html:
        for rows in html_tables(h.value):
            if rows and rows[0] and rows[0][0] == first_header:
                found.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return found


def _legend(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html if h.value.startswith('<span style="display'))


def _multi_outlet_events(sample) -> list[int]:
    ev = sample.events
    return ev.loc[ev["n_outlets"] >= 2, "event_id"].astype(int).tolist()


# -- event comparison -------------------------------------------------------------


def test_dashboard_events_page_shows_highlighted_articles_and_charts(
    sample_db: Path, sample
) -> None:
    at = _open(EVENTS)
    assert at.title[0].value == "Event comparison"
    event_id = _multi_outlet_events(sample)[0]
    at.selectbox(key="event_id").set_value(event_id).run()
    assert not at.exception
    body = _html(at)
    assert "<mark" in body
    assert _legend(at), "a colour legend is shown above the articles"
    # only the open panel is drawn: cue rates first, then each chart panel
    assert len(at.get("plotly_chart")) == 1
    for panel in ("Loaded language", "Frames"):
        at.session_state["event_panel"] = panel
        at.run()
        assert not at.exception
        assert len(at.get("plotly_chart")) == 1, panel
    at.session_state["event_panel"] = "Cue categories"
    at.run()
    assert at.pills(key="event_cue_sources").value == ["lexicon", "model"]
    members = sample.articles[sample.articles["event_id"] == event_id]
    for title in members["title"]:
        assert title in _text(body)
    assert at.subheader[0].value == (
        f"{len(members)} article(s) from {members['outlet'].nunique()} outlet(s)"
    )


def test_dashboard_events_changing_the_event_changes_what_is_shown(sample_db: Path, sample) -> None:
    first, second = _multi_outlet_events(sample)[:2]
    at = _open(EVENTS)
    box = at.selectbox(key="event_id")
    assert box.format_func(first).startswith(f"E{first}: ")
    box.set_value(first).run()
    before = (at.subheader[0].value, _html(at))
    at.selectbox(key="event_id").set_value(second).run()
    assert not at.exception
    after = (at.subheader[0].value, _html(at))
    assert before[1] != after[1]
    titles = sample.articles.loc[sample.articles["event_id"] == second, "title"]
    assert all(t in _text(after[1]) for t in titles)


def test_dashboard_events_cue_source_toggle_changes_highlights(sample_db: Path, sample) -> None:
    # an event whose articles hold distinctive phrases (which events do depends on the grouping)
    cues = sample.tables["cues"]
    contrastive = set(cues.loc[cues["source"] == "contrastive", "id"])
    arts = sample.articles
    with_phrases = set(arts.loc[arts["id"].isin(contrastive), "event_id"])
    event_id = next(e for e in _multi_outlet_events(sample) if e in with_phrases)
    at = _open(EVENTS)
    at.selectbox(key="event_id").set_value(event_id).run()
    at.pills(key="event_cue_sources").set_value(["contrastive"]).run()
    assert not at.exception
    assert "cue-contrastive" in _html(at)
    assert "Distinctive phrase" in _legend(at)
    at.pills(key="event_cue_sources").set_value([]).run()
    assert not at.exception
    assert "<mark" not in _legend(at)  # no cue category; quoted text is still marked
    assert any("No cue of the chosen kinds" in c.value for c in at.caption)


def test_dashboard_events_category_leads_to_its_cue_sentences(sample_db: Path, sample) -> None:
    scores = sample.tables["outlet_scores"]
    count_cols = [c for c in scores.columns if c.endswith("_count")]
    scores = scores[(scores["event_id"] >= 0) & (scores[count_cols].sum(axis=1) > 0)]
    row = scores.iloc[0]
    category = max(count_cols, key=lambda c: row[c])[: -len("_count")]
    at = _open(EVENTS)
    at.selectbox(key="event_id").set_value(int(row["event_id"])).run()
    at.selectbox(key="event_cue_outlet").set_value(row["outlet"]).run()
    at.selectbox(key="event_cue_category").set_value(category).run()
    assert not at.exception
    lists = [h.value for h in at.html if h.value.startswith("<ul>")]
    assert lists and "<li" in lists[0] and f"cue-{category}" in lists[0]
    assert lists[0].count("<li") == min(int(row[f"{category}_count"]), 60)


def test_dashboard_events_loaded_and_frame_drilldowns_list_sentences(
    sample_db: Path, sample
) -> None:
    event_id = _multi_outlet_events(sample)[0]
    at = _open(EVENTS)
    at.selectbox(key="event_id").set_value(event_id).run()
    outlets = sorted(sample.articles.loc[sample.articles["event_id"] == event_id, "outlet"])
    at.session_state["event_panel"] = "Loaded language"
    at.run()
    at.selectbox(key="event_loaded_outlet").set_value(outlets[-1]).run()
    assert not at.exception
    loaded = _tables(at, "Loaded score")
    assert loaded and not loaded[0].empty
    assert loaded[0]["Loaded score"].astype(float).is_monotonic_decreasing
    assert list(loaded[0].columns) == ["Loaded score", "Sentence", "Article"]
    assert any(m.label.startswith("Mean loaded score") for m in at.metric)


def test_dashboard_events_single_article_event_is_explained(sample_db: Path, sample) -> None:
    ev = sample.events
    single = ev.loc[ev["n_articles"] == 1, "event_id"]
    if single.empty:
        pytest.skip("the hashing grouping produced no single-article event")
    at = _open(EVENTS)
    at.selectbox(key="event_id").set_value(int(single.iloc[0])).run()
    assert not at.exception
    assert any("Only one article" in i.value for i in at.info)
    assert any("Silent on this event" in c.value for c in at.caption)


@pytest.mark.parametrize("page", [EVENTS, WORDING])
def test_dashboard_events_one_outlet_shown_is_explained(sample_db: Path, sample, page: str) -> None:
    counts = sample.articles.groupby("outlet").size()
    at = _open(page, outlets=[counts.idxmax()])
    key = "event_id" if page == EVENTS else "wording_event_id"
    for option in at.selectbox(key=key).options[:3]:
        at.selectbox(key=key).set_value(int(option.split(":")[0][1:])).run()
        assert not at.exception
        if page == EVENTS:
            assert any("Only one outlet is shown" in w.value for w in at.warning)
        else:
            assert any("comparing wording needs at least two" in i.value for i in at.info)
            assert not at.dataframe


def test_dashboard_events_escapes_untrusted_article_text(db: Path) -> None:
    at = _open(EVENTS, corpus="evil")
    box = at.selectbox(key="event_id")
    seen = ""
    for option in box.options:
        at.selectbox(key="event_id").set_value(int(option.split(":")[0][1:])).run()
        assert not at.exception
        seen += _html(at)
    assert "<mark" in seen  # the lexicon words in the hostile text are still marked
    assert "&lt;script&gt;" in seen and "&lt;img src=x" in seen
    assert "<script" not in seen and "<img" not in seen and "<b>Regime" not in seen
    markdown = "\n".join(m.value for m in at.markdown)
    assert not re.search(r"(?<!\\)[<\[\]]", markdown)


def test_dashboard_events_without_cue_tables_is_explained(db: Path) -> None:
    at = _open(EVENTS, corpus="nocues")
    assert any("without framing cues" in w.value for w in at.warning)
    assert "<mark" not in _html(at)
    assert "&lt;script&gt;" in _html(at)
    assert not at.tabs


# -- who called it what -----------------------------------------------------------


def _aligned_events(sample) -> list[int]:
    counts = sample.tables["alignment"].groupby("event_id")["referent"].nunique()
    return counts.sort_values(ascending=False).index.astype(int).tolist()


def test_dashboard_wording_page_shows_the_matrix(sample_db: Path, sample) -> None:
    event_id = _aligned_events(sample)[0]
    at = _open(WORDING)
    assert at.title[0].value == "Who called it what"
    at.selectbox(key="wording_event_id").set_value(event_id).run()
    assert not at.exception
    table = _tables(at, "Referent")[0]
    alignment = sample.tables["alignment"]
    alignment = alignment[alignment["event_id"] == event_id]
    assert set(alignment["outlet"]) <= set(table.columns)
    assert len(table) == alignment["referent"].nunique()
    # the most diversely named first, with its kind
    assert table["Diversity"].astype(float).is_monotonic_decreasing
    assert set(table["Kind"]) <= {"person", "group", "place", "thing", "action"}
    # every wording whole, however many outlets (the grid cut them off); the
    # labels an outlet only quotes are marked as quoted
    from framing.compare import event as ce

    shown = alignment[alignment["referent"].isin(table["Referent"])]
    for row in shown.itertuples(index=False):
        cell = table.loc[table["Referent"] == row.referent, row.outlet].iloc[0]
        own = ce.split_wordings(row.phrase)
        assert (own[0] in cell) if own else cell.startswith("quoted: "), (row, cell)
        if row.quoted_phrase:
            assert "quoted: " in cell, (row.phrase, row.quoted_phrase, cell)
    assert len(at.get("plotly_chart")) == 1
    assert "Calls it" in _html(at)
    # each cell leads to its sentences
    assert any(e.label.startswith("Every sentence (") for e in at.expander)


def test_dashboard_wording_changing_event_and_referent_changes_view(
    sample_db: Path, sample
) -> None:
    events = _aligned_events(sample)
    if len(events) < 2:
        pytest.skip("needs two events with aligned wordings")
    at = _open(WORDING)
    at.selectbox(key="wording_event_id").set_value(events[0]).run()
    before = at.subheader[0].value
    at.selectbox(key="wording_event_id").set_value(events[1]).run()
    assert not at.exception
    assert at.subheader[0].value != before
    at.selectbox(key="wording_event_id").set_value(events[0]).run()
    box = at.selectbox(key="wording_referent")
    assert len(box.options) >= 2
    first = _html(at)
    box.set_value(_tables(at, "Referent")[0]["Referent"].iloc[1]).run()
    assert not at.exception
    assert _html(at) != first
    examples = [h.value for h in at.html if "Calls it" in h.value]
    assert examples and all("<blockquote" in e for e in examples)


def test_dashboard_wording_event_without_alignment_is_explained(sample_db: Path, sample) -> None:
    aligned = set(_aligned_events(sample))
    others = [e for e in sample.events["event_id"].astype(int) if e not in aligned]
    if not others:
        pytest.skip("every event has aligned wordings")
    at = _open(WORDING)
    at.selectbox(key="wording_event_id").set_value(others[0]).run()
    assert not at.exception
    assert at.info and not at.dataframe


def test_dashboard_wording_without_cue_tables_is_explained(db: Path) -> None:
    at = _open(WORDING, corpus="nocues")
    assert any("without framing cues" in w.value for w in at.warning)
    assert not at.dataframe


def _count_of(label: str) -> int:
    found = re.search(r"\((\d+)\)$", label)
    assert found, label
    return int(found.group(1))


def test_dashboard_events_category_count_follows_the_event(sample_db: Path, sample) -> None:
    scores = sample.tables["outlet_scores"]
    scores = scores[scores["event_id"] >= 0]
    # an outlet, a category it used in one event and not in another it covered
    col, outlet, first, second = next(
        (c, o, int(used.iloc[0]), int(unused.iloc[0]))
        for c in scores.columns
        if c.endswith("_count")
        for o, rows in scores.groupby("outlet")
        for used, unused in [
            (rows.loc[rows[c] > 0, "event_id"], rows.loc[rows[c] == 0, "event_id"])
        ]
        if len(used) and len(unused)
    )
    category = col[: -len("_count")]
    at = _open(EVENTS)
    at.selectbox(key="event_id").set_value(first).run()
    at.selectbox(key="event_cue_outlet").set_value(outlet).run()
    at.selectbox(key="event_cue_category").set_value(category).run()
    box = at.selectbox(key="event_cue_category")
    assert _count_of(box.options[box.index]) > 0
    at.selectbox(key="event_id").set_value(second).run()
    assert not at.exception
    box = at.selectbox(key="event_cue_category")
    # The label goes to the browser with the widget: without it, the browser kept
    # showing the previous event's "(n)" above this event's list.
    assert box.proto.set_value and box.proto.raw_value == box.options[box.index]
    shown = _count_of(box.options[box.index])
    assert shown > 0, "only categories the outlet used here are offered"
    lists = [h.value for h in at.html if h.value.startswith("<ul>")]
    assert lists and lists[0].count("<li") == min(shown, 60)
    assert not any("used no cue of this category" in i.value for i in at.info)


def test_dashboard_events_offers_no_empty_cell(sample_db: Path, sample) -> None:
    rates = sample.tables["outlet_scores"]
    event_id = _multi_outlet_events(sample)[0]
    at = _open(EVENTS)
    at.selectbox(key="event_id").set_value(event_id).run()
    row = rates[(rates["event_id"] == event_id)]
    for outlet in at.selectbox(key="event_cue_outlet").options:
        at.selectbox(key="event_cue_outlet").set_value(outlet).run()
        counts = row.loc[row["outlet"] == outlet].iloc[0]
        for label in at.selectbox(key="event_cue_category").options:
            assert _count_of(label) > 0, (outlet, label)
        offered = len(at.selectbox(key="event_cue_category").options)
        assert offered == sum(counts[c] > 0 for c in row.columns if c.endswith("_count"))
