"""Parquet and JSON Lines shards, read batch by batch for corpora of any size.

A corpus too large for one file comes as *shards*: a folder (read
recursively), a glob pattern (``exports/2024-*.parquet``) or a list of
``.parquet``, ``.jsonl`` and ``.ndjson`` files. ``iter_shards`` reads them in
name order and yields one ``IngestReport`` per batch of rows, so memory holds
one batch of texts, never the corpus. Each row goes through the same field
mapping (``framing.ingest.fields``) and validation (``ArticleCollector``) as
any ingest: a bad row gets a located issue (``part-00003.parquet``, ``row
17``, the field) and the rows beside it are kept. Duplicates and id clashes
are caught across batches too, from a small index (an id and a 64-bit key
of the content hash per article, no text: about 200 bytes an article).

The ingest row limit (``limits.max_rows``) is for single uploads; shards are
for corpora beyond it, so it does not apply here. The text limit does.

``.parquet`` files given to ``framing.ingest.read_inputs`` (so to
``framing analyze`` and the dashboard) are read by ``parquet_records`` too.
"""

from __future__ import annotations

import dataclasses
import glob
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from framing.config import IngestLimits
from framing.errors import InputError
from framing.ingest.fields import map_columns
from framing.ingest.formats import _loads_without_nul, _missing_columns_issue, _record_from_object
from framing.ingest.records import Item, RawRecord
from framing.ingest.validate import ArticleCollector
from framing.schema import REQUIRED_FIELDS, IngestReport, Issue

__all__ = ["SHARD_SUFFIXES", "iter_shards", "jsonl_records", "parquet_records", "shard_paths"]

SHARD_SUFFIXES = (".parquet", ".jsonl", ".ndjson")


