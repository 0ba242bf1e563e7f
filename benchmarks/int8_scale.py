"""The end-to-end half of benchmarks/int8.py: ``framing analyze`` at N generated articles.

Each run is ``framing analyze`` through the CLI in a fresh process and a
fresh store (the embedding cache starts empty; the int8 and fast models are
already built). Measured side by side: a cold run per model, the raw fp32
``SentenceTransformer.encode`` of the same titles and sentences, then on the
int8 run's store a one-cue lexicon edit (``FRAMING_LEXICON``) and the same
corpus with 20 more articles.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
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


def analyze_cli(inputs: Path, db: Path, model: str, env: dict | None = None) -> float:
    """Seconds of one ``framing analyze`` run in a fresh process."""
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
    return seconds


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
    out: dict = {"n": n, "cold_seconds": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for name, model in MODELS.items():
            if name == "fp32" and not with_fp32:
                continue
            out["cold_seconds"][name] = analyze_cli(
                folder / "articles", tmp_path / f"{name}.sqlite3", model
            )
        out["cold_seconds"]["fast"] = analyze_cli(
            folder / "articles", tmp_path / "f.sqlite3", "fast"
        )
        out["raw_fp32_encode"] = raw_encode_seconds(folder)
        lexicon = tmp_path / "edit.toml"
        lexicon.write_text(EDIT, encoding="utf-8")
        db = tmp_path / "int8.sqlite3"
        out["lexicon_edit_seconds"] = analyze_cli(
            folder / "articles", db, MODELS["int8"], env={"FRAMING_LEXICON": str(lexicon)}
        )
        out["add_20_seconds"] = analyze_cli(
            plus_twenty(n), db, MODELS["int8"], env={"FRAMING_LEXICON": str(lexicon)}
        )
    cold = out["cold_seconds"]
    raw = out["raw_fp32_encode"]["seconds"]
    ratios = {
        "int8_cold_over_raw_fp32_encode": cold["int8"] / raw,
        "lexicon_edit_over_cold": out["lexicon_edit_seconds"] / cold["int8"],
        "add_20_over_cold": out["add_20_seconds"] / cold["int8"],
    }
    if "fp32" in cold:
        ratios["int8_cold_over_fp32_cold"] = cold["int8"] / cold["fp32"]
    out["ratios"] = ratios
    out["bars"] = {
        "cold_at_most_0.75x_raw_fp32_encode": ratios["int8_cold_over_raw_fp32_encode"] <= 0.75,
        "lexicon_edit_at_most_3pct_of_cold": ratios["lexicon_edit_over_cold"] <= 0.03,
        "add_20_at_most_10pct_of_cold": ratios["add_20_over_cold"] <= 0.10,
    }
    if "fp32" in cold:
        out["bars"]["cold_at_most_quarter_of_fp32_cold"] = (
            ratios["int8_cold_over_fp32_cold"] <= 0.25
        )
    return out
