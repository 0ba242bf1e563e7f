"""One exception hierarchy for framing, and the catalogue of its error codes.

Every message says where the problem is, what is wrong and how to fix it, so
that the CLI and the dashboard can show it to a user unchanged. Each error
carries a stable code (``FRM-I101``), shown at the start of its message and
listed in ``docs/errors.md`` with what to do; a code is never reused for
another problem.

Code letters: ``I`` input and ingest, ``C`` settings, ``L`` lexicon files,
``E`` lexicon edits, ``M`` embedding models, ``S`` the store, ``D`` the
dashboard and CLI, ``R`` the Ray engine, ``T`` developer tools.
"""

from __future__ import annotations

import re

from framing.error_codes import CODES as CODES  # re-exported: the catalogue

# C0 controls other than tab and LF, DEL, C1 controls (0x9B is a terminal CSI),
# and the bidirectional overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]")


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` without control characters, safe to print to a terminal or store.

    Input such as a CSV header can hold ESC or BEL bytes; every message built
    from it goes through here, so none reaches a terminal.

    Args:
        text: a message, or a name or value quoted in one.
        newlines: keep line feeds (multi-line messages); otherwise every line
            break becomes a space.
    """
    if not newlines:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNPRINTABLE.sub("", text)


class FramingError(Exception):
    """Base class of every error raised on purpose by framing.

    Args:
        message: where, what and how to fix it.
        code: the error's code in ``CODES``.

    Attributes:
        code: the stable code, e.g. ``FRM-I101``.
        message: the message without its code.
    """

    def __init__(self, message: str, *, code: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown error code {code!r}: add it to framing.errors.CODES")
        message = printable(message, newlines=True)
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class InputError(FramingError):
    """Input that cannot be used at all (no usable file, no usable row).

    Attributes:
        issues: the located problems behind the error, when there are any.
    """

    def __init__(self, message: str, issues: list | None = None, *, code: str) -> None:
        super().__init__(message, code=code)
        self.issues = list(issues or [])


class LimitExceededError(InputError):
    """A size, row or file-count limit from the settings was exceeded."""


class ModelError(FramingError):
    """The embedding model could not be loaded or is not the expected one."""


class ModelIntegrityError(ModelError):
    """The bundled model's weights do not match their published checksum."""


class StoreError(FramingError):
    """The SQLite store is missing, unreadable or from a newer version."""


class ConfigError(FramingError):
    """A settings file or environment variable holds an unusable value."""


_SECTIONS = {
    "I": "Input and ingest",
    "C": "Settings",
    "L": "Lexicon files",
    "E": "Lexicon edits",
    "M": "Embedding models",
    "S": "The store",
    "D": "Dashboard and CLI",
    "R": "The Ray engine",
    "T": "Developer tools",
}


def catalogue_markdown() -> str:
    """``docs/errors.md``: every code with what went wrong and what to do."""
    out = [
        "# Error codes",
        "",
        "Every error framing raises on purpose starts with its code, e.g. "
        "`[FRM-I101] articles/: no such file or folder. Check the path.` The message "
        "itself says where and what; this page says what to do. Codes are stable: a "
        "code is never reused for another problem.",
        "",
        "This page is written from `framing.errors.CODES`; a test keeps the two equal.",
    ]
    for letter, title in _SECTIONS.items():
        out += ["", f"## {title}", "", "| code | what went wrong | what to do |", "|---|---|---|"]
        out += [
            f"| `{code}` | {what} | {fix} |"
            for code, (what, fix) in CODES.items()
            if code[4] == letter
        ]
    return "\n".join(out) + "\n"
