"""Issue messages: no control characters from the input, files named, sizes in MB."""

from __future__ import annotations

import pytest

from framing.config import IngestLimits
from framing.errors import FramingError, InputError, printable
from framing.ingest import read_uploads
from framing.ingest.sizes import human_size
from framing.schema import Issue

ESCAPES = "\x1b[31m\x07\x1b]0;owned\x07\x9b2J\x7f"


def test_control_characters_from_a_csv_header_never_reach_a_message():
    header = f"outlet{ESCAPES},summary\n"
    report = read_uploads([(f"evil{ESCAPES}.csv", (header + "Daily,x\n").encode())])

    (issue,) = report.errors
    for text in (str(issue), issue.message, issue.source, issue.hint):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
    assert "outlet[31m" in issue.message  # the printable rest stays, so it can be found


def test_issue_constructor_strips_controls_but_keeps_raw_input():
    issue = Issue(
        "a\x1b.csv", "row 1\x07", "te\x00xt", "bad\x1b[2J\nvalue", "fix\r\nit", raw="x\x1by"
    )

    assert (issue.source, issue.location, issue.field) == ("a.csv", "row 1", "text")
    assert issue.message == "bad[2J value"
    assert issue.hint == "fix  it"
    assert issue.raw == "x\x1by"


def test_framing_error_messages_are_printable_but_keep_line_breaks():
    err = InputError("one\x1b[31m\nline two\x07", code="FRM-I102")

    assert err.message == "one[31m\nline two"
    assert isinstance(err, FramingError) and "\x1b" not in str(err)
    assert printable("a\u202eb\tc") == "ab\tc"


def test_header_only_csv_names_the_file():
    report = read_uploads([("only-header.csv", b"outlet,title,text\n")])

    (issue,) = report.errors
    assert issue.source == "only-header.csv"
    assert "only-header.csv" in str(issue)
    assert "header row but no article" in issue.message


@pytest.mark.parametrize(
    "n, text",
    [
        (300_000_000, "300 MB"),
        (50_000_000, "50 MB"),
        (1_500_000, "1.5 MB"),
        (250_000, "0.25 MB"),
        (2_000_000_000, "2 GB"),
        (999, "999 bytes"),
    ],
)
def test_human_size(n, text):
    assert human_size(n) == text


def test_file_over_the_limit_reports_both_sizes_in_mb():
    data = b"outlet,title,text\n" + b"D,T," + b"w" * 3_000_000 + b"\n"
    report = read_uploads([("big.csv", data)], IngestLimits(max_file_bytes=1_000_000))

    (issue,) = report.errors
    assert "3 MB" in issue.message and "limit of 1 MB" in issue.message
