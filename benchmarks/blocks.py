"""Event grouping of the whole corpus against grouping in date-window blocks.

Run::

    .venv/bin/python benchmarks/blocks.py [--n 10000] [--rounds 2] [--days 90] [--max 2000]

A generated corpus (``framing.devtools.synthetic``, gold events known) is
embedded once with the fast static model (the hashing embedder when it is
not built), as the pipeline embeds articles. Then, in fresh processes, so
that each peak memory is its own, alternating rounds side by side:

- ``EventGrouper`` on the whole corpus;
- ``BlockedGrouper`` with cores of ``--days`` days;
- ``BlockedGrouper`` with cores of at most ``--max`` articles.

Printed per run: median wall time, peak resident memory of the grouping (the
process's high-water mark above what it held before grouping), blocks, events,
the window, and B-cubed F1 of the blocked events against the whole corpus's
and of each against the gold events. Figures go to
``benchmarks/results/blocks.json`` (``--out``). The machine may be shared:
compare the ratios of one run, not figures of different runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "blocks"
RESULTS = ROOT / "benchmarks" / "results" / "blocks.json"


def peak_mb() -> float:
    """This process's peak resident memory since the last ``reset_peak`` (MB)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    """Start a new peak-memory window (Linux: ``clear_refs`` 5 resets VmHWM)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def prepare(n: int, seed: int) -> tuple[Path, str]:
    """The corpus and its vectors under ``WORK`` (made once); returns the folder and model."""
    from framing.devtools.synthetic import generate_corpus
    from framing.embed import HashingEmbedder, StaticEmbedder, embed_articles

    folder = WORK / f"{n}-seed{seed}"
    static = StaticEmbedder()
    model = "fast" if static.is_built else "hashing"
    if not (folder / f"vectors-{model}.npy").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        df = generate_corpus(n, random_state=seed)
        df.to_parquet(folder / "corpus.parquet")
        embedder = static if model == "fast" else HashingEmbedder()
        vectors, _ = embed_articles(df, embedder, representation="title_lead")
        np.save(folder / f"vectors-{model}.npy", vectors)
    return folder, model


def run_child(folder: Path, model: str, kind: str, days: float, most: int) -> dict:
    """One grouping, measured in this process."""
    from framing.events import EventGrouper
    from framing.events.blocks import BlockedGrouper

    df = pd.read_parquet(folder / "corpus.parquet")
    X = np.load(folder / f"vectors-{model}.npy")
    texts = (df["title"] + ". " + df["text"]).tolist()
    if kind == "whole":
        grouper = EventGrouper()
    elif kind == "days":
        grouper = BlockedGrouper(EventGrouper(), block_days=days, block_max=None)
    else:
        grouper = BlockedGrouper(EventGrouper(), block_days=None, block_max=most)
    before = rss_mb()
    reset_peak()
    t0 = time.perf_counter()
    grouper.fit(X, texts=texts, dates=df["published"], outlets=df["outlet"])
    seconds = time.perf_counter() - t0
    np.save(folder / f"labels-{kind}.npy", grouper.labels_)
    return {
        "seconds": seconds,
        "peak_mb": peak_mb() - before,
        "n_events": int(grouper.n_events_),
        "window": float(grouper.window_),
        "blocks": int(getattr(grouper, "n_blocks_", 1)),
    }


def child(*args: str) -> dict:
    cmd = [sys.executable, __file__, "--child", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--days", type=float, default=90.0, help="core days of the days run")
    parser.add_argument("--max", type=int, default=2000, help="core articles of the count run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=5, metavar=("FOLDER", "MODEL", "KIND", "DAYS", "MAX"))
    args = parser.parse_args(argv)
    if args.child:
        folder, model, kind, days, most = args.child
        print(json.dumps(run_child(Path(folder), model, kind, float(days), int(most))))
        return 0

    from framing.metrics import bcubed

    folder, model = prepare(args.n, args.seed)
    kinds = ("whole", "days", "max")
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    for _ in range(args.rounds):
        for kind in kinds:
            runs[kind].append(child(str(folder), model, kind, str(args.days), str(args.max)))
    gold = pd.read_parquet(folder / "corpus.parquet", columns=["event"])["event"].to_numpy()
    labels = {k: np.load(folder / f"labels-{k}.npy") for k in kinds}
    rows = []
    for kind in kinds:
        done = runs[kind]
        rows.append(
            {
                "run": {
                    "whole": "whole corpus",
                    "days": f"blocks of {args.days:g} days",
                    "max": f"blocks of {args.max:,} articles",
                }[kind],
                "seconds": statistics.median(r["seconds"] for r in done),
                "peak_mb": statistics.median(r["peak_mb"] for r in done),
                "blocks": done[0]["blocks"],
                "events": done[0]["n_events"],
                "window": done[0]["window"],
                "f1_vs_whole": bcubed(labels[kind], labels["whole"])[2],
                "f1_vs_gold": bcubed(labels[kind], gold)[2],
            }
        )
    table = pd.DataFrame(rows)
    base = table.iloc[0]
    table["time_ratio"] = table["seconds"] / base["seconds"]
    table["memory_ratio"] = table["peak_mb"] / base["peak_mb"]
    print(f"{args.n:,} generated articles, {model} model, median of {args.rounds} rounds")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result = {"n": args.n, "model": model, "rounds": args.rounds, "runs": rows, "raw": runs}
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
