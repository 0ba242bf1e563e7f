"""Who called it what: how well the system groups the mentions of each referent.

Run: .venv/bin/python benchmarks/referents.py [--set sample|abp|all] [--json out.json]
(the real-news set needs FRAMING_ABP_DIR; without it that set is skipped).

For each test set the articles of every gold event are scored together as one
event by ``framing.cues.engine.CueEngine`` (the gold event grouping, so that
grouping errors do not confound the score), and the system's mention grouping
is scored against the gold mentions with ``framing.metrics_referents``:
pairwise and B-cubed precision, recall and F1, for the set and per event.

System mentions come from the engine's ``mentions`` table when it has one
(``id, field, start, end, referent_id``). An engine without that table (the
n-gram aligner) is scored by the old method: every phrase of every
``alignment`` row is located in that outlet's articles of that event (title
and text, case-insensitive, whole words), and each occurrence becomes a
system mention of that row. The output names the method used.

Test sets:

* ``sample``: the synthetic corpus (sample_articles). Gold mentions come from
  sample_articles/wording.toml, whose phrases have no offsets: each
  documented phrase is located in the text of that outlet's article for that
  event (case-insensitive, whole words), and every occurrence is a gold
  mention of that entry's referent. Where phrases overlap, the longest wins
  (then the earlier entry), so no two gold mentions overlap. The file lists
  characteristic wordings, not every mention, so this set measures grouping
  of the documented wordings only.
* ``abp``: hand-labelled real news (benchmarks/data/referents_abp.tsv, see
  benchmarks/data/README_referents.md): every mention of each labelled
  concept, outlet voice and quoted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd

from framing.config import Settings
from framing.cues.engine import CueEngine
from framing.embed.base import Embedder
from framing.ingest import read_inputs
from framing.metrics_referents import grouping_scores
from framing.pipeline import make_embedder, make_engine
from framing.segment import word_count

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_articles"
OLD_METHOD = "old method: alignment phrases located in the texts"
NEW_METHOD = "mentions table"
# the bar on real news: pairwise F1 >= 0.50 with precision >= 0.80
BAR_F1, BAR_PRECISION = 0.50, 0.80
SCORE_KEYS = (
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
    "bcubed_precision",
    "bcubed_recall",
    "bcubed_f1",
)


def _load_labels_module():
    name = "benchmarks_referents_abp"
    if name not in sys.modules:
        path = Path(__file__).with_name("referents_abp.py")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _pattern(phrase: str) -> re.Pattern:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _non_overlapping(spans: list[tuple[int, int, int, dict]]) -> list[dict]:
    """Longest span first, then lowest rank; spans overlapping a kept one are dropped."""
    kept: list[tuple[int, int, int, dict]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[2], s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return [s[3] for s in sorted(kept, key=lambda s: s[0])]


def sample_gold(articles: pd.DataFrame, entries: list[dict]) -> tuple[pd.DataFrame, list[str]]:
    """Gold mentions of the sample corpus from wording.toml entries.

    Args:
        articles: ``id, outlet, text`` and ``event`` (the event key of each article).
        entries: ``[[referent]]`` tables: ``event``, ``referent``, ``wordings``
            (outlet -> phrases).

    Returns:
        (gold, problems): gold has ``id, field, start, end, concept, event,
        outlet, phrase`` (``field`` is always "text", ``concept`` is
        "event/referent"); problems names every documented phrase not found
        in its article.
    """
    found: dict[str, list[tuple[int, int, int, dict]]] = {}
    problems = []
    by_key = {(r.event, r.outlet): r for r in articles.itertuples(index=False)}
    for rank, entry in enumerate(entries):
        event, referent = entry["event"], entry["referent"]
        for outlet, phrases in entry["wordings"].items():
            article = by_key.get((event, outlet))
            if article is None:
                problems.append(f"{event}/{referent}: no article of {outlet} in {event}")
                continue
            for phrase in phrases:
                hits = list(_pattern(phrase).finditer(article.text))
                if not hits:
                    problems.append(f"{event}/{referent}: {phrase!r} not in {article.id}")
                for hit in hits:
                    row = {
                        "id": article.id,
                        "field": "text",
                        "start": hit.start(),
                        "end": hit.end(),
                        "concept": f"{event}/{referent}",
                        "event": event,
                        "outlet": outlet,
                        "phrase": phrase,
                    }
                    found.setdefault(article.id, []).append((hit.start(), hit.end(), rank, row))
    rows = [row for spans in found.values() for row in _non_overlapping(spans)]
    columns = ["id", "field", "start", "end", "concept", "event", "outlet", "phrase"]
    return pd.DataFrame(rows, columns=columns), problems


def sample_set() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample corpus articles (with ``event``) and their gold mentions."""
    articles = read_inputs([SAMPLE_DIR]).articles
    articles["event"] = articles["id"].str.rsplit("-", n=1).str[0]
    entries = tomllib.loads((SAMPLE_DIR / "wording.toml").read_text(encoding="utf-8"))["referent"]
    gold, problems = sample_gold(articles, entries)
    for problem in problems:
        print(f"wording.toml: {problem}")
    return articles, gold


