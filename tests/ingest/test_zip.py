"""ZIP archives: no member is dropped without an issue; nested archives to a bounded depth."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from framing.config import IngestLimits
from framing.errors import LimitExceededError
from framing.ingest import read_uploads
from framing.ingest.reading import MAX_ZIP_DEPTH

HEADER = "outlet,title,text\n"


def _zip(
    members: dict[str, str | bytes],
    *,
    encrypted: tuple[str, ...] = (),
    links: tuple[str, ...] = (),
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            zinfo = zipfile.ZipInfo(name)
            if name in links:
                zinfo.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(zinfo, content)
    data = bytearray(buf.getvalue())
    # zipfile cannot write encrypted members: set the "encrypted" flag bit by hand
    # in the member's central-directory entry, which is what readers go by.
    for name in encrypted:
        entry = data.rindex(b"PK\x01\x02", 0, data.rindex(name.encode()) + 1)
        data[entry + 8] |= 0x1
    return bytes(data)


def _row(title: str) -> str:
    return HEADER + f"Daily,{title},Text of {title}.\n"


def _issue_for(report, member: str):
    matches = [i for i in report.issues if i.location == f"member {member}"]
    assert len(matches) == 1, [str(i) for i in report.issues]
    return matches[0]


def test_zip_member_with_dotdot_or_absolute_path_is_kept_under_a_safe_name():
    data = _zip(
        {
            "a.csv": _row("Plain"),
            "../escape.csv": _row("Dotdot"),
            "../../deeper/x.csv": _row("Deeper"),
            "/abs/root.csv": _row("Absolute"),
            "..\\win\\back.csv": _row("Backslash"),
        }
    )
    report = read_uploads([("up.zip", data)])

    assert sorted(report.articles["title"]) == [
        "Absolute",
        "Backslash",
        "Deeper",
        "Dotdot",
        "Plain",
    ]
    sources = set(report.articles["source"])
    assert "up.zip/escape.csv:row 1 (line 2)" in sources
    assert "up.zip/deeper/x.csv:row 1 (line 2)" in sources
    assert "up.zip/abs/root.csv:row 1 (line 2)" in sources
    assert "up.zip/win/back.csv:row 1 (line 2)" in sources
    assert not any(".." in s for s in sources)
    issue = _issue_for(report, "../escape.csv")
    assert issue.source == "up.zip"
    assert issue.severity == "warning"
    assert "outside the archive" in issue.message and "'escape.csv'" in issue.message
    _issue_for(report, "/abs/root.csv")


def test_zip_safe_names_never_collide():
    report = read_uploads([("up.zip", _zip({"a.csv": _row("One"), "../a.csv": _row("Two")}))])

    assert sorted(report.articles["title"]) == ["One", "Two"]
    sources = report.articles.set_index("title")["source"].to_dict()
    assert sources["One"] == "up.zip/a.csv:row 1 (line 2)"  # the safe path keeps its name
    assert sources["Two"] == "up.zip/a~2.csv:row 1 (line 2)"


def test_zip_every_skipped_member_is_an_issue_with_its_reason():
    innermost = _zip({"deep.csv": _row("TooDeep")})
    data = _zip(
        {
            "a.csv": _row("Kept"),
            "README.txt": "about",
            "notes.toml": "a = 1\n",
            "secret.csv": _row("Secret"),
            "link.csv": "/etc/passwd",
            "one.zip": _zip({"b.csv": _row("Nested"), "sub/two.zip": innermost}),
        },
        encrypted=("secret.csv",),
        links=("link.csv",),
    )
    report = read_uploads([("up.zip", data)])

    assert sorted(report.articles["title"]) == ["Kept", "Nested"]
    assert "up.zip/one.zip/b.csv:row 1 (line 2)" in set(report.articles["source"])
    readme = _issue_for(report, "README.txt")
    assert readme.severity == "info" and "documentation" in readme.message
    toml = _issue_for(report, "notes.toml")
    assert toml.severity == "warning" and "'.toml' is not a supported format" in toml.message
    secret = _issue_for(report, "secret.csv")
    assert secret.severity == "error" and "encrypted" in secret.message
    link = _issue_for(report, "link.csv")
    assert link.severity == "warning" and "symbolic link" in link.message
    deep = _issue_for(report, "sub/two.zip")
    assert deep.source == "up.zip/one.zip"
    assert f"{MAX_ZIP_DEPTH}" in deep.message and "nested" in deep.message
    frame = report.issues_frame()
    assert {"member README.txt", "member sub/two.zip", "member secret.csv"} <= set(
        frame["location"]
    )


def test_zip_hidden_and_system_members_are_reported_once():
    data = _zip({"a.csv": _row("Kept"), "__MACOSX/._a.csv": "junk", ".DS_Store": "junk"})
    report = read_uploads([("mac.zip", data)])

    assert list(report.articles["title"]) == ["Kept"]
    (info,) = [i for i in report.issues if i.severity == "info"]
    assert info.source == "mac.zip"
    assert "2 hidden or system file(s)" in info.message


def test_zip_too_large_member_reports_its_real_size_in_mb():
    big = HEADER + "Daily,Big," + "word " * 60_000 + "\n"  # about 300 KB unpacked
    data = _zip({"big.csv": big, "small.csv": _row("Small")})
    report = read_uploads([("up.zip", data)], IngestLimits(max_file_bytes=100_000))

    assert list(report.articles["title"]) == ["Small"]
    issue = _issue_for(report, "big.csv")
    assert issue.severity == "error"
    assert "0.3 MB" in issue.message and "limit of 0.1 MB" in issue.message
    assert "bytes" not in issue.message


def test_zip_nested_archives_share_the_size_budget():
    inner = _zip({"b.csv": HEADER + "Daily,T," + "word " * 200 + "\n"})
    data = _zip({"a.csv": _row("Outer"), "in.zip": inner})
    # The outer directory declares less than the limit; the inner archive goes past it.
    limit = len(_row("Outer")) + len(inner) + 50
    with pytest.raises(LimitExceededError, match="max_zip_uncompressed_bytes") as info:
        read_uploads([("up.zip", data)], IngestLimits(max_zip_uncompressed_bytes=limit))
    assert "up.zip/in.zip" in str(info.value)


def test_zip_nested_archives_share_the_file_count_limit():
    inner = _zip({f"b{i}.csv": _row(f"B{i}") for i in range(3)})
    data = _zip({"a.csv": _row("Outer"), "in.zip": inner})
    with pytest.raises(LimitExceededError, match="max_zip_files"):
        read_uploads([("up.zip", data)], IngestLimits(max_zip_files=4))


def test_zip_member_declared_at_300_mb_is_reported_as_300_mb():
    data = bytearray(_zip({"huge.csv": _row("Huge"), "small.csv": _row("Small")}))
    # Make the directory declare 300 MB for huge.csv, as a real 300 MB member would.
    entry = data.index(b"PK\x01\x02")
    assert data[entry + 46 : entry + 54] == b"huge.csv"
    data[entry + 24 : entry + 28] = (300_000_000).to_bytes(4, "little")
    report = read_uploads([("up.zip", bytes(data))])

    assert list(report.articles["title"]) == ["Small"]
    issue = _issue_for(report, "huge.csv")
    assert "300 MB" in issue.message and "limit of 50 MB" in issue.message
