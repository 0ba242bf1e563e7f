"""Draw the sentences to label for the real-news loaded-language set (data/loaded_abp.tsv).

Run: FRAMING_ABP_DIR=/path/to/Article-Bias-Prediction .venv/bin/python \
    benchmarks/loaded_abp_sample.py OUT.jsonl [--seed 12]

Articles are drawn stratified by topic and by the outlet's left/center/right
rating, two articles per topic and rating, from two different outlets, never
twice from one outlet within a topic. From each article, sentences are drawn
at random among those of 6 to 70 words, using the project's own sentence
splitter (``framing.segment.sentences``) so the offsets are the project's;
every third article gives its title in place of one of its sentences.
``--exclude-seed`` leaves out the articles of an earlier draw, so a second
batch (``--seed 13 --per-cell 1 --exclude-seed 12``) adds new articles;
``--exclude-batch`` leaves out the articles of a batch already in the label
file (batch 3: ``--seed 14 --per-cell 1 --exclude-batch 1 --exclude-batch 2``). The
voice of each sentence comes from the project's quotation finder
(``framing.cues.sources.SourceFinder``): ``outlet`` when no character of it is
quoted (scare quotes count as the outlet's), ``quote`` when half or more is,
``mixed`` otherwise.

OUT holds the sentence texts for the person labelling them: keep it outside
the repository (the repository stores ids and offsets only).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import pandas as pd

from framing.cues.sources import SourceFinder
from framing.cues.voice import quoted_share, voice_lookup
from framing.segment import sentences

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loaded_abp import _abp, read_labels, sha8  # noqa: E402

_jsons_dir = _abp._jsons_dir
load_articles = _abp.load_articles

TOPICS = (
    "elections",
    "immigration",
    "healthcare",
    "coronavirus",
    "middle_east",
    "gun_control_and_gun_rights",
    "supreme_court",
    "federal_budget",
    "violence_in_america",
    "economy_and_jobs",
    "environment",
    "race_and_racism",
    "national_security",
    "terrorism",
    "education",
    "impeachment",
    "taxes",
    "lgbt_rights",
    "trade",
    "abortion",
    "free_speech",
    "russia",
    "europe",
    "media_bias",
)
BIASES = ("left", "center", "right")
PER_CELL = 2
PER_ARTICLE = 3
MIN_WORDS, MAX_WORDS = 6, 70
QUOTE_SHARE = 0.5


def voice_of(share: float) -> str:
    """``outlet``, ``mixed`` or ``quote`` from the quoted share of a sentence's characters."""
    if share <= 0.0:
        return "outlet"
    return "quote" if share >= QUOTE_SHARE else "mixed"


def _index() -> pd.DataFrame:
    rows = []
    for path in sorted(_jsons_dir().glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            raw = json.load(fh)
        rows.append((raw["ID"], raw["source"], raw["bias_text"], raw.get("topic", "")))
    return pd.DataFrame(rows, columns=["id", "outlet", "bias", "topic"])


def draw_articles(
    index: pd.DataFrame,
    rng: random.Random,
    per_cell: int = PER_CELL,
    exclude: set[str] = frozenset(),
) -> list[str]:
    """Article ids, ``per_cell`` per topic and rating, each from a different outlet."""
    chosen: list[str] = []
    index = index[~index["id"].isin(exclude)]
    for topic in TOPICS:
        for bias in BIASES:
            cell = index[(index["topic"] == topic) & (index["bias"] == bias)]
            outlets = sorted(cell["outlet"].unique())
            rng.shuffle(outlets)
            for outlet in outlets[:per_cell]:
                ids = sorted(cell.loc[cell["outlet"] == outlet, "id"])
                chosen.append(rng.choice(ids))
    return chosen


def draw_sentences(ids: list[str], rng: random.Random) -> list[dict]:
    """The sentences to label, with offsets, voice and the article's metadata."""
    articles = load_articles(ids)
    frame = articles.assign(event_id="", text=articles["text"].fillna(""))
    _, voices = SourceFinder().fit().transform(frame)
    lookup = voice_lookup(voices)
    out: list[dict] = []
    for k, art in enumerate(frame.itertuples(index=False)):
        pool = [s for s in sentences(art.text) if MIN_WORDS <= len(s.text.split()) <= MAX_WORDS]
        picks = [("content", s) for s in rng.sample(pool, min(PER_ARTICLE, len(pool)))]
        if k % 3 == 0 and art.title.strip() and picks:
            title = art.title
            picks[-1] = ("title", type(pool[0])(0, len(title), title))
        for field, span in picks:
            key = "title" if field == "title" else "text"
            spans = pd.DataFrame(
                [{"id": art.id, "field": key, "start": span.start, "end": span.end}]
            )
            share = quoted_share(lookup, spans)[0]
            out.append(
                {
                    "id": art.id,
                    "field": field,
                    "start": span.start,
                    "end": span.end,
                    "sha": sha8(span.text),
                    "voice": voice_of(share),
                    "outlet": art.outlet,
                    "bias": art.bias,
                    "topic": art.topic,
                    "text": span.text,
                }
            )
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the drawn sentences to OUT as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--per-cell", type=int, default=PER_CELL, help="articles per topic and rating"
    )
    parser.add_argument(
        "--exclude-seed",
        type=int,
        action="append",
        default=[],
        help="leave out the articles an earlier run with this seed drew (default per-cell)",
    )
    parser.add_argument(
        "--exclude-batch",
        type=int,
        action="append",
        default=[],
        help="leave out the articles of this batch of data/loaded_abp.tsv",
    )
    args = parser.parse_args(argv)
    index = _index()
    exclude = {i for seed in args.exclude_seed for i in draw_articles(index, random.Random(seed))}
    if args.exclude_batch:
        labels = read_labels()
        exclude |= set(labels.loc[labels["batch"].isin(args.exclude_batch), "id"])
    rng = random.Random(args.seed)
    ids = draw_articles(index, rng, args.per_cell, exclude)
    rows = draw_sentences(ids, rng)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sentences from {len(ids)} articles written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
