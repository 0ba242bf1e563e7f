"""Embedding with the store as a cache, and how an article becomes one vector.

Article representation (see docs/embedding.md for the measurements):

- ``title_lead`` (default): the title and the text up to the model's limit
  (MiniLM reads 256 word pieces, about 190 words: the headline and the lead,
  where news puts what happened, who, where and when). One pass per article.
- ``chunks``: the article is cut into runs of whole sentences of at
  most ``chunk_words`` words (MiniLM reads 256 word pieces, about 190 words);
  the title is put in front of the first chunk; the article vector is the
  normalised mean of its chunk vectors. Every word is read.
- ``title_lead``: the title and the text up to the model's limit, one pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.embed.base import Embedder, ProgressFn
from framing.segment import chunks
from framing.store import Store, text_hash


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    store: Store | None = None,
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, int]:
    """Embed texts, reusing vectors cached under ``(embedder.model_id, text hash)``.

    Returns:
        (matrix of shape ``(len(texts), dim)``, number of texts actually encoded).
    """
    hashes = [text_hash(t) for t in texts]
    cached = store.get_embeddings(embedder.model_id, hashes) if store is not None else {}
    todo: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in cached and h not in todo:
            todo[h] = t
    if todo:
        fresh = embedder.encode(list(todo.values()), progress=progress)
        new = dict(zip(todo.keys(), fresh, strict=True))
        if store is not None:
            store.put_embeddings(embedder.model_id, new)
        cached = {**cached, **new}
    elif progress:
        progress(len(texts), len(texts))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.vstack([cached[h] for h in hashes]).astype(np.float32), len(todo)


def article_texts(
    articles: pd.DataFrame, representation: str = "title_lead", chunk_words: int = 150
) -> tuple[list[str], np.ndarray]:
    """The strings to embed for each article and which article each belongs to.

    Returns:
        (strings, owner) where ``owner[i]`` is the row position of the article
        that string ``i`` belongs to.
    """
    pieces: list[str] = []
    owner: list[int] = []
    for pos, (title, text) in enumerate(zip(articles["title"], articles["text"], strict=True)):
        title = str(title).strip()
        if representation == "title_lead":
            pieces.append(f"{title}. {text}" if title else str(text))
            owner.append(pos)
            continue
        parts = [c.text for c in chunks(str(text), chunk_words)] or [str(text)]
        parts[0] = f"{title}. {parts[0]}" if title else parts[0]
        pieces.extend(parts)
        owner.extend([pos] * len(parts))
    return pieces, np.asarray(owner, dtype=np.int64)


def embed_articles(
    articles: pd.DataFrame,
    embedder: Embedder,
    *,
    store: Store | None = None,
    representation: str = "title_lead",
    chunk_words: int = 150,
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, int]:
    """One unit vector per article (row order kept).

    Returns:
        (matrix ``(len(articles), dim)``, number of strings actually encoded).
    """
    pieces, owner = article_texts(articles, representation, chunk_words)
    vectors, n_new = embed_texts(pieces, embedder, store=store, progress=progress)
    if len(articles) == 0:
        return vectors, n_new
    pooled = np.zeros((len(articles), vectors.shape[1]), dtype=np.float64)
    np.add.at(pooled, owner, vectors)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (pooled / norms).astype(np.float32), n_new
