"""The lexicon in use, shared by every rerun and session: parsed once per file and edits."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402
import lexicons  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
EXTRA = """
[categories.harbour]
label = "Harbour words"
description = "Words about the harbour."

[[cue]]
phrase = "harbour talks"
category = "harbour"
weight = 0.5
rationale = "Names the talks."
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every read of the base lexicon (``resolve_lexicon``) by the dashboard."""
    calls: list[object] = []
    real = lexicons.resolve_lexicon

    def counted(settings):
        calls.append(settings.lexicon_path)
        return real(settings)

    monkeypatch.setattr(lexicons, "resolve_lexicon", counted)
    common.clear_caches()
    yield calls
    common.clear_caches()


def test_dashboard_lexicons_lexicon_page_reruns_parse_the_lexicon_once(
    sample_db: Path, parses: list[object]
) -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/lexicon.py").run()
    assert not at.exception
    at.run()
    second = AppTest.from_file(APP, default_timeout=120).run()  # another session
    second.switch_page("views/lexicon.py").run()
    assert not second.exception
    assert parses == [None]


def test_dashboard_lexicons_a_changed_lexicon_file_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[object]
) -> None:
    path = tmp_path / "extra.toml"
    path.write_text(EXTRA)
    monkeypatch.setenv("FRAMING_LEXICON", str(path))
    first = lexicons.base_lexicon()
    assert lexicons.base_lexicon() is first
    assert "harbour" in first.categories
    path.write_text(EXTRA.replace("Harbour words", "Port words, renamed"))
    assert lexicons.base_lexicon().categories["harbour"].label == "Port words, renamed"
    assert len(parses) == 2


def test_dashboard_lexicons_edits_are_merged_once_per_stored_text(parses: list[object]) -> None:
    base, edits, merged = lexicons.lexicon_in_use("")
    assert merged == base and not edits.cues
    assert lexicons.lexicon_in_use("")[2] is merged
    assert len(parses) == 1
