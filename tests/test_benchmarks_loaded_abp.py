"""The real-news loaded-language set's loader, on a tiny fake Article-Bias-Prediction folder."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

# Loaded by file, not through sys.path: a benchmarks/ entry on the path would
# shadow the dashboard's own top-level modules in later tests.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_loaded_abp",
    Path(__file__).resolve().parents[1] / "benchmarks" / "loaded_abp.py",
)
loaded_abp = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_loaded_abp"] = loaded_abp
_SPEC.loader.exec_module(loaded_abp)

TEXT = "The council met on Monday. The mayor slammed the plan as a disaster."
TITLE = "Council rejects plan"


def _fake_abp(root: Path) -> Path:
    folder = root / "data" / "jsons"
    folder.mkdir(parents=True)
    article = {
        "ID": "art1",
        "source": "Example Daily",
        "bias_text": "left",
        "topic": "elections",
        "title": TITLE,
        "content": "tokenised text that the labels do not index",
        "content_original": TEXT,
        "date": "2020-01-02",
        "url": "",
    }
    (folder / "art1.json").write_text(json.dumps(article), encoding="utf-8")
    return root


def _labels(path: Path, rows: list[list[object]]) -> Path:
    header = "\t".join(loaded_abp.LABEL_COLUMNS)
    lines = [header] + ["\t".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(text: str, field: str, start: int, label: int, words: str, voice: str = "outlet"):
    sentence = (TITLE if field == "title" else TEXT)[start : start + len(text)]
    assert sentence == text
    return ["art1", start, start + len(text), field, loaded_abp.sha8(text), label, voice, words, ""]


def test_loads_texts_and_words_relative_to_the_sentence(tmp_path: Path) -> None:
    second = "The mayor slammed the plan as a disaster."
    start = TEXT.index(second)
    slam = TEXT.index("slammed")
    labels = _labels(
        tmp_path / "labels.tsv",
        [
            _row("The council met on Monday.", "content", 0, 0, ""),
            _row(second, "content", start, 1, f"{slam}-{slam + 7}"),
            _row(TITLE, "title", 0, 0, ""),
        ],
    )
    frame = loaded_abp.load_loaded_abp(_fake_abp(tmp_path / "abp"), labels)
    assert list(frame.columns) == loaded_abp.COLUMNS
    assert frame["text"].tolist() == ["The council met on Monday.", second, TITLE]
    row = frame.iloc[1]
    (s, e) = row["words"][0]
    assert row["text"][s:e] == "slammed"
    assert frame["outlet"].unique().tolist() == ["Example Daily"]
    assert frame["bias"].unique().tolist() == ["left"]
    assert frame["label"].tolist() == [0, 1, 0]
    assert frame["batch"].tolist() == [1, 1, 1]  # no batch column: batch 1


def test_a_sha_mismatch_names_the_row(tmp_path: Path) -> None:
    row = _row("The council met on Monday.", "content", 0, 0, "")
    row[4] = "00000000"
    labels = _labels(tmp_path / "labels.tsv", [row])
    with pytest.raises(loaded_abp.LabelError, match=r"line 2 \(art1 content 0-26\).*sha"):
        loaded_abp.load_loaded_abp(_fake_abp(tmp_path / "abp"), labels)


def test_a_word_outside_its_sentence_is_refused(tmp_path: Path) -> None:
    labels = _labels(
        tmp_path / "labels.tsv", [_row("The council met on Monday.", "content", 0, 1, "30-40")]
    )
    with pytest.raises(loaded_abp.LabelError, match="not inside the sentence"):
        loaded_abp.read_labels(labels)


def test_an_unknown_voice_is_refused(tmp_path: Path) -> None:
    labels = _labels(
        tmp_path / "labels.tsv",
        [_row("The council met on Monday.", "content", 0, 0, "", voice="reported")],
    )
    with pytest.raises(loaded_abp.LabelError, match="voice 'reported'"):
        loaded_abp.read_labels(labels)


def test_without_the_data_set_it_returns_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRAMING_ABP_DIR", raising=False)
    assert loaded_abp.load_loaded_abp() is None


def test_the_bundled_labels_are_well_formed() -> None:
    labels = loaded_abp.read_labels()
    assert len(labels) >= 400
    # a loaded sentence names its words, a neutral one names none
    assert ((labels["label"] == 1) == labels["words"].map(bool)).all()
    assert not labels.duplicated(["id", "field", "start"]).any()


def test_a_batch_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    header = "\t".join(loaded_abp.LABEL_COLUMNS + ["batch"])
    row = _row("The council met on Monday.", "content", 0, 0, "") + ["two"]
    path = tmp_path / "labels.tsv"
    path.write_text(header + "\n" + "\t".join(str(v) for v in row) + "\n", encoding="utf-8")
    with pytest.raises(loaded_abp.LabelError, match="batch 'two'"):
        loaded_abp.read_labels(path)


def test_the_calibration_labels_are_well_formed_and_apart_from_the_evaluation_set() -> None:
    calib = loaded_abp.read_labels(loaded_abp.CALIB_PATH)
    assert len(calib) >= 400
    assert ((calib["label"] == 1) == calib["words"].map(bool)).all()
    assert not calib.duplicated(["id", "field", "start"]).any()
    assert calib["batch"].unique().tolist() == [21]
    # calibrating on articles of the evaluation set would leak into its scores
    assert not set(calib["id"]) & set(loaded_abp.read_labels()["id"])


@pytest.mark.skipif(
    loaded_abp.abp_dir() is None, reason="needs FRAMING_ABP_DIR (Article-Bias-Prediction)"
)
def test_the_calibration_labels_match_the_data_set() -> None:
    frame = loaded_abp.load_loaded_abp(path=loaded_abp.CALIB_PATH)
    assert len(frame) == len(loaded_abp.read_labels(loaded_abp.CALIB_PATH))
    evaluation = loaded_abp.load_loaded_abp()
    assert not set(frame["id"]) & set(evaluation["id"])
    pairs = zip(frame["text"], frame["words"], strict=True)
    spans = [text[s:e] for text, words in pairs for s, e in words]
    assert spans and all(span.strip() == span and span for span in spans)


@pytest.mark.skipif(
    loaded_abp.abp_dir() is None, reason="needs FRAMING_ABP_DIR (Article-Bias-Prediction)"
)
def test_the_bundled_labels_match_the_data_set() -> None:
    frame = loaded_abp.load_loaded_abp()
    assert len(frame) == len(loaded_abp.read_labels())
    # every marked word lies inside its sentence and is not blank
    pairs = zip(frame["text"], frame["words"], strict=True)
    spans = [text[s:e] for text, words in pairs for s, e in words]
    assert spans and all(span.strip() == span and span for span in spans)
