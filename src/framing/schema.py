"""Canonical article columns and the types that describe an ingest.

Article table columns (``ARTICLE_COLUMNS``):

- ``id``: the input id when one was given, else ``a-`` + 12 hex of the content hash.
- ``outlet``, ``title``, ``text``: as given (``text`` is never altered, so
  character offsets into it stay valid).
- ``published``: ISO date ``YYYY-MM-DD`` or empty when absent or unreadable.
- ``published_raw``: the date exactly as given, kept even when unreadable.
- ``url``: as given, or empty.
- ``source``: where the article came from, ``file`` or ``file:row N``.
- ``content_hash``: SHA-256 of the normalised outlet + text (duplicate key).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from framing.errors import printable

ARTICLE_COLUMNS = [
    "id",
    "outlet",
    "title",
    "text",
    "published",
    "published_raw",
    "url",
    "source",
    "content_hash",
]
REQUIRED_FIELDS = ("outlet", "title", "text")
OPTIONAL_FIELDS = ("published", "url", "id")

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Issue:
    """One located problem found while reading input.

    Attributes:
        source: file name (inside a zip: ``archive.zip/member.csv``).
        location: ``row 4`` / ``line 12`` / ``header`` / ``file``.
        field: the column or header field concerned, or ``""``.
        message: what is wrong.
        hint: how to fix it.
        severity: ``error`` rejects the row or file; ``warning`` keeps it.
        raw: the rejected input, kept so nothing the user gave is lost.
    """

    source: str
    location: str
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    raw: str = ""

    def __post_init__(self) -> None:
        # Names and values from the input end up in these texts; none may carry a
        # terminal escape. ``raw`` keeps the input, minus NULs that no text holds.
        for name in ("source", "location", "field", "message", "hint"):
            object.__setattr__(self, name, printable(str(getattr(self, name))))
        object.__setattr__(self, "raw", str(self.raw).replace("\x00", ""))

    def __str__(self) -> str:
        where = f"{self.source}, {self.location}" if self.location else self.source
        if self.field:
            where += f", field '{self.field}'"
        text = f"{where}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text


@dataclass
class IngestReport:
    """What an ingest accepted, rejected and merged.

    Attributes:
        articles: accepted articles with ``ARTICLE_COLUMNS``.
        issues: every located problem (errors reject, warnings keep).
        duplicates: rows whose content equals an accepted row's, with
            ``source``, ``duplicate_of`` (id) and ``kept_source``.
        files_read: files that were parsed.
        files_skipped: (file, reason) pairs for files that were not parsed.
    """

    articles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ARTICLE_COLUMNS))
    issues: list[Issue] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    files_skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """Issues that rejected a row or a file."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """Issues that kept the row but changed or flagged something."""
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def n_accepted(self) -> int:
        return len(self.articles)

    @property
    def n_rejected(self) -> int:
        return len(self.errors)

    def issues_frame(self) -> pd.DataFrame:
        """All issues as a table: severity, source, location, field, message, hint, raw."""
        cols = ["severity", "source", "location", "field", "message", "hint", "raw"]
        return pd.DataFrame([{c: getattr(i, c) for c in cols} for i in self.issues], columns=cols)

    def summary(self) -> str:
        """One plain-language line for the CLI and the dashboard."""
        parts = [
            f"{self.n_accepted} article(s) accepted",
            f"{self.n_rejected} rejected",
            f"{len(self.duplicates)} duplicate(s) stored once",
        ]
        if self.warnings:
            parts.append(f"{len(self.warnings)} warning(s)")
        if self.files_skipped:
            parts.append(f"{len(self.files_skipped)} file(s) skipped")
        return f"Read {len(self.files_read)} file(s): " + ", ".join(parts) + "."
