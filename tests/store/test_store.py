"""Unit tests for framing.store: migrations, transactions, embeddings cache, results."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError, StoreError
from framing.ingest import read_inputs
from framing.schema import ARTICLE_COLUMNS, IngestReport
from framing.store import SCHEMA_VERSION, Store

ROWS_A = [
    ("a-1", "Daily", "Storm hits", "Rain and floods in the north."),
    ("a-2", "Herald", "Storm warning", "Forecasters warned of a storm."),
    ("a-3", "Daily", "Clean-up begins", "Crews cleared fallen trees."),
]
ROW_NEW = ("a-4", "Post", "Power back", "Electricity was restored on Friday.")


def _report(folder: Path, rows: Sequence[tuple[str, str, str, str]], name: str) -> IngestReport:
    path = folder / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text"])
        writer.writerows(rows)
    report = read_inputs([path])
    assert report.errors == [] and report.n_accepted == len(rows)
    return report


def _snapshot(store: Store) -> tuple[list[dict], dict[str, list[dict]], int]:
    corpora = store.corpora()
    articles = {n: store.articles(n).to_dict("records") for n in corpora["name"]}
    n_log = store._conn.execute("SELECT COUNT(*) FROM ingest_log").fetchone()[0]
    return corpora.to_dict("records"), articles, n_log


def _count(store: Store, table: str) -> int:
    return store._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite3") as s:
        yield s


# -- migrations ------------------------------------------------------------------------


def test_store_new_store_has_current_schema_version(tmp_path):
    path = tmp_path / "sub" / "s.sqlite3"
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert SCHEMA_VERSION >= 1
        assert store.corpora().empty
    assert path.exists()


def test_store_reopen_keeps_data(tmp_path):
    path = tmp_path / "s.sqlite3"
    report = _report(tmp_path, ROWS_A, "a")
    with Store(path) as store:
        store.save_articles("news", report)
        store.put_embeddings("m", {"h": np.ones(3, dtype=np.float32)})
        before = store.articles("news")

    with Store(path) as reopened:
        assert reopened.schema_version == SCHEMA_VERSION
        pd.testing.assert_frame_equal(reopened.articles("news"), before)
        assert reopened.count_embeddings("m") == 1


def test_store_newer_schema_version_raises(tmp_path):
    path = tmp_path / "s.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()

    with pytest.raises(StoreError, match="newer") as info:
        Store(path)
    assert str(SCHEMA_VERSION + 1) in str(info.value)
    assert "s.sqlite3" in str(info.value)


def test_store_not_a_database_raises(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not an sqlite file at all" * 10)

    with pytest.raises(StoreError, match="cannot open the store"):
        Store(path)


# -- save_articles -----------------------------------------------------------------------


def test_store_save_articles_replace_makes_corpus_exactly_report(store, tmp_path):
    first = store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    second = store.save_articles("news", _report(tmp_path, [ROW_NEW, ROWS_A[0]], "b"))

    assert first == {"added": 3, "unchanged": 0, "total": 3}
    assert second == {"added": 2, "unchanged": 0, "total": 2}
    articles = store.articles("news")
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert list(articles["id"]) == ["a-4", "a-1"]
    assert store.corpora().to_dict("records")[0]["n_articles"] == 2


def test_store_save_articles_append_skips_unchanged(store, tmp_path):
    store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    counts = store.save_articles(
        "news", _report(tmp_path, [ROWS_A[1], ROW_NEW, ROWS_A[2]], "b"), mode="append"
    )

    assert counts == {"added": 1, "unchanged": 2, "total": 4}
    assert list(store.articles("news")["id"]) == ["a-1", "a-2", "a-3", "a-4"]


def test_store_save_articles_append_conflicting_id_raises_and_changes_nothing(store, tmp_path):
    store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    before = _snapshot(store)
    conflicting = ("a-2", "Herald", "Storm warning", "A different text under the same id.")

    with pytest.raises(InputError, match="'a-2'") as info:
        store.save_articles("news", _report(tmp_path, [ROW_NEW, conflicting], "b"), mode="append")

    assert "news" in str(info.value)
    assert _snapshot(store) == before


def test_store_save_articles_empty_name_raises(store, tmp_path):
    with pytest.raises(InputError, match="corpus name is empty"):
        store.save_articles("  ", _report(tmp_path, ROWS_A, "a"))
    assert store.corpora().empty


# -- transactions ------------------------------------------------------------------------


class _FailOnNthArticleInsert:
    """Wraps a connection; the n-th INSERT INTO articles raises like a disk error would."""

    def __init__(self, conn: sqlite3.Connection, n: int) -> None:
        self._conn = conn
        self._n = n
        self.inserts = 0

    def execute(self, sql: str, *args):
        if sql.lstrip().startswith("INSERT INTO articles"):
            self.inserts += 1
            if self.inserts == self._n:
                raise sqlite3.OperationalError("simulated failure mid-ingest")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


def _interrupt_by_patch(store, report, monkeypatch):
    proxy = _FailOnNthArticleInsert(store._conn, 3)
    monkeypatch.setattr(store, "_conn", proxy)
    try:
        with pytest.raises(sqlite3.OperationalError, match="simulated"):
            store.save_articles("news", report)
        assert proxy.inserts == 3
    finally:
        monkeypatch.undo()


def _interrupt_by_bad_row(store, report, monkeypatch):
    broken = IngestReport(articles=report.articles.copy())
    broken.articles.loc[2, "outlet"] = None  # NOT NULL: fails on the 3rd insert
    with pytest.raises(sqlite3.IntegrityError):
        store.save_articles("news", broken)


@pytest.mark.parametrize("interrupt", [_interrupt_by_patch, _interrupt_by_bad_row])
def test_store_interrupted_ingest_of_new_corpus_leaves_no_trace(
    store, tmp_path, monkeypatch, interrupt
):
    store.save_articles("other", _report(tmp_path, ROWS_A[:1], "o"))
    before = _snapshot(store)

    interrupt(store, _report(tmp_path, [*ROWS_A, ROW_NEW], "n"), monkeypatch)

    assert _snapshot(store) == before
    assert "news" not in set(store.corpora()["name"])
    assert _count(store, "articles") == 1


@pytest.mark.parametrize("interrupt", [_interrupt_by_patch, _interrupt_by_bad_row])
def test_store_interrupted_replace_keeps_old_articles(store, tmp_path, monkeypatch, interrupt):
    store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    store.put_results("news", "k1", {"t": pd.DataFrame({"x": [1, 2]})})
    before = _snapshot(store)

    new_rows = [ROW_NEW, *[(f"b-{i}", "Post", f"T{i}", f"Other text {i}.") for i in range(3)]]
    interrupt(store, _report(tmp_path, new_rows, "b"), monkeypatch)

    assert _snapshot(store) == before
    assert list(store.articles("news")["id"]) == ["a-1", "a-2", "a-3"]
    assert store.results_key("news") == "k1"


# -- embeddings cache ----------------------------------------------------------------------


def test_store_embeddings_roundtrip_keyed_by_model(store):
    vectors = {
        "h1": np.array([0.6, 0.8, 0.0], dtype=np.float32),
        "h2": np.array([1 / 3, 2 / 3, 2 / 3], dtype=np.float64),
    }
    store.put_embeddings("model-a", vectors)

    got = store.get_embeddings("model-a", ["h1", "h2", "h-missing", "h1"])
    assert set(got) == {"h1", "h2"}
    for h, v in vectors.items():
        assert got[h].dtype == np.float32
        np.testing.assert_array_equal(got[h], v.astype(np.float32))
    assert store.get_embeddings("model-b", ["h1", "h2"]) == {}
    assert store.count_embeddings("model-a") == 2
    assert store.count_embeddings("model-b") == 0

    store.put_embeddings("model-b", {"h1": np.zeros(2, dtype=np.float32)})
    assert store.count_embeddings() == 3
    np.testing.assert_array_equal(store.get_embeddings("model-b", ["h1"])["h1"], np.zeros(2))
    np.testing.assert_array_equal(store.get_embeddings("model-a", ["h1"])["h1"], vectors["h1"])


# -- results ---------------------------------------------------------------------------------


def _tables() -> dict[str, pd.DataFrame]:
    return {
        "cues": pd.DataFrame(
            {"article_id": ["a-1", "a-2"], "start": [0, 5], "score": [0.25, -1.5]}
        ),
        "events": pd.DataFrame({"event": [0, 1, 1], "label": ["storm", "power", "power"]}),
    }


def test_store_results_roundtrip(store, tmp_path):
    store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    assert store.results_key("news") is None
    assert store.get_results("news") == {}

    store.put_results("news", "key-1", _tables())

    assert store.results_key("news") == "key-1"
    got = store.get_results("news")
    assert set(got) == {"cues", "events"}
    for name, frame in _tables().items():
        pd.testing.assert_frame_equal(got[name], frame, check_dtype=False)
        assert list(got[name].columns) == list(frame.columns)
    assert set(store.get_results("news", "key-1")) == {"cues", "events"}
    assert store.get_results("news", "other-key") == {}


@pytest.mark.parametrize(
    ("mode", "rows", "cleared"),
    [
        pytest.param("replace", [ROW_NEW], True, id="replace"),
        pytest.param("replace", ROWS_A, False, id="replace-identical"),
        pytest.param("append", [ROW_NEW], True, id="append-new"),
        pytest.param("append", ROWS_A[:2], False, id="append-unchanged"),
    ],
)
def test_store_results_cleared_when_articles_change(store, tmp_path, mode, rows, cleared):
    store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    store.put_results("news", "key-1", _tables())

    store.save_articles("news", _report(tmp_path, rows, "b"), mode=mode)

    if cleared:
        assert store.get_results("news") == {}
        assert store.results_key("news") is None
    else:
        assert set(store.get_results("news")) == {"cues", "events"}
        assert store.results_key("news") == "key-1"


# -- delete and hash ------------------------------------------------------------------------


def test_store_delete_corpus_keeps_embeddings(store, tmp_path):
    store.save_articles("alpha", _report(tmp_path, ROWS_A, "a"))
    store.save_articles("beta", _report(tmp_path, [ROW_NEW], "b"))
    store.put_results("alpha", "k", _tables())
    store.put_embeddings("m", {"h1": np.ones(4, dtype=np.float32)})

    store.delete_corpus("alpha")

    assert list(store.corpora()["name"]) == ["beta"]
    with pytest.raises(StoreError, match="alpha"):
        store.articles("alpha")
    assert _count(store, "articles") == 1
    assert _count(store, "results") == 0
    assert _count(store, "ingest_log") == 1
    assert store.count_embeddings("m") == 1


def test_store_delete_unknown_corpus_names_known(store, tmp_path):
    store.save_articles("alpha", _report(tmp_path, ROWS_A, "a"))
    store.save_articles("beta", _report(tmp_path, [ROW_NEW], "b"))

    with pytest.raises(StoreError, match="gamma") as info:
        store.delete_corpus("gamma")
    assert "alpha, beta" in str(info.value)
    assert list(store.corpora()["name"]) == ["alpha", "beta"]


def test_store_corpus_hash_changes_when_article_added(store, tmp_path):
    store.save_articles("news", _report(tmp_path, ROWS_A, "a"))
    h0 = store.corpus_hash("news")

    store.save_articles("news", _report(tmp_path, ROWS_A[:1], "same"), mode="append")
    assert store.corpus_hash("news") == h0

    store.save_articles("news", _report(tmp_path, [ROW_NEW], "b"), mode="append")
    h1 = store.corpus_hash("news")
    assert h1 != h0
    assert len(h1) == 64
