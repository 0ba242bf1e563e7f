"""Read article sets from files, folders, ZIP archives and uploads.

Use ``read_inputs`` for paths on disk and ``read_uploads`` for in-memory files
(the dashboard). Both return an ``IngestReport``: accepted articles, located
issues, duplicates and skipped files. Nothing is dropped without a report.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from framing.config import IngestLimits
from framing.errors import InputError, LimitExceededError
from framing.ingest.decode import NotTextError, decode_bytes
from framing.ingest.formats import READERS, RawRecord
from framing.ingest.validate import ArticleCollector, content_hash, parse_date
from framing.schema import IngestReport, Issue

__all__ = [
    "SUPPORTED_SUFFIXES",
    "content_hash",
    "parse_date",
    "read_inputs",
    "read_uploads",
]

SUPPORTED_SUFFIXES = tuple(sorted(READERS)) + (".zip",)


def _is_documentation(name: str) -> bool:
    stem = PurePosixPath(name).name.lower()
    return stem.startswith(("readme", "license", "licence", "changelog"))


def _ingest_bytes(name: str, data: bytes, collector: ArticleCollector, *, in_zip: bool) -> None:
    report = collector.report
    suffix = PurePosixPath(name.lower()).suffix
    limits = collector.limits
    if suffix == ".zip":
        if in_zip:
            report.files_skipped.append((name, "archives inside archives are not opened"))
            return
        _ingest_zip(name, data, collector)
        return
    reader = READERS.get(suffix)
    if reader is None:
        report.files_skipped.append((name, f"'{suffix or name}' is not a supported format"))
        return
    if len(data) > limits.max_file_bytes:
        collector.add_issue(
            Issue(
                name,
                "file",
                "",
                f"the file is {len(data):,} bytes, over the limit of {limits.max_file_bytes:,}.",
                "Split it into smaller files, or raise limits.max_file_bytes in the settings.",
            )
        )
        return
    try:
        decoded = decode_bytes(data)
    except NotTextError as exc:
        collector.add_issue(Issue(name, "file", "", str(exc)))
        return
    if decoded.note:
        where = f"line {decoded.line}" if decoded.line else "file"
        collector.add_issue(Issue(name, where, "", decoded.note, severity="warning"))
    report.files_read.append(name)
    for item in reader(name, decoded.text):
        if collector.full:
            return
        if isinstance(item, RawRecord):
            collector.add(item)
        else:
            collector.add_issue(item)


def _ingest_zip(name: str, data: bytes, collector: ArticleCollector) -> None:
    limits = collector.limits
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
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
        return
    members = [
        m
        for m in members
        if not any(p.startswith((".", "__MACOSX")) for p in m.filename.split("/"))
    ]
    if len(members) > limits.max_zip_files:
        raise LimitExceededError(
            f"{name}: the archive holds {len(members):,} files, over the limit of "
            f"{limits.max_zip_files:,}. Split it, or raise limits.max_zip_files in the settings.",
            code="FRM-I103",
        )
    declared = sum(m.file_size for m in members)
    if declared > limits.max_zip_uncompressed_bytes:
        raise LimitExceededError(
            f"{name}: the archive would unpack to {declared:,} bytes, over the limit of "
            f"{limits.max_zip_uncompressed_bytes:,}. Split it, or raise "
            "limits.max_zip_uncompressed_bytes in the settings.",
            code="FRM-I104",
        )
    budget = limits.max_zip_uncompressed_bytes
    for member in sorted(members, key=lambda m: m.filename):
        inner = f"{name}/{member.filename}"
        if _is_documentation(member.filename):
            collector.report.files_skipped.append((inner, "documentation file"))
            continue
        if PurePosixPath(member.filename.lower()).suffix not in READERS:
            _ingest_bytes(inner, b"", collector, in_zip=True)  # records the skip
            continue
        try:
            with archive.open(member) as fh:
                # Read at most one byte past the budget: sizes in the directory can lie.
                content = fh.read(min(budget, limits.max_file_bytes) + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
            collector.add_issue(
                Issue(
                    inner,
                    "file",
                    "",
                    f"this member of the archive is damaged and cannot be read ({exc}).",
                    "The other files of the archive were still read. Re-create the archive.",
                )
            )
            continue
        budget -= len(content)
        if budget < 0:
            raise LimitExceededError(
                f"{inner}: unpacking the archive exceeded "
                f"{limits.max_zip_uncompressed_bytes:,} bytes here. Split the archive, or raise "
                "limits.max_zip_uncompressed_bytes in the settings.",
                code="FRM-I105",
            )
        _ingest_bytes(inner, content, collector, in_zip=True)
        if collector.full:
            return


def _iter_folder(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        yield path


def read_inputs(paths: Iterable[str | Path], limits: IngestLimits | None = None) -> IngestReport:
    """Read files, folders and ZIP archives into one validated article set.

    Args:
        paths: files (any supported format), folders (read recursively) or ``.zip``.
        limits: ingest bounds; defaults to ``IngestLimits()``.

    Returns:
        The report; ``report.articles`` holds the accepted articles.

    Raises:
        InputError: a path does not exist.
        LimitExceededError: an archive exceeds its file-count or size bound.
    """
    collector = ArticleCollector(limits or IngestLimits())
    for raw_path in paths:
        path = Path(raw_path)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder. Check the path.", code="FRM-I101")
        if path.is_dir():
            for file in _iter_folder(path):
                name = file.relative_to(path.parent).as_posix()
                if _is_documentation(file.name):
                    collector.report.files_skipped.append((name, "documentation file"))
                    continue
                if file.suffix.lower() not in SUPPORTED_SUFFIXES:
                    collector.report.files_skipped.append(
                        (name, f"'{file.suffix or file.name}' is not a supported format")
                    )
                    continue
                _read_file(file, name, collector)
                if collector.full:
                    break
        else:
            _read_file(path, path.name, collector)
        if collector.full:
            break
    return collector.finish()


def _read_file(path: Path, name: str, collector: ArticleCollector) -> None:
    limit = collector.limits.max_file_bytes
    if path.suffix.lower() != ".zip" and path.stat().st_size > limit:
        collector.add_issue(
            Issue(
                name,
                "file",
                "",
                f"the file is {path.stat().st_size:,} bytes, over the limit of {limit:,}.",
                "Split it into smaller files, or raise limits.max_file_bytes in the settings.",
            )
        )
        return
    _ingest_bytes(name, path.read_bytes(), collector, in_zip=False)


def read_uploads(
    files: Iterable[tuple[str, bytes]], limits: IngestLimits | None = None
) -> IngestReport:
    """Read in-memory files, e.g. from a dashboard upload widget.

    Args:
        files: ``(file name, content)`` pairs; the suffix picks the reader.
        limits: ingest bounds.
    """
    collector = ArticleCollector(limits or IngestLimits())
    for name, data in files:
        _ingest_bytes(name, data, collector, in_zip=False)
        if collector.full:
            break
    return collector.finish()
