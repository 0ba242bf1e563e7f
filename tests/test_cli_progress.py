"""framing.cli_progress and ``framing analyze``'s progress lines."""

from __future__ import annotations

import io
from pathlib import Path

import framing.pipeline
from framing.cli import main
from framing.cli_progress import ProgressLines
from framing.embed import HashingEmbedder
from framing.progress import Reporter

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles"


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def _run(lines: ProgressLines) -> None:
    clock = Clock()
    reporter = Reporter(lines, clock=clock, interval=0)
    with reporter.stage("embed", "Embedding 3 articles", total=3, unit="texts") as stage:
        for done in (1, 2):
            clock.now += 1.0
            stage.advance(done)
    with reporter.stage("group", "Grouping articles into events", total=1):
        clock.now += 1.0


def test_not_a_terminal_gets_plain_lines_start_and_finish() -> None:
    out = io.StringIO()
    _run(ProgressLines(out, tty=False, interval=5.0))
    assert out.getvalue().splitlines() == [
        "  Embedding 3 articles: 0/3 texts · estimating…",
        "  Embedding 3 articles: 3/3 texts · done in 2.0 s",
        "  Grouping articles into events: 0/1 steps · estimating…",
        "  Grouping articles into events: 1/1 steps · done in 1.0 s",
    ]
    assert "\r" not in out.getvalue()


def test_a_terminal_gets_one_line_per_stage_redrawn_in_place() -> None:
    out = io.StringIO()
    _run(ProgressLines(out, tty=True))
    lines = out.getvalue().split("\n")
    assert lines[-1] == ""  # every finished stage leaves its line
    assert len(lines) == 3  # two stages, two lines
    assert lines[0].count("\r\x1b[K") == 4  # start, two advances, finish
    assert lines[0].endswith("Embedding 3 articles: 3/3 texts · done in 2.0 s")
    assert "about 1.0 s left" in lines[0]  # 2 of 3 in 2 s


def test_cli_analyze_reports_every_stage(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    out = tmp_path / "out"
    code = main(["analyze", str(SAMPLE), "--out", str(out), "--db", str(tmp_path / "s.db")])
    assert code == 0
    err = capsys.readouterr().err
    for label in (
        "Reading the articles",
        "Embedding 48 articles",
        "Grouping articles into events",
        "Preparing the cue scorers",
        "Scoring framing cues",
        "Scoring batch 1 of 1",
        "Combining the batches",
        "Storing the results",
        "Writing CSV files",
    ):
        assert f"{label}" in err and "done in" in err, label
    finished = [line for line in err.splitlines() if "done in" in line]
    assert any(line.strip().startswith("Writing CSV files: 1") for line in finished)
    assert "estimating…" in err
