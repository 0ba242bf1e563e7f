"""Classroom page, headless with AppTest: names hidden, a full guess-then-reveal round."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import framing
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.reports import classroom
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/classroom.py"
JARGON = ("log-odds", "z-score", "embedding", "lexicon", "cosine", "logistic", "occlusion")


def _prepare(db: Path, inputs: list[Path], corpus: str, *, cues: bool = True) -> None:
    with Store(db) as store:
        ingest(inputs, corpus, store, Settings(db_path=db))
        analyze(corpus, store, Settings(db_path=db), embedder=HashingEmbedder(), cues=cues)


@pytest.fixture
def db(sample_db: Path) -> Path:
    """The shared analysed sample (tests/conftest.py); the page only reads it."""
    return sample_db


def _classroom(outlets: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if outlets is not None:
        at.session_state["outlets"] = outlets
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _main_text(at: AppTest) -> str:
    """Every string the main area sends to the browser (labels, options, HTML, tables)."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return "\n".join(parts)


def _outlets(db: Path) -> list[str]:
    with Store(db) as store:
        return sorted(store.articles("sample")["outlet"].unique())


def _expected_lesson(db: Path, event_id: int) -> classroom.Lesson:
    """The lesson the page builds, rebuilt from the store (all outlets shown)."""
    with Store(db) as store:
        analysis = framing.load_analysis("sample", store)
        texts = store.articles("sample")
    members = analysis.articles.loc[analysis.articles["event_id"] == event_id, "id"]
    arts = texts.set_index("id").loc[members].reset_index()
    return classroom.build_lesson(
        event_id,
        arts[["id", "outlet", "title", "text"]],
        all_outlets=sorted(texts["outlet"].unique()),
        alignment=analysis.tables.get("alignment"),
        contrast=analysis.tables.get("contrast"),
        cues=analysis.tables.get("cues"),
    )


def test_dashboard_classroom_hides_names_then_reveals_them(db: Path) -> None:
    at = _classroom()
    outlets = _outlets(db)
    before = _main_text(at)
    assert "Outlet A" in before and "Outlet B" in before
    for name in outlets:
        assert name not in before, name
    # the large-type style and the step tabs are there
    assert any("<style>" in h.value and "font-size" in h.value for h in at.html)
    assert [t.label for t in at.tabs] == ["1 · Read", "2 · Guess", "3 · Reveal"]

    at.button(key="classroom_reveal").click().run()
    assert not at.exception
    after = _main_text(at)
    event_id = at.selectbox(key="classroom_event").value
    lesson = _expected_lesson(db, event_id)
    for name in lesson.letters:
        assert name in after, name
    assert any("<mark" in h.value for h in at.html)  # highlighted articles


