"""The int8 MiniLM against fp32 MiniLM and the fast static model, side by side in one run.

Run (about 40 minutes on a loaded 2-core CPU; ``--quick`` skips the 1,000-article runs)::

    .venv/bin/python benchmarks/int8.py [--quick] [--n 1000] [--out benchmarks/results/int8.json]

Measured, every figure from this one run (ratios are of timings taken side by
side, so a busy machine slows both sides alike):

- quality on the sample corpus (sample_articles): median and minimum cosine of
  each model's sentence vectors to fp32's; event grouping (B-cubed F1 against
  gold.toml) and whether it is the same partition as fp32's; wording
  alignment recall (referents of wording.toml recovered); loaded-language
  AUROC on the dev set (benchmarks/data/loaded_dev.tsv);
- encode throughput on the sample's sentences: raw ``SentenceTransformer.encode``
  in fp32, the int8 embedder, the fast static model (medians of alternating rounds);
- at ``--n`` generated articles (benchmarks/generate.py's corpora): a cold
  ``framing analyze`` per model through the CLI, the raw fp32 encode of the
  same titles and sentences, a one-cue lexicon edit re-score and adding 20
  articles, each against the cold run (``framing.devtools.incremental``).

The int8 model is built before anything is timed (a one-off per machine).
JSON goes to ``--out``; the bars of issue 16 are under ``"bars"``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "int8.json"
FP32 = "bundled:all-MiniLM-L6-v2"
INT8 = "bundled:all-MiniLM-L6-v2-int8"
FAST = "fast"
MODELS = {"fp32": FP32, "int8": INT8, "fast": FAST}


def sample_sentences() -> list[str]:
    """Titles and sentences of the sample corpus, each distinct one once."""
    from framing.ingest import read_inputs
    from framing.segment import sentences

    articles = read_inputs([ROOT / "sample_articles"]).articles
    texts = list(articles["title"])
    for text in articles["text"]:
        texts += [s.text for s in sentences(str(text))]
    return list(dict.fromkeys(texts))


def analyse_sample(model: str, db: Path) -> dict:
    """A cold analysis of the sample corpus with ``model``: grouping and alignment quality."""
    from framing.config import Settings
    from framing.metrics import bcubed, wording_pair_recall
    from framing.pipeline import analyze, ingest
    from framing.store import Store

    settings = Settings(db_path=db, model=model)
    store = Store(db)
    ingest([ROOT / "sample_articles"], "sample", store, settings)
    t0 = time.perf_counter()
    analysis = analyze("sample", store, settings)
    seconds = time.perf_counter() - t0
    store.close()
    gold = tomllib.loads((ROOT / "sample_articles" / "gold.toml").read_text())["events"]
    arts = analysis.articles.assign(gold=lambda d: d["id"].map(gold))
    _p, _r, f1 = bcubed(arts["event_id"].tolist(), arts["gold"].tolist())
    event_of = arts.groupby("gold")["event_id"].agg(lambda s: s.mode().iloc[0]).to_dict()
    documented = tomllib.loads((ROOT / "sample_articles" / "wording.toml").read_text())["referent"]
    recall = wording_pair_recall(analysis.tables["alignment"], documented, event_of)
    partition = sorted(sorted(map(str, g["id"])) for _e, g in analysis.articles.groupby("event_id"))
    return {
        "seconds": seconds,
        "bcubed_f1": f1,
        "n_events": int(len(analysis.events)),
        "alignment": recall,
        "partition": partition,
    }


def loaded_auroc(embedder) -> float:
    """AUROC of the full loaded-language score on the dev set."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from loaded_language import load_dev
    from sklearn.metrics import roc_auc_score

    from framing.cues.loaded import LoadedScorer
    from framing.cues.match import LexiconMatcher

    dev = load_dev()
    scorer = LoadedScorer(embedder, LexiconMatcher().fit()).fit()
    return float(roc_auc_score(dev["label"], scorer.score(dev["sentence"].tolist())))


