"""framing.incremental: a lexicon edit redoes only the lexicon's share, and matches a cold run.

The sample corpus with the hashing embedder (the grouping bar of the shared
fixtures); the embedder is wrapped in a counter inside the store cache, so
the counts are of texts really encoded.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.config import Settings
from framing.cues import loaded
from framing.cues.edits import add_cue, merge, no_edits
from framing.cues.lexicon import Cue, builtin_lexicon
from framing.cues.loaded import LoadedScorer, training_pairs
from framing.devtools.counting import CountingEmbedder
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.referents import aligner as referent_aligner
from framing.store import Store

ROOT = Path(__file__).resolve().parents[1]
# One process: word vectors for model cues are stored only from the main process.
SETTINGS = Settings(event_threshold=0.15, event_window_days=7.0, event_date_penalty=0.07, workers=1)
COMPARED = (
    "cues",
    "sentences",
    "contrast",
    "alignment",
    "mentions",
    "actor_labels",
    "outlet_scores",
    "frames",
)


@pytest.fixture(autouse=True)
def shipped_head(monkeypatch: pytest.MonkeyPatch) -> None:
    # The default MiniLM reads a shipped loaded-score head, so a lexicon edit
    # trains nothing; the hashing embedder here gets a head the same way
    # (trained once, on the original pairs), instead of training on first use.
    head = LoadedScorer(HashingEmbedder(), use_bundled=False).fit(training_pairs()).head_
    monkeypatch.setattr(loaded, "bundled_head", lambda: head)


def _store(path: Path) -> Store:
    store = Store(path)
    ingest([ROOT / "sample_articles"], "sample", store, SETTINGS)
    return store


def _edited(phrase: str) -> object:
    base = builtin_lexicon()
    cue = Cue(phrase, "militarisation_threat", 0.6, "Added for the test.")
    return merge(base, add_cue(base, no_edits(), cue))


@pytest.fixture
def aligner_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = referent_aligner.ReferentAligner.fit

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(referent_aligner.ReferentAligner, "fit", counted)
    return calls


def _same_tables(a, b) -> None:
    for name in COMPARED:
        pd.testing.assert_frame_equal(
            a.tables[name].reset_index(drop=True), b.tables[name].reset_index(drop=True), obj=name
        )
    pd.testing.assert_frame_equal(a.articles, b.articles)
    pd.testing.assert_frame_equal(a.events, b.events)


def test_incremental_lexicon_edit_embeds_nothing_and_matches_a_cold_run(
    tmp_path: Path, aligner_calls: list[int]
) -> None:
    counting = CountingEmbedder(HashingEmbedder())
    edited = _edited("drills")
    with _store(tmp_path / "warm.sqlite3") as store:
        before = analyze("sample", store, SETTINGS, embedder=counting, lexicon=builtin_lexicon())
        assert counting.calls > 0
        counting.reset()
        aligner_calls.clear()
        messages: list[str] = []
        warm = analyze(
            "sample", store, SETTINGS, embedder=counting, lexicon=edited, on_stage=messages.append
        )
    # No sentence again and no label: only, for an embedder without token
    # vectors (this one), the words of newly flagged sentences for their model cues.
    assert all(len(text.split()) == 1 for text in counting.seen), counting.seen
    assert "embed" not in warm.timings and "group" not in warm.timings
    assert any("Only the lexicon changed" in m for m in messages)
    # The referents are kept (nothing is grouped again); the labels holding
    # "drills" are loaded now.
    assert aligner_calls == [] and "drills" in set(warm.tables["cues"]["phrase"].str.lower())
    old, new = before.tables["mentions"], warm.tables["mentions"]
    assert (old["referent_id"] == new["referent_id"]).all()
    drills = new["text"].str.lower().str.contains(r"\bdrills\b")
    assert drills.any() and (new.loc[drills, "loaded"] >= old.loc[drills, "loaded"]).all()
    assert (new.loc[drills, "loaded"] >= 0.6).any()
    assert (old.loc[drills, "loaded"] < new.loc[drills, "loaded"]).any()

    cold_counter = CountingEmbedder(HashingEmbedder())
    with _store(tmp_path / "cold.sqlite3") as store:
        cold = analyze("sample", store, SETTINGS, embedder=cold_counter, lexicon=edited)
    assert cold_counter.texts > 0 and "embed" in cold.timings
    _same_tables(warm, cold)


def test_incremental_edit_that_matches_nothing_does_not_align_again(
    tmp_path: Path, aligner_calls: list[int]
) -> None:
    counting = CountingEmbedder(HashingEmbedder())
    with _store(tmp_path / "s.sqlite3") as store:
        before = analyze("sample", store, SETTINGS, embedder=counting, lexicon=builtin_lexicon())
        aligner_calls.clear()
        counting.reset()
        after = analyze("sample", store, SETTINGS, embedder=counting, lexicon=_edited("zyzzyva"))
    # No grouping, and no sentence embedded: a model whose vectors are not
    # cached (this one) embeds the words behind model cues again, nothing more.
    assert aligner_calls == []
    assert all(len(text.split()) == 1 for text in counting.seen), counting.seen
    assert before.key != after.key
    pd.testing.assert_frame_equal(before.tables["alignment"], after.tables["alignment"])


def test_incremental_other_changes_still_run_everything(tmp_path: Path) -> None:
    counting = CountingEmbedder(HashingEmbedder())
    with _store(tmp_path / "s.sqlite3") as store:
        analyze("sample", store, SETTINGS, embedder=counting)
        changed = SETTINGS.replace(event_threshold=0.2)
        again = analyze("sample", store, changed, embedder=counting, lexicon=_edited("drills"))
    assert "group" in again.timings


def test_incremental_edit_of_results_without_kept_batches_scores_afresh(tmp_path: Path) -> None:
    # Results stored before batches were kept (or by another version) have no
    # base key: the edit then runs the cue stage in full, never half.
    with _store(tmp_path / "s.sqlite3") as store:
        analyze("sample", store, SETTINGS, embedder=HashingEmbedder())
        key = store.results_key("sample")
        run = store.get_results("sample", key, tables=["run"])["run"].drop(columns="base_key")
        store.put_results(
            "sample",
            key,
            {"run": run},
            in_parts=("cues", "sentences", "sources", "voices", "mentions"),
            keep_parts=("contrast", "alignment", "frames", "article_frames", "counts"),
        )
        messages: list[str] = []
        out = analyze(
            "sample",
            store,
            SETTINGS,
            embedder=HashingEmbedder(),
            lexicon=_edited("drills"),
            on_stage=messages.append,
        )
    assert not any("Only the lexicon changed" in m for m in messages)
    assert "drills" in set(out.tables["cues"]["phrase"].str.lower())
