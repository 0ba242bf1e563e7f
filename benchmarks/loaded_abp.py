"""The labelled real-news loaded-language set: sentences of Article-Bias-Prediction articles.

The labels (benchmarks/data/loaded_abp.tsv, guideline docs/loaded-guideline.md,
how they were drawn: benchmarks/data/README_loaded_abp.md) give each sentence
by article id, field and character offsets; the texts come from the data set
named by ``FRAMING_ABP_DIR`` (see ``benchmarks/abp.py``). Evaluation only:
never train on it.

Columns of the label file: ``id, start, end, field, sha, label, voice, words,
note`` and, optionally, ``batch`` (1 when absent). ``field`` is ``content``
(the article text, ``content_original`` in the data set) or ``title``;
``sha`` is the first 8 hex digits of the SHA-1 of the sentence text;
``words`` lists the loaded words as ``s-e;s-e`` offsets into the field.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from unittest.mock import patch

import pandas as pd


def _load_abp():
    """benchmarks/abp.py, loaded by file: a benchmarks/ entry on sys.path would
    shadow the dashboard's own top-level modules (quotes.py) in tests."""
    name = "benchmarks_abp"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("abp.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_abp = _load_abp()
ENV_VAR = _abp.ENV_VAR
abp_dir = _abp.abp_dir
load_articles = _abp.load_articles


LABELS_PATH = Path(__file__).resolve().parent / "data" / "loaded_abp.tsv"
# a separate set (seed 21, none of LABELS_PATH's articles) for fitting a
# calibration map of the loaded score; never used to evaluate it
CALIB_PATH = LABELS_PATH.with_name("loaded_abp_calib.tsv")
LABEL_COLUMNS = ["id", "start", "end", "field", "sha", "label", "voice", "words", "note"]
# optional: drawing batch (1: seed 12; 2: seed 13; 3: seed 14; 2 and 3 after lexicon 1.1.0;
# 21: the calibration set, seed 21)
OPTIONAL_COLUMNS = ["batch"]
COLUMNS = [
    "id",
    "field",
    "start",
    "end",
    "text",
    "label",
    "voice",
    "words",
    "outlet",
    "bias",
    "topic",
    "batch",
]
FIELDS = ("content", "title")
VOICES = ("outlet", "quote", "mixed")


class LabelError(ValueError):
    """A row of the label file that does not fit its article (names the file and row)."""


def sha8(text: str) -> str:
    """First 8 hex digits of the SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def read_labels(path: Path = LABELS_PATH) -> pd.DataFrame:
    """The label file as a table, without the texts; checks columns and values.

    Raises:
        LabelError: a missing column, an unknown field or voice, a label other
            than 0/1, or a malformed ``words`` cell; the message names the row.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = [c for c in LABEL_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LabelError(f"{path.name}: missing column(s) {', '.join(missing)}.")
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        where = f"{path.name}, line {n} ({row['id']})"
        if row["field"] not in FIELDS:
            raise LabelError(f"{where}: field {row['field']!r} is not one of {FIELDS}.")
        if row["voice"] not in VOICES:
            raise LabelError(f"{where}: voice {row['voice']!r} is not one of {VOICES}.")
        if row["label"] not in ("0", "1"):
            raise LabelError(f"{where}: label {row['label']!r} must be 0 or 1.")
        try:
            row["start"], row["end"] = int(row["start"]), int(row["end"])
            row["words"] = _spans(row["words"])
        except ValueError as exc:
            raise LabelError(f"{where}: offsets must be whole numbers ({exc}).") from exc
        if not 0 <= row["start"] < row["end"]:
            raise LabelError(
                f"{where}: start {row['start']} and end {row['end']} do not make a span."
            )
        outside = [s for s in row["words"] if not row["start"] <= s[0] < s[1] <= row["end"]]
        if outside:
            raise LabelError(f"{where}: word span(s) {outside} are not inside the sentence.")
        row["label"] = int(row["label"])
        batch = row.get("batch") or "1"
        if not batch.isdigit():
            raise LabelError(f"{where}: batch {batch!r} must be a whole number.")
        row["batch"] = int(batch)
    return pd.DataFrame(rows, columns=LABEL_COLUMNS + OPTIONAL_COLUMNS)


def _spans(cell: str) -> list[tuple[int, int]]:
    out = []
    for part in filter(None, (p.strip() for p in (cell or "").split(";"))):
        start, _, end = part.partition("-")
        out.append((int(start), int(end)))
    return out


def load_loaded_abp(abp: Path | str | None = None, path: Path = LABELS_PATH) -> pd.DataFrame | None:
    """The labelled sentences with their texts; None when the data set is not available.

    Args:
        abp: root of the Article-Bias-Prediction clone; ``None`` reads
            ``FRAMING_ABP_DIR`` (and returns None when it is unset).
        path: the label file.

    Returns:
        Columns ``COLUMNS``: ``words`` is a list of ``(start, end)`` offsets
        relative to the sentence ``text``; ``outlet``, ``bias`` and ``topic``
        come from the article.

    Raises:
        LabelError: a row whose sentence text no longer matches its ``sha``
            (the offsets or the data set differ), or a malformed row.
    """
    env = {ENV_VAR: str(abp)} if abp is not None else {}
    # abp.load_articles reads the folder from the environment; a given root
    # replaces it for this call only.
    with patch.dict(os.environ, env):
        if abp_dir() is None:
            return None
        labels = read_labels(path)
        articles = load_articles(sorted(set(labels["id"]))).set_index("id")
    rows = []
    for n, row in enumerate(labels.itertuples(index=False), start=2):
        art = articles.loc[row.id]
        field_text = str(art["title"] if row.field == "title" else art["text"])
        text = field_text[row.start : row.end]
        if sha8(text) != row.sha:
            raise LabelError(
                f"{path.name}, line {n} ({row.id} {row.field} {row.start}-{row.end}): the text "
                f"there has sha {sha8(text)}, not {row.sha}; the offsets or the data set differ "
                "from the ones labelled. Check FRAMING_ABP_DIR names the same data set."
            )
        rows.append(
            {
                "id": row.id,
                "field": row.field,
                "start": row.start,
                "end": row.end,
                "text": text,
                "label": row.label,
                "voice": row.voice,
                "words": [(s - row.start, e - row.start) for s, e in row.words],
                "outlet": art["outlet"],
                "bias": art["bias"],
                "topic": art["topic"],
                "batch": row.batch,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def main() -> int:
    """Check every row against the data set and print the counts."""
    frame = load_loaded_abp()
    if frame is None:
        print("FRAMING_ABP_DIR not set or missing: nothing to check")
        return 0
    print(
        f"{len(frame)} sentences, {frame['id'].nunique()} articles, "
        f"{frame['outlet'].nunique()} outlets"
    )
    print(f"loaded share {frame['label'].mean():.3f}")
    for column in ("batch", "voice", "bias", "field", "topic"):
        print(f"\nby {column}:")
        print(frame.groupby(column)["label"].agg(n="size", loaded="sum").to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
