"""The hand-labelled referent set: concept mentions in Article-Bias-Prediction articles.

Run: FRAMING_ABP_DIR=/path/to/Article-Bias-Prediction .venv/bin/python benchmarks/referents_abp.py

The labels (benchmarks/data/referents_abp.tsv; guideline and how the set was
made: benchmarks/data/README_referents.md) mark every mention of a few key
concepts of each event (people, groups, places, things, actions) in four
outlets' articles about it. They are kept by article id, field and character
offsets; the texts come from the data set named by ``FRAMING_ABP_DIR`` (see
``benchmarks/abp.py``, whose loader this reuses).

Columns of the label file (tab-separated, ``#`` lines are comments): ``event,
id, outlet, field, start, end, concept, kind, voice, sha``. ``field`` is
``title`` or ``text`` (the article text, ``content_original`` in the data
set, which is what ``abp.load_articles`` puts in ``text``); ``start``/``end``
are character offsets into that field; ``concept`` is unique within its
event; ``kind`` is person, group, place, thing or action; ``voice`` is
``outlet`` (the outlet's own words) or ``quoted`` (inside a quotation, an
embedded tweet or a quoted block); ``sha`` is the first 10 hex digits of the
SHA-1 of the span text, to detect drift.

Running this file checks every label (see :func:`label_problems`) and prints
the counts per event, outlet, kind and voice.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd


def _load_abp():
    """benchmarks/abp.py, loaded by file: a benchmarks/ entry on sys.path would
    shadow the dashboard's own top-level modules in tests."""
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

LABELS_PATH = Path(__file__).resolve().parent / "data" / "referents_abp.tsv"
LABEL_COLUMNS = [
    "event",
    "id",
    "outlet",
    "field",
    "start",
    "end",
    "concept",
    "kind",
    "voice",
    "sha",
]
FIELDS = ("title", "text")
KINDS = ("person", "group", "place", "thing", "action")
VOICES = ("outlet", "quoted")
MIN_OUTLETS = 4
SHA_LEN = 10