def quality_and_throughput(rounds: int) -> dict:
    """Cosine to fp32, throughput, grouping, alignment and AUROC of the three models."""
    from sentence_transformers import SentenceTransformer

    from framing.embed import make_embedder_for
    from framing.embed.st import bundled_model_path

    texts = sample_sentences()
    raw = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
    embedders = {name: make_embedder_for(spec) for name, spec in MODELS.items() if name != "fp32"}
    for e in embedders.values():
        e.encode(texts[:64])  # builds (once per machine) and loads
    raw.encode(texts[:64], batch_size=32)

    def encode_raw() -> np.ndarray:
        return raw.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)

    runs = {"fp32": encode_raw, **{n: (lambda e=e: e.encode(texts)) for n, e in embedders.items()}}
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(rounds):
        for name, run in runs.items():
            t0 = time.perf_counter()
            vectors[name] = np.asarray(run(), dtype=np.float32)
            seconds[name].append(time.perf_counter() - t0)
    out: dict = {"n_sentences": len(texts), "rounds": rounds, "models": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in MODELS.items():
            same_space = vectors[name].shape == vectors["fp32"].shape
            # The static model's vectors live in a space of their own (PCA, 256 wide).
            cos = (vectors[name] * vectors["fp32"]).sum(axis=1) if same_space else None
            sample = analyse_sample(spec, Path(tmp) / f"{name}.sqlite3")
            embedder = make_embedder_for(spec)
            out["models"][name] = {
                "model": spec,
                "model_id": embedder.model_id,
                "encode_seconds": seconds[name],
                "texts_per_second": len(texts) / statistics.median(seconds[name]),
                "cosine_to_fp32": None
                if cos is None
                else {
                    "median": float(np.median(cos)),
                    "min": float(cos.min()),
                    "p05": float(np.quantile(cos, 0.05)),
                },
                "sample": sample,
                "loaded_auroc": loaded_auroc(embedder),
            }
    fp32 = out["models"]["fp32"]
    for name in ("int8", "fast"):
        m = out["models"][name]
        m["speed_over_fp32"] = m["texts_per_second"] / fp32["texts_per_second"]
        m["same_grouping_as_fp32"] = m["sample"]["partition"] == fp32["sample"]["partition"]
        m["auroc_minus_fp32"] = m["loaded_auroc"] - fp32["loaded_auroc"]
    return out


def quality_verdict(q: dict) -> dict:
    """Whether the int8 model meets the bars that make it the default."""
    m = q["models"]["int8"]
    return {
        "median_cosine_at_least_0.99": m["cosine_to_fp32"]["median"] >= 0.99,
        "identical_grouping_on_sample": m["same_grouping_as_fp32"],
        "auroc_within_0.01": abs(m["auroc_minus_fp32"]) <= 0.01,
        "encode_at_least_2.5x_raw_fp32": m["speed_over_fp32"] >= 2.5,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds")
    parser.add_argument("--quick", action="store_true", help="quality and throughput only")
    parser.add_argument("--n", type=int, default=1000, help="generated articles for the scale runs")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result: dict = {"quality": quality_and_throughput(args.rounds)}
    result["bars"] = quality_verdict(result["quality"])
    if not args.quick:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from int8_scale import scale_runs

        result["scale"] = scale_runs(args.n)
        result["bars"].update(result["scale"]["bars"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({"bars": result["bars"], "summary": summary(result)}, indent=2))
    return 0


def summary(result: dict) -> dict:
    """The headline figures, one line each."""
    models = result["quality"]["models"]
    return {
        name: {
            "texts_per_second": round(m["texts_per_second"], 1),
            "cosine_median": m["cosine_to_fp32"] and round(m["cosine_to_fp32"]["median"], 4),
            "bcubed_f1": round(m["sample"]["bcubed_f1"], 3),
            "referents_recovered": m["sample"]["alignment"]["referents_recovered"],
            "loaded_auroc": round(m["loaded_auroc"], 3),
        }
        for name, m in models.items()
    }


if __name__ == "__main__":
    sys.exit(main())
