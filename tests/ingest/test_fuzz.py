"""Property-based fuzzing of ingest: no crash, and no good row lost without an issue.

Each example is one CSV, JSON Lines or text file that mixes good rows (plain
UTF-8, Windows-1252, or with a NUL inside) with bad ones (random bytes, NULs,
control characters, invalid UTF-8, broken quotes, broken JSON). A good row must
come out unchanged, or be named by an issue: its own row or line, a line from
which the reader stopped, a record it was swallowed into, or its whole file.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.errors import FramingError
from framing.ingest import read_uploads
from framing.ingest.decode import magic_kind

SAFE = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!?-"
ACCENTS = "éüñçà"  # in cp1252 each is a byte that cannot start valid UTF-8 here
FUZZ = settings(
    max_examples=150,
    deadline=2000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def _good(draw, i: int, fmt: str) -> dict:
    words = draw(st.text(SAFE + ACCENTS, min_size=1, max_size=30))
    kind = draw(st.sampled_from(["utf-8", "cp1252", "nul"]))
    title = f"Good{i}x {words}".strip()
    fields = {"outlet": f"Outlet {i % 3}", "title": title, "text": f"Body of Good{i}x: {words}."}
    if fmt == "csv":
        line = ",".join(fields[k] for k in ("outlet", "title", "text"))
    else:
        line = json.dumps(fields, ensure_ascii=False)
    data = line.encode("cp1252" if kind == "cp1252" else "utf-8")
    if kind == "nul":
        at = draw(st.integers(0, len(data)))
        # A NUL inside a multi-byte character would make it invalid UTF-8 too.
        while at < len(data) and 0x80 <= data[at] < 0xC0:
            at += 1
        data = data[:at] + b"\x00" + data[at:]
    return {"marker": f"Good{i}x", "fields": fields, "bytes": data}


_BAD = st.one_of(
    st.binary(min_size=1, max_size=60),
    st.binary(min_size=1, max_size=10).map(lambda b: b"Out,\x00" + b + b"\x00,x"),
    st.sampled_from([b"\x1b[31mred\x07,\x1b]0;t\x07,\x9b2J", b"Bad,\xff\xfe,\xc3(", b'D,"open,x']),
    st.sampled_from([b'{"outlet": "x"', b"[1, 2]", b'{"outlet": "D", "title": ["t"]}']),
    st.text(min_size=1, max_size=20).map(lambda t: t.encode("utf-8")),
)


@st.composite
def _file(draw) -> tuple[str, bytes, list[dict], dict[str, int]]:
    fmt = draw(st.sampled_from(["csv", "jsonl"]))
    n = draw(st.integers(1, 8))
    rows: list[bytes | dict] = [draw(_good(i, fmt)) for i in range(n)]
    for _ in range(draw(st.integers(0, 5))):
        rows.insert(draw(st.integers(0, len(rows))), draw(_BAD))
    data = b"outlet,title,text\n" if fmt == "csv" else b""
    goods, lines = [], {}
    for row in rows:
        if isinstance(row, dict):
            lines[row["marker"]] = len(data.splitlines()) + 1
            goods.append(row)
            row = row["bytes"]
        data += row + b"\n"
    return f"fuzz.{fmt}", data, goods, lines


def _line_of(location: str) -> int:
    m = re.search(r"line (\d+)", location)
    return int(m.group(1)) if m else 0


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = sum(b < 32 and b not in b"\t\n\x0c\r" or b == 0x7F for b in sample)
    return controls / max(len(sample), 1)


def _assert_accounted(report, good: dict, line: int, data: bytes) -> None:
    marker, fields = good["marker"], good["fields"]
    articles = report.articles
    kept = articles[articles["title"] == fields["title"]]
    if len(kept):
        row = kept.iloc[0]
        assert (row["outlet"], row["text"]) == (fields["outlet"], fields["text"])
        if b"\x00" in good["bytes"]:
            assert any("NUL" in i.message and _line_of(i.location) == line for i in report.issues)
        return
    for issue in report.errors:
        at = _line_of(issue.location)
        if issue.location == "file":
            # Only a binary file is refused whole, by the documented rule: it starts
            # with a known binary signature, or over 30% of it are control bytes.
            assert "binary" in issue.message, str(issue)
            assert magic_kind(data) or _control_share(data) > 0.3, str(issue)
            return
        if at == line:
            return
        if 0 < at <= line and ("from here on" in issue.message or marker in issue.raw):
            return
    swallowed = articles[articles["source"].map(lambda s: 0 < _line_of(s) <= line)]
    if swallowed.apply(lambda r: marker in r["title"] + r["text"], axis=1).any():
        return
    raise AssertionError(
        f"good row at line {line} lost silently: {[str(i) for i in report.issues]}"
    )


@FUZZ
@given(_file())
def test_fuzz_ingest_keeps_or_names_every_good_row(case):
    name, data, goods, lines = case
    try:
        report = read_uploads([(name, data)])
    except FramingError:
        return  # our own, plain error
    for good in goods:
        _assert_accounted(report, good, lines[good["marker"]], data)
    for issue in report.issues:
        assert issue.source == name
        text = str(issue)
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)


@FUZZ
@given(
    st.text(SAFE + ACCENTS, min_size=1, max_size=30),
    st.lists(_BAD, max_size=4),
    st.sampled_from(["utf-8", "cp1252"]),
)
def test_fuzz_text_article_keeps_its_header(words, junk, encoding):
    title = f"T {words}".strip()
    body = b"\n".join([b"A first line of text.", *junk, b"A last line."])
    data = f"Outlet: Daily\nTitle: {title}\n\n".encode(encoding) + body
    try:
        report = read_uploads([("a.txt", data)])
    except FramingError:
        return
    if len(report.articles):
        row = report.articles.iloc[0]
        assert (row["outlet"], row["title"]) == ("Daily", title)
        assert "\x00" not in row["text"]
    else:
        assert any(i.location in ("file", "header") for i in report.errors), report.issues