def span_sha(text: str) -> str:
    """First 10 hex digits of the SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:SHA_LEN]


def load_labels(path: Path = LABELS_PATH) -> pd.DataFrame:
    """Read the label file: one row per mention, ``LABEL_COLUMNS``, offsets as int."""
    frame = pd.read_csv(path, sep="\t", comment="#", dtype=str, keep_default_na=False)
    missing = [c for c in LABEL_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}")
    frame = frame[LABEL_COLUMNS].copy()
    for column in ("start", "end"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def label_problems(
    labels: pd.DataFrame, texts: dict[str, dict[str, str]] | None = None
) -> list[str]:
    """Every problem with the labels, as located messages (empty when all is well).

    Always checked: known field, kind and voice; integer offsets with
    0 <= start < end; a 10-hex-digit sha; no two mentions of one article and
    field overlap; each article in one event with one outlet; each concept of
    an event has one kind; each event has articles from at least
    ``MIN_OUTLETS`` outlets. With ``texts`` (id -> {"title", "text"}): every
    article is there, end is within the field, and the sha matches the span.
    """
    problems = []
    for n, row in enumerate(labels.itertuples(index=False), start=1):
        where = f"row {n} ({row.id} {row.field} {row.start}-{row.end})"
        if row.field not in FIELDS:
            problems.append(f"{where}: unknown field {row.field!r} (use title or text)")
        if row.kind not in KINDS:
            problems.append(f"{where}: unknown kind {row.kind!r} (use one of {', '.join(KINDS)})")
        if row.voice not in VOICES:
            problems.append(f"{where}: unknown voice {row.voice!r} (use outlet or quoted)")
        if pd.isna(row.start) or pd.isna(row.end) or not 0 <= row.start < row.end:
            problems.append(f"{where}: offsets must be integers with 0 <= start < end")
            continue
        sha = str(row.sha)
        if len(sha) != SHA_LEN or any(c not in "0123456789abcdef" for c in sha):
            problems.append(f"{where}: sha {sha!r} is not {SHA_LEN} lower-case hex digits")
        if texts is None:
            continue
        if row.id not in texts:
            problems.append(f"{where}: article not found in the data set")
            continue
        field_text = texts[row.id].get(row.field, "")
        if row.end > len(field_text):
            problems.append(f"{where}: span beyond the {row.field} ({len(field_text)} chars)")
        elif span_sha(field_text[row.start : row.end]) != sha:
            problems.append(f"{where}: the span text changed (sha differs); relabel it")
    problems += _overlaps(labels.dropna(subset=["start", "end"]))
    problems += _consistency(labels)
    return problems


def _overlaps(labels: pd.DataFrame) -> list[str]:
    problems = []
    for (article, field), group in labels.groupby(["id", "field"]):
        spans = sorted(zip(group["start"].astype(int), group["end"].astype(int), strict=True))
        for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
            if s2 < e1:
                problems.append(f"{article} {field}: spans {s1}-{e1} and {s2}-{e2} overlap")
    return problems


def _consistency(labels: pd.DataFrame) -> list[str]:
    problems = []
    for article, group in labels.groupby("id"):
        if group["event"].nunique() > 1 or group["outlet"].nunique() > 1:
            problems.append(f"{article}: labelled under several events or outlets")
    for (event, concept), group in labels.groupby(["event", "concept"]):
        if group["kind"].nunique() > 1:
            kinds = ", ".join(sorted(group["kind"].unique()))
            problems.append(f"{event}/{concept}: several kinds ({kinds})")
    for event, group in labels.groupby("event"):
        if group["outlet"].nunique() < MIN_OUTLETS:
            problems.append(
                f"{event}: {group['outlet'].nunique()} outlets, at least {MIN_OUTLETS} needed"
            )
    return problems


def event_articles(labels: pd.DataFrame) -> pd.DataFrame:
    """The labelled articles (``abp.load_articles`` columns plus ``event``), by event."""
    events = labels.drop_duplicates("id")[["id", "event"]]
    articles = load_articles(events["id"].tolist())
    articles["event"] = events["event"].to_numpy()
    return articles.sort_values(["event", "outlet", "id"], kind="stable").reset_index(drop=True)


def gold_mentions(labels: pd.DataFrame) -> pd.DataFrame:
    """The labels as gold mentions: ``concept`` made unique across events ("event/concept")."""
    gold = labels.copy()
    gold["concept"] = gold["event"] + "/" + gold["concept"]
    gold["start"] = gold["start"].astype(int)
    gold["end"] = gold["end"].astype(int)
    return gold.reset_index(drop=True)


def article_texts(labels: pd.DataFrame) -> dict[str, dict[str, str]] | None:
    """id -> {"title", "text"} of the labelled articles, or None without the data set."""
    if abp_dir() is None:
        return None
    articles = load_articles(sorted(set(labels["id"])))
    return {r.id: {"title": r.title, "text": r.text} for r in articles.itertuples()}


def main() -> int:
    """Check the labels and print their counts."""
    labels = load_labels()
    texts = article_texts(labels)
    if texts is None:
        print(f"{ENV_VAR} not set or missing: checking the labels without the article texts")
    problems = label_problems(labels, texts)
    for problem in problems:
        print(problem)
    print(f"check: {len(problems)} problem(s)")
    per_event: dict[str, set] = defaultdict(set)
    for row in labels.itertuples(index=False):
        per_event[row.event].add(row.outlet)
    print(
        f"{len(labels)} mentions of {labels.groupby(['event', 'concept']).ngroups} concepts "
        f"in {labels['id'].nunique()} articles, {len(per_event)} events"
    )
    summary = labels.groupby("event").agg(
        articles=("id", "nunique"), concepts=("concept", "nunique"), mentions=("id", "size")
    )
    summary["outlets"] = [", ".join(sorted(per_event[e])) for e in summary.index]
    print(summary.to_string())
    print("\nmentions per kind and voice:")
    print(pd.crosstab(labels["kind"], labels["voice"]).to_string())
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
