"""Hand-labelled quotations and attributions in Article-Bias-Prediction articles.

Run: FRAMING_ABP_DIR=/path/to/Article-Bias-Prediction .venv/bin/python benchmarks/abp.py

The labels (benchmarks/data/quotes_abp.jsonl) give character offsets into the
title or the ``content_original`` text of articles from the public development
set ramybaly/Article-Bias-Prediction; the article texts themselves are not in
this repository. ``FRAMING_ABP_DIR`` names the root of a clone of that
repository (the folder holding ``data/jsons``). Benchmarks that need the texts
call :func:`abp_dir` first and skip when it returns None.

Running this file checks every label (see :func:`check_labels`) and prints the
number of labels per kind and per outlet. How the set was made is described in
benchmarks/data/README_quotes.md.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

import pandas as pd

ENV_VAR = "FRAMING_ABP_DIR"
DATA_DIR = Path(__file__).resolve().parent / "data"
LABELS_PATH = DATA_DIR / "quotes_abp.jsonl"
ARTICLES_PATH = DATA_DIR / "quotes_abp_articles.json"

ARTICLE_COLUMNS = ["id", "outlet", "title", "text", "published", "bias", "topic", "url"]
# fmt: off
LABEL_COLUMNS = [
    "id", "field", "kind", "quote_start", "quote_end", "speaker", "speaker_start", "speaker_end",
    "speaker_norm", "speaker_type", "affiliation", "verb", "verb_start", "verb_end", "marked",
]
# fmt: on
KINDS = ("direct", "partial", "reported", "according_to", "scare")
FIELDS = ("title", "text")
SPEAKER_TYPES = ("official", "expert", "ordinary", "media", "anonymous", "organisation", "unknown")
# kinds whose span is normally delimited by quotation marks
MARKED_KINDS = ("direct", "partial", "scare")
QUOTE_MARKS = frozenset("\"'\u201c\u201d\u2018\u2019\u201e\u201f\u00ab\u00bb")
SPAN_COLUMNS = [
    "quote_start",
    "quote_end",
    "speaker_start",
    "speaker_end",
    "verb_start",
    "verb_end",
]


def abp_dir() -> Path | None:
    """Return the Article-Bias-Prediction root named by FRAMING_ABP_DIR.

    None when the variable is unset or the folder has no ``data/jsons``.
    """
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    root = Path(value).expanduser()
    return root if (root / "data" / "jsons").is_dir() else None


def _jsons_dir() -> Path:
    root = abp_dir()
    if root is None:
        raise FileNotFoundError(
            f"Article-Bias-Prediction data not found: set {ENV_VAR} to the root of a clone "
            "of ramybaly/Article-Bias-Prediction (the folder that holds data/jsons)."
        )
    return root / "data" / "jsons"


def load_articles(ids: Iterable[str]) -> pd.DataFrame:
    """Load the given article IDs from the data set, in the order given.

    Columns: id, outlet, title, text (``content_original``, the text the label
    offsets index), published (datetime, NaT when the set has no date), bias
    (left/center/right), topic and url. Raises FileNotFoundError naming
    FRAMING_ABP_DIR when the data folder is missing.
    """
    folder = _jsons_dir()
    rows = []
    for article_id in ids:
        with (folder / f"{article_id}.json").open(encoding="utf-8") as fh:
            raw = json.load(fh)
        rows.append(
            {
                "id": raw["ID"],
                "outlet": raw["source"],
                "title": raw["title"],
                "text": raw["content_original"],
                "published": raw.get("date") or None,
                "bias": raw["bias_text"],
                "topic": raw.get("topic", ""),
                "url": raw.get("url", ""),
            }
        )
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    return frame


def sample_ids(n: int, *, exclude: Iterable[str] = (), seed: int = 0) -> list[str]:
    """A seeded sample of ``n`` article IDs of the whole set, none of ``exclude``."""
    import random

    skip = set(exclude)
    ids = sorted(p.stem for p in _jsons_dir().glob("*.json") if p.stem not in skip)
    return random.Random(seed).sample(ids, min(n, len(ids)))


def load_quote_labels(path: Path = LABELS_PATH) -> pd.DataFrame:
    """Read the labels, one row per quotation or attribution.

    Span columns are nullable integers; ``marked`` is False only for the few
    quotations that the text gives without quotation marks (embedded tweets,
    block quotes).
    """
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    frame = pd.DataFrame(records).reindex(columns=LABEL_COLUMNS)
    frame["marked"] = frame["marked"].map(lambda v: v is not False)
    for column in SPAN_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    return frame


def labelled_articles(path: Path = ARTICLES_PATH) -> pd.DataFrame:
    """The completely labelled articles (id, source, bias_text, topic, n_labels)."""
    with path.open(encoding="utf-8") as fh:
        return pd.DataFrame(json.load(fh))


def _span(row: pd.Series, start: str, end: str) -> tuple[int, int] | None:
    if pd.isna(row[start]) or pd.isna(row[end]):
        return None
    return int(row[start]), int(row[end])


def _row_problems(row: pd.Series, text: str | None) -> list[str]:
    """Problems with one label; text checks only when the field text is given."""
    problems = []
    if row["kind"] not in KINDS:
        problems.append(f"unknown kind {row['kind']!r}")
    if row["field"] not in FIELDS:
        problems.append(f"unknown field {row['field']!r}")
    if row["speaker_type"] not in SPEAKER_TYPES:
        problems.append(f"unknown speaker_type {row['speaker_type']!r}")
    if row["kind"] == "scare" and (row["speaker"] or row["verb"]):
        problems.append("scare label with a speaker or verb")
    quote = _span(row, "quote_start", "quote_end")
    if quote is None or not 0 <= quote[0] < quote[1]:
        problems.append(f"bad quote span {quote}")
    for name in ("speaker", "verb"):
        span = _span(row, f"{name}_start", f"{name}_end")
        if bool(row[name]) != (span is not None):
            problems.append(f"{name} {row[name]!r} and its span {span} disagree")
        elif span is not None and not 0 <= span[0] < span[1]:
            problems.append(f"bad {name} span {span}")
        elif span is not None and text is not None and text[span[0] : span[1]] != row[name]:
            problems.append(f"{name} span reads {text[span[0] : span[1]]!r}, not {row[name]!r}")
    if text is None or quote is None:
        return problems
    start, end = quote
    if end > len(text):
        problems.append(f"quote span {quote} beyond the {row['field']} ({len(text)} chars)")
    elif row["kind"] in MARKED_KINDS and row["marked"]:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if before not in QUOTE_MARKS and after not in QUOTE_MARKS:
            problems.append(f"no quotation mark around {text[start:end][:40]!r}")
    return problems


def _overlaps(labels: pd.DataFrame) -> list[str]:
    """Pairs of labels of one article and field whose quote spans overlap."""
    problems = []
    for (article_id, field), group in labels.groupby(["id", "field"]):
        spans = sorted(
            (int(s), int(e)) for s, e in zip(group["quote_start"], group["quote_end"], strict=True)
        )
        for (s1, e1), (s2, e2) in pairwise(spans):
            if s2 < e1:
                problems.append(f"{article_id} {field}: spans {s1}-{e1} and {s2}-{e2} overlap")
    return problems


def check_labels(labels: pd.DataFrame | None = None) -> int:
    """Check every label, print each problem and return how many there are.

    Always checked: known kinds, fields and speaker types; 0 <= start < end;
    speaker and verb present exactly when their spans are; scare labels carry
    no speaker or verb; no two labels of one article and field overlap in
    quote span; every article is in the article list. With the data
    (FRAMING_ABP_DIR) also: end <= len(field); a quotation mark just before
    or just after the span of marked direct/partial/scare labels; the
    speaker and verb spans read exactly the stored speaker and verb.
    """
    labels = load_quote_labels() if labels is None else labels
    listed = set(labelled_articles()["id"])
    problems = [f"{i}: not in {ARTICLES_PATH.name}" for i in sorted(set(labels["id"]) - listed)]
    problems += _overlaps(labels.dropna(subset=["quote_start", "quote_end"]))
    texts: dict[str, dict[str, str]] = {}
    if abp_dir() is not None:
        articles = load_articles(sorted(set(labels["id"])))
        texts = {r.id: {"title": r.title, "text": r.text} for r in articles.itertuples()}
    else:
        print(f"{ENV_VAR} not set or missing: checking offsets without the article texts")
    for index, row in labels.iterrows():
        text = texts.get(row["id"], {}).get(row["field"])
        problems += [f"label {index} ({row['id']}): {p}" for p in _row_problems(row, text)]
    for problem in problems:
        print(problem)
    return len(problems)


def main() -> int:
    """Check the labels and print counts per kind, per outlet and per bias."""
    labels = load_quote_labels()
    articles = labelled_articles()
    n_problems = check_labels(labels)
    print(f"check: {n_problems} problem(s)")
    outlet = labels["id"].map(articles.set_index("id")["source"])
    bias = labels["id"].map(articles.set_index("id")["bias_text"])
    print(
        f"{len(labels)} labels in {articles['id'].nunique()} articles "
        f"from {articles['source'].nunique()} outlets "
        f"({int((articles['n_labels'] == 0).sum())} articles with no label)"
    )
    print("\nlabels per kind:")
    print(labels["kind"].value_counts().reindex(KINDS, fill_value=0).to_string())
    print("\nlabels per field:")
    print(labels["field"].value_counts().to_string())
    print("\narticles and labels per bias:")
    per_bias = pd.DataFrame(
        {"articles": articles["bias_text"].value_counts(), "labels": bias.value_counts()}
    )
    print(per_bias.fillna(0).astype(int).to_string())
    print("\narticles and labels per outlet:")
    per_outlet = pd.DataFrame(
        {"articles": articles["source"].value_counts(), "labels": outlet.value_counts()}
    )
    print(per_outlet.fillna(0).astype(int).sort_values("labels", ascending=False).to_string())
    return 1 if n_problems else 0


if __name__ == "__main__":
    sys.exit(main())
