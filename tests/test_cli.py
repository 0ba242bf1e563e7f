"""framing.cli: the CSV files of ``framing analyze --out`` and the ``dashboard`` command."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import framing.pipeline
from framing.cli import main
from framing.embed import HashingEmbedder

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://127.0.0.1:9/x","click")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\u200e=1+1",
    '"=1+1',
    'DDE("cmd";"/C calc";"A0")',
    "%0A=1+1",
]
# Independent of framing.reports.csv: what a spreadsheet may read as a formula.
_SKIP = re.compile(
    r'^(?:[\s"\x00\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]|%0a)*', re.I
)


def _is_formula(cell: str) -> bool:
    try:
        float(cell)
        return False  # a number stays a number
    except ValueError:
        pass
    rest = cell[len(_SKIP.match(cell).group()) :]
    return cell[:1] in ("\t", "\r") or rest[:1] in tuple("=+-@") or rest[:4].lower() == "dde("


def _corpus(folder: Path) -> None:
    folder.mkdir()
    rows = [["id", "outlet", "title", "text", "published", "url"]]
    for i, payload in enumerate(PAYLOADS):
        rows.append(
            [
                f"p{i}",
                payload if i % 2 else f"Wire {i}",
                payload,
                f"{payload} The navy held drills near the island on Monday, officials said. "
                f"{payload} Observers called the drills a provocation.",
                "2024-03-04",
                f"{payload}http://127.0.0.1:9/auto",
            ]
        )
    rows.append(["bad", "=cmd|' /C calc'!A0", "=1+1", "", "2024-03-04", "=2"])  # no text: an issue
    with (folder / "payloads.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def test_cli_analyze_writes_no_formula_cell_in_any_csv(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    _corpus(tmp_path / "in")
    out = tmp_path / "out"
    code = main(
        ["analyze", str(tmp_path / "in"), "--out", str(out), "--db", str(tmp_path / "s.db")]
    )
    assert code == 0
    files = sorted(out.glob("*.csv"))
    names = {p.name for p in files}
    assert {"articles.csv", "events.csv", "cues.csv", "ingest_issues.csv"} <= names
    formulas, cells = [], 0
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                cells += len(row)
                formulas += [(path.name, c) for c in row if _is_formula(c)]
    assert cells > 100
    assert formulas == []
    # the payloads are kept, only made inert
    with (out / "ingest_issues.csv").open(encoding="utf-8-sig", newline="") as fh:
        issues = list(csv.DictReader(fh))
    assert any("=cmd|' /C calc'!A0" in row["raw"] for row in issues)
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cli_formula_oracle_sees_each_payload(payload: str) -> None:
    assert _is_formula(payload)  # the check above can fail