def test_dashboard_classroom_full_guess_then_reveal_round(db: Path) -> None:
    at = _classroom()
    event_id = at.selectbox(key="classroom_event").value
    lesson = _expected_lesson(db, event_id)
    n = len(lesson.items)
    assert n >= 2
    guess_boxes = [s for s in at.selectbox if s.key.startswith(f"classroom_guess_{event_id}_")]
    assert len(guess_boxes) == n
    # right on even questions, wrong on odd ones
    picked = []
    for i, item in enumerate(lesson.items):
        wrong = next(c for c in lesson.choices if c != item.letter)
        picked.append(item.letter if i % 2 == 0 else wrong)
        at.selectbox(key=f"classroom_guess_{event_id}_{i}").set_value(picked[-1])
    first = lesson.choices[0]
    at.slider(key=f"classroom_rate_{event_id}_{first}").set_value(5)
    at.run()
    assert not at.exception
    assert not any(name in _main_text(at) for name in lesson.letters)

    at.button(key="classroom_reveal").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Right guesses"] == f"{(n + 1) // 2} of {n}"
    answers = at.table[0].value
    assert answers["Class guess"].tolist() == picked
    assert answers["Right answer"].tolist() == [i.letter for i in lesson.items]
    assert answers["Outlet"].tolist() == [i.outlet for i in lesson.items]
    ratings = at.table[1].value
    row = ratings.loc[f"{first} · {lesson.outlet_of(first)}"]
    assert row["Class rating (1-5)"] == "5"
    assert row["Computer rating (1-5)"] != "-"
    # guesses are locked once revealed
    assert all(s.disabled for s in at.selectbox if s.key.startswith("classroom_guess_"))

    at.button(key="classroom_new_round").click().run()
    assert not at.exception
    assert not any(name in _main_text(at) for name in lesson.letters)
    assert all(
        s.value is None for s in at.selectbox if s.key.startswith(f"classroom_guess_{event_id}_")
    )
    assert at.button(key="classroom_reveal")


def test_dashboard_classroom_uses_no_analysis_jargon(db: Path) -> None:
    at = _classroom()
    assert not any(j in _main_text(at).lower() for j in JARGON)
    at.button(key="classroom_reveal").click().run()
    text = _main_text(at).lower()
    assert not any(j in text for j in JARGON), [j for j in JARGON if j in text]


def test_dashboard_classroom_changing_story_changes_the_lesson(db: Path) -> None:
    at = _classroom()
    box = at.selectbox(key="classroom_event")
    first = box.value
    assert len(box.options) >= 2
    at.button(key="classroom_reveal").click().run()
    assert at.metric  # revealed
    other = next(
        e for e in classroom.eligible_events(_articles_table(db))["event_id"] if e != first
    )
    at.selectbox(key="classroom_event").set_value(other).run()
    assert not at.exception
    # a new story starts hidden again
    assert at.button(key="classroom_reveal")
    assert not any(name in _main_text(at) for name in _outlets(db))
    assert at.download_button(key="classroom_handout")


def _articles_table(db: Path):
    with Store(db) as store:
        return framing.load_analysis("sample", store).articles


def test_dashboard_classroom_one_outlet_is_explained(db: Path) -> None:
    at = _classroom(outlets=["Meridian Wire"])
    assert at.warning and "one outlet" in at.warning[0].value
    assert not at.get("tabs")


def test_dashboard_classroom_escapes_untrusted_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("FRAMING_DB", str(path))
    evil = tmp_path / "evil.csv"
    body = (
        "Storm floods the harbour town. <script>alert(1)</script> The river rose overnight "
        "and the harbour town was flooded. <img src=x onerror=alert(1)> [link](http://evil.example)"
    )
    evil.write_text(
        "outlet,title,text\n"
        f'"Harbour Post","<script>alert(2)</script> Storm floods harbour town","{body}"\n'
        f'"River Daily","Storm floods harbour town","{body} Residents were evacuated."\n'
    )
    _prepare(path, [evil], "evil")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "evil"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    if not at.get("tabs"):
        pytest.skip("the two articles were not grouped into one event")
    html = "\n".join(h.value for h in at.html)
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    assert "<script" not in html and "<img" not in html
    assert "Harbour Post" not in _main_text(at)
    at.button(key="classroom_reveal").click().run()
    html = "\n".join(h.value for h in at.html)
    assert "<script" not in html and "<img" not in html
    assert "Harbour Post" in _main_text(at)


def test_dashboard_classroom_without_cue_tables_still_runs_a_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("FRAMING_DB", str(path))
    _prepare(path, [ROOT / "sample_articles"], "sample", cues=False)
    at = _classroom()
    assert any("no striking wording" in i.value for i in at.info)
    assert not any(s.key.startswith("classroom_guess_") for s in at.selectbox)
    at.button(key="classroom_reveal").click().run()
    assert not at.exception
    assert not at.metric  # no quiz, no score
    assert any("no computer ratings" in c.value for c in at.caption)
    assert any("No wording was marked" in i.value for i in at.info)
