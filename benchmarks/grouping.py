"""Event grouping quality: article representation x test set, B-cubed F1.

Run: .venv/bin/python benchmarks/grouping.py

Prints one row per (representation, test set) with B-cubed precision, recall,
F1, the number of events found and the embedding time. The test sets are the
sample corpus (gold.toml), the newsdesk set (tests/data/grouping) and variants
of both: without dates, three outlets only, one event only; the same-week and
snippet sets (tests/data/grouping) with and without dates; and, when
FRAMING_ABP_DIR names a clone of ramybaly/Article-Bias-Prediction, 136 real
articles in 48 events labelled here (benchmarks/data/grouping_abp.toml; skipped
without the data).
"""

from __future__ import annotations

import statistics
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering

from framing.embed import SentenceTransformerEmbedder, embed_articles
from framing.events import EventGrouper
from framing.ingest import read_inputs
from framing.metrics import bcubed

ROOT = Path(__file__).resolve().parents[1]


def test_sets() -> dict[str, pd.DataFrame]:
    sample = read_inputs([ROOT / "sample_articles"]).articles
    gold = tomllib.loads((ROOT / "sample_articles" / "gold.toml").read_text())["events"]
    sample["gold"] = [gold[i] for i in sample["id"]]
    news = pd.read_json(ROOT / "tests/data/grouping/newsdesk.jsonl", lines=True, dtype=False)
    news = news.rename(columns={"event": "gold"})
    sets = {"sample": sample, "newsdesk": news}
    sets["sample, no dates"] = sample.assign(published="")
    sets["newsdesk, no dates"] = news.assign(published="")
    three = ["Meridian Wire", "Liberty Cable News", "Chollima Press Service"]
    sets["sample, 3 outlets"] = sample[sample["outlet"].isin(three)]
    sets["newsdesk, 3 outlets"] = news[news["outlet"].isin(news["outlet"].unique()[:3])]
    sets["sample, one event"] = sample[sample["gold"] == "barrage"]
    sets["sample, two close events"] = sample[sample["gold"].isin(["barrage", "vigilant-storm"])]
    for name in ("sameweek", "snippets"):
        path = ROOT / "tests/data/grouping" / f"{name}.jsonl"
        if path.exists():
            df = pd.read_json(path, lines=True, dtype=False).rename(columns={"event": "gold"})
            sets[name] = df
            sets[f"{name}, no dates"] = df.assign(published="")
    real = abp_events()
    if real is not None:
        sets["abp real"] = real
        sets["abp real, no dates"] = real.assign(published="")
    return {k: v.reset_index(drop=True) for k, v in sets.items()}


def abp_events() -> pd.DataFrame | None:
    """The labelled real articles, or None without FRAMING_ABP_DIR."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import abp

    if abp.abp_dir() is None:
        print(f"{abp.ENV_VAR} not set: the real-article set is skipped")
        return None
    events = tomllib.loads((ROOT / "benchmarks/data/grouping_abp.toml").read_text())["events"]
    gold = {i: event for event, ids in events.items() for i in ids}
    df = abp.load_articles(list(gold))
    df["published"] = df["published"].dt.strftime("%Y-%m-%d").fillna("")
    df["gold"] = df["id"].map(gold)
    return df[["id", "outlet", "title", "text", "published", "gold"]]


def _average_linkage(X: np.ndarray, similarity: float) -> np.ndarray:
    if len(X) < 2:
        return np.zeros(len(X), dtype=int)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - similarity
    )
    return model.fit_predict(X)


def main() -> int:
    embedder = SentenceTransformerEmbedder()
    sets = test_sets()
    print(
        f"{'representation':14s} {'test set':26s} {'n':>4s} {'P':>6s} {'R':>6s} {'F1':>6s} "
        f"{'events':>6s} {'gold':>5s} {'embed s':>8s}"
    )
    # "baseline": plain MiniLM (title_lead) and average linkage, cosine 0.60,
    # the best single threshold over these sets, for scale.
    for representation in ("title_lead", "chunks", "baseline"):
        f1s = []
        for name, df in sets.items():
            t0 = time.perf_counter()
            how = "title_lead" if representation == "baseline" else representation
            X, _ = embed_articles(df, embedder, representation=how)
            seconds = time.perf_counter() - t0
            texts = (df["title"] + ". " + df["text"]).tolist()
            if representation == "baseline":
                labels = _average_linkage(X, 0.60)
            else:
                labels = EventGrouper().fit_predict(
                    X, texts=texts, dates=df["published"], outlets=df["outlet"]
                )
            p, r, f = bcubed(labels, df["gold"].tolist())
            f1s.append(f)
            print(
                f"{representation:14s} {name:26s} {len(df):4d} {p:6.3f} {r:6.3f} {f:6.3f} "
                f"{len(set(labels)):6d} {df['gold'].nunique():5d} {seconds:8.2f}"
            )
        print(
            f"{representation:14s} {'median F1 / min F1':26s} {'':4s} {'':6s} {'':6s} "
            f"{statistics.median(f1s):6.3f} (min {min(f1s):.3f})"
        )
    return 0


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    sys.exit(main())
