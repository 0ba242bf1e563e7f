"""The lexicon in use, read once per lexicon file and stored edits for the whole server.

Parsing the built-in lexicon (about 500 cues of TOML) took 20 to 60 ms, and
the pages that show cue categories or staleness did it on every rerun. The
lexicons here are shared read-only values (``Lexicon`` is frozen); a new
lexicon file or new stored edits are new cache keys.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import common
from framing.cues.edits import merge, no_edits, parse_edits
from framing.cues.lexicon import Lexicon
from framing.pipeline import resolve_lexicon


def _file_key(path: Path | None) -> tuple:
    """What identifies the settings' lexicon file as it is now (its change makes a new key)."""
    if path is None:
        return ()
    try:
        stat = Path(path).stat()
    except OSError:
        return (str(path), None)  # unreadable: resolve_lexicon raises its own located error
    return (str(path), stat.st_mtime_ns, stat.st_size)


def base_lexicon() -> Lexicon:
    """The built-in lexicon plus the settings' lexicon file (``resolve_lexicon``), memoised.

    Raises:
        ConfigError: the settings' lexicon file cannot be used (not memoised).
    """
    settings = common.settings()
    key = ("lexicon_base", _file_key(settings.lexicon_path))
    return common._memo(key, lambda: resolve_lexicon(settings))


def lexicon_in_use(user_toml: str) -> tuple[Lexicon, Lexicon, Lexicon]:
    """``(base, edits, merged)`` for the stored edits ``user_toml`` ("" for none), memoised.

    Raises:
        ConfigError: the base lexicon cannot be used, or the edits no longer
            apply to it (not memoised: the Lexicon page shows why).
    """
    base = base_lexicon()
    file_key = _file_key(common.settings().lexicon_path)
    edits_key = hashlib.sha256(user_toml.encode()).hexdigest()

    def compute() -> tuple[Lexicon, Lexicon, Lexicon]:
        edits = parse_edits(user_toml) if user_toml else no_edits()
        return base, edits, merge(base, edits)

    return common._memo(("lexicon_in_use", file_key, edits_key), compute)
