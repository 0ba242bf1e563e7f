"""Do two engines give the same answers? Shared by the engine tests and benchmarks/ray_engine.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.config import Settings
from framing.pipeline import Analysis, ingest, load_analysis
from framing.store import Store

# The hashing embedder's grouping bar (as tests/conftest.py's HASHED_GROUPING).
HASHED_GROUPING = {"event_threshold": 0.15, "event_window_days": 7.0, "event_date_penalty": 0.07}


def ingested_store(db: Path, inputs: list[Path], corpus: str) -> Path:
    """A new store at ``db`` holding ``inputs`` ingested as ``corpus``."""
    with Store(db) as store:
        ingest(inputs, corpus, store, Settings(db_path=db))
    return db


def stored_analysis(db: Path, corpus: str) -> Analysis:
    """The analysis of ``corpus`` as the store at ``db`` holds it (every table)."""
    with Store(db) as store:
        found = load_analysis(corpus, store)
    if found is None:
        raise AssertionError(f"{db}: no stored analysis of {corpus!r}")
    return found


def differences(a: Analysis, b: Analysis) -> list[str]:
    """Every output table in which ``a`` and ``b`` differ, with what differs (empty: none)."""
    out = []
    tables_a = {"articles": a.articles, "events": a.events, **a.tables}
    tables_b = {"articles": b.articles, "events": b.events, **b.tables}
    if a.key != b.key:
        out.append(f"analysis keys differ: {a.key} and {b.key}")
    for name in sorted(set(tables_a) ^ set(tables_b)):
        out.append(f"{name}: only in {'the first' if name in tables_a else 'the second'}")
    for name in sorted(set(tables_a) & set(tables_b)):
        try:
            pd.testing.assert_frame_equal(
                tables_a[name].reset_index(drop=True), tables_b[name].reset_index(drop=True)
            )
        except AssertionError as exc:
            out.append(f"{name}: {str(exc).splitlines()[0]} ({len(tables_a[name])} rows)")
    return out


def assert_same_results(a: Analysis, b: Analysis) -> None:
    """Raise ``AssertionError`` naming every table in which ``a`` and ``b`` differ."""
    diff = differences(a, b)
    if diff:
        raise AssertionError("the analyses differ:\n" + "\n".join(diff))
