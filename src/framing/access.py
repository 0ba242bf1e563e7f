"""Who may reach the dashboard: its listening address, access token and read-only mode.

``framing dashboard`` listens on 127.0.0.1 unless told otherwise. On any other
address anyone on the network could reach it, so it then needs an access
token set by the operator, which every browser session enters first. The
read-only mode hides everything that changes the store (upload, delete,
lexicon edits, analysis runs). The CLI hands both to the app through
environment variables; nothing here imports streamlit.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Mapping

from framing.errors import FramingError

__all__ = [
    "MIN_TOKEN_LENGTH",
    "READ_ONLY_ENV",
    "TOKEN_ENV",
    "check_token",
    "is_loopback",
    "read_only",
    "require_token_for",
    "token",
]

TOKEN_ENV = "FRAMING_DASHBOARD_TOKEN"
READ_ONLY_ENV = "FRAMING_DASHBOARD_READ_ONLY"
MIN_TOKEN_LENGTH = 12


def is_loopback(address: str) -> bool:
    """Whether ``address`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name may resolve to any interface


def token(environ: Mapping[str, str] | None = None) -> str:
    """The access token set by the operator, or ``""`` when there is none."""
    return (os.environ if environ is None else environ).get(TOKEN_ENV, "")


def read_only(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the dashboard runs read-only (``FRAMING_DASHBOARD_READ_ONLY`` is 1/true/yes/on)."""
    value = (os.environ if environ is None else environ).get(READ_ONLY_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def check_token(entered: str, expected: str) -> bool:
    """Whether ``entered`` is the access token, compared in constant time."""
    return bool(expected) and hmac.compare_digest(entered.encode(), expected.encode())


def require_token_for(address: str, access_token: str) -> None:
    """Refuse a dashboard open to the network without a usable access token.

    Args:
        address: the address the server will listen on.
        access_token: the operator's token (``""`` for none).

    Raises:
        FramingError: ``address`` is not a loopback address and there is no
            token (``FRM-D731``), or a token is shorter than
            ``MIN_TOKEN_LENGTH`` characters (``FRM-D732``).
    """
    if access_token and len(access_token) < MIN_TOKEN_LENGTH:
        raise FramingError(
            f"the access token has {len(access_token)} characters; use at least "
            f"{MIN_TOKEN_LENGTH}, e.g. the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe())"`.',
            code="FRM-D732",
        )
    if not access_token and not is_loopback(address):
        raise FramingError(
            f"the dashboard would listen on {address}, open to the network, without a "
            f"password. Set an access token with --token or {TOKEN_ENV} (every visitor then "
            "enters it first), or listen on 127.0.0.1 only (the default of "
            "`framing dashboard`).",
            code="FRM-D731",
        )
