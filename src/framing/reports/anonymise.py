"""Hidden outlet names: "Outlet A", "Outlet B", ... in place of the real ones.

The letters are a shuffle seeded by the event, the same on every machine, so
a class sees the same mapping every time and cannot guess it from the
alphabetical order of the names.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections.abc import Callable, Iterable, Mapping


def stable_seed(*parts: object) -> int:
    """A seed that is the same on every machine and Python run (``hash`` is not)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, ..."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def letter_order(name: str) -> tuple[int, str]:
    """Sort key for anonymous names: ``Outlet B`` before ``Outlet AA``."""
    code = name.removeprefix("Outlet ")
    return (len(code), code)


def outlet_letters(outlets: Iterable[str], event_id: int, *, salt: str = "") -> dict[str, str]:
    """Anonymous names for the outlets of one event.

    The order is a shuffle seeded by the event id (and ``salt``), so it is the
    same every time for an event, differs between events, and does not follow
    the alphabetical order of the real names.

    Args:
        outlets: real outlet names (duplicates and order do not matter).
        event_id: the event; seeds the shuffle.
        salt: optional extra seed, e.g. to give a class a different mapping.

    Returns:
        Real name -> ``"Outlet A"``, ``"Outlet B"``, ...
    """
    names = sorted({str(o) for o in outlets})
    random.Random(stable_seed("letters", salt, int(event_id))).shuffle(names)
    return {name: f"Outlet {_letter(i)}" for i, name in enumerate(names)}


def hide_names(text: str, replacements: Mapping[str, str]) -> str:
    """Replace outlet names in ``text`` (any case), longest name first.

    Args:
        text: untrusted text (returned unescaped; escape it when rendering).
        replacements: real name -> what to print instead.
    """
    if not text:
        return str(text)
    hider = _name_hider(tuple(replacements.items()))
    return hider(str(text)) if hider else str(text)


@functools.lru_cache(maxsize=64)
def _name_hider(replacements: tuple[tuple[str, str], ...]) -> Callable[[str], str] | None:
    """The replacing function for ``hide_names``, built once per set of names.

    (A lesson or a list of stories hides the same names in every text:
    compiling the pattern for each text took most of the time.)
    """
    mapping = dict(replacements)
    names = sorted((n for n in mapping if str(n).strip()), key=len, reverse=True)
    if not names:
        return None
    lookup = {n.lower(): mapping[n] for n in names}
    alternatives = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return functools.partial(pattern.sub, lambda m: lookup[m.group(0).lower()])
