"""The cue engine embeds each sentence once: alignment and frames reuse those vectors.

(A file of its own beside test_engine.py, which the loaded-score work changes.)
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from framing.cues import CueEngine
from framing.cues.engine import fresh
from framing.cues.tables import sentence_table
from framing.devtools.counting import CountingEmbedder
from framing.embed import HashingEmbedder


def test_cues_engine_embeds_each_sentence_once_per_batch(event_articles: pd.DataFrame) -> None:
    counting = CountingEmbedder(HashingEmbedder())
    engine = fresh(CueEngine(), embedder=counting).fit()
    articles = event_articles.assign(n_words=event_articles["text"].str.split().str.len())
    background = engine.background(articles)
    counting.reset()
    tables = engine.run_batch(articles, background)
    sentences = set(sentence_table(articles)["sentence"])
    seen = Counter(t for t in counting.seen if t in sentences)
    assert set(seen) == sentences
    # once, for every consumer: loaded score, frames and the wording alignment
    assert set(seen.values()) == {1}
    assert len(tables["article_frames"])


def test_engine_reuse_finds_the_samples_quotations_once(
    event_articles: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The contrastive prior and the across-events contrast read the same sample.
    from framing.cues.sources import SourceFinder

    calls: list[int] = []
    real = SourceFinder.transform

    def counted(self, articles):
        calls.append(len(articles))
        return real(self, articles)

    monkeypatch.setattr(SourceFinder, "transform", counted)
    engine = CueEngine(HashingEmbedder()).fit()
    articles = event_articles.assign(n_words=event_articles["text"].str.split().str.len())
    sample = engine.sample(articles)
    background = engine.background(sample)
    assert calls == [len(articles)]
    parts = [engine.run_batch(articles, background)]
    calls.clear()
    first = engine.combine(parts, sample, background)["contrast"]
    assert calls == []
    # Another sample is read afresh, and gives what a fresh engine gives.
    engine.combine(parts, articles.copy(), background)
    assert calls == [len(articles)]
    fresh_engine = CueEngine(HashingEmbedder()).fit()
    pd.testing.assert_frame_equal(
        first, fresh_engine.combine(parts, sample, background)["contrast"]
    )


def test_engine_reuse_takes_stored_quotations_and_reads_only_the_rest(
    event_articles: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    from framing.cues.sources import SourceFinder

    engine = CueEngine(HashingEmbedder()).fit()
    articles = event_articles.assign(n_words=event_articles["text"].str.split().str.len())
    expected = engine.background(articles.copy())
    _, voices = engine.sources_.transform(articles)
    stored = voices[voices["id"] != articles["id"].iloc[0]]  # one article never stored
    read: list[str] = []
    real = SourceFinder.transform

    def counted(self, arts):
        read.extend(arts["id"])
        return real(self, arts)

    monkeypatch.setattr(SourceFinder, "transform", counted)
    engine.reuse_voices(articles, stored)
    got = engine.background(articles)
    assert read == [articles["id"].iloc[0]]
    assert got.counts == expected.counts and got.n_docs == expected.n_docs
