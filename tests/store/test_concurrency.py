"""Two ``framing analyze`` processes on the same article set (issue 18, item 1).

The first run is held at a cue-batch boundary (the test-only pause of
``framing.devtools.pause``) while a second run with other articles starts on
the same set. Before the writer lock, the second replaced the articles and
the first then stored its results over them: results for articles no longer
in the set.
"""

from __future__ import annotations

from pathlib import Path

from tests.store.runs import config, run, start, wait_paused, write_set

from framing.store import Store, results_match


def _stored_ids(db: Path) -> tuple[set[str], set[str]]:
    with Store(db) as store:
        assert results_match(store, "mixed")
        results = store.get_results("mixed", tables=["articles"])["articles"]
        return set(store.articles("mixed")["id"]), set(results["id"])


def test_concurrency_second_writer_stops_and_results_match_the_set(tmp_path):
    db, cfg, resume = tmp_path / "s.sqlite3", config(tmp_path), tmp_path / "resume"
    big = write_set(tmp_path / "big.csv", 6, tag="big")
    small = write_set(tmp_path / "small.csv", 2, tag="small")

    def args(path: Path) -> list[str]:
        return ["analyze", str(path), "--corpus", "mixed", "--out", str(tmp_path / path.stem)]

    first = start(
        [*args(big), "--db", str(db), "--config", str(cfg)],
        FRAMING_TEST_PAUSE_AT="cues",
        FRAMING_TEST_RESUME_FILE=str(resume),
    )
    try:
        wait_paused(first, "cues")
        second = run([*args(small), "--db", str(db), "--config", str(cfg)])
        resume.touch()  # the first run goes on only once the second one has ended
        _, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, err
    assert second.returncode == 1, second.stderr
    assert "another analysis of 'mixed' is running, started " in second.stderr
    assert f"by pid {first.pid}" in second.stderr
    assert "Traceback" not in second.stderr
    in_set, in_results = _stored_ids(db)
    assert len(in_set) == 24 and in_results == in_set

    # Once the first run is done, the second one goes through, on its own articles.
    again = run([*args(small), "--db", str(db), "--config", str(cfg)])
    assert again.returncode == 0, again.stderr
    in_set, in_results = _stored_ids(db)
    assert len(in_set) == 8 and in_results == in_set