def abp_set() -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The labelled real articles (with ``event``) and gold mentions, or None without the data."""
    labels_module = _load_labels_module()
    if labels_module.abp_dir() is None:
        print(f"{labels_module.ENV_VAR} not set: the real-news referent set is skipped")
        return None
    labels = labels_module.load_labels()
    articles = labels_module.event_articles(labels)
    return articles, labels_module.gold_mentions(labels)


def phrase_mentions(articles: pd.DataFrame, alignment: pd.DataFrame) -> pd.DataFrame:
    """System mentions by the old method: alignment phrases located in the texts.

    Each phrase of an ``alignment`` row (``phrase`` joined by " / ") is found
    in the title and text of that outlet's articles of that event; every
    occurrence is a mention with ``referent_id`` "event_id:referent". Where
    two located phrases overlap the longer wins.
    """
    spans: dict[tuple[str, str], list[tuple[int, int, int, dict]]] = {}
    for rank, row in enumerate(alignment.itertuples(index=False)):
        mine = articles[(articles["event_id"] == row.event_id) & (articles["outlet"] == row.outlet)]
        referent_id = f"{row.event_id}:{row.referent}"
        for phrase in str(row.phrase).split(" / "):
            if not phrase.strip():
                continue
            pattern = _pattern(phrase)
            for article in mine.itertuples(index=False):
                for field in ("title", "text"):
                    for hit in pattern.finditer(str(getattr(article, field))):
                        mention = {
                            "id": article.id,
                            "field": field,
                            "start": hit.start(),
                            "end": hit.end(),
                            "referent_id": referent_id,
                        }
                        spans.setdefault((article.id, field), []).append(
                            (hit.start(), hit.end(), rank, mention)
                        )
    rows = [m for found in spans.values() for m in _non_overlapping(found)]
    return pd.DataFrame(rows, columns=["id", "field", "start", "end", "referent_id"])


def system_mentions(
    tables: dict[str, pd.DataFrame], articles: pd.DataFrame
) -> tuple[pd.DataFrame, str]:
    """The system's mentions and the method they came from (see the module docstring)."""
    mentions = tables.get("mentions")
    if mentions is not None:
        out = mentions[["id", "field", "start", "end", "referent_id"]].copy()
        out["referent_id"] = out["referent_id"].fillna("").astype(str)
        return out, NEW_METHOD
    return phrase_mentions(articles, tables["alignment"]), OLD_METHOD


def run_engine(articles: pd.DataFrame, embedder: Embedder) -> dict[str, pd.DataFrame]:
    """Score the articles with the default engine, each gold ``event`` as one event."""
    events = sorted(articles["event"].unique())
    batch = articles.assign(
        event_id=articles["event"].map({e: i for i, e in enumerate(events)}).astype(int),
        n_words=articles["text"].map(word_count).astype(int),
    ).reset_index(drop=True)
    engine: CueEngine = make_engine()
    engine.set_params(embedder=embedder)
    engine.fit()
    background = engine.background(engine.sample(batch))
    tables = engine.run_batch(batch, background)
    tables["articles"] = batch
    return tables


def score_set(articles: pd.DataFrame, gold: pd.DataFrame, embedder: Embedder) -> dict:
    """Scores of one test set: overall, per event, and the method of the system mentions."""
    t0 = time.perf_counter()
    tables = run_engine(articles, embedder)
    system, method = system_mentions(tables, tables["articles"])
    result = {
        "method": method,
        "seconds": round(time.perf_counter() - t0, 1),
        "system_mentions": len(system),
        "system_rows": int(system.loc[system["referent_id"] != "", "referent_id"].nunique()),
        "overall": grouping_scores(gold, system),
        "outlet_voice": None,
        "events": {},
    }
    if "voice" in gold.columns:
        own = gold[gold["voice"] == "outlet"]
        result["outlet_voice"] = grouping_scores(own, system)
    for event, part in gold.groupby("event"):
        result["events"][str(event)] = grouping_scores(part, system)
    return result


def _line(name: str, scores: dict) -> str:
    figures = "  ".join(f"{scores[k]:.3f}" for k in SCORE_KEYS)
    return f"{name:<28} {figures}  {scores['found']:>4}/{scores['gold']:<4} {scores['grouped']:>4}"


def print_result(name: str, result: dict) -> None:
    """One set's table: overall, outlet voice only, then per event."""
    print(f"\n== {name}: {result['method']} ({result['seconds']} s)")
    print(f"   system mentions: {result['system_mentions']}, rows: {result['system_rows']}")
    print(
        f"{'':<28} {'pw P':>5}  {'pw R':>5}  {'pw F1':>5}  {'b3 P':>5}  {'b3 R':>5}  {'b3 F1':>5}"
        "  found/gold grouped"
    )
    print(_line("all gold mentions", result["overall"]))
    if result["outlet_voice"] is not None:
        print(_line("outlet voice only", result["outlet_voice"]))
    for event, scores in result["events"].items():
        print(_line(f"  {event}", scores))
    overall = result["overall"]
    met = overall["pairwise_f1"] >= BAR_F1 and overall["pairwise_precision"] >= BAR_PRECISION
    print(
        f"bar (pairwise F1 >= {BAR_F1:.2f}, precision >= {BAR_PRECISION:.2f}): "
        + ("met" if met else "not met")
    )


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sets, print their tables and optionally write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("sample", "abp", "all"), default="all")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--model", default=None, help="embedding model (default: the settings')")
    args = parser.parse_args(argv)
    settings = Settings() if args.model is None else Settings(model=args.model)
    embedder = make_embedder(settings)
    results: dict[str, dict] = {}
    sets = []
    if args.set in ("sample", "all"):
        sets.append(("sample", sample_set()))
    if args.set in ("abp", "all"):
        sets.append(("abp", abp_set()))
    for name, loaded in sets:
        if loaded is None:
            continue
        articles, gold = loaded
        results[name] = score_set(articles, gold, embedder)
        print_result(name, results[name])
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
