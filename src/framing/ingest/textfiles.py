"""Readers for single-article files: text/Markdown with a header, and saved web pages."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

from framing.ingest.fields import SYNONYMS, normalise_name
from framing.ingest.records import Item, RawRecord, nul_note
from framing.schema import Issue

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
        m = _HEADER_LINE.match(line.replace("\x00", ""))
        if not m:
            break
        if "\x00" in line:
            field_name = _HEADER_KEYS.get(normalise_name(m.group(1)), m.group(1))
            notes.append(nul_note(name, f"line {pos + 1}", field_name, line.count("\x00")))
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
    yield RawRecord(name, "file", fields, text, notes, lines=(1, len(lines)))


def read_html(name: str, text: str) -> Iterator[Item]:
    """Extract the main text and metadata of a saved web page with trafilatura."""
    import trafilatura

    if "\x00" in text:
        yield nul_note(name, "file", "", text.count("\x00"))
        text = text.replace("\x00", "")
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
