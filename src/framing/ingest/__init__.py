"""Read article sets from files, folders, ZIP archives and uploads.

Use ``read_inputs`` for paths on disk and ``read_uploads`` for in-memory files
(the dashboard). Both return an ``IngestReport``: accepted articles, located
issues, duplicates and skipped files. Nothing is dropped without a report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from framing.config import IngestLimits
from framing.errors import InputError
from framing.ingest.formats import READERS
from framing.ingest.reading import (
    ingest_bytes,
    is_documentation,
    skip,
    unsupported,
)
from framing.ingest.sizes import over_limit
from framing.ingest.validate import ArticleCollector, content_hash, parse_date
from framing.schema import IngestReport, Issue

__all__ = [
    "SUPPORTED_SUFFIXES",
    "count_files",
    "content_hash",
    "parse_date",
    "read_inputs",
    "read_uploads",
]

SUPPORTED_SUFFIXES = tuple(sorted(READERS)) + (".parquet", ".zip")


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files ``read_inputs`` takes up from ``paths`` (a folder's files each count)."""
    return sum(sum(1 for _ in _iter_folder(Path(p))) if Path(p).is_dir() else 1 for p in paths)


def _iter_folder(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        yield path


def read_inputs(
    paths: Iterable[str | Path],
    limits: IngestLimits | None = None,
    *,
    on_file: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read files, folders and ZIP archives into one validated article set.

    Args:
        paths: files (any supported format), folders (read recursively) or ``.zip``.
        limits: ingest bounds; defaults to ``IngestLimits()``.
        on_file: called with each file's name as it is taken up (for progress).

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
                if on_file:
                    on_file(name)
                if is_documentation(file.name):
                    skip(collector, name, "documentation file", severity="info")
                    continue
                if file.suffix.lower() not in SUPPORTED_SUFFIXES:
                    skip(collector, name, unsupported(name))
                    continue
                _read_file(file, name, collector)
                if collector.full:
                    break
        else:
            if on_file:
                on_file(path.name)
            _read_file(path, path.name, collector)
        if collector.full:
            break
    return collector.finish()


def _read_file(path: Path, name: str, collector: ArticleCollector) -> None:
    limit = collector.limits.max_file_bytes
    size = path.stat().st_size
    if path.suffix.lower() != ".zip" and size > limit:
        collector.add_issue(
            Issue(
                name,
                "file",
                "",
                f"the file {over_limit(size, limit)}.",
                "Split it into smaller files, or raise limits.max_file_bytes in the settings.",
            )
        )
        return
    ingest_bytes(name, path.read_bytes(), collector)


def read_uploads(
    files: Iterable[tuple[str, bytes]],
    limits: IngestLimits | None = None,
    *,
    on_file: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read in-memory files, e.g. from a dashboard upload widget.

    Args:
        files: ``(file name, content)`` pairs; the suffix picks the reader.
        limits: ingest bounds.
        on_file: called with each file's name as it is taken up (for progress).
    """
    collector = ArticleCollector(limits or IngestLimits())
    for name, data in files:
        if on_file:
            on_file(name)
        ingest_bytes(name, data, collector)
        if collector.full:
            break
    return collector.finish()
