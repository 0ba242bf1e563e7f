"""One writer per article set, and results only for the articles they were computed from."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from tests.store.runs import write_set

from framing.errors import StoreError
from framing.store import Store, results_match


def _ingest(store: Store, tmp_path: Path, n_events: int, tag: str = "") -> None:
    from framing.ingest import read_inputs

    path = write_set(tmp_path / f"set{n_events}{tag}.csv", n_events, tag=tag)
    store.save_articles("mixed", read_inputs([path]))


def _hold(store: Store, pid: int, what: str = "analysis", at: str = "2026-01-02T12:01:00+00:00"):
    import socket

    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO locks(corpus, pid, host, thread, what, started_at) "
            "VALUES (?, ?, ?, 1, ?, ?)",
            ("mixed", pid, socket.gethostname(), what, at),
        )


def test_locks_second_writer_stops_naming_the_live_holder(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with Store(tmp_path / "s.sqlite3") as store:
            _hold(store, holder.pid)
            with pytest.raises(StoreError) as info, store.writer_lock("mixed"):
                pass
    finally:
        holder.kill()
        holder.wait()
    assert info.value.code == "FRM-S605"
    assert f"another analysis of 'mixed' is running, started 12:01 UTC by pid {holder.pid}" in str(
        info.value
    )


def test_locks_a_dead_holder_is_taken_over_and_the_lock_released(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with Store(tmp_path / "s.sqlite3") as store:
        _hold(store, dead.pid)
        with store.writer_lock("mixed", what="ingest"):
            holder = store.lock_holder("mixed")
            assert holder is not None and holder["pid"] != dead.pid
        assert store.lock_holder("mixed") is None
        with pytest.raises(RuntimeError), store.writer_lock("mixed"):
            raise RuntimeError("boom")
        assert store.lock_holder("mixed") is None  # released on error too


def test_locks_another_thread_of_the_same_process_is_refused(tmp_path):
    """The dashboard serves every session from one process, in threads."""
    errors: list[BaseException] = []
    with Store(tmp_path / "s.sqlite3") as store, store.writer_lock("mixed"):

        def second() -> None:
            try:
                with store.writer_lock("mixed"):
                    pass
            except StoreError as exc:
                errors.append(exc)

        t = threading.Thread(target=second)
        t.start()
        t.join()
    assert len(errors) == 1 and errors[0].code == "FRM-S605"


def test_locks_results_of_changed_articles_are_refused_at_write_time(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        _ingest(store, tmp_path, 3)
        content = store.corpus_hash("mixed")
        store.put_results("mixed", "k-old", {"events": pd.DataFrame({"x": [1]})}, content=content)
        assert results_match(store, "mixed")
        _ingest(store, tmp_path, 2, tag="b")  # another run replaced the articles meanwhile
        with pytest.raises(StoreError) as info:
            store.put_results("mixed", "k", {"events": pd.DataFrame({"x": [2]})}, content=content)
        assert info.value.code == "FRM-S604"
        assert "changed while they were being analysed" in str(info.value)
        assert store.results_key("mixed") is None  # nothing was written
        fresh = store.corpus_hash("mixed")
        store.put_results("mixed", "k", {"events": pd.DataFrame({"x": [2]})}, content=fresh)
        assert results_match(store, "mixed")


def test_locks_results_without_or_with_another_digest_do_not_match(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        _ingest(store, tmp_path, 2)
        assert not results_match(store, "mixed")  # no results at all
        store.put_results("mixed", "k", {"events": pd.DataFrame({"x": [1]})})
        assert results_match(store, "mixed")
        with store.transaction() as conn:
            conn.execute("UPDATE results SET content = NULL")  # as stored before schema 4
        assert not results_match(store, "mixed")


def test_locks_ingest_while_another_run_holds_the_set_keeps_its_articles(tmp_path):
    from framing.config import Settings
    from framing.pipeline import ingest

    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with Store(tmp_path / "s.sqlite3") as store:
            _ingest(store, tmp_path, 3)
            before = store.corpus_hash("mixed")
            _hold(store, holder.pid, what="ingest")
            small = write_set(tmp_path / "small.csv", 1, tag="s")
            with pytest.raises(StoreError, match=re.escape("another ingest of 'mixed'")):
                ingest([small], "mixed", store, Settings())
            assert store.corpus_hash("mixed") == before
    finally:
        holder.kill()
        holder.wait()


def test_locks_a_block_inside_a_block_of_the_same_thread_keeps_the_outer_lock(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        with store.writer_lock("mixed", what="analysis"):
            with store.writer_lock("mixed", what="ingest"):
                pass
            holder = store.lock_holder("mixed")
            assert holder is not None and holder["pid"] == os.getpid()
        assert store.lock_holder("mixed") is None
