"""``dashboard/run.py``: the one "run an analysis with progress", called directly.

A fake progress sink stands in for ``st.progress``; the hashing embedder keeps
the run offline and fast. The pages' own runs are covered by their AppTests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import framing.model_choice
import framing.pipeline
from framing.config import DEFAULT_MODEL, Settings
from framing.embed import HashingEmbedder
from framing.errors import FramingError
from framing.pipeline import ingest, load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402
import run  # noqa: E402

CSV = (
    "outlet,title,text\n"
    "Daily,Harbour talks,The regime claimed the port was safe after the harbour talks.\n"
    "Herald,Harbour talks resume,Officials resumed harbour talks on Monday.\n"
    "Post,Port deal,Negotiators reached a port deal after the talks.\n"
)


class FakeBar:
    """Records what a progress bar would show."""

    def __init__(self) -> None:
        self.shown: list[tuple[float, str | None]] = []
        self.emptied = 0

    def progress(self, value: float, text: str | None = None) -> None:
        self.shown.append((value, text))

    def empty(self) -> None:
        self.emptied += 1


@pytest.fixture
def models(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The models the dashboard asked ``framing.pipeline.make_embedder`` for (hashing stand-in)."""
    asked: list[str] = []

    def hashing(settings: Settings) -> HashingEmbedder:
        asked.append(settings.model)
        return HashingEmbedder()

    # The run reaches the embedder through framing.pipeline (via common.get_embedder).
    monkeypatch.setattr(framing.pipeline, "make_embedder", hashing)
    common.get_embedder.clear()  # no embedder cached by another test
    yield asked
    common.get_embedder.clear()
    common.clear_caches()


@pytest.fixture
def store(fresh_db: Path, tmp_path: Path, models: list[str]):
    """A store holding three articles as ``harbour``, not analysed yet."""
    source = tmp_path / "harbour.csv"
    source.write_text(CSV)
    with Store(fresh_db) as s:
        ingest([source], "harbour", s, Settings(db_path=fresh_db))
        yield s


def test_run_analysis_reports_progress_and_stores_the_analysis(store, models) -> None:
    common._memo(("before",), lambda: "old")  # something a page computed earlier
    bar = FakeBar()

    analysis = run.run_analysis("harbour", store, bar=bar)

    assert bar.shown, "progress was reported"
    values = [v for v, _ in bar.shown]
    assert all(0.0 <= v <= 1.0 for v in values) and values[-1] == 1.0
    # Markdown escapes (the text may name an uploaded file) read as the plain text.
    texts = [(t or "").replace("\\", "") for _, t in bar.shown[1:]]
    # every stage shows what it does, its count and the time left (or "estimating…")
    for label in ("Embedding 3 articles", "Grouping articles", "Scoring batch 1 of 1"):
        assert any(t.startswith(label) for t in texts), label
    assert all(
        re.search(r"(about .+ left|estimating…( \(.+ so far\))?|done in .+ s)$", t) for t in texts
    ), texts
    counts = [re.search(r": (\d+)/(\d+) \w+", t) for t in texts]
    assert sum(1 for c in counts if c) > len(texts) / 2
    assert all(int(c[1]) <= int(c[2]) for c in counts if c)
    assert any(t.endswith(" left") for t in texts)
    assert bar.emptied == 1
    stored = load_analysis("harbour", store)
    assert stored is not None and stored.key == analysis.key
    assert len(stored.articles) == 3 and "cues" in stored.tables
    assert stored.model == DEFAULT_MODEL and models == [DEFAULT_MODEL]
    # the dashboard's caches were cleared: pages compute from the new results
    assert common._memo(("before",), lambda: "new") == "new"


def test_run_analysis_keeps_the_stored_model_and_uses_the_label(store, models) -> None:
    bar = FakeBar()
    first = run.run_analysis("harbour", store, model="fast", label="Re-scoring…", bar=bar)
    assert first.model == "fast"
    assert bar.shown[0] == (0.0, "Re-scoring…")  # until the first stage reports
    again = run.run_analysis("harbour", store, bar=FakeBar())  # no model: the stored one
    assert again.model == "fast" and again.key == first.key
    assert models == ["fast"]


def test_run_analysis_resolves_auto_by_the_corpus_size(
    store, models, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(framing.model_choice, "FAST_PATH_THRESHOLD", 3)  # three articles: "large"
    analysis = run.run_analysis("harbour", store, model="auto", bar=FakeBar())
    # the embedder handed over is the model the run records
    assert analysis.model == "fast" and models == ["fast"]


def test_run_analysis_failure_removes_the_bar_and_keeps_the_results(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    run.run_analysis("harbour", store, bar=FakeBar())
    key = store.results_key("harbour")

    def broken(*args, **kwargs):
        raise FramingError("the model could not be loaded.", code="FRM-M501")

    monkeypatch.setattr(run, "rescore", broken)
    bar = FakeBar()
    with pytest.raises(FramingError, match="FRM-M501"):
        run.run_analysis("harbour", store, model="fast", bar=bar)
    assert bar.emptied == 1
    assert store.results_key("harbour") == key
