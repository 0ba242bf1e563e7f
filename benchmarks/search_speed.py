"""Full-text search speed (framing.search) on real news articles.

Run: FRAMING_ABP_DIR=/path/to/abp .venv/bin/python benchmarks/search_speed.py [N]

Loads N (default 2,000) seeded articles of the Article-Bias-Prediction set and
times ``framing.search.search`` for a few queries over a ``SearchIndex`` built
once, splitting the texts into sentences on the fly and with the sentences
given (as the dashboard gives the stored ones). For comparison it builds an SQLite FTS5 index of the
same texts in memory and times the same queries there (article-level MATCH
only: no sentences or offsets). Skips without the data.
"""

from __future__ import annotations

import sqlite3
import sys
import time

import abp
import pandas as pd

from framing.search import SearchIndex, search
from framing.segment import sentences as split

MATCH = "SELECT id FROM fts WHERE fts MATCH ?"
QUERIES = ['"white house"', "immigration", "provoc*", "tax cut", '"supreme court" ruling']


def _best(fn, repeat: int = 3) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(n: int = 2000) -> int:
    if abp.abp_dir() is None:
        print(f"skipped: set {abp.ENV_VAR} to a clone of ramybaly/Article-Bias-Prediction")
        return 0
    arts = abp.load_articles(abp.sample_ids(n)).assign(event_id=0, published="")
    texts = arts.set_index("id")["text"]
    t0 = time.perf_counter()
    sents = pd.DataFrame(
        [
            {"id": i, "field": "text", "start": s.start, "end": s.end, "sentence": s.text}
            for i, t in texts.items()
            for s in split(t)
        ]
    )
    took = time.perf_counter() - t0
    print(f"{len(arts)} articles, {len(sents)} sentences (split in {took:.1f} s)")
    t0 = time.perf_counter()
    index = SearchIndex(arts, texts)
    print(f"SearchIndex (texts lower-cased once) built in {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    stored = SearchIndex(arts, texts, sents)
    print(f"SearchIndex with the sentences built in {time.perf_counter() - t0:.2f} s")
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, text)")
    t0 = time.perf_counter()
    conn.executemany("INSERT INTO fts VALUES (?, ?)", texts.items())
    print(f"FTS5 index built in {time.perf_counter() - t0:.2f} s")
    print(f"{'query':24} {'hits':>5} {'split s':>8} {'stored s':>9} {'FTS5 arts':>9} {'FTS5 s':>7}")
    for q in QUERIES:
        t_split, hits = _best(lambda q=q: search(q, arts, index=index), repeat=1)
        t_stored, hits2 = _best(lambda q=q: search(q, arts, index=stored))
        # FTS5 reads the same syntax: spaces are AND, quotes a phrase, * a prefix
        t_fts, rows = _best(lambda q=q: conn.execute(MATCH, (q,)).fetchall())
        assert len(hits) == len(hits2)
        print(f"{q:24} {len(hits):5d} {t_split:8.3f} {t_stored:9.3f} {len(rows):9d} {t_fts:7.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
