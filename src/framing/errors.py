"""One exception hierarchy for framing.

Every message says where the problem is, what is wrong and how to fix it, so
that the CLI and the dashboard can show it to a user unchanged.
"""

from __future__ import annotations


class FramingError(Exception):
    """Base class of every error raised on purpose by framing."""


class InputError(FramingError):
    """Input that cannot be used at all (no usable file, no usable row).

    Attributes:
        issues: the located problems behind the error, when there are any.
    """

    def __init__(self, message: str, issues: list | None = None) -> None:
        super().__init__(message)
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
