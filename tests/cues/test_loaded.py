"""The loaded scorer: its training data, the shipped head and when it is used."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.cues import loaded
from framing.cues.loaded import LoadedScorer, head_fits, training_pairs, training_sentences
from framing.cues.loaded_head import LinearHead
from framing.embed import HashingEmbedder


def test_loaded_training_sentences_hold_both_sides_of_every_pair() -> None:
    pairs = training_pairs()
    sents = training_sentences()
    assert len(pairs) >= 360
    assert set(sents["label"]) == {0, 1}
    assert sents["sentence"].is_unique
    from_pairs = sents[sents["kind"] == "pair"]
    assert set(pairs["loaded"]) <= set(from_pairs.loc[from_pairs["label"] == 1, "sentence"])


def test_loaded_training_sentences_read_single_sentence_files(monkeypatch) -> None:
    files = [
        ("a.tsv", "topic\tneutral\tloaded\nt1\tThe vote passed.\tThe sham vote passed.\n"),
        ("b.tsv", "topic\tsentence\tlabel\nt2\tFive people died in the fire.\t0\n"),
    ]
    monkeypatch.setattr(loaded, "_data_files", lambda: files)
    sents = training_sentences()
    assert sents[["sentence", "label", "kind"]].values.tolist() == [
        ["The vote passed.", 0, "pair"],
        ["The sham vote passed.", 1, "pair"],
        ["Five people died in the fire.", 0, "single"],
    ]


def test_loaded_training_sentences_name_the_file_of_a_bad_label(monkeypatch) -> None:
    files = [("bad.tsv", "topic\tsentence\tlabel\nt\tA sentence.\tmaybe\n")]
    monkeypatch.setattr(loaded, "_data_files", lambda: files)
    with pytest.raises(ValueError, match="bad.tsv: label 'maybe'"):
        training_sentences()


def _head_for(model_id: str, dim: int) -> LinearHead:
    rng = np.random.default_rng(0)
    return LinearHead(
        model_id=model_id,
        dim=dim,
        mean=np.zeros(dim + 2),
        scale=np.ones(dim + 2),
        coef=rng.normal(size=dim + 2),
        intercept=0.0,
        meta={"n_train": 7},
    )


def test_loaded_shipped_head_is_used_only_for_its_embedder(monkeypatch) -> None:
    emb = HashingEmbedder(32)
    monkeypatch.setattr(loaded, "bundled_head", lambda: _head_for(emb.model_id, 32))
    used = LoadedScorer(emb).fit()
    assert used.source_ == "bundled" and used.n_train_ == 7
    # Another model, or the same name with another size: trained from the pairs.
    monkeypatch.setattr(loaded, "bundled_head", lambda: _head_for("other@1", 32))
    assert LoadedScorer(emb).fit().source_ == "trained"
    monkeypatch.setattr(loaded, "bundled_head", lambda: _head_for(emb.model_id, 16))
    assert LoadedScorer(emb).fit().source_ == "trained"
    assert not head_fits(None, emb)


def test_loaded_scorer_trained_on_pairs_orders_a_pair_and_stays_in_unit_interval() -> None:
    pairs = pd.DataFrame(
        {
            "topic": [f"t{i % 4}" for i in range(40)],
            "neutral": [f"the council met on day {i} and voted" for i in range(40)],
            "loaded": [f"the corrupt council schemed on day {i} and rigged it" for i in range(40)],
        }
    )
    scorer = LoadedScorer(HashingEmbedder(256), C=1.0).fit(pairs)
    neutral, loaded_ = scorer.score(
        ["the council met on day 99 and voted", "the corrupt council schemed and rigged it"]
    )
    assert scorer.source_ == "trained" and scorer.n_train_ == 80
    assert loaded_ > neutral and 0 <= neutral <= 1 and 0 <= loaded_ <= 1
    assert len(scorer.score([])) == 0


def test_loaded_bundled_head_matches_the_bundled_minilm() -> None:
    head = loaded.bundled_head()
    if head is None:
        pytest.skip("no shipped head in this checkout")
    assert head.model_id.startswith("all-MiniLM-L6-v2@") and head.dim == 384
    assert head.n_extra == 2


def test_loaded_head_trained_on_the_bundled_sentences_is_reused() -> None:
    emb = HashingEmbedder(48)
    first = LoadedScorer(emb, use_bundled=False).fit()
    again = LoadedScorer(emb, use_bundled=False).fit()
    other = LoadedScorer(emb, C=0.5, use_bundled=False).fit()
    assert again.head_ is first.head_ and again.n_train_ == first.n_train_
    assert other.head_ is not first.head_


def test_loaded_shipped_head_serves_a_model_quantised_from_its_own(monkeypatch) -> None:
    emb = HashingEmbedder(32)
    monkeypatch.setattr(loaded, "bundled_head", lambda: _head_for("source@1", 32))
    monkeypatch.setattr(HashingEmbedder, "source_model_id", "source@1", raising=False)
    assert LoadedScorer(emb).fit().source_ == "bundled"


def test_loaded_shipped_head_fits_the_default_int8_minilm() -> None:
    from framing.embed.int8 import Int8Embedder

    head = loaded.bundled_head()
    assert head is not None
    # The int8 model's own id differs (its vectors are cached apart), its source's does not.
    emb = Int8Embedder()
    assert head.model_id == emb.source_model_id
    assert head_fits(head, emb, dim=384)
