"""framing.cli: the CSV files of ``framing analyze --out`` and the ``dashboard`` command."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import framing.cli
import framing.pipeline
from framing import access
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


def _dashboard(monkeypatch, *argv: str, env: dict[str, str] | None = None):
    """Run ``framing dashboard ARGV`` with the server start replaced by a recorder."""
    started: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(
        framing.cli.subprocess, "call", lambda cmd, env: started.append((cmd, env)) or 0
    )
    monkeypatch.delenv(access.TOKEN_ENV, raising=False)
    monkeypatch.delenv(access.READ_ONLY_ENV, raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    code = main(["dashboard", *argv])
    return code, started


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_cli_dashboard_listens_on_loopback_by_default(monkeypatch, capsys) -> None:
    code, started = _dashboard(monkeypatch)
    assert code == 0
    ((command, env),) = started
    assert _option(command, "--server.address") == "127.0.0.1"
    # no full collection after every page run (it walked every session's objects)
    assert _option(command, "--runner.postScriptGC") == "false"
    assert access.TOKEN_ENV not in env and access.READ_ONLY_ENV not in env
    assert "http://127.0.0.1:8501" in capsys.readouterr().out


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "::", "dashboard.example"])
def test_cli_dashboard_refuses_the_network_without_a_token(
    monkeypatch, capsys, address: str
) -> None:
    code, started = _dashboard(monkeypatch, "--address", address)
    assert code == 1 and started == []
    err = capsys.readouterr().err
    assert "FRM-D731" in err and "--token" in err and "Traceback" not in err


def test_cli_dashboard_on_the_network_passes_the_token_in_the_environment(monkeypatch) -> None:
    secret = "correct-horse-battery-staple"
    code, started = _dashboard(monkeypatch, "--address", "0.0.0.0", "--token", secret)
    assert code == 0
    ((command, env),) = started
    assert _option(command, "--server.address") == "0.0.0.0"
    assert env[access.TOKEN_ENV] == secret
    assert secret not in " ".join(command)  # `ps` would show it
    # the environment variable alone is enough
    code, started = _dashboard(monkeypatch, "--address", "10.0.0.5", env={access.TOKEN_ENV: secret})
    assert code == 0 and started[0][1][access.TOKEN_ENV] == secret


def test_cli_dashboard_refuses_a_short_token(monkeypatch, capsys) -> None:
    code, started = _dashboard(monkeypatch, "--address", "0.0.0.0", "--token", "1234")
    assert code == 1 and started == []
    assert "FRM-D732" in capsys.readouterr().err


def test_cli_dashboard_read_only_reaches_the_app(monkeypatch, capsys) -> None:
    code, started = _dashboard(monkeypatch, "--read-only", "--address", "localhost")
    assert code == 0
    ((command, env),) = started
    assert env[access.READ_ONLY_ENV] == "1"
    assert _option(command, "--server.address") == "localhost"
    assert "read-only" in capsys.readouterr().out
