"""One reader per input format.

Each reader is a generator over ``(name, text)`` that yields ``RawRecord`` for
every candidate article and ``Issue`` for every located problem, so that one bad
row never stops the rows after it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from framing.ingest.fields import SYNONYMS, accepted_names, map_columns, normalise_name
from framing.schema import REQUIRED_FIELDS, Issue


@dataclass
class RawRecord:
    """A candidate article before validation.

    Attributes:
        source: file name.
        location: ``row 3 (line 4)``, ``line 7`` or ``file``.
        fields: canonical field name -> value as read.
        raw: the input behind this record, to keep if it is rejected.
    """

    source: str
    location: str
    fields: dict[str, Any]
    raw: str = ""
    notes: list[Issue] = field(default_factory=list)


Item = RawRecord | Issue

# csv refuses fields over 128 KiB by default; articles can be longer.
csv.field_size_limit(16 * 1024 * 1024)


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
        yield RawRecord(name, where, {f: row[i] for f, i in index.items()}, raw)


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


def _record_from_object(name: str, where: str, obj: Any, raw: str) -> Item:
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
    return RawRecord(name, where, fields, raw)


def read_jsonl(name: str, text: str) -> Iterator[Item]:
    """Read JSON Lines: one JSON object per line."""
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {line_no}"
        try:
            obj = json.loads(line)
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
        yield _record_from_object(name, where, obj, line)


def read_json(name: str, text: str) -> Iterator[Item]:
    """Read a JSON array of article objects (or ``{"articles": [...]}``)."""
    try:
        data = json.loads(text)
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
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield Issue(name, "file", "", "expected a list of article objects.", "")
        return
    for i, obj in enumerate(data, start=1):
        yield _record_from_object(name, f"item {i}", obj, json.dumps(obj, ensure_ascii=False))


_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _\-]{0,40}?)\s*:\s*(.*?)\s*$")
_HEADER_KEYS = {normalise_name(s): f for f, names in SYNONYMS.items() for s in names}


def read_text(name: str, text: str) -> Iterator[Item]:
    """Read a ``.txt``/``.md`` article: ``Key: value`` header lines, a blank line, the body.

    A Markdown file may put the header in ``---`` front matter and may take its
    title from the first ``# heading``.
    """
    lines = text.splitlines(keepends=True)
    pos = 0
    fields: dict[str, Any] = {}
    notes: list[Issue] = []
    fenced = lines and lines[0].strip() == "---"
    if fenced:
        pos = 1
    header_lines = 0
    while pos < len(lines):
        line = lines[pos]
        if fenced and line.strip() == "---":
            pos += 1
            break
        if not line.strip():
            if fenced:
                pos += 1
                continue
            pos += 1
            break
        m = _HEADER_LINE.match(line)
        if not m:
            break
        key = _HEADER_KEYS.get(normalise_name(m.group(1)))
        if key is None:
            if header_lines == 0:
                break  # first line is prose with a colon, not a header
            notes.append(
                Issue(
                    name,
                    f"line {pos + 1}",
                    m.group(1),
                    f"unknown header field '{m.group(1)}' was ignored.",
                    "Known fields: Outlet, Title, Date, URL, ID.",
                    severity="warning",
                )
            )
        else:
            fields[key] = m.group(2)
        header_lines += 1
        pos += 1
    if header_lines == 0:
        yield Issue(
            name,
            "line 1",
            "outlet",
            "no header found.",
            "Start the file with lines such as 'Outlet: Daily Example', 'Title: ...', "
            "'Date: 2022-11-02', then a blank line and the article text.",
            raw=text,
        )
        return
    body = "".join(lines[pos:]).strip("\r\n")
    if "title" not in fields and name.lower().endswith(".md"):
        m = re.search(r"^#\s+(.+?)\s*$", body, flags=re.MULTILINE)
        if m:
            fields["title"] = m.group(1)
    fields["text"] = body
    for required in ("outlet", "title"):
        if required not in fields:
            yield Issue(
                name,
                "header",
                required,
                f"the header has no '{required.capitalize()}:' line.",
                f"Add a line '{required.capitalize()}: ...' to the header.",
                raw=text,
            )
            return
    yield RawRecord(name, "file", fields, text, notes)


def read_html(name: str, text: str) -> Iterator[Item]:
    """Extract the main text and metadata of a saved web page with trafilatura."""
    import trafilatura

    with warnings.catch_warnings():
        # trafilatura 2.x raises a FutureWarning from lxml internals on every
        # page; it says nothing about the page itself.
        warnings.simplefilter("ignore", FutureWarning)
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    if doc is None:
        yield Issue(
            name,
            "file",
            "text",
            "no article text could be extracted from this HTML page.",
            "Save the article page itself (not an index page), or paste its text into a .txt file.",
            raw=text[:20000],
        )
        return
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    outlet = meta.get("sitename") or meta.get("hostname") or ""
    if not outlet:
        yield Issue(
            name,
            "file",
            "outlet",
            "the page does not say which outlet published it.",
            'Add <meta property="og:site_name" content="Outlet name"> to the page, '
            "or convert it to a .txt file with an 'Outlet:' header.",
            raw=text[:20000],
        )
        return
    fields = {
        "outlet": outlet,
        "title": meta.get("title") or "",
        "text": meta.get("text") or "",
        "published": meta.get("date") or "",
        "url": meta.get("url") or "",
    }
    yield RawRecord(name, "file", fields, "")


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
