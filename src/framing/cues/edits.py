"""Lexicon edits: a small user lexicon over the base one, and the rules for making it.

The dashboard's lexicon editor never writes the built-in lexicon file. Its
edits are a small user lexicon (same TOML format, see docs/cues.md): cues that
are new, changed or switched off, and categories that are new or relabelled.
The lexicon in use is the base lexicon (built-in plus ``settings.lexicon_path``)
extended by those edits; ``framing.pipeline`` keeps them in the store.

Every edit function takes the base lexicon and the current edits and returns
new edits, validated against the base, so that a bad edit raises
``ConfigError`` and stores nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace

from framing.cues.lexicon import DIRECTIONS, Category, Cue, Lexicon, parse_lexicon
from framing.cues.match import compile_cue
from framing.errors import ConfigError

EDITS_VERSION = "dashboard"
EDITS_ORIGIN = "dashboard"
EDITS_SOURCE = "your lexicon edits"

_KEY = re.compile(r"[^a-z0-9]+")


def no_edits() -> Lexicon:
    """An empty set of edits."""
    return Lexicon(EDITS_VERSION, {}, ())


def parse_edits(text: str, source: str = EDITS_SOURCE) -> Lexicon:
    """Parse user lexicon TOML (edits or a whole lexicon) without merging it.

    Raises:
        ConfigError: the text is not a valid lexicon file; the message says where.
    """
    edits = parse_lexicon(text, source, origin=EDITS_ORIGIN)
    return Lexicon(EDITS_VERSION, edits.categories, edits.cues)


def merge(base: Lexicon, edits: Lexicon) -> Lexicon:
    """The lexicon in use: ``base`` with ``edits`` applied (``base`` itself when none).

    Raises:
        ConfigError: an edited cue names a category neither side declares, or a
            phrase or regex does not compile.
    """
    if not edits.cues and not edits.categories:
        return base
    merged = base.extend(edits)
    for cue in edits.cues:
        check_cue(cue)
    return merged


def check_cue(cue: Cue) -> None:
    """Raise ``ConfigError`` when a cue cannot be matched as written."""
    what = f"regex {cue.regex!r}" if cue.regex else f"phrase {cue.phrase!r}"
    if not (cue.regex or cue.phrase).strip():
        raise ConfigError(
            "the cue is empty. Type the wording (or a regex) to look for.", code="FRM-E401"
        )
    if not 0.0 <= cue.weight <= 1.0:
        raise ConfigError(f"{what}: weight {cue.weight} is outside 0 to 1.", code="FRM-E402")
    if cue.direction and cue.direction not in DIRECTIONS:
        raise ConfigError(
            f"{what}: direction '{cue.direction}' is not one of {', '.join(DIRECTIONS)}.",
            code="FRM-E403",
        )
    try:
        compile_cue(cue)
    except (re.error, ValueError) as exc:
        raise ConfigError(
            f"{what} cannot be used ({exc}). Check the brackets and special characters, "
            "or write it as a phrase instead of a regex.",
            code="FRM-E404",
        ) from exc


def minimal(base: Lexicon, edits: Lexicon) -> Lexicon:
    """Edits without entries that merely repeat the base (e.g. an uploaded full lexicon)."""
    base_cues = {c.key: c for c in base.cues}
    cues = tuple(
        c
        for c in edits.cues
        if c.key not in base_cues or replace(base_cues[c.key], origin=c.origin) != c
    )
    categories = {k: v for k, v in edits.categories.items() if base.categories.get(k) != v}
    return Lexicon(EDITS_VERSION, categories, cues)


def category_key(label: str) -> str:
    """A snake_case ASCII key for a new category, made from its label.

    Accents are dropped ("Über" -> "uber"); a label with no Latin letter at all
    gets ``user_`` plus a short digest, so every non-empty label has a key.
    """
    folded = unicodedata.normalize("NFKD", label.strip().lower())
    ascii_only = folded.encode("ascii", "ignore").decode()
    key = _KEY.sub("_", ascii_only).strip("_")
    if not key and label.strip():
        key = "user_" + hashlib.sha256(label.strip().encode()).hexdigest()[:8]
    return key


def new_category(label: str, explain: str, description: str = "") -> Category:
    """A user category; the key is made from the label.

    Raises:
        ConfigError: the label or the plain explanation is empty.
    """
    key = category_key(label)
    if not key:
        raise ConfigError("the new category needs a name, e.g. 'Economic threat'.", code="FRM-E405")
    if not explain.strip():
        raise ConfigError(
            f"the new category '{label.strip()}' needs a one-sentence plain explanation, "
            "e.g. 'Words that make money matters sound like a danger.'",
            code="FRM-E406",
        )
    return Category(key, label.strip(), description.strip() or explain.strip(), explain.strip())


def add_cue(
    base: Lexicon, edits: Lexicon, cue: Cue, *, category: Category | None = None
) -> Lexicon:
    """Edits with a new cue (and, optionally, the new category it belongs to).

    Raises:
        ConfigError: the wording is already in the lexicon, the category is
            unknown or already exists, or the cue cannot be matched.
    """
    current = merge(base, edits)
    categories = dict(edits.categories)
    if category is not None:
        if category.key in current.categories:
            raise ConfigError(
                f"a category '{current.categories[category.key].label}' ({category.key}) "
                "already exists. Pick it from the list instead of making a new one.",
                code="FRM-E407",
            )
        categories[category.key] = category
        cue = replace(cue, category=category.key)
    existing = next((c for c in current.cues if c.key == cue.key), None)
    if existing is not None:
        raise ConfigError(
            f"'{cue.regex or cue.phrase}' is already in the lexicon (category "
            f"'{existing.category}'). Change it under 'Edit a cue' instead.",
            code="FRM-E408",
        )
    out = Lexicon(EDITS_VERSION, categories, (*edits.cues, replace(cue, origin=EDITS_ORIGIN)))
    merge(base, out)
    return out


def edit_cue(base: Lexicon, edits: Lexicon, old_key: str, cue: Cue) -> Lexicon:
    """Edits where the cue ``old_key`` becomes ``cue``.

    When the wording changes, a built-in entry under the old wording is
    switched off (it cannot be deleted from the built-in file).

    Raises:
        ConfigError: ``old_key`` is unknown, the new wording belongs to another
            cue, or the cue cannot be matched.
    """
    current = merge(base, edits)
    keys = {c.key for c in current.cues}
    if old_key not in keys:
        raise ConfigError(
            f"no cue '{old_key}' in the lexicon. Pick one from the list.", code="FRM-E409"
        )
    cue = replace(cue, origin=EDITS_ORIGIN)
    if cue.key != old_key and cue.key in keys:
        raise ConfigError(
            f"'{cue.regex or cue.phrase}' is already another cue in the lexicon. "
            "Edit that one, or choose other wording.",
            code="FRM-E410",
        )
    cues = [c for c in edits.cues if c.key not in (old_key, cue.key)]
    base_cues = {c.key: c for c in base.cues}
    if cue.key != old_key and old_key in base_cues:
        cues.append(replace(base_cues[old_key], disabled=True, origin=EDITS_ORIGIN))
    cues.append(cue)
    out = Lexicon(EDITS_VERSION, dict(edits.categories), tuple(cues))
    merge(base, out)
    return out


def set_disabled(base: Lexicon, edits: Lexicon, keys: list[str], disabled: bool) -> Lexicon:
    """Edits with the cues ``keys`` switched off (``disabled=True``) or back on.

    Raises:
        ConfigError: a key is not in the lexicon.
    """
    current = {c.key: c for c in merge(base, edits).cues}
    unknown = [k for k in keys if k not in current]
    if unknown:
        raise ConfigError(
            f"no cue {', '.join(map(repr, unknown))} in the lexicon.", code="FRM-E411"
        )
    changed = {k: replace(current[k], disabled=disabled, origin=EDITS_ORIGIN) for k in keys}
    cues = [changed.pop(c.key) if c.key in changed else c for c in edits.cues]
    cues.extend(changed.values())
    return minimal(base, Lexicon(EDITS_VERSION, dict(edits.categories), tuple(cues)))


def revert_cue(base: Lexicon, edits: Lexicon, key: str) -> Lexicon:
    """Edits without the user's entry for ``key`` (a built-in cue comes back as shipped).

    Raises:
        ConfigError: dropping it leaves the lexicon invalid.
    """
    out = Lexicon(
        EDITS_VERSION, dict(edits.categories), tuple(c for c in edits.cues if c.key != key)
    )
    merge(base, out)
    return out


def edit_category(base: Lexicon, edits: Lexicon, category: Category) -> Lexicon:
    """Edits with a category's label, description or plain explanation changed.

    Raises:
        ConfigError: the category is unknown or its label is empty.
    """
    if category.key not in merge(base, edits).categories:
        raise ConfigError(f"no category '{category.key}' in the lexicon.", code="FRM-E412")
    if not category.label.strip():
        raise ConfigError(f"category '{category.key}' needs a label.", code="FRM-E413")
    out = Lexicon(EDITS_VERSION, {**edits.categories, category.key: category}, edits.cues)
    return minimal(base, out)


def parse_upload(base: Lexicon, data: bytes, source: str) -> Lexicon:
    """Edits from an uploaded lexicon file, reduced to what differs from ``base``.

    Raises:
        ConfigError: the file is not UTF-8, not a valid lexicon, or does not
            apply to ``base``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{source}: not UTF-8 text ({exc}). Save the file as UTF-8.", code="FRM-L313"
        ) from exc
    edits = minimal(base, parse_edits(text, source))
    merge(base, edits)
    return edits
