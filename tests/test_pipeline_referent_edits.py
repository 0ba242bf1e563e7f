"""Referent corrections through a real pipeline run: kept, re-applied after a new analysis,
written to the CSV files, and never a reason to embed or analyse anything again.

Tiny articles with the hashing embedder (through ``framing.pipeline.make_embedder``,
wrapped in a counter), analysed by ``framing analyze`` as a user would.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import framing.pipeline
from framing import referent_fixes as fixes
from framing.cli import main
from framing.devtools.counting import CountingEmbedder
from framing.embed import HashingEmbedder
from framing.pipeline import load_analysis
from framing.store import Store

HEAD = "id,outlet,title,text,published\n"
ARTICLES = [
    "k1,Wire,North Korea fires missiles,North Korean leader Kim Jong Un watched as the army "
    "fired two missiles into the sea. The dictator said the drills were a warning.,2024-03-01",
    "k2,Daily,Kim oversees missile launch,Kim Jong Un oversaw the launch of two missiles on "
    "Friday. The North Korean leader called the drills a warning to Seoul.,2024-03-01",
    "k3,Post,Kim watches missile drills,Kim Jong Un watched the drills as two missiles were "
    "fired. The North Korean leader said it was a warning.,2024-03-01",
]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``run(n)``: ``framing analyze`` of the first ``n`` articles; returns (CSV folder, calls)."""
    monkeypatch.delenv("FRAMING_DB", raising=False)
    counter = CountingEmbedder(HashingEmbedder())
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: counter)
    config = tmp_path / "framing.toml"
    # One event for the tiny set; one process, so the counter sees every text.
    config.write_text(
        "event_threshold = 0.0\nevent_absolute_threshold = 0.0\nworkers = 1\n", encoding="utf-8"
    )
    db = tmp_path / "s.sqlite3"

    def analyze(n: int, out: str) -> tuple[Path, int]:
        source = tmp_path / "in.csv"
        source.write_text(HEAD + "\n".join(ARTICLES[:n]) + "\n", encoding="utf-8")
        before = counter.calls
        argv = ["analyze", str(source), "--out", str(tmp_path / out), "--db", str(db)]
        assert main([*argv, "--corpus", "k", "--config", str(config)]) == 0
        return tmp_path / out, counter.calls - before

    analyze.db = db  # type: ignore[attr-defined]
    return analyze


def _csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, keep_default_na=False, dtype={"referent_id": str})


def test_corrections_reach_the_csv_files_and_embed_nothing(run) -> None:
    first, _ = run(2, "first")
    rows = _csv(first, "alignment.csv").drop_duplicates("referent_id")
    assert len(rows) >= 3, rows  # enough rows to merge two and hide a third
    a, b, c = rows["referent_id"].iloc[:3]
    event = int(rows["event_id"].iloc[0])
    with Store(run.db) as store:
        fixes.merge_referents(store, "k", event, [a, b])
        fixes.hide_referent(store, "k", event, c)
        fixes.rename_referent(store, "k", event, a, "my own name")
        key = store.results_key("k")
    again, calls = run(2, "again")
    assert calls == 0  # nothing embedded: the stored results are reused as they are
    with Store(run.db) as store:
        assert store.results_key("k") == key  # the corrections are not part of the key
    align = _csv(again, "alignment.csv")
    by_row = align.drop_duplicates("referent_id").set_index("referent_id")
    assert b not in by_row.index and by_row.loc[a, "referent"] == "my own name"
    assert bool(by_row.loc[c, "hidden"]) and not bool(by_row.loc[a, "hidden"])
    mentions, raw = _csv(again, "mentions.csv"), _csv(first, "mentions.csv")
    assert len(mentions) == len(raw)
    assert set(mentions.loc[raw["referent_id"] == b, "referent_id"]) == {a}
    status = _csv(again, "referent_edits.csv")
    assert status["status"].tolist() == ["applied"] * 3


def test_corrections_survive_a_new_analysis_of_more_articles(run) -> None:
    first, _ = run(2, "first")
    rows = _csv(first, "alignment.csv").drop_duplicates("referent_id")
    mentions = _csv(first, "mentions.csv")
    a, b = rows["referent_id"].iloc[:2]
    labels = set(mentions.loc[mentions["referent_id"].isin([a, b]), "norm"])
    event = int(rows["event_id"].iloc[0])
    with Store(run.db) as store:
        fixes.merge_referents(store, "k", event, [a, b])
        fixes.hide_referent(store, "k", event, a)
    grown, calls = run(3, "grown")  # a third article: a new analysis
    assert calls > 0  # the new article was embedded, so this is a new analysis
    status = _csv(grown, "referent_edits.csv")
    assert status["status"].tolist() == ["applied", "applied"], status
    mentions = _csv(grown, "mentions.csv")
    merged = set(mentions.loc[mentions["norm"].isin(labels), "referent_id"]) - {""}
    assert len(merged) == 1  # the labels of the two rows are one row again
    align = _csv(grown, "alignment.csv")
    assert align.loc[align["referent_id"].isin(merged), "hidden"].all()
    with Store(run.db) as store:
        # the stored rows stay as the analysis made them; the corrections apply on reading
        stored = store.get_results("k", store.results_key("k"), tables=["alignment"])
        assert not stored["alignment"]["hidden"].any()
        assert load_analysis("k", store).tables["alignment"]["hidden"].any()


def test_analyze_says_which_corrections_no_longer_match(run, capsys) -> None:
    first, _ = run(2, "first")
    with Store(run.db) as store:
        articles = store.articles("k")["id"].tolist()
        payload = {"event_id": 0, "articles": articles, "rows": [["border wall", "wall"]]}
        store.add_referent_edit("k", "hide", payload)
    capsys.readouterr()
    again, calls = run(2, "again")
    assert calls == 0
    err = capsys.readouterr().err.replace("\n", " ")
    assert "1 correction no longer matches a row: #1: hide the row of 'border wall'" in err
    assert "framing referents list --corpus k" in err
    status = _csv(again, "referent_edits.csv")
    assert status["status"].tolist() == ["unmatched"]


def test_hiding_a_row_changes_nothing_else_in_its_event(run) -> None:
    first, _ = run(2, "first")
    before = _csv(first, "alignment.csv")
    rid = before["referent_id"].iloc[0]
    with Store(run.db) as store:
        fixes.hide_referent(store, "k", int(before["event_id"].iloc[0]), rid)
    again, _ = run(2, "again")
    after = _csv(again, "alignment.csv")
    # the event's rows are rebuilt from the mentions and the stored sentences as the analysis
    # built them: the same rows, examples and figures, with the one row marked hidden
    assert after["hidden"].tolist() == (before["referent_id"] == rid).tolist()
    pd.testing.assert_frame_equal(after.drop(columns="hidden"), before.drop(columns="hidden"))
