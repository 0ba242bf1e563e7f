"""Checks on the hand-written loaded-language data in ``cues/data/loaded_pairs``.

The files are data, written by hand; these tests guard their format and the
minimum size and spread the classifier needs (issue 12, item 1).
"""

from __future__ import annotations

import csv
import difflib
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "framing" / "cues" / "data" / "loaded_pairs"
HARD_FILES = tuple(sorted(p.name for p in DATA.glob("neutral_hard*.tsv")))
SINGLE_FILES = (*HARD_FILES, "loaded_single.tsv")
LEANS = "lrn"


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    return rows[0], rows[1:]


def _pair_files() -> list[Path]:
    skip = set(SINGLE_FILES) | {"lean.tsv"}
    return sorted(p for p in DATA.glob("*.tsv") if p.name not in skip)


def _pairs() -> list[tuple[str, int, list[str]]]:
    out = []
    for path in _pair_files():
        _, rows = _rows(path)
        out.extend((path.name, i + 1, row) for i, row in enumerate(rows))
    return out


def test_loaded_pairs_files_have_header_three_fields_and_no_empty_field() -> None:
    for path in _pair_files():
        header, rows = _rows(path)
        assert header == ["topic", "neutral", "loaded"], path.name
        for i, row in enumerate(rows, start=2):
            assert len(row) == 3, f"{path.name} line {i}: {len(row)} fields"
            assert all(field.strip() == field and field for field in row), f"{path.name} line {i}"


def test_loaded_pairs_files_stay_under_400_lines() -> None:
    for path in DATA.glob("*"):
        if path.suffix in {".tsv", ".md"}:
            n = len(path.read_text(encoding="utf-8").splitlines())
            assert n <= 400, f"{path.name}: {n} lines"


def test_loaded_pairs_count_topics_and_differences() -> None:
    pairs = _pairs()
    assert len(pairs) >= 3000
    topics = Counter(row[0] for _, _, row in pairs)
    assert len(topics) >= 40
    assert all(row[1] != row[2] for _, _, row in pairs)


def _changed_words(neutral: str, loaded: str) -> int:
    matcher = difflib.SequenceMatcher(a=neutral.split(), b=loaded.split())
    return sum(
        max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )


def test_loaded_pairs_at_least_35_percent_differ_by_one_or_two_words() -> None:
    pairs = _pairs()
    subtle = sum(_changed_words(row[1], row[2]) <= 2 for _, _, row in pairs)
    assert subtle / len(pairs) >= 0.35


def test_loaded_pairs_lean_is_balanced_between_left_and_right() -> None:
    counts = Counter("".join(r[1] for r in _rows(DATA / "lean.tsv")[1]))
    assert counts["l"] > 0 and counts["r"] > 0
    assert 0.8 <= counts["l"] / counts["r"] <= 1.25


def test_loaded_pairs_have_no_duplicates() -> None:
    pairs = _pairs()
    loaded = Counter(row[2] for _, _, row in pairs)
    assert [s for s, n in loaded.items() if n > 1] == []
    # A neutral sentence may be reused with up to three rewrites (left-coded,
    # right-coded, non-partisan), so the directions share one neutral base.
    neutral = Counter(row[1] for _, _, row in pairs)
    assert [s for s, n in neutral.items() if n > 3] == []
    assert set(neutral) & set(loaded) == set()


def test_loaded_pairs_sentence_lengths_are_news_like() -> None:
    for name, row_no, row in _pairs():
        for text in row[1:]:
            n = len(text.split())
            assert 4 <= n <= 60, f"{name} row {row_no}: {n} words"


def test_loaded_pairs_lean_covers_every_pair_once() -> None:
    # lean.tsv holds one line per pair file: a string with one letter per data
    # row, in order (l = left-coded, r = right-coded, n = non-partisan).
    header, rows = _rows(DATA / "lean.tsv")
    assert header == ["file", "leans"]
    leans = dict((r[0], r[1]) for r in rows)
    assert len(leans) == len(rows)
    assert set(leans) == {p.name for p in _pair_files()}
    for path in _pair_files():
        assert len(leans[path.name]) == len(_rows(path)[1]), path.name
        assert set(leans[path.name]) <= set(LEANS), path.name


def _hard() -> list[list[str]]:
    return [row for name in HARD_FILES for row in _rows(DATA / name)[1]]


@pytest.mark.parametrize(
    ("name", "label"),
    [*((name, "0") for name in HARD_FILES), ("loaded_single.tsv", "1")],
)
def test_loaded_pairs_single_sentence_files(name: str, label: str) -> None:
    path = DATA / name
    if name == "loaded_single.tsv" and not path.exists():
        pytest.skip("no loaded single sentences written")
    header, rows = _rows(path)
    assert header == ["topic", "sentence", "label"]
    for i, row in enumerate(rows, start=2):
        assert len(row) == 3 and all(row), f"{name} line {i}"
        assert row[2] == label, f"{name} line {i}"


def test_loaded_pairs_has_600_hard_negatives() -> None:
    assert len(_hard()) >= 600


def test_loaded_pairs_no_sentence_is_both_neutral_and_loaded() -> None:
    pair_loaded = {row[2] for _, _, row in _pairs()}
    pair_neutral = {row[1] for _, _, row in _pairs()}
    hard = {r[1] for r in _hard()}
    assert hard & pair_loaded == set()
    assert len(hard) == len(_hard())
    single = DATA / "loaded_single.tsv"
    if single.exists():
        ones = {r[1] for r in _rows(single)[1]}
        assert ones & (pair_neutral | hard) == set()


def test_loaded_pairs_csv_reader_agrees_with_split() -> None:
    # Quotes inside sentences must not confuse a csv-based loader.
    for path in _pair_files():
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        assert all(len(r) == 3 for r in rows), path.name
