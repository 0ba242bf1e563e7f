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


# -- schema v2: user lexicon ---------------------------------------------------------------

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
