"""The local engine against the Ray engine on this machine, side by side in one run.

Run::

    .venv/bin/python benchmarks/ray_engine.py [--sizes 2000 10000] [--model fast]

For each size, a generated corpus (``framing.devtools.synthetic``) is ingested
into a fresh store and analysed, first by the local engine, then by the Ray
engine on a private cluster of this machine's cores, each in a fresh process
(so each peak memory is its own). Printed per run: wall time (the Ray one
includes starting the cluster), peak resident memory of the driver (the
process's high-water mark) and of the whole cluster (sampled proportional set
size of the driver and every process under it: Ray's services and workers
are started from the driver), throughput per stage (embedded texts, grouped
articles and scored articles per second, from the stages' own progress
events), and whether every output table of the two runs is equal
(``framing.devtools.engine_check``). The overhead bar: the Ray wall time within
25% of the local one. Figures go to ``benchmarks/results/ray_engine.json``.
The machine may be shared: compare the ratios of one run, with the load
average printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "ray_engine"
RESULTS = ROOT / "benchmarks" / "results" / "ray_engine.json"
SEED = 0
OVERHEAD_BAR = 1.25
# What each stage's throughput counts: the stage's own unit, or articles.
PER_ARTICLE = {"group", "cues", "store"}


def peak_mb() -> float:
    """This process's peak resident memory (MB)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and every process under it (MB)."""
    total, todo = 0.0, [pid]
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
            continue  # it ended while being read
    return total


def corpus_folder(n: int) -> Path:
    """JSON Lines shards of the generated corpus of ``n`` articles (made once)."""
    from framing.devtools.synthetic import generate_corpus, write_jsonl_shards

    folder = WORK / f"corpus-{n}"
    if not (folder / "articles").exists():
        write_jsonl_shards(generate_corpus(n, random_state=SEED), folder)
    return folder / "articles"


def run_one(n: int, engine: str, model: str, db: Path) -> dict:
    """One analysis in this (fresh) process; its figures."""
    from framing.config import Settings
    from framing.pipeline import analyze, ingest
    from framing.store import Store

    sampled = {"peak": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            sampled["peak"] = max(sampled["peak"], tree_pss_mb(os.getpid()))

    threading.Thread(target=sample, daemon=True).start()
    db.unlink(missing_ok=True)
    settings = Settings(db_path=db, model=model, engine=engine)
    finished: dict[str, dict] = {}

    def on_progress(event) -> None:
        if event.kind == "finish" and event.depth == 0:
            finished[event.stage] = {"seconds": event.elapsed, "done": event.done}

    with Store(db) as store:
        ingest([corpus_folder(n)], "bench", store, settings)
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        if engine == "ray":
            from framing.engines.ray_engine import connect

            connect(None)
        started = time.perf_counter() - t0
        analyze("bench", store, settings, on_progress=on_progress)
        wall = time.perf_counter() - t0
    stop.set()
    rates = {}
    for stage, row in finished.items():
        units = n if stage in PER_ARTICLE else row["done"]
        rates[stage] = {"seconds": round(row["seconds"], 2), "per_s": _rate(units, row["seconds"])}
    return {
        "n": n,
        "engine": engine,
        "model": model,
        "wall_s": round(wall, 2),
        "cluster_start_s": round(started, 2),
        "driver_peak_mb": round(peak_mb()),
        "cluster_peak_mb": round(max(sampled["peak"], peak_mb())),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "stages": rates,
    }


def _rate(units: float, seconds: float) -> float:
    return round(units / seconds, 1) if seconds > 0 else float("inf")


def child(n: int, engine: str, model: str) -> dict:
    """``run_one`` in a fresh process."""
    db = WORK / f"{engine}-{n}.sqlite3"
    cmd = [sys.executable, __file__, "--child", str(n), engine, model, str(db)]
    out = subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        # Ray logs a lot on stderr: the cause is at its end.
        raise RuntimeError(f"{engine} run of {n} failed:\n" + out.stderr[-4000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def same_answers(n: int) -> list[str]:
    """The tables in which the two engines' stored analyses of size ``n`` differ."""
    from framing.devtools.engine_check import differences, stored_analysis

    return differences(
        stored_analysis(WORK / f"local-{n}.sqlite3", "bench"),
        stored_analysis(WORK / f"ray-{n}.sqlite3", "bench"),
    )


def report(rows: list[dict]) -> str:
    """The local-vs-Ray table."""
    stages = ("embed", "group", "cues", "combine", "store")
    head = f"{'n':>7} {'engine':>6} {'wall s':>8} {'ratio':>6} {'driver MB':>9} {'all MB':>7}"
    head += " " + " ".join(f"{s + '/s':>10}" for s in stages) + "  load  same"
    lines = [head]
    local = {r["n"]: r for r in rows if r["engine"] == "local"}
    for r in rows:
        ratio = r["wall_s"] / local[r["n"]]["wall_s"] if r["n"] in local else float("nan")
        rates = " ".join(f"{r['stages'].get(s, {}).get('per_s', 0):>10,.0f}" for s in stages)
        same = "" if "same" not in r else ("yes" if r["same"] else "NO")
        lines.append(
            f"{r['n']:>7} {r['engine']:>6} {r['wall_s']:>8.1f} {ratio:>6.2f} "
            f"{r['driver_peak_mb']:>9} {r['cluster_peak_mb']:>7} {rates} "
            f"{r['load_before']:>5.1f} {same:>5}"
        )
    lines.append(
        f"(embed: texts/s; group, cues, store: articles/s; combine: batches/s; "
        f"bar: ray/local wall <= {OVERHEAD_BAR})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--model", default="fast")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=4, metavar=("N", "ENGINE", "MODEL", "DB"))
    args = parser.parse_args(argv)
    if args.child:
        n, engine, model, db = args.child
        print(json.dumps(run_one(int(n), engine, model, Path(db))))
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        corpus_folder(n)
        local = child(n, "local", args.model)
        print(json.dumps(local), flush=True)  # kept even if the Ray run fails
        on_ray = child(n, "ray", args.model)
        diff = same_answers(n)
        on_ray["same"] = not diff
        on_ray["differences"] = diff
        on_ray["overhead"] = round(on_ray["wall_s"] / local["wall_s"], 3)
        rows += [local, on_ray]
        print(report(rows), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"cpus": os.cpu_count(), "runs": rows}, indent=2) + "\n")
    ok = all(r.get("same", True) and r.get("overhead", 1) <= OVERHEAD_BAR for r in rows)
    print("overhead bar and equality:", "hold" if ok else "NOT held")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
