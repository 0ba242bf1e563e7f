"""Turn raw bytes into text, detecting UTF-8, UTF-8 with BOM, UTF-16 and cp1252/latin-1."""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class Decoded:
    """Decoded text plus what was learned about its encoding.

    Attributes:
        text: the decoded text.
        encoding: the codec that was used.
        note: a plain-language remark when the file was not UTF-8, else ``""``.
        line: 1-based line of the first byte that was not valid UTF-8, or 0.
    """

    text: str
    encoding: str
    note: str = ""
    line: int = 0


class NotTextError(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``, preferring UTF-8 and falling back to Windows-1252/latin-1.

    Raises:
        NotTextError: the data holds NUL bytes without a UTF-16 byte-order mark,
            which means a binary file (a spreadsheet, an image) and not text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16"), "utf-16", "the file is UTF-16; it was read as such.")
    if b"\x00" in data[:65536]:
        raise NotTextError(
            "this is a binary file, not text (it contains NUL bytes). "
            "Export it as CSV or JSON Lines in UTF-8 and try again."
        )
    try:
        return Decoded(data.decode("utf-8", errors="strict"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    line = data.count(b"\n", 0, bad_at) + 1
    byte = data[bad_at : bad_at + 1].hex().upper()
    for enc, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO-8859-1)")):
        try:
            text = data.decode(enc, errors="strict")
        except UnicodeDecodeError:
            continue
        note = (
            f"not valid UTF-8 (byte 0x{byte} on line {line}); read as {label}. "
            "If accented letters look wrong, save the file as UTF-8."
        )
        return Decoded(text, enc, note, line)
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover
