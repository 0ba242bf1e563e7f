"""Read one file's bytes, or one ZIP archive's members, into the collector.

No file or member is left out without an issue: a skipped one gets an issue
with its reason (``info`` for documentation and system files, ``warning`` for
formats we do not read, ``error`` for content we meant to read and could not).

Archives are only ever read in memory, never unpacked to disk, so a member
whose path climbs out of the archive (``../x.csv``, ``/etc/x.csv``) can do no
harm: it is read under a safe name, with a warning, and its articles are kept.
Archives inside archives are opened up to ``MAX_ZIP_DEPTH`` levels; the file
count and unpacked-size limits hold for all levels together.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from framing.errors import LimitExceededError
from framing.ingest.decode import NotTextError, decode_bytes
from framing.ingest.formats import READERS, RawRecord
from framing.ingest.shards import parquet_records
from framing.ingest.sizes import human_size, over_limit
from framing.ingest.validate import ArticleCollector
from framing.schema import Issue, Severity

MAX_ZIP_DEPTH = 2  # the archive given, and archives directly inside it

_DRIVE = re.compile(r"^[A-Za-z]:$")


def is_documentation(name: str) -> bool:
    """Whether ``name`` is a README, licence or changelog rather than an article."""
    stem = PurePosixPath(name).name.lower()
    return stem.startswith(("readme", "license", "licence", "changelog"))


def skip(
    collector: ArticleCollector,
    name: str,
    reason: str,
    *,
    severity: Severity = "warning",
    hint: str = "",
    source: str = "",
    location: str = "file",
) -> None:
    """Record that ``name`` was not read, both as a skipped file and as an issue."""
    collector.report.files_skipped.append((name, reason))
    collector.add_issue(
        Issue(source or name, location, "", f"not read: {reason}.", hint, severity=severity)
    )


def unsupported(name: str) -> str:
    """The skip reason for a file whose suffix no reader handles."""
    suffix = PurePosixPath(name.lower()).suffix
    return f"'{suffix or PurePosixPath(name).name}' is not a supported format"


_UNSUPPORTED_HINT = (
    "Convert it to CSV, JSON Lines, JSON, Parquet, text, Markdown or HTML to read it."
)


@dataclass
class _Budget:
    """What is left of the archive limits, shared by an archive and those inside it."""

    files: int
    bytes: int


def ingest_bytes(
    name: str,
    data: bytes,
    collector: ArticleCollector,
    *,
    depth: int = 0,
    budget: _Budget | None = None,
) -> None:
    """Read one file (or archive) held in memory.

    Args:
        name: its name as shown in issues (``bundle.zip/a.csv`` inside an archive).
        data: its content.
        collector: receives articles and issues.
        depth: how many archives it is inside.
        budget: the archive limits left, when it is inside an archive.
    """
    limits = collector.limits
    if PurePosixPath(name.lower()).suffix == ".zip":
        _ingest_zip(name, data, collector, depth + 1, budget)
        return
    suffix = PurePosixPath(name.lower()).suffix
    reader = READERS.get(suffix)
    if reader is None and suffix != ".parquet":
        skip(collector, name, unsupported(name), hint=_UNSUPPORTED_HINT)
        return
    if len(data) > limits.max_file_bytes:
        collector.add_issue(
            Issue(
                name,
                "file",
                "",
                f"the file {over_limit(len(data), limits.max_file_bytes)}.",
                "Split it into smaller files, or raise limits.max_file_bytes in the settings.",
            )
        )
        return
    if reader is None:
        # Parquet is binary: read by row groups, not decoded as text.
        collector.report.files_read.append(name)
        for item in parquet_records(name, io.BytesIO(data)):
            if collector.full:
                return
            _take(item, collector)
        return
    try:
        decoded = decode_bytes(data)
    except NotTextError as exc:
        collector.add_issue(Issue(name, "file", "", str(exc)))
        return
    if decoded.note:
        collector.add_issue(Issue(name, "file", "", decoded.note, severity="warning"))
    pending = {n.line: n.message for n in decoded.notes}
    collector.report.files_read.append(name)
    for item in reader(name, decoded.text):
        if collector.full:
            return
        if isinstance(item, RawRecord):
            first, last = item.lines
            for line in [n for n in pending if first <= n <= last]:
                item.notes.append(
                    Issue(name, item.location, "", pending.pop(line), severity="warning")
                )
            collector.add(item)
        else:
            collector.add_issue(item)
    for line, message in pending.items():
        collector.add_issue(Issue(name, f"line {line}", "", message, severity="warning"))


def _take(item: RawRecord | Issue, collector: ArticleCollector) -> None:
    if isinstance(item, RawRecord):
        collector.add(item)
    else:
        collector.add_issue(item)


def safe_member_name(path: str) -> str:
    """``path`` with no absolute root, drive, ``.`` or ``..`` part (``\\`` read as ``/``)."""
    parts = [p for p in re.split(r"[/\\]+", path) if p not in ("", ".", "..")]
    if parts and _DRIVE.match(parts[0]):
        parts = parts[1:]
    return "/".join(parts)


def _is_hidden(parts: list[str]) -> bool:
    return any(p.startswith(".") and p not in (".", "..") or p == "__MACOSX" for p in parts)


def _open_archive(name: str, data: bytes, collector: ArticleCollector):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        collector.add_issue(
            Issue(
                name,
                "file",
                "",
                f"this is not a readable ZIP archive ({exc}).",
                "The download may be incomplete: create the archive again.",
            )
        )
        return None, []


def _ingest_zip(
    name: str, data: bytes, collector: ArticleCollector, depth: int, budget: _Budget | None
) -> None:
    limits = collector.limits
    archive, members = _open_archive(name, data, collector)
    if archive is None:
        return
    if budget is None:
        budget = _Budget(limits.max_zip_files, limits.max_zip_uncompressed_bytes)
    hidden = [m.filename for m in members if _is_hidden(re.split(r"[/\\]", m.filename))]
    skipped = set(hidden)
    members = [m for m in members if m.filename not in skipped]
    if hidden:
        collector.add_issue(
            Issue(
                name,
                f"member {hidden[0]}",
                "",
                f"{len(hidden)} hidden or system file(s) were not read (such as "
                f"'{hidden[0]}'): macOS and hidden files hold no articles.",
                severity="info",
            )
        )
    budget.files -= len(members)
    if budget.files < 0:
        total = limits.max_zip_files - budget.files
        raise LimitExceededError(
            f"{name}: the archive holds {total:,} files (archives inside it included), over "
            f"the limit of {limits.max_zip_files:,}. Split it, or raise limits.max_zip_files "
            "in the settings.",
            code="FRM-I103",
        )
    declared = sum(m.file_size for m in members)
    if declared > budget.bytes:
        limit = human_size(limits.max_zip_uncompressed_bytes)
        left = (
            f"the limit of {limit}"
            if budget.bytes == limits.max_zip_uncompressed_bytes
            else f"the {human_size(budget.bytes)} left of the limit of {limit} "
            "(archives inside archives count together)"
        )
        raise LimitExceededError(
            f"{name}: the archive would unpack to {human_size(declared)}, over {left}. "
            "Split it, or raise limits.max_zip_uncompressed_bytes in the settings.",
            code="FRM-I104",
        )
    names = _safe_names([m.filename for m in members])
    for member in sorted(members, key=lambda m: m.filename):
        _ingest_member(name, archive, member, names[member.filename], collector, depth, budget)
        if collector.full:
            return


def _safe_names(paths: list[str]) -> dict[str, str]:
    """A unique safe name per member; members whose path is already safe keep it."""
    names = {p: p for p in paths if safe_member_name(p) == p}
    used = set(names.values())
    for path in sorted(set(paths) - set(names)):
        safe = candidate = safe_member_name(path) or "unnamed"
        n = 1
        while candidate in used:
            n += 1
            stem = PurePosixPath(safe)
            candidate = str(stem.with_name(f"{stem.stem}~{n}{stem.suffix}"))
        used.add(candidate)
        names[path] = candidate
    return names


def _ingest_member(
    name: str,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    safe: str,
    collector: ArticleCollector,
    depth: int,
    budget: _Budget,
) -> None:
    limits = collector.limits
    inner = f"{name}/{safe}"
    where = f"member {member.filename}"
    if safe != member.filename:
        collector.add_issue(
            Issue(
                name,
                where,
                "",
                f"the member's path points outside the archive; it was read in memory only "
                f"(nothing is unpacked to disk) and is listed as '{safe}'.",
                "Create the archive from inside its folder so that paths stay inside it.",
                severity="warning",
            )
        )
    suffix = PurePosixPath(safe.lower()).suffix
    if is_documentation(safe):
        skip(collector, inner, "documentation file", severity="info", source=name, location=where)
        return
    if suffix not in READERS and suffix != ".zip":
        skip(
            collector, inner, unsupported(safe), hint=_UNSUPPORTED_HINT, source=name, location=where
        )
        return
    if suffix == ".zip" and depth >= MAX_ZIP_DEPTH:
        skip(
            collector,
            inner,
            f"an archive nested more than {MAX_ZIP_DEPTH} deep (a ZIP inside a ZIP inside "
            "a ZIP) is not opened",
            hint="Unpack it and add its files, or the archive inside it, directly.",
            source=name,
            location=where,
        )
        return
    if stat.S_ISLNK(member.external_attr >> 16):
        skip(
            collector,
            inner,
            "the member is a symbolic link, not a file",
            hint="Put the file itself into the archive.",
            source=name,
            location=where,
        )
        return
    if member.flag_bits & 0x1:
        skip(
            collector,
            inner,
            "the member is encrypted (password-protected)",
            severity="error",
            hint="Create the archive again without a password.",
            source=name,
            location=where,
        )
        return
    cap = budget.bytes if suffix == ".zip" else min(budget.bytes, limits.max_file_bytes)
    if suffix != ".zip" and member.file_size > limits.max_file_bytes:
        _too_large(collector, name, where, member.file_size, known=True)
        return
    try:
        with archive.open(member) as fh:
            # Read at most one byte past the cap: sizes in the directory can lie.
            content = fh.read(cap + 1)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        RuntimeError,
        ValueError,
        NotImplementedError,
    ) as exc:
        collector.add_issue(
            Issue(
                name,
                where,
                "",
                f"this member of the archive is damaged or compressed in a way that cannot "
                f"be read ({exc}).",
                "The other files of the archive were still read. Re-create the archive.",
            )
        )
        return
    budget.bytes -= len(content)
    if budget.bytes < 0:
        raise LimitExceededError(
            f"{inner}: unpacking the archive went past "
            f"{human_size(limits.max_zip_uncompressed_bytes)} here. Split the archive, or "
            "raise limits.max_zip_uncompressed_bytes in the settings.",
            code="FRM-I105",
        )
    if suffix != ".zip" and len(content) > limits.max_file_bytes:
        _too_large(collector, name, where, member.file_size, known=False)
        return
    ingest_bytes(inner, content, collector, depth=depth, budget=budget)


def _too_large(collector: ArticleCollector, name: str, where: str, size: int, *, known: bool):
    limit = collector.limits.max_file_bytes
    said = "" if known else f" (the archive said {human_size(size)})"
    collector.add_issue(
        Issue(
            name,
            where,
            "",
            f"unpacked, the file {over_limit(size, limit, known=known)}{said}; it was not read.",
            "Split it into smaller files, or raise limits.max_file_bytes in the settings.",
        )
    )
