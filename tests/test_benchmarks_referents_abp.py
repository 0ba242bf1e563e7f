"""The hand-labelled referent set: the label file, and its checks on hand-made rows."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

# Loaded by file, not through sys.path: a benchmarks/ entry on the path would
# shadow the dashboard's own top-level modules in later tests.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_referents_abp",
    Path(__file__).resolve().parents[1] / "benchmarks" / "referents_abp.py",
)
referents_abp = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_referents_abp"] = referents_abp
_SPEC.loader.exec_module(referents_abp)

TEXT = "Kim met Trump. The North Korean leader smiled."


def _row(**values):
    row = {
        "event": "ev",
        "id": "a1",
        "outlet": "Outlet A",
        "field": "text",
        "start": 0,
        "end": 3,
        "concept": "kim",
        "kind": "person",
        "voice": "outlet",
        "sha": referents_abp.span_sha("Kim"),
    }
    row.update(values)
    return row


def _frame(rows):
    frame = pd.DataFrame(rows, columns=referents_abp.LABEL_COLUMNS)
    frame["start"] = frame["start"].astype("Int64")
    frame["end"] = frame["end"].astype("Int64")
    return frame


def _four_outlets(rows):
    """Rows plus one mention in each of three more outlets, so the event has four."""
    extra = [_row(id=f"b{i}", outlet=f"Outlet {i}", start=0, end=3) for i in range(3)]
    return rows + extra


def test_label_file_is_well_formed():
    labels = referents_abp.load_labels()
    assert list(labels.columns) == referents_abp.LABEL_COLUMNS
    assert len(labels) > 0
    assert referents_abp.label_problems(labels) == []


def test_every_event_has_at_least_four_outlets():
    labels = referents_abp.load_labels()
    outlets = labels.groupby("event")["outlet"].nunique()
    assert len(outlets) >= 5
    assert (outlets >= 4).all(), outlets.to_dict()


def test_every_kind_is_used():
    labels = referents_abp.load_labels()
    assert set(labels["kind"]) == set(referents_abp.KINDS)
    assert set(labels["voice"]) == set(referents_abp.VOICES)


def test_spans_match_the_texts_when_the_data_is_there():
    if referents_abp.abp_dir() is None:
        pytest.skip(f"{referents_abp.ENV_VAR} not set: the article texts are not available")
    labels = referents_abp.load_labels()
    texts = referents_abp.article_texts(labels)
    assert referents_abp.label_problems(labels, texts) == []


def test_problems_are_found_and_located():
    rows = _four_outlets(
        [
            _row(),
            _row(start=1, end=5, sha="0123456789"),  # overlaps the first
            _row(start=8, end=13, kind="robot", sha="abc"),
            _row(start=15, end=15, voice="shouted"),
        ]
    )
    problems = referents_abp.label_problems(_frame(rows))
    text = "\n".join(problems)
    assert "unknown kind 'robot'" in text
    assert "sha 'abc'" in text
    assert "unknown voice 'shouted'" in text
    assert "0 <= start < end" in text
    assert "a1 text: spans 0-3 and 1-5 overlap" in text
    assert "ev/kim: several kinds" in text
    assert problems[0].startswith("row 3 (a1 text 8-13)")


def test_too_few_outlets_is_a_problem():
    problems = referents_abp.label_problems(_frame([_row()]))
    assert problems == ["ev: 1 outlets, at least 4 needed"]


def test_texts_check_offsets_and_sha():
    rows = _four_outlets(
        [
            _row(),
            _row(start=8, end=13, concept="trump", sha=referents_abp.span_sha("Trump")),
            _row(start=18, end=37, sha=referents_abp.span_sha("North Korean leader")),
            _row(start=40, end=99, concept="smile", kind="action"),
        ]
    )
    texts = {r["id"]: {"title": "", "text": TEXT} for r in rows}
    problems = referents_abp.label_problems(_frame(rows), texts)
    # the smile span runs past the text; the third row's sha was taken of
    # "North Korean leader" but the span 18-37 reads " North Korean leade"
    assert len(problems) == 2
    assert "span beyond the text" in problems[1]
    assert "sha differs" in problems[0]
    # with the right offsets the same row is clean
    rows[2] = _row(start=19, end=38, sha=referents_abp.span_sha("North Korean leader"))
    assert len(referents_abp.label_problems(_frame(rows), texts)) == 1


def test_texts_and_articles_come_from_the_data_set(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "jsons"
    folder.mkdir(parents=True)
    for article_id, outlet in (("a1", "Outlet A"), ("b0", "Outlet 0")):
        record = {
            "ID": article_id,
            "source": outlet,
            "title": "Summit",
            "content_original": TEXT,
            "content": TEXT.lower(),
            "date": "2018-06-12",
            "bias_text": "center",
            "topic": "north_korea",
        }
        (folder / f"{article_id}.json").write_text(json.dumps(record), encoding="utf-8")
    monkeypatch.setenv(referents_abp.ENV_VAR, str(tmp_path))
    labels = _frame([_row(), _row(id="b0", outlet="Outlet 0")])
    texts = referents_abp.article_texts(labels)
    assert texts["a1"]["text"] == TEXT
    articles = referents_abp.event_articles(labels)
    assert articles[["id", "event"]].values.tolist() == [["b0", "ev"], ["a1", "ev"]]
    gold = referents_abp.gold_mentions(labels)
    assert gold["concept"].tolist() == ["ev/kim", "ev/kim"]


def test_articles_without_the_data_set_name_the_variable(monkeypatch):
    monkeypatch.delenv(referents_abp.ENV_VAR, raising=False)
    labels = _frame([_row()])
    assert referents_abp.article_texts(labels) is None
    with pytest.raises(FileNotFoundError, match=referents_abp.ENV_VAR):
        referents_abp.event_articles(labels)
