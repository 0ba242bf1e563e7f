"""The end-to-end half of benchmarks/int8.py: ``framing analyze`` at N generated articles.

Each run is ``framing analyze`` through the CLI in a fresh process and a
fresh store (the embedding cache starts empty; the int8 and fast models are
already built). Measured side by side: a cold run per model, the raw fp32
``SentenceTransformer.encode`` of the same titles and sentences, then on the
int8 run's store a one-cue lexicon edit (``FRAMING_LEXICON``) and the same
corpus with 20 more articles. Every bar is a ratio of two timings of the
same run, and is printed as one in the JSON.

Run::

    .venv/bin/python benchmarks/int8_scale.py --sizes 150,500,1000 [--no-fp32]

It prints and writes ``benchmarks/results/int8_scale.json``: per N, the
seconds of each run, each cold run's stages (as the CLI reports them), the
ratios and whether each bar holds, with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
RESULTS = ROOT / "benchmarks" / "results" / "int8_scale.json"
MODELS = {"fp32": "bundled:all-MiniLM-L6-v2", "int8": "bundled:all-MiniLM-L6-v2-int8"}
EDIT = """
[[cue]]
phrase = "drills"
category = "militarisation_threat"
weight = 0.4
rationale = "Added by the benchmark: one new cue."
"""


def corpus(n: int, seed: int = 0) -> Path:
    """``n`` generated articles (benchmarks/generate.py), written once under benchmarks/.work."""
    from framing.devtools.synthetic import generate_corpus, write_jsonl_shards

    folder = WORK / "corpora" / f"{n}-seed{seed}"
    if not (folder / "gold.csv").is_file():
        write_jsonl_shards(generate_corpus(n, random_state=seed), folder)
    return folder


def plus_twenty(n: int) -> Path:
    """The ``n`` articles of ``corpus(n)`` and 20 more, from a corpus of ``n + 20``'s tail."""
    import pandas as pd

    from framing.ingest import read_inputs

    folder = WORK / "corpora" / f"{n}-plus20"
    if not (folder / "articles.jsonl").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        base = read_inputs([corpus(n) / "articles"]).articles
        extra = read_inputs([corpus(n + 20, seed=1) / "articles"]).articles.tail(20)
        extra = extra.assign(id=[f"extra-{i}" for i in range(len(extra))])
        both = pd.concat([base, extra], ignore_index=True)
        both[["id", "outlet", "title", "text", "published"]].to_json(
            folder / "articles.jsonl", orient="records", lines=True, date_format="iso"
        )
    return folder / "articles.jsonl"


# A finished stage as the CLI reports it: two spaces, "<label>[: counts] · done in <time>".
_STAGE = re.compile(r"^  (\S[^:·]*?)(?::[^·]*)? · done in (.+)$")
_UNITS = {"h": 3600.0, "min": 60.0, "s": 1.0}


def duration(text: str) -> float:
    """Seconds of a duration as ``framing.progress.format_seconds`` writes it (``2 min 5 s``)."""
    words = text.split()
    return sum(float(v) * _UNITS[u] for v, u in zip(words[::2], words[1::2], strict=True))


def stage_seconds(stderr: str) -> dict[str, float]:
    """Seconds of each top-level stage in the CLI's report (the last report of each label)."""
    out: dict[str, float] = {}
    for line in stderr.splitlines():
        m = _STAGE.match(line.rstrip())
        if m:
            out[m.group(1).strip()] = duration(m.group(2))
    return out


