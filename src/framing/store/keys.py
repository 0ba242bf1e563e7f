"""Digests that key what the store keeps: texts for embeddings, settings for results."""

from __future__ import annotations

import hashlib
import json


def text_hash(text: str) -> str:
    """SHA-256 hex digest of a string, the key of an embedding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def settings_key(**parts: object) -> str:
    """A short stable digest of analysis settings, to tell stale results apart."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]
