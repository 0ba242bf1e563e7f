"""The embedding cache, keyed by ``(model_id, text_hash)`` across corpora."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing.store.base import StoreBase


class EmbeddingsMixin(StoreBase):
    """Store methods for cached embedding vectors."""

    def get_embeddings(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the given text hashes (missing ones are absent)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._conn.execute(
                f"SELECT text_hash, dim, vector FROM embeddings WHERE model_id = ? "
                f"AND text_hash IN ({', '.join('?' * len(chunk))})",
                (model_id, *chunk),
            )
            for h, dim, blob in rows:
                found[h] = np.frombuffer(blob, dtype=np.float32, count=dim)
        return found

    def put_embeddings(self, model_id: str, vectors: dict[str, np.ndarray]) -> None:
        """Cache vectors by text hash, in one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings(model_id, text_hash, dim, vector) "
                "VALUES (?, ?, ?, ?)",
                [
                    (model_id, h, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
                    for h, v in vectors.items()
                ],
            )

    def count_embeddings(self, model_id: str | None = None) -> int:
        """Number of cached vectors (for one model, or all)."""
        if model_id is None:
            return self._conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
        return self._conn.execute(
            "SELECT COUNT(*) FROM embeddings WHERE model_id = ?", (model_id,)
        ).fetchone()[0]
