"""Cheaper article vectors, and what they cost in event grouping (B-cubed F1).

Run: .venv/bin/python benchmarks/article_vectors.py [VARIANT ...]

The default article vector embeds the title and the text up to MiniLM's 256
word pieces (``title_lead``): at 1,000 articles that is about a third of a cold
run's embedding. Two ways to spend less were tried, on the test sets of
``benchmarks/grouping.py`` (the real-article set too when FRAMING_ABP_DIR names
a clone of ramybaly/Article-Bias-Prediction), with the default int8 MiniLM and
the default ``EventGrouper``:

- ``sent_*``: the normalised sum of the title's and the sentences' vectors,
  which cue scoring embeds anyway (all sentences, the first 8, the title
  weighted 3, or sentence ``i`` weighted ``0.85 ** i`` with the title 2);
- ``lead_*w``: the title and only the first N words of the text.

Prints one row per variant and test set, then each variant's median, mean
and minimum F1.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from framing.config import Settings
from framing.embed.cache import embed_articles, embed_texts
from framing.events import EventGrouper
from framing.metrics import bcubed
from framing.segment import sentences as split_sentences
from framing.stages import make_embedder


def test_sets() -> dict[str, pd.DataFrame]:
    """The test sets of benchmarks/grouping.py (loaded only when run)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from grouping import test_sets as sets

    return sets()


def pooled(df: pd.DataFrame, embedder, *, cap=None, title_weight=1.0, decay=None) -> np.ndarray:
    """Article vectors as weighted sums of title and sentence vectors."""
    texts, owner, weight = [], [], []
    for pos, (title, text) in enumerate(zip(df["title"], df["text"], strict=True)):
        if str(title).strip():
            texts.append(str(title).strip())
            owner.append(pos)
            weight.append(title_weight)
        for i, span in enumerate(split_sentences(str(text))):
            if cap is not None and i >= cap:
                break
            texts.append(span.text)
            owner.append(pos)
            weight.append(1.0 if decay is None else decay**i)
    vectors, _ = embed_texts(texts, embedder)
    out = np.zeros((len(df), vectors.shape[1]))
    np.add.at(out, np.asarray(owner), vectors * np.asarray(weight)[:, None])
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out.astype(np.float32)


def lead(df: pd.DataFrame, embedder, words: int) -> np.ndarray:
    """Title-lead vectors of the title and the first ``words`` words."""
    cut = df.assign(text=[" ".join(str(t).split()[:words]) for t in df["text"]])
    return embed_articles(cut, embedder)[0]


VARIANTS = {
    "title_lead": lambda df, e: embed_articles(df, e)[0],
    "sent_all": lambda df, e: pooled(df, e),
    "sent_8": lambda df, e: pooled(df, e, cap=8),
    "sent_all_t3": lambda df, e: pooled(df, e, title_weight=3.0),
    "sent_decay": lambda df, e: pooled(df, e, title_weight=2.0, decay=0.85),
    "lead_120w": lambda df, e: lead(df, e, 120),
    "lead_90w": lambda df, e: lead(df, e, 90),
    "lead_60w": lambda df, e: lead(df, e, 60),
}


def main(argv: list[str]) -> int:
    unknown = [v for v in argv if v not in VARIANTS]
    if unknown:
        raise SystemExit(f"unknown variant(s) {unknown}; choose from {list(VARIANTS)}")
    embedder = make_embedder(Settings())
    sets = test_sets()
    for name in argv or list(VARIANTS):
        f1s = []
        for set_name, df in sets.items():
            t0 = time.perf_counter()
            X = VARIANTS[name](df, embedder)
            texts = (df["title"] + ". " + df["text"]).tolist()
            labels = EventGrouper().fit_predict(
                X, texts=texts, dates=df["published"], outlets=df["outlet"]
            )
            p, r, f = bcubed(labels, df["gold"].tolist())
            f1s.append(f)
            found, gold = len(set(labels)), df["gold"].nunique()
            print(
                f"{name:12s} {set_name:26s} {len(df):4d} P {p:.3f} R {r:.3f} F1 {f:.3f} "
                f"events {found}/{gold} {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
        print(
            f"{name:12s} F1 median {statistics.median(f1s):.3f} mean {statistics.mean(f1s):.3f} "
            f"min {min(f1s):.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
