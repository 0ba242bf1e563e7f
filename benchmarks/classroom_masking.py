"""How much the Classroom's masking leaves of what gives an outlet away, on real articles.

Run (FRAMING_ABP_DIR names a clone of Article-Bias-Prediction):
    FRAMING_ABP_DIR=/path/to/it .venv/bin/python benchmarks/classroom_masking.py

Takes the first five articles (by id) of one topic from each of four outlets
of the Article-Bias-Prediction set, stores them in a temporary store the way
an upload does, builds one lesson of all of them and counts, with detectors
written here apart from ``framing.reports.mask``, the outlet mentions,
datelines, web addresses, handles and wire credits in the texts before and
after masking. Prints the counts, then where each leftover is (article id and
offset, with a few words around it, for a look; nothing is written). Skips
cleanly when FRAMING_ABP_DIR is not set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from abp import abp_dir, load_articles  # noqa: E402

from framing.ingest import read_inputs  # noqa: E402
from framing.reports.classroom import build_lesson  # noqa: E402
from framing.store import Store  # noqa: E402

OUTLETS = ["CNN (Web News)", "Fox News", "New York Times - News", "Reuters"]
# How each outlet is named in running text (what a reader would spot).
MENTIONS = {
    "CNN (Web News)": r"\bCNN\b",
    "Fox News": r"\bFox\b",
    "New York Times - News": r"New York Times|\bNYT\b|NYTimes|\bThe Times\b",
    "Reuters": r"\bReuters\b",
}
KINDS = {
    "outlet mention": "|".join(f"(?:{p})" for p in MENTIONS.values()),
    "dateline": r"(?m)^[ \t]*(?:[A-Z][A-Z.'’-]{2,}(?:[ \t]+[A-Z][A-Z.'’-]+)*(?:,[^\n,]{2,25}){0,2}"
    r"[ \t]*(?:\([^)\n]{1,30}\))?[ \t]*(?:--|—|–|-)"
    r"|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)*[ \t]*\((?:CNN|Reuters|AP)\))",
    "outlet's site": r"(?i)\b(?:cnn|foxnews|fox|nytimes|reuters)\.com\b",
    # other sites ("Amazon.com") are no giveaway; counted to see what masking leaves
    "other address": r"(?i)\b(?!(?:cnn|foxnews|fox|nytimes|reuters)\.com)[\w-]+\.(?:com|org|net)\b"
    r"|\bwww\.|https?://",
    "handle": r"(?<![\w.])@[A-Za-z_]\w+",
    "wire credit": r"\b(?:Reuters|Associated Press|AFP|Agence France-Presse)\b|\bAP\b"
    r"|contributed (?:reporting|to this report)",
}


def pick(topic: str, per_outlet: int) -> pd.DataFrame:
    """The first ``per_outlet`` articles by id of ``topic`` from each of ``OUTLETS``."""
    folder = abp_dir() / "data" / "jsons"
    chosen: dict[str, list[str]] = {o: [] for o in OUTLETS}
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        mine = chosen.get(raw["source"])
        if raw.get("topic") == topic and mine is not None and len(mine) < per_outlet:
            mine.append(raw["ID"])
        if all(len(v) >= per_outlet for v in chosen.values()):
            break
    return load_articles([i for ids in chosen.values() for i in ids])


def count(texts: pd.Series) -> dict[str, list[tuple[str, int, str]]]:
    """Every match of every kind: (article id, offset, a few words around it)."""
    found: dict[str, list[tuple[str, int, str]]] = {k: [] for k in KINDS}
    for art_id, text in texts.items():
        for kind, pattern in KINDS.items():
            for m in re.finditer(pattern, text):
                around = " ".join(text[max(0, m.start() - 25) : m.end() + 25].split())
                found[kind].append((str(art_id), m.start(), around))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="immigration")
    parser.add_argument("--per-outlet", type=int, default=5)
    args = parser.parse_args()
    if abp_dir() is None:
        print("FRAMING_ABP_DIR is not set: skipped.")
        return 0
    raw = pick(args.topic, args.per_outlet)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "abp.csv"
        raw.assign(published=raw["published"].dt.strftime("%Y-%m-%d")).drop(
            columns=["bias", "topic"]
        ).to_csv(csv_path, index=False)
        with Store(Path(tmp) / "store.sqlite3") as store:
            store.save_articles("abp", read_inputs([csv_path]))
            articles = store.articles("abp")
    lesson = build_lesson(0, articles[["id", "outlet", "title", "text"]], all_outlets=OUTLETS)
    arts = lesson.articles.set_index("id")
    before = count(arts["title"] + "\n\n" + arts["text"])
    after = count(arts["anon_title"] + "\n\n" + arts["anon_text"])
    print(f"{len(arts)} articles of '{args.topic}' from {arts['outlet'].nunique()} outlets")
    print(f"{'kind':<16}{'before':>8}{'after':>8}")
    for kind in KINDS:
        print(f"{kind:<16}{len(before[kind]):>8}{len(after[kind]):>8}")
    total = sum(map(len, before.values())), sum(map(len, after.values()))
    print(f"{'all':<16}{total[0]:>8}{total[1]:>8}")
    for kind, hits in after.items():
        for art_id, offset, around in hits:
            print(f"  left: {kind}: {art_id}@{offset}: ...{around}...")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
