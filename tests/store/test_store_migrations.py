"""Store: migrations from old schemas, user lexicons, result parts and unchanged re-ingests."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from framing.ingest import read_inputs
from framing.schema import IngestReport
from framing.store import SCHEMA_VERSION, Store

ROWS_A = [
    ("a-1", "Daily", "Storm hits", "Rain and floods in the north."),
    ("a-2", "Herald", "Storm warning", "Forecasters warned of a storm."),
    ("a-3", "Daily", "Clean-up begins", "Crews cleared fallen trees."),
]


def _report(folder: Path, rows: Sequence[tuple[str, str, str, str]], name: str) -> IngestReport:
    path = folder / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text"])
        writer.writerows(rows)
    report = read_inputs([path])
    assert report.errors == [] and report.n_accepted == len(rows)
    return report


def _count(store: Store, table: str) -> int:
    return store._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite3") as s:
        yield s


# -- migrations ------------------------------------------------------------------------


_V1_TABLES = {"corpora", "articles", "embeddings", "results", "ingest_log"}


def _make_v1_store(path: Path) -> None:
    """A store exactly as schema version 1 left it, holding one corpus."""
    from framing.store.migrations import MIGRATIONS

    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO corpora(name, created_at, updated_at) "
        "VALUES ('old', '2024-01-01', '2024-01-01')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def _tables_in(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    return names


def test_store_migrates_v1_to_current_keeping_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    _make_v1_store(path)
    assert _tables_in(path) == _V1_TABLES

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 2
        assert list(store.corpora()["name"]) == ["old"]
        assert store.user_lexicon() is None

    assert _tables_in(path) == _V1_TABLES | {
        "user_lexicons",
        "result_parts",
        "event_edits",
        "locks",
        "article_date_edits",
        "quiz_items",
        "class_answers",
        "referent_edits",
    }


def test_store_user_lexicon_roundtrip_persists_and_clears(tmp_path):
    path = tmp_path / "s.sqlite3"
    text = '[[cue]]\nphrase = "fortress mentality"\ncategory = "militarisation_threat"\n'
    with Store(path) as store:
        assert store.user_lexicon() is None and store.user_lexicon_updated() is None
        store.save_user_lexicon("first")
        store.save_user_lexicon(text)
        assert store.user_lexicon() == text
        assert store.user_lexicon_updated() is not None
        assert _count(store, "user_lexicons") == 1

    with Store(path) as reopened:
        assert reopened.user_lexicon() == text
        reopened.clear_user_lexicon()
        assert reopened.user_lexicon() is None
        reopened.clear_user_lexicon()  # clearing twice is harmless


@pytest.mark.parametrize("name", ["default", "classroom"])
def test_store_user_lexicons_are_kept_by_name(store, name):
    store.save_user_lexicon("a = 1", name=name)
    assert store.user_lexicon(name) == "a = 1"
    other = "classroom" if name == "default" else "default"
    assert store.user_lexicon(other) is None


def test_store_user_lexicon_survives_corpus_changes(store, tmp_path):
    store.save_user_lexicon("x = 1")
    store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    store.delete_corpus("news")
    assert store.user_lexicon() == "x = 1"


def test_store_parts_resume_and_results_join_them(tmp_path) -> None:
    """Batches stored as parts survive a new connection; finished results join them."""
    path = tmp_path / "parts.sqlite3"
    with Store(path) as store:
        store.save_articles("c", _rows(tmp_path, 2))
        store.put_parts("c", "k1", 0, {"cues": pd.DataFrame({"id": ["a"]}), "n": _n(1)})
        store.put_parts("c", "k1", 1, {"cues": pd.DataFrame({"id": ["b", "c"]}), "n": _n(2)})
        store.put_parts("c", "old", 0, {"cues": pd.DataFrame({"id": ["z"]})})
    with Store(path) as store:  # a stopped run, reopened
        assert store.done_parts("c", "k1") == {0, 1}
        assert store.get_part("c", "k1", 1)["cues"]["id"].tolist() == ["b", "c"]
        assert store.get_part("c", "k1", 7) == {}
        assert [p["n"]["n"].sum() for p in store.iter_parts("c", "k1", ["n"])] == [1, 3]
        store.put_results("c", "k1", {"events": _n(5)}, in_parts=["cues"])
        got = store.get_results("c", "k1")
        assert got["cues"]["id"].tolist() == ["a", "b", "c"]
        assert got["events"]["n"].sum() == 15
        assert store.get_results("c", tables=["events"]).keys() == {"events"}
        # other keys' parts and unlisted tables are gone once results are final
        assert store.done_parts("c", "old") == set()
        assert list(store.iter_parts("c", "k1", ["n"])) == []
        store.put_parts("c", "unfinished", 0, {"cues": pd.DataFrame({"id": ["y"]})})
        store.save_articles("c", _rows(tmp_path, 3))  # new content drops the results
        assert store.get_results("c") == {}
        assert store.results_key("c") is None
        # the finished run's batches stay for the next analysis (framing.additions),
        # an unfinished run's go
        assert store.done_parts("c", "k1") == {0, 1}
        assert store.done_parts("c", "unfinished") == set()


def _rows(folder: Path, k: int) -> IngestReport:
    rows = [(f"a{i}", "Outlet", f"Title {i}", f"Text number {i} of {k}.") for i in range(k)]
    return _report(folder, rows, f"set{k}")


def _n(k: int) -> pd.DataFrame:
    return pd.DataFrame({"n": list(range(1, k + 1))})


def test_store_replacing_with_identical_content_keeps_results(tmp_path) -> None:
    path = tmp_path / "same.sqlite3"
    with Store(path) as store:
        store.save_articles("c", _rows(tmp_path, 2))
        store.put_results("c", "k", {"events": _n(2)})
        counts = store.save_articles("c", _rows(tmp_path, 2))
        assert counts == {"added": 0, "unchanged": 2, "total": 2}
        assert store.results_key("c") == "k"
        assert len(store.ingest_log("c")) == 2
        store.save_articles("c", _rows(tmp_path, 3))
        assert store.results_key("c") is None
        assert len(store.articles("c")) == 3
