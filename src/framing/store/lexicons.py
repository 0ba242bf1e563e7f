"""User lexicons: the dashboard's lexicon edits, kept as TOML text by name."""

from __future__ import annotations

from framing.store.base import StoreBase, _now

DEFAULT_USER_LEXICON = "default"


class LexiconsMixin(StoreBase):
    """Store methods for user lexicons (the built-in lexicon file is never written)."""

    def save_user_lexicon(self, toml: str, name: str = DEFAULT_USER_LEXICON) -> None:
        """Keep a user lexicon (TOML text in the lexicon file format) under ``name``.

        The text is stored as given; validating it is the caller's job
        (``framing.cues.lexicon.parse_lexicon``), so the store never depends on
        the lexicon format.
        """
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO user_lexicons(name, toml, updated_at) VALUES (?, ?, ?)",
                (name, toml, _now()),
            )

    def user_lexicon(self, name: str = DEFAULT_USER_LEXICON) -> str | None:
        """The stored user lexicon TOML, or ``None`` when there is none."""
        row = self._conn.execute(
            "SELECT toml FROM user_lexicons WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else str(row[0])

    def user_lexicon_updated(self, name: str = DEFAULT_USER_LEXICON) -> str | None:
        """When the user lexicon was last saved (ISO 8601, UTC), or ``None``."""
        row = self._conn.execute(
            "SELECT updated_at FROM user_lexicons WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else str(row[0])

    def clear_user_lexicon(self, name: str = DEFAULT_USER_LEXICON) -> None:
        """Forget the user lexicon, so the built-in one applies again."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM user_lexicons WHERE name = ?", (name,))
