"""Two outlets side by side: sentence alignment, word differences, stored vectors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare.pair import (
    PAIR_COLUMNS,
    content_forms,
    pair_outlets,
    pair_sentences,
    word_spans,
)
from framing.embed import HashingEmbedder, SentenceTransformerEmbedder
from framing.embed.cache import stored_vectors
from framing.errors import FramingError
from framing.segment import sentences as split
from framing.store import Store, text_hash

ALPHA = (
    "The navy held reckless war games near the island. "
    "Forty ships took part in the drills. "
    "Officials in the capital condemned the provocation."
)
BETA = (
    "Forty ships joined the joint drills on Monday. "
    "The navy held joint military exercises near the island. "
    "Fishermen said the harbour was closed for a week."
)


def _event(texts: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles = pd.DataFrame(
        [{"id": f"{o}-1", "outlet": o, "event_id": 3} for o in texts]
        + [{"id": "other-1", "outlet": "Alpha", "event_id": 9}]
    )
    rows = []
    for o, text in [*texts.items(), ("other", "Unrelated text about a harvest.")]:
        for s in split(text):
            rows.append(
                {
                    "id": f"{o}-1",
                    "field": "text",
                    "start": s.start,
                    "end": s.end,
                    "sentence": s.text,
                }
            )
        rows.append({"id": f"{o}-1", "field": "title", "start": 0, "end": 5, "sentence": "Title"})
    return articles, pd.DataFrame(rows)


# Hand-made vectors: which sentence means what, one axis per fact.
FACTS = {
    "The navy held reckless war games near the island.": [1, 0, 0, 0, 0],
    "The navy held joint military exercises near the island.": [0.9, 0.1, 0, 0, 0],
    "Forty ships took part in the drills.": [0, 1, 0, 0, 0],
    "Forty ships joined the joint drills on Monday.": [0.1, 0.95, 0, 0, 0],
    "Officials in the capital condemned the provocation.": [0, 0, 1, 0, 0],
    "Fishermen said the harbour was closed for a week.": [0, 0, 0, 1, 0],
    "Title": [0, 0, 0, 0, 1],
    "Unrelated text about a harvest.": [0, 0, 0.5, 0.5, 0],
}


def _vectors(sents: pd.DataFrame) -> np.ndarray:
    return np.array([FACTS[s] for s in sents["sentence"]], dtype=np.float32)


def test_pair_aligns_by_meaning_not_order_and_leaves_out_facts() -> None:
    articles, sents = _event({"Alpha": ALPHA, "Beta": BETA})
    table = pair_outlets(
        articles, sents, _vectors(sents), event_id=3, outlet_a="Alpha", outlet_b="Beta"
    )
    assert list(table.columns) == PAIR_COLUMNS
    # B's extra fact follows the pair of the B sentence before it
    assert table["status"].tolist() == ["matched", "only_b", "matched", "only_a"]
    first = table.iloc[0]
    assert first["text_a"].startswith("The navy held reckless")
    assert first["text_b"].startswith("The navy held joint military")
    assert first["words_only_a"] == "reckless war game"
    assert first["words_only_b"] == "joint military exercise"
    # offsets index the article text
    assert ALPHA[first["sent_a_start"] : first["sent_a_end"]] == first["text_a"]
    assert BETA[first["sent_b_start"] : first["sent_b_end"]] == first["text_b"]
    left_out = table.iloc[3]
    assert left_out["text_a"].startswith("Officials") and left_out["text_b"] == ""
    assert left_out["sent_b_start"] == -1 and left_out["words_only_a"] == ""
    assert table.iloc[1]["text_b"].startswith("Fishermen")
    # titles and other events' articles are not part of it
    assert "Title" not in set(table["text_a"]) | set(table["text_b"])
    assert table["order"].tolist() == [0, 1, 2, 3]


def test_pair_threshold_turns_weak_pairs_into_left_out_facts() -> None:
    articles, sents = _event({"Alpha": ALPHA, "Beta": BETA})
    strict = pair_outlets(
        articles,
        sents,
        _vectors(sents),
        event_id=3,
        outlet_a="Alpha",
        outlet_b="Beta",
        threshold=0.999,
    )
    assert "matched" not in set(strict["status"])
    assert (strict["status"] == "only_a").sum() == 3 and (strict["status"] == "only_b").sum() == 3


def test_pair_only_b_sentence_sits_after_the_pair_before_it() -> None:
    vec_a = np.eye(3)
    vec_b = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0, 1, 0]])  # b1 matches nothing well
    pairs, best_a, best_b = pair_sentences(vec_a, vec_b, threshold=0.95)
    assert [(i, j) for i, j, _ in pairs] == [(0, 0), (1, 2)]
    assert best_b[1] == pytest.approx(1 / np.sqrt(3))
    assert len(best_a) == 3


@pytest.mark.parametrize(
    ("outlet_a", "outlet_b", "needle"),
    [("Alpha", "Alpha", "two different"), ("Alpha", "Gamma", "no article in event 3")],
)
def test_pair_bad_outlets_raise_a_coded_error(outlet_a: str, outlet_b: str, needle: str) -> None:
    articles, sents = _event({"Alpha": ALPHA, "Beta": BETA})
    with pytest.raises(FramingError, match=needle) as err:
        pair_outlets(
            articles, sents, _vectors(sents), event_id=3, outlet_a=outlet_a, outlet_b=outlet_b
        )
    assert err.value.code == "FRM-D741"


def test_pair_words_are_lightly_lemmatised_without_stop_words() -> None:
    assert content_forms("The drills' ships and the Navy's parties were there") == [
        "drill",
        "ship",
        "navy",
        "party",
    ]
    text = "Reckless war games began."
    assert [text[s:e] for s, e in word_spans(text, "war game")] == ["war", "games"]


def test_stored_vectors_reads_the_store_and_encodes_only_what_is_missing(tmp_path) -> None:
    embedder = HashingEmbedder()
    with Store(tmp_path / "s.sqlite3") as store:
        kept = np.full(embedder.encode(["x"]).shape[1], 0.5, dtype=np.float32)
        store.put_embeddings(embedder.model_id, {text_hash("stored one"): kept})
        out = stored_vectors(["stored one", "new one"], store, embedder.model_id, embedder)
        assert np.allclose(out[0], kept)
        assert np.allclose(out[1], embedder.encode(["new one"])[0])
        # nothing written: a read-only dashboard may call it
        assert store.count_embeddings() == 1
        with pytest.raises(FramingError) as err:
            stored_vectors(["new one"], store, embedder.model_id)
        assert err.value.code == "FRM-D741"


@pytest.mark.model
def test_pair_with_the_real_model_matches_paraphrases_and_leaves_out_the_extra_fact() -> None:
    articles, sents = _event({"Alpha": ALPHA, "Beta": BETA})
    embedder = SentenceTransformerEmbedder()
    vectors = embedder.encode(sents["sentence"].tolist())
    table = pair_outlets(articles, sents, vectors, event_id=3, outlet_a="Alpha", outlet_b="Beta")
    matched = table[table["status"] == "matched"]
    pairs = {
        (a.split()[0], b.split()[0])
        for a, b in zip(matched["text_a"], matched["text_b"], strict=True)
    }
    assert ("The", "The") in pairs and ("Forty", "Forty") in pairs
    only_b = table.loc[table["status"] == "only_b", "text_b"].tolist()
    assert any(t.startswith("Fishermen") for t in only_b)
