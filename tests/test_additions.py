"""framing.additions: added articles re-score only the events they touch, and match a cold run.

The sample corpus with the hashing embedder, analysed without a few
articles, then with all of them. The embedder is wrapped in a counter inside
the store cache, and ``CueEngine.run_batch`` in a counter of the articles it
scores, so the counts are of work really redone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.additions import unchanged_events
from framing.config import Settings
from framing.cues import engine as cue_engine
from framing.cues import loaded
from framing.cues.loaded import LoadedScorer, training_pairs
from framing.devtools.counting import CountingEmbedder
from framing.embed import HashingEmbedder
from framing.embed.cache import article_texts
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "sample_articles" / "articles").glob("*.txt"))
# Held back from the first analysis: two articles of events that keep their
# other articles, and the five of one whole event.
HELD = {"artemis-tml.txt", "barrage-lcn.txt"} | {f.name for f in FILES if "barrage" in f.name}
SETTINGS = Settings(event_threshold=0.15, event_window_days=7.0, event_date_penalty=0.07, workers=1)
COMPARED = (
    "cues",
    "sentences",
    "sources",
    "voices",
    "contrast",
    "alignment",
    "mentions",
    "actor_labels",
    "outlet_scores",
    "frames",
    "article_frames",
)


@pytest.fixture(autouse=True)
def shipped_head(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in tests/test_incremental.py: a loaded-score head trained once, as shipped.
    head = LoadedScorer(HashingEmbedder(), use_bundled=False).fit(training_pairs()).head_
    monkeypatch.setattr(loaded, "bundled_head", lambda: head)


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of every article a cue batch scored."""
    ids: list[str] = []
    original = cue_engine.CueEngine.run_batch

    def counted(self, articles, *args, **kwargs):
        ids.extend(articles["id"])
        return original(self, articles, *args, **kwargs)

    monkeypatch.setattr(cue_engine.CueEngine, "run_batch", counted)
    return ids


def _same(a, b) -> None:
    for name in COMPARED:
        pd.testing.assert_frame_equal(
            a.tables[name].reset_index(drop=True),
            b.tables[name].reset_index(drop=True),
            obj=name,
            check_dtype=False,
        )
    pd.testing.assert_frame_equal(a.articles, b.articles)
    pd.testing.assert_frame_equal(a.events, b.events)


def test_additions_score_only_the_events_that_changed_and_match_a_cold_run(
    tmp_path: Path, scored: list[str]
) -> None:
    first = [f for f in FILES if f.name not in HELD]
    counting = CountingEmbedder(HashingEmbedder())
    with Store(tmp_path / "warm.sqlite3") as store:
        ingest(first, "sample", store, SETTINGS)
        before = analyze("sample", store, SETTINGS, embedder=counting)
        assert len(set(scored)) == len(first)
        ingest(FILES, "sample", store, SETTINGS)
        counting.reset()
        scored.clear()
        messages: list[str] = []
        warm = analyze("sample", store, SETTINGS, embedder=counting, on_stage=messages.append)

    held_ids = set(warm.articles["id"]) - set(before.articles["id"])
    assert len(held_ids) == len(HELD)
    # The grouping is decided anew; an event whose articles are exactly those
    # of an earlier event is not scored again, every other one is.
    old_events = set(before.articles.groupby("event_id")["id"].apply(frozenset))
    members = warm.articles.groupby("event_id")["id"].apply(frozenset)
    changed = members[~members.isin(old_events)]
    assert set(scored) == set().union(*changed)
    assert held_ids <= set(scored) and len(scored) < len(warm.articles) * 0.7
    assert any(f"Kept the cue tables of {len(members) - len(changed)} " in m for m in messages)
    # No title, sentence or article text that was there before is embedded again
    # (the new ones are; so are wordings new to the alignment of changed events).
    sentences = warm.tables["sentences"]
    with Store(tmp_path / "warm.sqlite3") as store:
        arts = store.articles("sample")
    old_arts = arts[~arts["id"].isin(held_ids)]
    old_texts = set(sentences.loc[~sentences["id"].isin(held_ids), "sentence"])
    old_texts |= set(article_texts(old_arts)[0])
    new_texts = set(sentences["sentence"]) - old_texts
    assert new_texts and new_texts <= set(counting.seen)
    assert not old_texts & set(counting.seen)

    scored.clear()
    with Store(tmp_path / "cold.sqlite3") as store:
        ingest(FILES, "sample", store, SETTINGS)
        cold = analyze("sample", store, SETTINGS, embedder=HashingEmbedder())
    assert len(scored) == len(FILES)
    _same(warm, cold)


def test_additions_unchanged_events_need_the_same_articles_and_contents() -> None:
    before = pd.DataFrame(
        {"id": ["a", "b", "c", "d"], "digest": ["1", "2", "3", "4"], "event_id": [0, 0, 1, 2]}
    )
    now = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "digest": ["1", "2", "3", "changed", "5"],
            "event_id": [5, 5, 6, 7, 6],
        }
    )
    # event 5 is old event 0; 6 gained "e"; 7 holds an article whose content changed
    assert unchanged_events(now, before) == {5: 0}
    # old event 0 split in two: neither half is it; "c" alone again is old event 1
    split = now.assign(event_id=[5, 8, 6, 7, 9])
    assert unchanged_events(split, before) == {6: 1}
