"""Word evidence for the loaded score: exact token decomposition and model cues."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.cues.loaded_evidence import (
    _merge_pieces,
    model_cues,
    static_contributions,
    token_model,
    token_values,
    word_contributions,
)
from framing.embed import HashingEmbedder, SentenceTransformerEmbedder


def test_loaded_evidence_merges_word_pieces_and_skips_special_tokens() -> None:
    text = "Hapless rovers lost."
    offsets = np.array([[0, 0], [0, 3], [3, 7], [8, 14], [15, 19], [19, 20], [0, 0]])
    values = np.array([5.0, 0.25, 0.5, 0.125, 0.0, 1.0, 5.0])
    words = _merge_pieces(text, offsets, values)
    assert [(w, v) for _, _, w, v in words] == [("Hapless", 0.75), ("rovers", 0.125), ("lost", 0.0)]
    assert words[0][:2] == (0, 7)


def test_loaded_evidence_static_fallback_ranks_words_by_their_own_vectors() -> None:
    emb = HashingEmbedder(64)
    (vec,) = emb.encode(["sham"])
    (words,), method = word_contributions(emb, ["A sham vote"], vec)
    assert method == "static" and token_model(emb) is None
    assert max(words, key=lambda w: w[3])[2] == "sham"
    assert static_contributions(emb, ["..."], vec) == [[]]


def _sents(text: str, score: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a"],
            "field": ["text"],
            "start": [10],
            "end": [10 + len(text)],
            "sentence": [text],
            "loaded_score": [score],
        }  # fmt: skip
    )


def test_loaded_evidence_every_flagged_sentence_names_a_word() -> None:
    emb = HashingEmbedder(64)
    (w,) = emb.encode(["sham"])
    lex = pd.DataFrame(columns=["id", "field", "start", "end"])
    cues, _ = model_cues(_sents("A sham vote was held", 0.9), lex, emb, w, threshold=0.8)
    assert len(cues) >= 1 and set(cues["source"]) == {"model"}
    top = cues.iloc[0]
    assert top["phrase"] == "sham" and (top["start"], top["end"]) == (12, 16)
    below, method = model_cues(_sents("A sham vote was held", 0.5), lex, emb, w, threshold=0.8)
    assert below.empty and method == "none"


def test_loaded_evidence_leaves_words_a_lexicon_cue_names() -> None:
    emb = HashingEmbedder(64)
    (w,) = emb.encode(["sham"])
    lex = pd.DataFrame({"id": ["a"], "field": ["text"], "start": [12], "end": [16]})
    cues, _ = model_cues(_sents("A sham vote was held", 0.9), lex, emb, w, threshold=0.8)
    assert "sham" not in set(cues["phrase"])


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


def test_loaded_evidence_token_values_sum_to_the_sentence_logit(minilm) -> None:
    model = token_model(minilm)
    assert model is not None
    rng = np.random.default_rng(0)
    w = rng.normal(size=384)
    texts = ["Hapless Harlow Rovers were humiliated 3-1.", "The vote passed."]
    found = token_values(model, texts, w)
    vectors = minilm.encode(texts)
    for (_, values), v in zip(found, vectors, strict=True):
        assert values.sum() == pytest.approx(float(v @ w), rel=1e-4, abs=1e-5)
