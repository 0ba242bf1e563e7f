"""``framing store check|recover`` and every command on a damaged store (issue 18, item 4)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import prepare_store
from tests.store.damage import damage
from tests.store.runs import env, write_set

import framing.events.layout
from framing.cli import main


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real analysed store (hashing embedder; PCA map, as t-SNE takes seconds), closed."""
    folder = tmp_path_factory.mktemp("sound")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(framing.events.layout, "TSNE_MAX", 0)
        return prepare_store(folder / "s.sqlite3", [write_set(folder / "set.csv", 3)], "mixed")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("how", "code"), [("mid", "FRM-S606"), ("header", "FRM-S601")])
def test_cli_store_commands_on_a_damaged_store_say_what_to_do(sound, tmp_path, capsys, how, code):
    bad = damage(sound, tmp_path / "bad.sqlite3", how)
    before = _digest(bad)
    csv = write_set(tmp_path / "more.csv", 1)
    for argv in (
        ["analyze", str(csv), "--out", str(tmp_path / "out"), "--db", str(bad)],
        ["corpora", "--db", str(bad)],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert code in err and f"framing store check --db {bad}" in err
        assert "framing store recover" in err and "Traceback" not in err

    assert main(["store", "check", "--db", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad} is damaged" in err and "framing store recover" in err

    new = tmp_path / "new.sqlite3"
    assert main(["store", "recover", "--db", str(bad), "--out", str(new)]) == 0
    out = capsys.readouterr().out
    assert f"into {new}" in out and f"framing corpora --db {new}" in out
    assert _digest(bad) == before  # the damaged file is kept as it was
    assert main(["store", "check", "--db", str(new)]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    assert main(["corpora", "--db", str(new)]) == 0
    assert "mixed" in capsys.readouterr().out


@pytest.mark.parametrize("how", ["mid", "header"])
def test_cli_store_analyze_on_a_damaged_store_prints_no_traceback(sound, tmp_path, how):
    bad = damage(sound, tmp_path / "bad.sqlite3", how)
    csv = write_set(tmp_path / "more.csv", 1)
    done = subprocess.run(
        [sys.executable, "-m", "framing.cli", "analyze", str(csv), "--out", str(tmp_path / "o")]
        + ["--db", str(bad)],
        env=env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "framing store recover" in done.stderr and "Traceback" not in done.stderr


def test_cli_store_check_passes_a_sound_store_and_recover_keeps_an_existing_file(
    sound, tmp_path, capsys
):
    assert main(["store", "check", "--db", str(sound)]) == 0
    assert capsys.readouterr().out == f"ok: {sound} passed SQLite's integrity check.\n"
    taken = tmp_path / "taken.sqlite3"
    taken.write_bytes(b"mine")
    assert main(["store", "recover", "--db", str(sound), "--out", str(taken)]) == 1
    assert "FRM-S607" in capsys.readouterr().err and taken.read_bytes() == b"mine"
    assert main(["store", "check", "--db", str(tmp_path / "none.sqlite3")]) == 1
    assert "no such store file" in capsys.readouterr().err


def test_cli_store_salvage_without_the_sqlite3_command(sound, tmp_path, capsys, monkeypatch):
    import framing.cli_store

    monkeypatch.setattr(framing.cli_store.shutil, "which", lambda _name: None)
    bad = damage(sound, tmp_path / "bad.sqlite3", "header")
    new = tmp_path / "new.sqlite3"
    assert main(["store", "recover", "--db", str(bad), "--out", str(new)]) == 0
    assert "row by row, header rebuilt" in capsys.readouterr().out
    from framing.store import SCHEMA_VERSION, Store

    with Store(new) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.count_articles("mixed") == 12


@pytest.mark.parametrize("command", [["store"], ["store", "check"], ["store", "recover"]])
def test_cli_store_help(command: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: framing store" in capsys.readouterr().out


def test_cli_store_recover_of_an_unreadable_file_says_so(tmp_path, capsys):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(bytes(range(256)) * 64)
    new = tmp_path / "new.sqlite3"
    assert main(["store", "recover", "--db", str(junk), "--out", str(new)]) == 1
    err = capsys.readouterr().err
    assert "FRM-S606" in err and "nothing could be recovered" in err and "Traceback" not in err
    assert not new.exists()
