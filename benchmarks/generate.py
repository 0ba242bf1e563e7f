"""Write a synthetic corpus of N articles with gold events, for scale benchmarks.

Run: .venv/bin/python benchmarks/generate.py N OUT_FOLDER [--seed S] [--days D]

Writes ``OUT_FOLDER/articles/part-*.jsonl`` (read them with
``framing analyze OUT_FOLDER/articles`` or ``read_inputs``) and
``OUT_FOLDER/gold.csv`` (id, event, template), then prints what it wrote and
how long generating and writing took. See ``framing.devtools.synthetic``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from framing.devtools.synthetic import default_days, generate_corpus, write_jsonl_shards


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output folder (created if missing)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--days", type=int, default=None, help="days the events span (default: about N/6)"
    )
    parser.add_argument("--per-file", type=int, default=10_000, help="articles per shard")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")

    t0 = time.perf_counter()
    df = generate_corpus(args.n, random_state=args.seed, days=args.days)
    t1 = time.perf_counter()
    paths = write_jsonl_shards(df, args.out, per_file=args.per_file)
    t2 = time.perf_counter()

    size = sum(p.stat().st_size for p in paths)
    span = f"{df['published'].min()} to {df['published'].max()}" if len(df) else "none"
    print(f"articles   {len(df):,}")
    print(f"events     {df['event'].nunique():,} (from {df['template'].nunique()} templates)")
    print(f"outlets    {df['outlet'].nunique():,}")
    print(f"dates      {span} (events drawn over {args.days or default_days(args.n):,} days)")
    print(f"shards     {len(paths)} in {args.out / 'articles'} ({size / 1e6:.1f} MB)")
    print(f"gold       {args.out / 'gold.csv'}")
    print(f"seconds    generate {t1 - t0:.2f}, write {t2 - t1:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
