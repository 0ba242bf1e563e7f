"""Byte counts in words people read: ``300 MB``, not ``300,000,000 bytes``."""

from __future__ import annotations


def human_size(n: int) -> str:
    """Format a byte count in decimal units (1 MB = 1,000,000 bytes, as the limits are set).

    Args:
        n: a number of bytes.

    Returns:
        ``999 bytes``, ``0.25 MB``, ``1.5 MB``, ``300 MB``, ``2 GB``.
    """
    if n < 1000:
        return f"{n} bytes"
    value, unit = (n / 1e9, "GB") if n >= 1e9 else (n / 1e6, "MB")
    if value >= 10:
        return f"{value:.0f} {unit}"
    return f"{value:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def over_limit(size: int, limit: int, *, known: bool = True) -> str:
    """``is 300 MB, over the limit of 50 MB`` (``known=False``: only the limit is known)."""
    if not known:
        return f"is more than {human_size(limit)}, the limit"
    shown = human_size(size)
    if shown == human_size(limit):
        return f"is {shown} ({size:,} bytes), just over the limit of {limit:,} bytes"
    return f"is {shown}, over the limit of {human_size(limit)}"
