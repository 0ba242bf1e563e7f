"""Fixtures shared across the test packages.

The sample corpus analysed with the hashing embedder is the most repeated set-up
(dashboard pages, reports, comparisons): it is built once per session here and
must only be read. A test that writes to a store takes ``fresh_db``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_articles"
APP = str(ROOT / "dashboard" / "app.py")


# The hashing embedder's similarities run lower than MiniLM's: with the
# grouping bar tuned for MiniLM the sample falls apart into 33 events, so the
# shared fixtures group with the bar that gives the sample's 8 events back.
HASHED_GROUPING = {"event_threshold": 0.15, "event_window_days": 7.0, "event_date_penalty": 0.07}


def prepare_store(db: Path, inputs: list[Path], corpus: str, *, cues: bool = True) -> Path:
    """Ingest ``inputs`` as ``corpus`` into the store at ``db`` and analyse them (hashing model)."""
    with Store(db) as store:
        ingest(inputs, corpus, store, Settings(db_path=db))
        settings = Settings(db_path=db, **HASHED_GROUPING)
        analyze(corpus, store, settings, embedder=HashingEmbedder(), cues=cues)
    return db


@pytest.fixture(scope="session")
def hashed_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample corpus as ``sample``, analysed with the hashing embedder.

    Shared by the whole session: read it, never write to it.
    """
    path = tmp_path_factory.mktemp("hashed_sample") / "store.sqlite3"
    return prepare_store(path, [SAMPLE], "sample")


@pytest.fixture
def sample_db(hashed_sample: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``FRAMING_DB`` pointed at the shared, read-only analysed sample store."""
    monkeypatch.setenv("FRAMING_DB", str(hashed_sample))
    return hashed_sample


@pytest.fixture
def fresh_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``FRAMING_DB`` pointed at a new, empty store of this test's own."""
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("FRAMING_DB", str(path))
    return path


@pytest.fixture
def event_articles() -> pd.DataFrame:
    """Four small events, each covered by two outlets with different wording."""
    rows = []
    for event in range(4):
        for k, outlet in enumerate(["Alpha", "Beta"]):
            loaded = "war games and reckless provocation" if outlet == "Alpha" else "joint drills"
            rows.append(
                {
                    "id": f"e{event}-{outlet}",
                    "outlet": outlet,
                    "title": f"Event {event} report by {outlet}",
                    "text": (
                        f"The navy held {loaded} near island {event}. Officials said the "
                        f"{loaded} lasted {k + 2} days. Observers called it {loaded} again."
                    ),
                    "event_id": event,
                    "n_words": 30,
                }
            )
    return pd.DataFrame(rows)
