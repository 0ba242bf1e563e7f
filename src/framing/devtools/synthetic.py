"""Synthetic corpora of any size, grown from the bundled articles, with gold events.

``generate_corpus`` turns the 23 hand-written template events (``sample_articles/``
and ``tests/data/grouping/newsdesk.jsonl``) into as many articles as a speed or
scale benchmark needs, with a gold event label per article so that event
grouping can be scored (B-cubed) against other methods such as BERTopic.

Each generated event copies one template event and makes it a new one:

- every proper name (places, people, organisations, acronyms) gets a fictional
  replacement built from syllables, the same one in every article of the event;
- numbers change (consistently within the event), years, dates written in the
  text ("Nov. 2") and weekdays move with the event's random date;
- each article comes from the template article whose outlet has the generated
  outlet's style when there is one, drops some sentences, sometimes swaps two,
  and swaps a few common words for synonyms; the title is varied too.

Columns of the generated table (``SYNTHETIC_COLUMNS``):

- ``id``: unique, ``syn-0000001``... in publication order.
- ``outlet``: a generated outlet name; each has the style of one source outlet.
- ``title``, ``text``: the article; paragraphs are separated by a blank line.
- ``published``: ISO date ``YYYY-MM-DD`` (0 to 3 days after the event's date).
- ``url``: a fictional ``https://<outlet>.example/...`` address.
- ``event``: gold event label (int, numbered by first article).
- ``template``: key of the template event it was made from (e.g. ``barrage``).

Rows are in publication order; ties are shuffled so events interleave.
"""

from __future__ import annotations

import json
import math
import random
from datetime import date
from pathlib import Path

import pandas as pd

from framing.config import IngestLimits
from framing.devtools._fill import _name_pool
from framing.devtools._patterns import _CHUNK, SYNTHETIC_COLUMNS
from framing.devtools._render import _outlets, _plan, _render
from framing.devtools._templates import _source_articles, _templates
from framing.reports.csv import write_csv

__all__ = [
    "SYNTHETIC_COLUMNS",
    "default_days",
    "default_outlet_count",
    "generate_corpus",
    "source_articles",
    "write_jsonl_shards",
]


def source_articles() -> pd.DataFrame:
    """The hand-written articles the generator starts from.

    Returns:
        The sample corpus and the newsdesk set read with ``framing.ingest``, with
        ``ARTICLE_COLUMNS`` plus ``event`` (the gold event key of each article).

    Raises:
        InputError: the source files are missing (e.g. an installed package
            without the repository's ``sample_articles`` and ``tests/data``).
    """
    return _source_articles().copy()


def default_outlet_count(n_articles: int) -> int:
    """Outlets in a generated corpus: 12 up to a few hundred articles, about 55 at 100k."""
    return int(min(60, max(12, round(12 + 12 * math.log10(max(n_articles, 30) / 30)))))


def default_days(n_articles: int) -> int:
    """Days the events are spread over: about one new event a day, at least 30 days.

    With 23 template events, this puts another event of the same template within
    three days of about a quarter of the events: it happens, but it is not the
    rule. Denser corpora (e.g. ``n_articles / 25`` days, 25 articles a day) make
    that the case for about 70% of the events.
    """
    return max(30, round(n_articles / 6))


def generate_corpus(
    n_articles: int,
    *,
    random_state: int = 0,
    start: str = "2015-01-01",
    days: int | None = None,
) -> pd.DataFrame:
    """Generate ``n_articles`` realistic news articles grouped into gold events.

    Args:
        n_articles: rows to return (0 or more).
        random_state: seed; the same seed gives the same table.
        start: first possible event date (ISO ``YYYY-MM-DD``).
        days: event dates are drawn from ``start`` to ``start + days - 1``;
            ``None`` uses ``default_days(n_articles)`` (about one event a day).

    Returns:
        A DataFrame with ``SYNTHETIC_COLUMNS`` (see the module docstring).

    Raises:
        ValueError: ``n_articles`` is negative, ``days`` is below 1 or ``start``
            is not an ISO date.
        InputError: the bundled source articles are missing.
    """
    if n_articles < 0:
        raise ValueError(f"n_articles must be 0 or more, got {n_articles}.")
    days = default_days(n_articles) if days is None else days
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}.")
    try:
        first_day = date.fromisoformat(start)
    except ValueError as exc:
        raise ValueError(f"start must be an ISO date like 2015-01-01, got {start!r}.") from exc

    rng = random.Random(random_state)
    templates = _templates()
    pool = _name_pool(rng, max(4000, 12 * (n_articles // 5)))
    styles = sorted({a.style for t in templates for a in t.articles})
    outlets = _outlets(rng, default_outlet_count(n_articles), styles, pool)
    events, plan = _plan(rng, templates, outlets, n_articles, days)
    # Render in publication order, so that the long text column is built in chunks
    # (bounded memory) and an event's values live only while it is being reported.
    plan.sort()
    return _render(rng, templates, pool, outlets, events, plan, first_day)


def write_jsonl_shards(
    df: pd.DataFrame,
    folder: str | Path,
    *,
    per_file: int = 10_000,
    max_file_bytes: int | None = None,
) -> list[Path]:
    """Write a generated corpus as JSON Lines shards plus a gold table.

    Layout: ``folder/articles/part-00001.jsonl``... and ``folder/gold.csv``
    (``id``, ``event``, ``template``). The shards sit in their own sub-folder
    because ``framing.ingest`` would read ``gold.csv`` as an article table and
    report it as an error; read the corpus with
    ``read_inputs([folder / "articles"])`` (or the returned paths). Each row
    also keeps ``event`` and ``template``: ingest ignores unknown fields, and
    other tools (a BERTopic comparison) can take the labels from the rows.

    Args:
        df: a table from ``generate_corpus``.
        folder: created if missing; earlier shards in it are removed.
        per_file: most articles per shard.
        max_file_bytes: most bytes per shard; defaults to the ingest limit
            ``IngestLimits().max_file_bytes`` so every shard can be read back.

    Returns:
        The shard paths, in order.
    """
    if per_file < 1:
        raise ValueError(f"per_file must be at least 1, got {per_file}.")
    limit = max_file_bytes or IngestLimits().max_file_bytes
    folder = Path(folder)
    shard_dir = folder / "articles"
    shard_dir.mkdir(parents=True, exist_ok=True)
    for old in shard_dir.glob("part-*.jsonl"):
        old.unlink()
    columns = [c for c in SYNTHETIC_COLUMNS if c in df.columns]
    paths: list[Path] = []
    lines: list[bytes] = []
    size = 0

    def flush() -> None:
        nonlocal lines, size
        path = shard_dir / f"part-{len(paths) + 1:05d}.jsonl"
        path.write_bytes(b"".join(lines))
        paths.append(path)
        lines, size = [], 0

    for first in range(0, len(df), _CHUNK):
        # A slice at a time: Python copies of a whole text column would double the memory.
        values = [df[c].iloc[first : first + _CHUNK].tolist() for c in columns]
        for row in zip(*values, strict=True):
            line = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n"
            data = line.encode("utf-8")
            if len(data) > limit:
                raise ValueError(f"article {row[0]} alone is {len(data):,} bytes, over {limit:,}.")
            if lines and (len(lines) >= per_file or size + len(data) > limit):
                flush()
            lines.append(data)
            size += len(data)
    if lines:
        flush()
    gold_cols = [c for c in ("id", "event", "template") if c in df.columns]
    write_csv(df[gold_cols], folder / "gold.csv")
    return paths
