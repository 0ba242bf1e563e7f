"""The store as an embedding cache, and how an article becomes one vector.

``CachingEmbedder`` wraps any ``Embedder`` and is one itself: stages only ever
see an embedder, and this module is the only part of ``framing.embed`` that
knows the store.

Article representation (see docs/grouping.md for the measurements):

- ``title_lead`` (default): the title and the text up to the model's limit
  (MiniLM reads 256 word pieces, about 190 words: the headline and the lead,
  where news puts what happened, who, where and when). One pass per article.
- ``chunks``: the article is cut into runs of whole sentences of at
  most ``chunk_words`` words; the title is put in front of the first chunk;
  the article vector is the normalised mean of its chunk vectors. Every word
  is read.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from framing.devtools.pause import pause_at
from framing.embed.base import Embedder, ProgressFn
from framing.segment import chunks
from framing.store import text_hash

if TYPE_CHECKING:
    from framing.store import Store


class CachingEmbedder:
    """An embedder that reuses vectors kept in the store under ``(model_id, text hash)``.

    Attributes other than ``encode`` and ``model_id`` (``fork_safe``,
    ``cache_vectors``, ``device``...) are those of the wrapped embedder.

    Args:
        embedder: the embedder that computes what the store does not hold.
        store: the store the vectors are read from and written to.

    Attributes:
        n_encoded: texts actually encoded (not found in the store) so far.
        store_batch: new vectors are encoded and committed this many at a time.
    """

    store_batch = 512

    def __init__(self, embedder: Embedder, store: Store) -> None:
        self.embedder = embedder
        self.store = store
        self.n_encoded = 0
        # A SQLite connection must not be used from a forked worker process.
        self._pid = os.getpid()

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def __getattr__(self, name: str) -> object:
        # Only reached for names this class lacks: they are the wrapped embedder's.
        if name in {"embedder", "store", "_pid", "n_encoded", "store_batch"}:
            raise AttributeError(name)
        return getattr(self.embedder, name)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        """Vectors for ``texts``, from the store where it has them."""
        return self.encode_counted(texts, progress=progress)[0]

    def encode_counted(
        self, texts: Sequence[str], *, progress: ProgressFn | None = None
    ) -> tuple[np.ndarray, int]:
        """Like ``encode``, also returning how many texts had to be encoded."""
        if os.getpid() != self._pid:
            return _encode_unique(texts, self.embedder, progress)
        hashes = [text_hash(t) for t in texts]
        cached = self.store.get_embeddings(self.model_id, hashes)
        todo: dict[str, str] = {}
        for h, t in zip(hashes, texts, strict=True):
            if h not in cached and h not in todo:
                todo[h] = t
        if todo:
            new = self._encode_in_batches(todo, progress)
            cached = {**cached, **new}
            self.n_encoded += len(todo)
        elif progress:
            progress(len(texts), len(texts))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.vstack([cached[h] for h in hashes]).astype(np.float32), len(todo)

    def _encode_in_batches(
        self, todo: dict[str, str], progress: ProgressFn | None
    ) -> dict[str, np.ndarray]:
        """Encode ``{hash: text}``, committing each batch of vectors to the store as it is
        done, so a run stopped midway resumes from the vectors already stored."""
        items = list(todo.items())
        new: dict[str, np.ndarray] = {}
        for start in range(0, len(items), self.store_batch):
            chunk = items[start : start + self.store_batch]

            def step(done: int, _total: int, offset: int = start) -> None:
                if progress:
                    progress(offset + done, len(items))

            fresh = self.embedder.encode([t for _h, t in chunk], progress=step)
            batch = dict(zip([h for h, _t in chunk], fresh, strict=True))
            self.store.put_embeddings(self.model_id, batch)
            new.update(batch)
            pause_at("embed")
        return new


def _encode_unique(
    texts: Sequence[str], embedder: Embedder, progress: ProgressFn | None
) -> tuple[np.ndarray, int]:
    """Encode each distinct text once (news repeats boilerplate sentences)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    unique: dict[str, int] = {}
    for t in texts:
        unique.setdefault(t, len(unique))
    vectors = np.asarray(embedder.encode(list(unique), progress=progress), dtype=np.float32)
    return vectors[[unique[t] for t in texts]], len(unique)


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, int]:
    """Embed texts, each distinct one once (through the store when ``embedder`` caches).

    Returns:
        (matrix of shape ``(len(texts), dim)``, number of texts actually encoded).
    """
    if isinstance(embedder, CachingEmbedder):
        return embedder.encode_counted(texts, progress=progress)
    return _encode_unique(texts, embedder, progress)


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
    representation: str = "title_lead",
    chunk_words: int = 150,
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, int]:
    """One unit vector per article (row order kept).

    Returns:
        (matrix ``(len(articles), dim)``, number of strings actually encoded).
    """
    pieces, owner = article_texts(articles, representation, chunk_words)
    vectors, n_new = embed_texts(pieces, embedder, progress=progress)
    if len(articles) == 0:
        return vectors, n_new
    return pool_vectors(vectors, owner, len(articles)), n_new


def pool_vectors(vectors: np.ndarray, owner: np.ndarray, n_articles: int) -> np.ndarray:
    """One unit vector per article: the normalised sum of its strings' vectors.

    Args:
        vectors: one row per string, as ``article_texts`` made them.
        owner: the article row of each string (from ``article_texts``).
        n_articles: articles in all.
    """
    pooled = np.zeros((n_articles, vectors.shape[1]), dtype=np.float64)
    np.add.at(pooled, owner, vectors)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (pooled / norms).astype(np.float32)


def stored_vectors(
    texts: Sequence[str],
    store: Store,
    model_id: str,
    embedder: Embedder | None = None,
) -> np.ndarray:
    """Vectors of ``texts`` as the analysis stored them, without embedding again.

    Texts the store lacks (a static model's sentence vectors are never
    stored) are encoded by ``embedder`` and not written to the store, so a
    read-only dashboard can call this.

    Args:
        texts: e.g. the ``sentence`` column of stored sentences.
        store: the store holding the analysis.
        model_id: the ``model_id`` of the analysis (its ``run`` table).
        embedder: encodes what is missing; it must be the model ``model_id`` names.

    Raises:
        FramingError: (FRM-D741) vectors are missing and no embedder was given,
            or the embedder is another model.
    """
    from framing.errors import FramingError

    texts = list(texts)
    hashes = [text_hash(t) for t in texts]
    found = store.get_embeddings(model_id, hashes)
    missing = list(dict.fromkeys(t for t, h in zip(texts, hashes, strict=True) if h not in found))
    if missing:
        if embedder is None or embedder.model_id != model_id:
            raise FramingError(
                f"{len(missing)} of {len(texts)} sentences have no stored vector for model "
                f"'{model_id}'. Pass that model's embedder, or analyse the set again.",
                code="FRM-D741",
            )
        fresh, _ = _encode_unique(missing, embedder, None)
        found = {**found, **dict(zip([text_hash(t) for t in missing], fresh, strict=True))}
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([found[h] for h in hashes]).astype(np.float32)
