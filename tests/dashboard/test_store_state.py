"""The dashboard on a damaged store and on out-of-date results (issue 18, items 1 and 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from tests.conftest import APP, prepare_store
from tests.store.damage import damage
from tests.store.runs import write_set

import framing.events.layout


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sound")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(framing.events.layout, "TSNE_MAX", 0)
        return prepare_store(folder / "s.sqlite3", [write_set(folder / "set.csv", 3)], "mixed")


@pytest.mark.parametrize("how", ["mid", "header"])
def test_store_state_damaged_store_shows_what_to_do(sound, tmp_path, monkeypatch, how):
    bad = damage(sound, tmp_path / "bad.sqlite3", how)
    monkeypatch.setenv("FRAMING_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "framing store recover" in at.error[0].value


def test_store_state_results_of_other_articles_are_not_shown(sound, tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite3"
    shutil.copyfile(sound, db)
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("UPDATE results SET content = 'another set'")  # as a racing run left it
    conn.commit()
    conn.close()
    monkeypatch.setenv("FRAMING_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "The results are out of date for this set: run `framing analyze` again."
    ]
    assert not at.dataframe and at.button[0].label == "Analyse it now"