def analyze_cli(inputs: Path, db: Path, model: str, env: dict | None = None) -> dict:
    """One ``framing analyze`` run in a fresh process: ``seconds`` and its ``stages``."""
    out = db.parent / f"out-{time.monotonic_ns()}"
    cmd = [sys.executable, "-m", "framing.cli", "analyze", str(inputs), "--corpus", "bench"]
    cmd += ["--db", str(db), "--out", str(out), "--model", model]
    t0 = time.perf_counter()
    done = subprocess.run(
        cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return {"seconds": seconds, "stages": stage_seconds(done.stderr)}


def raw_encode_seconds(folder: Path) -> dict:
    """Raw fp32 ``SentenceTransformer.encode`` of every title and sentence of the corpus."""
    from sentence_transformers import SentenceTransformer

    from framing.embed.st import bundled_model_path
    from framing.ingest import read_inputs
    from framing.segment import sentences

    articles = read_inputs([folder / "articles"]).articles
    texts = list(articles["title"])
    for text in articles["text"]:
        texts += [s.text for s in sentences(str(text))]
    raw = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
    raw.encode(texts[:64], batch_size=32)
    t0 = time.perf_counter()
    raw.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    return {"n_texts": len(texts), "seconds": time.perf_counter() - t0}


def scale_runs(n: int, *, with_fp32: bool = True) -> dict:
    """Cold runs, raw encode, lexicon edit and 20 added articles at ``n`` articles."""
    folder = corpus(n)
    out: dict = {"n": n, "load_average_before": os.getloadavg(), "cold_seconds": {}}
    runs: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for name, model in MODELS.items():
            if name == "fp32" and not with_fp32:
                continue
            runs[f"cold_{name}"] = analyze_cli(
                folder / "articles", tmp_path / f"{name}.sqlite3", model
            )
        runs["cold_fast"] = analyze_cli(folder / "articles", tmp_path / "f.sqlite3", "fast")
        out["raw_fp32_encode"] = raw_encode_seconds(folder)
        lexicon = tmp_path / "edit.toml"
        lexicon.write_text(EDIT, encoding="utf-8")
        db = tmp_path / "int8.sqlite3"
        edited = {"FRAMING_LEXICON": str(lexicon)}
        runs["lexicon_edit"] = analyze_cli(folder / "articles", db, MODELS["int8"], env=edited)
        runs["add_20"] = analyze_cli(plus_twenty(n), db, MODELS["int8"], env=edited)
    out["runs"] = runs
    out["cold_seconds"] = {k[5:]: v["seconds"] for k, v in runs.items() if k.startswith("cold_")}
    out["lexicon_edit_seconds"] = runs["lexicon_edit"]["seconds"]
    out["add_20_seconds"] = runs["add_20"]["seconds"]
    out["load_average_after"] = os.getloadavg()
    out.update(bars_of(out))
    return out


def bars_of(out: dict) -> dict:
    """The issue's bars as ratios of this run's timings, and whether each holds."""
    cold = out["cold_seconds"]
    raw = out["raw_fp32_encode"]["seconds"]
    ratios = {
        "int8_cold_over_raw_fp32_encode": cold["int8"] / raw,
        "lexicon_edit_over_cold": out["lexicon_edit_seconds"] / cold["int8"],
        "add_20_over_cold": out["add_20_seconds"] / cold["int8"],
    }
    bars = {
        "cold_at_most_0.75x_raw_fp32_encode": ratios["int8_cold_over_raw_fp32_encode"] <= 0.75,
        "lexicon_edit_at_most_3pct_of_cold": ratios["lexicon_edit_over_cold"] <= 0.03,
        "add_20_at_most_10pct_of_cold": ratios["add_20_over_cold"] <= 0.10,
    }
    if "fp32" in cold:
        ratios["int8_cold_over_fp32_cold"] = cold["int8"] / cold["fp32"]
        bars["cold_at_most_quarter_of_fp32_cold"] = ratios["int8_cold_over_fp32_cold"] <= 0.25
    return {"ratios": ratios, "bars": bars}


def growth(results: list[dict]) -> dict:
    """How each run's seconds grow with N: per run, seconds by N and per 1,000 articles."""
    names = sorted({k for r in results for k in r["runs"]} | {"raw_fp32_encode"})
    table: dict = {}
    for name in names:
        by_n = {}
        for r in results:
            got = r["raw_fp32_encode"] if name == "raw_fp32_encode" else r["runs"].get(name)
            if got is not None:
                by_n[r["n"]] = {
                    "seconds": got["seconds"],
                    "per_1000_articles": got["seconds"] * 1000 / r["n"],
                }
        table[name] = by_n
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="150,500,1000", help="generated articles per step")
    parser.add_argument("--no-fp32", action="store_true", help="skip the cold fp32 analyze")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        print(f"n={n}", file=sys.stderr, flush=True)
        results.append(scale_runs(n, with_fp32=not args.no_fp32))
        summary = {"sizes": results, "growth": growth(results)}
        summary["wall_seconds"] = time.perf_counter() - t0
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(
        json.dumps({r["n"]: {"ratios": r["ratios"], "bars": r["bars"]} for r in results}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
