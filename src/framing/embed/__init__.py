"""Embedding backends and the cached article embedding step.

``Embedder`` is the protocol every backend follows; ``SentenceTransformerEmbedder``
is the default. ``embed_texts`` adds the store cache in front of any backend.
"""

from framing.embed.base import Embedder, HashingEmbedder
from framing.embed.cache import article_texts, embed_articles, embed_texts
from framing.embed.st import BUNDLED_SHA256, SentenceTransformerEmbedder, load_embedder

__all__ = [
    "BUNDLED_SHA256",
    "Embedder",
    "HashingEmbedder",
    "SentenceTransformerEmbedder",
    "article_texts",
    "embed_articles",
    "embed_texts",
    "load_embedder",
]
