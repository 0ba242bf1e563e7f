"""Turn raw bytes into text: UTF-8 row by row, UTF-16 with or without a BOM, binary refused.

A file is binary when it starts with the signature of a known binary format
(PNG, PDF, Office, executables, archives) or when more than ``BINARY_SHARE`` of
its first 64 KB are control bytes. Anything else is text: NUL characters are
left in it for the readers and the validator to remove with a located warning.
Lines that are not valid UTF-8 are decoded on their own as Windows-1252 (or
Latin-1), so one bad byte never changes the rows around it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

BINARY_SHARE = 0.3
SAMPLE_BYTES = 65536
MAX_LINE_NOTES = 100

# Control bytes that never occur in text; tab, LF, FF and CR do.
_CONTROL_BYTES = bytes([*range(0, 9), 0x0B, *range(0x0E, 0x20), 0x7F])

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "an Excel, Word or other ZIP-based file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel or Word file"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a program (executable)"),
    (b"MZ\x90\x00", "a Windows program (executable)"),
    (b"\xcf\xfa\xed\xfe", "a macOS program (executable)"),
    (b"\xca\xfe\xba\xbe", "a compiled program"),
    (b"\x00asm", "a WebAssembly program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


@dataclass(frozen=True)
class LineNote:
    """A remark about one line of the input (1-based, as the readers count lines)."""

    line: int
    message: str


@dataclass(frozen=True)
class Decoded:
    """Decoded text plus what was learned about its encoding.

    Attributes:
        text: the decoded text (NUL characters still in it).
        encoding: the codec of the file, ``mixed`` when some lines fell back.
        note: a remark about the whole file, else ``""``.
        notes: remarks about single lines that were not valid UTF-8.
    """

    text: str
    encoding: str
    note: str = ""
    notes: tuple[LineNote, ...] = ()


class NotTextError(ValueError):
    """The bytes are not text in any encoding we accept."""


def magic_kind(data: bytes) -> str:
    """Name the binary format whose signature starts ``data``, or ``""``."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), "")


def control_share(data: bytes) -> float:
    """Share of control bytes (other than tab, LF, FF, CR) in the first 64 KB."""
    sample = data[:SAMPLE_BYTES]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _utf16_without_bom(data: bytes) -> str:
    # ASCII-range text in UTF-16 puts a NUL in every other byte: the odd bytes
    # for little-endian, the even ones for big-endian. Other text never does.
    sample = data[: min(len(data), 4096) // 2 * 2]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) >= 0.4 * half and even.count(0) <= 0.05 * half:
        return "utf-16-le"
    if even.count(0) >= 0.4 * half and odd.count(0) <= 0.05 * half:
        return "utf-16-be"
    return ""


def _decode_utf16(data: bytes, codec: str, note: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec, note)
    except UnicodeDecodeError as exc:
        text = data.decode(codec, errors="replace")
        return Decoded(
            text,
            codec,
            f"{note} Some bytes (from byte {exc.start:,}) were not valid UTF-16 and were "
            "replaced by \ufffd.",
        )


def _fallback(line: bytes) -> tuple[str, str]:
    try:
        return line.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return line.decode("latin-1"), "Latin-1 (ISO-8859-1)"


def _decode_rows(data: bytes) -> Decoded:
    parts: list[str] = []
    bad: list[tuple[int, str, str]] = []  # line, first bad byte, codec label
    mixed = False  # a line holds non-ASCII UTF-8, so the file is not simply cp1252
    for no, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, label = _fallback(line)
            bad.append((no, line[exc.start : exc.start + 1].hex().upper(), label))
        else:
            mixed = mixed or not line.isascii()
        parts.append(text)
    text = "".join(parts)
    hint = "If accented letters look wrong, save the file as UTF-8."
    if not mixed:
        no, byte, label = bad[0]
        more = ""
        if len(bad) > 1:
            listed = ", ".join(str(n) for n, _, _ in bad[1:11])
            more = f"; also lines {listed}" + (
                f" and {len(bad) - 11:,} more" if len(bad) > 11 else ""
            )
        message = f"not valid UTF-8 (byte 0x{byte} on line {no}{more}); read as {label}. {hint}"
        return Decoded(text, "cp1252", notes=(LineNote(no, message),))
    notes = [
        LineNote(
            no,
            f"line {no} is not valid UTF-8 (byte 0x{byte}); this line alone was read as "
            f"{label}, the other lines as UTF-8. {hint}",
        )
        for no, byte, label in bad[:MAX_LINE_NOTES]
    ]
    note = ""
    if len(bad) > MAX_LINE_NOTES:
        note = (
            f"{len(bad) - MAX_LINE_NOTES:,} more line(s) after line {bad[MAX_LINE_NOTES - 1][0]} "
            f"are not valid UTF-8 either and were read as Windows-1252. {hint}"
        )
    return Decoded(text, "mixed", note, tuple(notes))


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``: UTF-8 by preference, falling back line by line.

    Raises:
        NotTextError: ``data`` is a binary file (see the module docstring).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, "utf-16", "the file is UTF-16; it was read as such.")
    kind = magic_kind(data)
    codec16 = "" if kind else _utf16_without_bom(data)
    if codec16:
        order = "little" if codec16.endswith("le") else "big"
        return _decode_utf16(
            data,
            codec16,
            f"the file is UTF-16 ({order}-endian) without a byte-order mark; it was read as such.",
        )
    share = control_share(data)
    if not kind and share > BINARY_SHARE:
        kind = f"{share:.0%} of its first bytes are control bytes"
    if kind:
        raise NotTextError(
            f"this is a binary file ({kind}), not text. "
            "Export it as CSV or JSON Lines in UTF-8 and try again."
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _decode_rows(data)
