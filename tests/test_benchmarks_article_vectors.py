"""benchmarks/article_vectors.py: the cheaper article vectors it compares."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.embed import HashingEmbedder
from framing.embed.cache import embed_articles, embed_texts

ROOT = Path(__file__).resolve().parents[1]
# Loaded by file, not through sys.path: a benchmarks/ entry on the path would
# shadow the dashboard's own top-level modules.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_article_vectors", ROOT / "benchmarks" / "article_vectors.py"
)
article_vectors = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_article_vectors"] = article_vectors
_SPEC.loader.exec_module(article_vectors)

ARTICLES = pd.DataFrame(
    {
        "title": ["Missiles fired", ""],
        "text": ["The north fired two missiles. Seoul protested. Talks stopped.", "Rain fell."],
    }
)


def test_pooled_vectors_are_the_weighted_sum_of_title_and_sentences() -> None:
    e = HashingEmbedder()
    got = article_vectors.pooled(ARTICLES, e, cap=2, title_weight=3.0)
    texts = ["Missiles fired", "The north fired two missiles.", "Seoul protested."]
    parts, _ = embed_texts(texts, e)
    want = 3 * parts[0] + parts[1] + parts[2]
    assert np.allclose(got[0], want / np.linalg.norm(want), atol=1e-6)
    # no title: the sentences alone
    only, _ = embed_texts(["Rain fell."], e)
    assert np.allclose(got[1], only[0] / np.linalg.norm(only[0]), atol=1e-6)


def test_lead_keeps_the_first_words_of_the_text() -> None:
    e = HashingEmbedder()
    cut = ARTICLES.assign(text=["The north fired", "Rain fell."])
    assert np.allclose(article_vectors.lead(ARTICLES, e, 3), embed_articles(cut, e)[0])


def test_unknown_variant_is_refused_by_name() -> None:
    with pytest.raises(SystemExit, match="unknown variant"):
        article_vectors.main(["sent_everything"])
