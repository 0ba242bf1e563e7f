"""framing.access: loopback addresses, the token check and the read-only switch."""

from __future__ import annotations

import pytest

from framing import access
from framing.errors import FramingError


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.0.7", False),
        ("", False),
        ("my-host.lan", False),
    ],
)
def test_access_is_loopback(address: str, loopback: bool) -> None:
    assert access.is_loopback(address) is loopback


def test_access_check_token_needs_the_exact_token() -> None:
    assert access.check_token("s3cret-token-1", "s3cret-token-1")
    assert not access.check_token("s3cret-token-2", "s3cret-token-1")
    assert not access.check_token("", "s3cret-token-1")
    assert not access.check_token("", "")  # no token set: nothing to match


def test_access_require_token_for() -> None:
    access.require_token_for("127.0.0.1", "")
    access.require_token_for("0.0.0.0", "a-long-enough-token")
    with pytest.raises(FramingError) as exc:
        access.require_token_for("0.0.0.0", "")
    assert exc.value.code == "FRM-D731"
    with pytest.raises(FramingError) as exc:
        access.require_token_for("127.0.0.1", "short")
    assert exc.value.code == "FRM-D732"


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("", False)]
)
def test_access_read_only(value: str, on: bool) -> None:
    assert access.read_only({access.READ_ONLY_ENV: value}) is on
    assert access.read_only({}) is False
