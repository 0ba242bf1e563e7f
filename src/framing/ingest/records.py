"""What the readers yield: candidate articles (``RawRecord``) and located issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from framing.schema import Issue


@dataclass
class RawRecord:
    """A candidate article before validation.

    Attributes:
        source: file name.
        location: ``row 3 (line 4)``, ``line 7`` or ``file``.
        fields: canonical field name -> value as read.
        raw: the input behind this record, to keep if it is rejected.
        notes: warnings about this record found while reading it.
        lines: first and last line of the input it came from, ``(0, 0)`` if unknown.
    """

    source: str
    location: str
    fields: dict[str, Any]
    raw: str = ""
    notes: list[Issue] = field(default_factory=list)
    lines: tuple[int, int] = (0, 0)


Item = RawRecord | Issue


def nul_note(name: str, where: str, field: str, count: int, what: str = "") -> Issue:
    """The warning for NUL characters removed from the input."""
    return Issue(
        name,
        where,
        field,
        f"{count} NUL character(s) (byte 0x00) were removed{what}; the rest was kept.",
        "NUL bytes come from damaged exports or binary data pasted into text: check this place.",
        severity="warning",
    )