def shard_paths(source: str | Path | Iterable[str | Path]) -> list[Path]:
    """The shard files of ``source``: a folder, a glob pattern, a file, or several of them.

    Hidden files and other formats in a folder are passed over.

    Raises:
        InputError: a path that does not exist (FRM-I101), or no shard at all (FRM-I151).
    """
    sources = [source] if isinstance(source, str | Path) else list(source)
    found: list[Path] = []
    for item in sources:
        text = str(item)
        path = Path(text).expanduser()
        if path.is_dir():
            found += [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SHARD_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(text):
            found += [Path(p) for p in sorted(glob.glob(str(path), recursive=True))]
        else:
            raise InputError(f"{path}: no such file or folder. Check the path.", code="FRM-I101")
    shards = [p for p in found if p.is_file() and p.suffix.lower() in SHARD_SUFFIXES]
    if not shards:
        raise InputError(
            f"{', '.join(map(str, sources))}: no .parquet, .jsonl or .ndjson shard found. "
            "Give a folder or a pattern that holds the shard files.",
            code="FRM-I151",
        )
    return shards


def parquet_records(
    name: str, source: str | Path | IO[bytes], *, batch_rows: int = 2048
) -> Iterator[Item]:
    """Read a Parquet file a row group batch at a time: one record or issue per row.

    Only the columns that map onto article fields are read. Dates may be
    strings, dates or timestamps.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(source)
        names = table.schema_arrow.names
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield Issue(
            name,
            "file",
            "",
            f"this is not a readable Parquet file ({exc}).",
            "The file may be incomplete: write it again.",
        )
        return
    mapping, _ = map_columns(names)
    missing = [f for f in REQUIRED_FIELDS if f not in mapping]
    if missing:
        yield _missing_columns_issue(name, missing, names)
        return
    row = 0
    try:
        for batch in table.iter_batches(batch_size=batch_rows, columns=list(mapping.values())):
            for obj in batch.to_pylist():
                row += 1
                raw = json.dumps(obj, ensure_ascii=False, default=str)
                yield _record_from_object(name, f"row {row}", obj, raw)
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield Issue(
            name,
            f"row {row + 1}",
            "",
            f"the file could not be read from here on ({exc}); the rows before were kept.",
            "The file may be damaged: write it again.",
        )


def jsonl_records(name: str, path: str | Path) -> Iterator[Item]:
    """Read a JSON Lines file line by line (UTF-8): one record or issue per line."""
    with open(path, "rb") as fh:
        for line_no, data in enumerate(fh, start=1):
            where = f"line {line_no}"
            try:
                line = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Issue(
                    name,
                    where,
                    "",
                    f"not UTF-8 text (byte {exc.start + 1} of the line).",
                    "Save the shard as UTF-8, as JSON Lines requires.",
                    raw=data.decode("utf-8", errors="replace"),
                )
                continue
            line = line.removeprefix("\ufeff") if line_no == 1 else line
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
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


class _Seen(dict):
    """What the collector keeps of each accepted article, slimmed to its id and shard.

    The collector stores whole rows (texts included) under each content hash
    and id; across the batches of a large corpus only ``id`` and ``source``
    are ever read back, so only those are kept (the hash as a 64-bit key).
    """

    def __init__(self, by_hash: bool) -> None:
        super().__init__()
        self.by_hash = by_hash

    def _key(self, key: str) -> Any:
        return int(key[:16], 16) if self.by_hash else key

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._key(str(key)))

    def __setitem__(self, key: str, row: dict) -> None:
        super().__setitem__(self._key(key), (row["id"], row["source"].rsplit(":", 1)[0]))

    def __getitem__(self, key: str) -> dict:
        art_id, shard = super().__getitem__(self._key(key))
        return {"id": art_id, "source": shard}


class _ShardCollector(ArticleCollector):
    """``ArticleCollector`` that hands its rows over a batch at a time."""

    def __init__(self, limits: IngestLimits, *, dedupe: bool) -> None:
        super().__init__(dataclasses.replace(limits, max_rows=sys.maxsize))
        self.dedupe = dedupe
        self._by_hash = _Seen(by_hash=True)
        self._by_id = _Seen(by_hash=False)

    @property
    def pending(self) -> int:
        return len(self._rows)

    def take(self) -> IngestReport:
        """This batch's report; the next batch starts empty (the index stays if ``dedupe``)."""
        report = self.finish()
        self.report, self._rows = IngestReport(), []
        if not self.dedupe:
            self._by_hash.clear()
            self._by_id.clear()
        return report


def iter_shards(
    source: str | Path | Iterable[str | Path],
    *,
    batch_rows: int = 10_000,
    limits: IngestLimits | None = None,
    dedupe: bool = True,
) -> Iterator[IngestReport]:
    """Read shards as batches of validated articles.

    Args:
        source: as ``shard_paths`` takes it.
        batch_rows: accepted articles per batch (the last one may hold fewer).
        limits: ingest bounds (``max_rows`` aside, see the module docstring).
        dedupe: catch duplicates and id clashes across batches (with the index
            the module docstring describes); ``False`` catches them within a
            batch only.

    Yields:
        One ``IngestReport`` per batch: ``articles`` (``ARTICLE_COLUMNS``), the
        issues and duplicates found while reading it, and ``files_read``, the
        shards opened for it. A batch is yielded whenever ``batch_rows``
        articles are ready, and once at the end (possibly empty, to carry
        the last issues).
    """
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be at least 1, got {batch_rows}.")
    collector = _ShardCollector(limits or IngestLimits(), dedupe=dedupe)
    paths = shard_paths(source)
    names = _display_names(paths)
    for path, name in zip(paths, names, strict=True):
        collector.report.files_read.append(name)
        if path.suffix.lower() == ".parquet":
            items = parquet_records(name, path, batch_rows=min(batch_rows, 2048))
        else:
            items = jsonl_records(name, path)
        for item in items:
            if isinstance(item, RawRecord):
                collector.add(item)
            else:
                collector.add_issue(item)
            if collector.pending >= batch_rows:
                yield collector.take()
    yield collector.take()


def _display_names(paths: list[Path]) -> list[str]:
    """Each shard's name from the shards' common folder on (``2024/part-1.parquet``)."""
    resolved = [p.resolve() for p in paths]
    parents = [r.parent.parts for r in resolved]
    n = 0
    while all(len(p) > n for p in parents) and len({p[n] for p in parents}) == 1:
        n += 1
    common = Path(*parents[0][:n])
    return [r.relative_to(common).as_posix() for r in resolved]
