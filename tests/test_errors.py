"""Error codes: every deliberate error carries a catalogued code, and the docs list them all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from framing.cli import main
from framing.errors import CODES, ConfigError, FramingError, InputError, catalogue_markdown

ROOT = Path(__file__).resolve().parents[1]
ERRORS = {
    "FramingError",
    "InputError",
    "LimitExceededError",
    "ModelError",
    "ModelIntegrityError",
    "StoreError",
    "ConfigError",
}


def _raises() -> list[tuple[str, int, ast.Call]]:
    found = []
    for folder in ("src/framing", "dashboard"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    f = node.func
                    name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
                    if name in ERRORS:
                        found.append((str(path.relative_to(ROOT)), node.lineno, node))
    return found


def test_errors_every_raise_names_a_catalogued_code() -> None:
    calls = _raises()
    assert len(calls) > 50
    for where, line, call in calls:
        codes = [k.value for k in call.keywords if k.arg == "code"]
        assert codes, f"{where}:{line} raises without code="
        (code,) = codes
        assert isinstance(code, ast.Constant) and code.value in CODES, f"{where}:{line}"


def test_errors_docs_list_every_code() -> None:
    assert (ROOT / "docs" / "errors.md").read_text(encoding="utf-8") == catalogue_markdown()
    for code in CODES:
        assert f"`{code}`" in catalogue_markdown()


@pytest.mark.parametrize("code", sorted(CODES))
def test_errors_codes_are_well_formed(code: str) -> None:
    assert code[:4] == "FRM-" and code[4] in "ICLEMSDRT" and code[5:].isdigit()
    what, fix = CODES[code]
    assert what.strip() and fix.strip()


def test_errors_message_starts_with_its_code_and_keeps_its_details() -> None:
    err = InputError("rows.csv, row 3: no text. Add the text.", ["issue"], code="FRM-I102")
    assert str(err) == "[FRM-I102] rows.csv, row 3: no text. Add the text."
    assert err.code == "FRM-I102" and err.issues == ["issue"]
    assert err.message.startswith("rows.csv")
    assert isinstance(ConfigError("x", code="FRM-C204"), FramingError)
    with pytest.raises(ValueError, match="unknown error code"):
        FramingError("x", code="FRM-X999")


def test_errors_cli_shows_the_code(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "nothing-here"
    db, out = str(tmp_path / "s.sqlite3"), str(tmp_path / "out")
    status = main(["analyze", str(missing), "--db", db, "--out", out])
    assert status == 2
    assert f"[FRM-I101] {missing}: no such file or folder" in capsys.readouterr().err
