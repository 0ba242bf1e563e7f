"""Speed and scale: the pipeline against raw sentence-transformers and BERTopic.

Run (about an hour on a 2-core CPU; ``--quick`` for a few minutes)::

    make bench
    # or: .venv/bin/python benchmarks/scale.py [--sizes 1000,10000,100000] [--quick]

It prints one table and writes every figure to ``benchmarks/results/scale.json``
(``--out`` to change). Corpora come from ``framing.devtools.synthetic`` (the sample
corpus scaled to N articles, gold events known) and are cached under
``benchmarks/.work``. Each pipeline run is a fresh process, so its peak memory
is its own; peaks are per stage (the kernel's high-water mark is reset as each
stage starts).

Measured, each side by side in the same run:

- per N and model: wall time and peak memory of ingest, embed, group, cue
  scoring (MiniLM up to 10k articles, the fast static model at every N);
- a. pipeline embedding throughput / raw ``SentenceTransformer.encode``
  throughput, on the same article texts (medians of alternating rounds);
- b. re-analysing an unchanged corpus / analysing it the first time;
- c. our event grouping against BERTopic (defaults, given our embeddings):
  B-cubed F1 and time, on every generated corpus and a 30-article one;
- d. fast static model against MiniLM: throughput and grouping B-cubed F1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
RESULTS = ROOT / "benchmarks" / "results" / "scale.json"
MINILM = "bundled:all-MiniLM-L6-v2"
SEED = 0
THROUGHPUT_TEXTS = 400


# -- measuring --------------------------------------------------------------------------------


def peak_mb() -> float:
    """This process's peak resident memory since the last ``reset_peak`` (MB)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    """Start a new peak-memory window (Linux: ``clear_refs`` 5 resets VmHWM)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants (MB).

    PSS splits each shared page among the processes sharing it, so the sum
    is the memory the whole process tree really occupies (worker processes
    forked from the pipeline share most of its pages).
    """
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue  # the process ended while being read
    return total


class Stages:
    """Wall time and peak memory per stage, switched by ``start``.

    Peak memory is the larger of this process's high-water mark (exact, reset
    per stage) and the sampled PSS of the whole process tree (every 0.2 s),
    which counts the worker processes of the cue stage.
    """

    def __init__(self) -> None:
        import threading

        self.rows: dict[str, dict[str, float]] = {}
        self.current: str | None = None
        self.t0 = 0.0
        self.tree_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.tree_peak = max(self.tree_peak, tree_pss_mb(os.getpid()))

    def start(self, name: str | None) -> None:
        if self.current is not None:
            self.rows[self.current] = {
                "seconds": time.perf_counter() - self.t0,
                "peak_mb": max(peak_mb(), self.tree_peak),
            }
        self.current = name
        reset_peak()
        self.tree_peak = 0.0
        self.t0 = time.perf_counter()
        if name is None:
            self._stop.set()


def corpus_folder(n: int) -> Path:
    """The generated corpus of ``n`` articles (generated once, then reused)."""
    from framing.devtools.synthetic import generate_corpus, write_jsonl_shards

    folder = WORK / "corpora" / f"{n}-seed{SEED}"
    if not (folder / "gold.csv").is_file():
        write_jsonl_shards(generate_corpus(n, random_state=SEED), folder)
    return folder


def gold_of(folder: Path) -> pd.Series:
    return pd.read_csv(folder / "gold.csv", dtype={"id": str}).set_index("id")["event"]


# -- one pipeline run (in its own process) ----------------------------------------------------


def run_pipeline(n: int, model: str, cues: str = "cues") -> dict:
    """Ingest, embed, group and (unless ``cues`` is ``nocues``) score ``n``
    generated articles with ``model``."""
    from framing.config import Settings
    from framing.embed import CachingEmbedder, embed_articles
    from framing.metrics import bcubed
    from framing.pipeline import analyze, ingest, make_embedder
    from framing.store import Store

    folder = corpus_folder(n)
    tag = f"{n}-{'fast' if model == 'fast' else 'minilm'}"
    db = WORK / "stores" / f"{tag}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = Settings(db_path=db, model=model)
    stages = Stages()
    store = Store(db)
    stages.start("ingest")
    ingest([folder / "articles"], "bench", store, settings)
    names = {"Embedding": "embed", "Grouping": "group", "Scoring": "cues"}

    def on_stage(message: str) -> None:
        for prefix, name in names.items():
            if message.startswith(prefix):
                stages.start(name)

    stages.start("load model")
    embedder = make_embedder(settings)
    t0 = time.perf_counter()
    with_cues = cues == "cues"
    analysis = analyze(
        "bench",
        store,
        settings,
        embedder=embedder,
        cues=with_cues,
        on_stage=on_stage,
        load_batched=False,
    )
    first = time.perf_counter() - t0
    stages.start(None)

    # b. the same corpus again, with a new embedder object (as a new process would have)
    t0 = time.perf_counter()
    again = analyze(
        "bench",
        store,
        settings,
        embedder=make_embedder(settings),
        cues=with_cues,
        load_batched=False,
    )
    second = time.perf_counter() - t0
    assert set(again.timings) == {"load"}, again.timings

    gold = gold_of(folder)
    ids = analysis.articles["id"].astype(str)
    p, r, f1 = bcubed(analysis.articles["event_id"].tolist(), gold.loc[ids].tolist())
    articles = store.articles("bench")
    vectors, _ = embed_articles(articles, CachingEmbedder(embedder, store))
    np.save(WORK / "stores" / f"{tag}-vectors.npy", vectors)
    store.close()
    return {
        "n": n,
        "model": model,
        "cues": with_cues,
        "stages": stages.rows,
        "total_seconds": sum(v["seconds"] for v in stages.rows.values()),
        "peak_mb": max(v["peak_mb"] for v in stages.rows.values()),
        "analyze_seconds": first,
        "reanalyze_seconds": second,
        "n_events": int(len(analysis.events)),
        "n_gold_events": int(gold.nunique()),
        "bcubed": {"precision": p, "recall": r, "f1": f1},
        "db": str(db.relative_to(ROOT)),
    }


# -- b. BERTopic on our embeddings (in its own process) -----------------------------------------


def run_bertopic(n: int, model: str) -> dict:
    """BERTopic with its defaults on the same texts and embeddings as our run."""
    from bertopic import BERTopic

    from framing.metrics import bcubed
    from framing.store import Store

    tag = f"{n}-{'fast' if model == 'fast' else 'minilm'}"
    store = Store(WORK / "stores" / f"{tag}.sqlite3")
    articles = store.articles("bench")
    store.close()
    vectors = np.load(WORK / "stores" / f"{tag}-vectors.npy")
    docs = (articles["title"] + ". " + articles["text"]).tolist()
    reset_peak()
    t0 = time.perf_counter()
    topics, _ = BERTopic().fit_transform(docs, embeddings=vectors)
    seconds = time.perf_counter() - t0
    # An outlier (-1) belongs to no topic: it counts as an event of its own.
    labels = [f"t{t}" if t >= 0 else f"o{i}" for i, t in enumerate(topics)]
    gold = gold_of(corpus_folder(n)).loc[articles["id"].astype(str)].tolist()
    p, r, f1 = bcubed(labels, gold)
    return {
        "n": n,
        "model": model,
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "n_topics": len({t for t in topics if t >= 0}),
        "n_outliers": int(sum(t < 0 for t in topics)),
        "bcubed": {"precision": p, "recall": r, "f1": f1},
    }


# -- a and d. embedding throughput --------------------------------------------------------------


def run_throughput(n: int, rounds: int) -> dict:
    """Texts per second on the same article texts: our pipeline's embedding step,
    raw ``SentenceTransformer.encode``, and the fast static model."""
    from sentence_transformers import SentenceTransformer

    from framing.config import Settings
    from framing.embed import CachingEmbedder, article_texts, embed_articles
    from framing.embed.st import bundled_model_path
    from framing.ingest import read_inputs
    from framing.pipeline import make_embedder
    from framing.store import Store

    # Read from the generated corpus, not from a run's store: with --minilm-max 0
    # no MiniLM run stored it. The first THROUGHPUT_TEXTS articles: enough for
    # a stable rate, short enough to alternate several rounds of MiniLM on a CPU.
    articles = read_inputs([corpus_folder(n) / "articles"]).articles.head(THROUGHPUT_TEXTS)
    texts, _ = article_texts(articles, "title_lead")
    ours = make_embedder(Settings(model=MINILM))
    fast = make_embedder(Settings(model="fast"))
    raw = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
    ours.encode(texts[:64])  # load and warm all three
    fast.encode(texts[:64])
    raw.encode(texts[:64], batch_size=32)
    times: dict[str, list[float]] = {"pipeline": [], "raw": [], "fast": []}
    for _ in range(rounds):
        t0 = time.perf_counter()
        # the whole pipeline step: hashing, cache lookup, encode, storing vectors
        embed_articles(articles, CachingEmbedder(ours, Store(":memory:")))
        times["pipeline"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        raw.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        times["raw"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        embed_articles(articles, CachingEmbedder(fast, Store(":memory:")))
        times["fast"].append(time.perf_counter() - t0)
    rate = {k: len(texts) / statistics.median(v) for k, v in times.items()}
    return {
        "n_texts": len(texts),
        "rounds": rounds,
        "seconds": times,
        "texts_per_second": rate,
        "a_pipeline_over_raw": rate["pipeline"] / rate["raw"],
        "d_fast_over_minilm": rate["fast"] / rate["pipeline"],
    }


# -- the small corpus for c ---------------------------------------------------------------------


def has_bertopic() -> bool:
    """Whether the bench extra (BERTopic) is installed; without it, c is skipped."""
    import importlib.util

    return importlib.util.find_spec("bertopic") is not None


def run_small(n: int) -> dict:
    """Ours and BERTopic on a tiny generated corpus, both on MiniLM embeddings."""
    from framing.config import Settings
    from framing.embed import CachingEmbedder, embed_articles
    from framing.events import chronological
    from framing.ingest import read_inputs
    from framing.metrics import bcubed
    from framing.pipeline import make_embedder, make_grouper
    from framing.store import Store

    folder = corpus_folder(n)
    articles = read_inputs([folder / "articles"]).articles
    settings = Settings(model=MINILM)
    vectors, _ = embed_articles(
        articles, CachingEmbedder(make_embedder(settings), Store(":memory:"))
    )
    gold = gold_of(folder).loc[articles["id"].astype(str)].tolist()
    t0 = time.perf_counter()
    labels = (
        make_grouper(settings)
        .fit(
            vectors,
            texts=(articles["title"] + ". " + articles["text"]).tolist(),
            dates=articles["published"],
            outlets=articles["outlet"],
        )
        .labels_
    )
    ours_seconds = time.perf_counter() - t0
    labels = chronological(labels, articles["published"])
    docs = (articles["title"] + ". " + articles["text"]).tolist()
    t0 = time.perf_counter()
    if not has_bertopic():
        return {"n": n, "ours": {"seconds": ours_seconds, "f1": bcubed(labels.tolist(), gold)[2]}}
    from bertopic import BERTopic

    try:
        topics, _ = BERTopic().fit_transform(docs, embeddings=vectors)
        error = ""
    except Exception as exc:  # noqa: BLE001 - BERTopic's own failure is the finding here
        topics, error = [-1] * len(docs), f"{type(exc).__name__}: {exc}"
    bt_seconds = time.perf_counter() - t0
    bt_labels = [f"t{t}" if t >= 0 else f"o{i}" for i, t in enumerate(topics)]
    return {
        "n": n,
        "ours": {"seconds": ours_seconds, "f1": bcubed(labels.tolist(), gold)[2]},
        "bertopic": {
            "seconds": bt_seconds,
            "f1": bcubed(bt_labels, gold)[2],
            "n_topics": len({t for t in topics if t >= 0}),
            "error": error,
        },
    }


# -- driver -----------------------------------------------------------------------------------


def child(kind: str, *args: str) -> dict:
    """Run one measurement in a fresh Python process and return its JSON."""
    cmd = [sys.executable, __file__, "--child", kind, *args]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[2:])} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict:
    import torch

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line),
        platform.processor(),
    )
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next(int(line.split()[1]) / 1024**2 for line in meminfo if "MemTotal" in line)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem, 1),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none",
        "python": platform.python_version(),
        "torch": torch.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--minilm-max",
        type=int,
        default=10000,
        help="largest N also run with MiniLM (default 10000)",
    )
    parser.add_argument(
        "--bertopic-max",
        type=int,
        default=100000,
        help="largest N BERTopic is run on (default 100000)",
    )
    parser.add_argument(
        "--minilm-cues-max",
        type=int,
        default=1000,
        help="largest N whose MiniLM run also scores cues (above it: embed and group "
        "only, which is what c and d compare; default 1000)",
    )
    parser.add_argument(
        "--fast-cues-max",
        type=int,
        default=10**9,
        help="largest N whose fast-model run also scores cues (default: every N)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds")
    parser.add_argument(
        "--resume", action="store_true", help="keep the runs already in --out, measure the rest"
    )
    parser.add_argument("--quick", action="store_true", help="sizes 1000 only, 1 round")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        fn = {
            "pipeline": run_pipeline,
            "bertopic": run_bertopic,
            "throughput": run_throughput,
            "small": run_small,
        }[kind]
        values = [int(v) if v.isdigit() else v for v in rest]
        print(json.dumps(fn(*values)))
        return 0

    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    bertopic = has_bertopic()
    if not bertopic:
        print(
            "BERTopic is not installed (pip install -e '.[bench]'): c is skipped",
            file=sys.stderr,
            flush=True,
        )
    rounds = 1 if args.quick else args.rounds
    (WORK / "stores").mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result: dict = {
        "machine": machine(),
        "command": " ".join(["python", "benchmarks/scale.py", *sys.argv[1:]]),
        "runs": [],
        "bertopic": [],
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    if args.resume and args.out.is_file():
        # keep what a stopped run measured; measure only what is missing
        old = json.loads(args.out.read_text())
        result.update({k: old[k] for k in ("runs", "bertopic", "throughput", "small") if k in old})

    def measured(section: str, n: int, model: str) -> bool:
        return any(r["n"] == n and r["model"] == model for r in result[section])

    def save() -> None:
        args.out.write_text(json.dumps(result, indent=2))

    for n in sizes:
        print(f"generating {n} articles", file=sys.stderr, flush=True)
        corpus_folder(n)
        for model in ["fast", MINILM] if n <= args.minilm_max else ["fast"]:
            limit = args.fast_cues_max if model == "fast" else args.minilm_cues_max
            cues = "cues" if n <= limit else "nocues"
            if not measured("runs", n, model):
                print(f"pipeline n={n} model={model} {cues}", file=sys.stderr, flush=True)
                result["runs"].append(child("pipeline", str(n), model, cues))
                save()
            if not bertopic:
                continue
            if n <= args.bertopic_max and not measured("bertopic", n, model):
                print(f"bertopic n={n} model={model}", file=sys.stderr, flush=True)
                result["bertopic"].append(child("bertopic", str(n), model))
                save()
    if "throughput" not in result:
        print("throughput", file=sys.stderr, flush=True)
        result["throughput"] = child("throughput", str(min(sizes)), str(rounds))
        save()
    if "small" not in result:
        print("small corpus", file=sys.stderr, flush=True)
        result["small"] = child("small", "30")
    result["ratios"] = ratios(result)
    save()
    print(report(result))
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"\nAll figures: {shown}")
    return 0


def ratios(result: dict) -> dict:
    """The four bars of the scale issue, from the measurements."""
    runs = {(r["n"], r["model"]): r for r in result["runs"]}
    bt = {(r["n"], r["model"]): r for r in result["bertopic"]}
    c = [
        {
            "n": n,
            "model": model,
            "ours_f1": runs[(n, model)]["bcubed"]["f1"],
            "bertopic_f1": b["bcubed"]["f1"],
            "ours_seconds": runs[(n, model)]["stages"]["group"]["seconds"],
            "bertopic_seconds": b["seconds"],
        }
        for (n, model), b in bt.items()
    ]
    small = result["small"]
    if "bertopic" in small:
        c.append(
            {
                "n": small["n"],
                "model": MINILM,
                "ours_f1": small["ours"]["f1"],
                "bertopic_f1": small["bertopic"]["f1"],
                "ours_seconds": small["ours"]["seconds"],
                "bertopic_seconds": small["bertopic"]["seconds"],
            }
        )
    d_f1 = [
        {"n": n, "fast_f1": r["bcubed"]["f1"], "minilm_f1": runs[(n, MINILM)]["bcubed"]["f1"]}
        for (n, model), r in runs.items()
        if model == "fast" and (n, MINILM) in runs
    ]
    b = [r["reanalyze_seconds"] / r["analyze_seconds"] for r in result["runs"]]
    return {
        "a_pipeline_over_raw_throughput": result["throughput"]["a_pipeline_over_raw"],
        "b_reanalysis_over_first": {"max": max(b), "per_run": b},
        "c_grouping_vs_bertopic": c,
        # None: BERTopic was not run (the bench extra is not installed)
        "c_ours_higher_everywhere": all(row["ours_f1"] > row["bertopic_f1"] for row in c)
        if c
        else None,
        "d_fast_over_minilm_throughput": result["throughput"]["d_fast_over_minilm"],
        "d_grouping_f1": d_f1,
    }


def report(result: dict) -> str:
    """The printed table."""
    m = result["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, GPU {m['gpu']}, "
        f"Python {m['python']}, torch {m['torch']}",
        "",
        f"{'N':>7} {'model':<7} "
        + " ".join(f"{s + ' s/MB':>16}" for s in ("ingest", "embed", "group", "cues"))
        + f" {'total s':>8} {'peak MB':>8} {'F1':>6}",
    ]
    for r in result["runs"]:
        cells = []
        for s in ("ingest", "embed", "group", "cues"):
            v = r["stages"].get(s)
            cells.append(f"{v['seconds']:>8.1f}/{v['peak_mb']:<7.0f}" if v else f"{'-':>16}")
        name = "fast" if r["model"] == "fast" else "MiniLM"
        if not r.get("cues", True):
            name += "*"
        lines.append(
            f"{r['n']:>7} {name:<7} "
            + " ".join(cells)
            + f" {r['total_seconds']:>8.1f} {r['peak_mb']:>8.0f} {r['bcubed']['f1']:>6.3f}"
        )
    q = result["ratios"]
    t = result["throughput"]
    if any(not r.get("cues", True) for r in result["runs"]):
        lines.append("* embed and group only (no cue scoring)")
    lines += [
        "",
        f"a. pipeline / raw encode throughput: {q['a_pipeline_over_raw_throughput']:.3f} "
        f"(bar >= 0.9; {t['texts_per_second']['pipeline']:.1f} vs "
        f"{t['texts_per_second']['raw']:.1f} texts/s, {t['n_texts']} article texts, "
        f"median of {t['rounds']})",
        f"b. re-analysis / first analysis: max {q['b_reanalysis_over_first']['max']:.4f} "
        "(bar <= 0.05)",
        "c. grouping B-cubed F1 (time s), ours vs BERTopic defaults on our embeddings:",
    ]
    for row in q["c_grouping_vs_bertopic"]:
        name = "fast" if row["model"] == "fast" else "MiniLM"
        lines.append(
            f"   N={row['n']:>6} {name:<6} ours {row['ours_f1']:.3f} ({row['ours_seconds']:.1f}) "
            f"BERTopic {row['bertopic_f1']:.3f} ({row['bertopic_seconds']:.1f})"
        )
    lines.append(f"   ours higher everywhere: {q['c_ours_higher_everywhere']}")
    lines.append(
        f"d. fast / MiniLM throughput: {q['d_fast_over_minilm_throughput']:.1f}x "
        f"({t['texts_per_second']['fast']:.0f} vs {t['texts_per_second']['pipeline']:.1f} texts/s)"
    )
    for row in q["d_grouping_f1"]:
        lines.append(
            f"   N={row['n']:>6} grouping F1 fast {row['fast_f1']:.3f} "
            f"vs MiniLM {row['minilm_f1']:.3f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
