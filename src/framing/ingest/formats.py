"""One reader per input format.

Each reader is a generator over ``(name, text)`` that yields ``RawRecord`` for
every candidate article and ``Issue`` for every located problem, so that one bad
row never stops the rows after it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from framing.ingest.fields import accepted_names, map_columns
from framing.ingest.records import Item, RawRecord, nul_note
from framing.ingest.textfiles import read_html, read_text
from framing.schema import REQUIRED_FIELDS, Issue

__all__ = ["READERS", "Item", "RawRecord", "nul_note", "read_csv", "read_json", "read_jsonl"]

# csv refuses fields over 128 KiB by default; articles can be longer.
csv.field_size_limit(16 * 1024 * 1024)

# strict=False lets control characters (a NUL among them) stand inside strings;
# the validator removes NULs with a warning instead of losing the row.
_JSON = json.JSONDecoder(strict=False)
_MAX_JSON_RETRIES = 100


def _loads_without_nul(name: str, where: str, text: str) -> tuple[Any, list[Issue]]:
    """Parse JSON; a NUL between tokens (where JSON allows none) is removed with a note.

    NULs inside strings stay for the validator, which names their field.
    ``where`` locates the notes (``line 3`` for JSON Lines); ``""`` means the
    line of each NUL in ``text``.
    """
    removed: dict[int, int] = {}  # line -> NULs removed there
    for _ in range(_MAX_JSON_RETRIES):
        try:
            data = _JSON.decode(text)
            break
        except json.JSONDecodeError as exc:
            if exc.pos >= len(text) or text[exc.pos] != "\x00":
                raise
            removed[exc.lineno] = removed.get(exc.lineno, 0) + 1
            text = text[: exc.pos] + text[exc.pos + 1 :]
    else:
        # Too many to remove one by one: drop every NUL, in strings too.
        removed[1] = removed.get(1, 0) + text.count("\x00")
        data = _JSON.decode(text.replace("\x00", ""))
    notes = [
        nul_note(name, where or f"line {line}", "", count, " from between the JSON values")
        for line, count in removed.items()
    ]
    return data, notes


def _missing_columns_issue(name: str, missing: list[str], found: list[str]) -> Issue:
    detail = "; ".join(f"'{m}' (accepted names: {accepted_names(m)})" for m in missing)
    return Issue(
        name,
        "header",
        ", ".join(missing),
        f"no column for {detail}. Columns found: {', '.join(map(str, found)) or 'none'}.",
        "Rename the column that holds this information, or add it. No row of this file was read.",
    )


def read_csv(name: str, text: str) -> Iterator[Item]:
    """Read a CSV (or TSV/semicolon-separated) table with a header row."""
    sample = text[:20000]
    delimiter = ","
    if name.lower().endswith(".tsv"):
        delimiter = "\t"
    else:
        first_line = sample.split("\n", 1)[0]
        counts = {d: first_line.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=counts.get)
        if counts[best] > 0:
            delimiter = best
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Issue(name, "file", "", "the file is empty.", "Add a header row and articles.")
        return
    except csv.Error as exc:
        yield Issue(name, "line 1", "", f"cannot read the header row ({exc}).", "Check quoting.")
        return
    for i, col in enumerate(header):
        if "\x00" in col:
            header[i] = col.replace("\x00", "")
            yield nul_note(name, "header", header[i], col.count("\x00"), " from the column name")
    mapping, _ = map_columns(header)
    missing = [f for f in REQUIRED_FIELDS if f not in mapping]
    if missing:
        yield _missing_columns_issue(name, missing, header)
        return
    index = {f: header.index(col) for f, col in mapping.items()}
    row_no = 0
    prev_end = reader.line_num
    while True:
        start = prev_end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Issue(
                name,
                f"line {start}",
                "",
                f"the CSV cannot be parsed from here on ({exc}).",
                "An opening quote is probably never closed. Rows before this line were kept.",
            )
            return
        prev_end = reader.line_num
        if prev_end == len(lines) and _ends_inside_quotes(lines[start - 1 :], delimiter):
            yield Issue(
                name,
                f"line {start}",
                "",
                "a quote opened in this row is never closed, so the rest of the file "
                "would be read as one field; nothing from here on was read.",
                'Close the quote, or double any quote inside a quoted field (""). '
                "Rows before this line were kept.",
                raw="".join(lines[start - 1 :])[:20000],
            )
            return
        if not row or all(not c.strip() for c in row):
            continue
        row_no += 1
        where = f"row {row_no} (line {start})"
        raw = _csv_line(row, delimiter)
        if len(row) != len(header):
            yield Issue(
                name,
                where,
                "",
                f"has {len(row)} fields but the header has {len(header)}.",
                "A comma inside a field probably needs quotes around the field.",
                raw=raw,
            )
            continue
        fields = {f: row[i] for f, i in index.items()}
        yield RawRecord(name, where, fields, raw, lines=(start, prev_end))
    if row_no == 0:
        yield Issue(
            name,
            "file",
            "",
            "the file has a header row but no article rows.",
            "Add one row per article below the header, or remove the file from the input.",
        )


def _ends_inside_quotes(lines: list[str], delimiter: str) -> bool:
    # The lenient csv reader silently closes a quote left open at the end of the
    # file. One extra blank line tells the cases apart: outside quotes it reads
    # as an empty row, inside quotes it becomes part of the last field.
    rows = list(csv.reader([*lines, "\n"], delimiter=delimiter))
    return bool(rows and rows[-1])


def _csv_line(row: list[str], delimiter: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerow(row)
    return buf.getvalue().rstrip("\r\n")


def _record_from_object(
    name: str, where: str, obj: Any, raw: str, lines: tuple[int, int] = (0, 0)
) -> Item:
    if not isinstance(obj, dict):
        return Issue(
            name,
            where,
            "",
            f"expected a JSON object, got {type(obj).__name__}.",
            'Each article must be an object like {"outlet": ..., "title": ..., "text": ...}.',
            raw=raw,
        )
    mapping, _ = map_columns(list(obj))
    missing = [f for f in REQUIRED_FIELDS if f not in mapping]
    if missing:
        return Issue(
            name,
            where,
            ", ".join(missing),
            f"missing key(s) {', '.join(missing)}; keys present: {', '.join(obj) or 'none'}.",
            "Add the key(s); accepted names: "
            + "; ".join(f"{m}: {accepted_names(m)}" for m in missing)
            + ".",
            raw=raw,
        )
    fields: dict[str, Any] = {}
    for f, key in mapping.items():
        value = obj[key]
        if isinstance(value, (dict, list)):
            return Issue(
                name,
                where,
                f,
                f"'{key}' holds a JSON {type(value).__name__}, not a string.",
                "Give plain text for this field.",
                raw=raw,
            )
        fields[f] = "" if value is None else str(value)
    return RawRecord(name, where, fields, raw, lines=lines)


def read_jsonl(name: str, text: str) -> Iterator[Item]:
    """Read JSON Lines: one JSON object per line."""
    # Lines end as the decoder counts them (LF, CR, CRLF); a U+2028 inside a
    # JSON string is not a line break.
    for line_no, line in enumerate(io.StringIO(text, newline="").readlines(), start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        where = f"line {line_no}"
        try:
            obj, notes = _loads_without_nul(name, where, line)
        except json.JSONDecodeError as exc:
            yield Issue(
                name,
                where,
                "",
                f"not valid JSON ({exc.msg} at column {exc.colno}).",
                "Each line must hold exactly one complete JSON object.",
                raw=line,
            )
            continue
        yield from notes
        yield _record_from_object(name, where, obj, line, (line_no, line_no))


def read_json(name: str, text: str) -> Iterator[Item]:
    """Read a JSON array of article objects (or ``{"articles": [...]}``)."""
    try:
        data, notes = _loads_without_nul(name, "", text)
    except json.JSONDecodeError as exc:
        # A .json file that is really JSON Lines is common enough to accept.
        if exc.msg == "Extra data":
            yield from read_jsonl(name, text)
            return
        yield Issue(
            name,
            f"line {exc.lineno}",
            "",
            f"not valid JSON ({exc.msg} at column {exc.colno}).",
            "Fix the syntax; no article of this file was read.",
        )
        return
    yield from notes
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield Issue(name, "file", "", "expected a list of article objects.", "")
        return
    for i, obj in enumerate(data, start=1):
        yield _record_from_object(name, f"item {i}", obj, json.dumps(obj, ensure_ascii=False))


READERS = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
}
