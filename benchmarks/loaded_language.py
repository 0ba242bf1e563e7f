"""AUROC of the loaded-language score on the original dev set.

Run: .venv/bin/python benchmarks/loaded_language.py

The dev set (benchmarks/data/loaded_dev.tsv) holds 160 pairs of a neutral and
a loaded wording of the same fact, written separately from the training pairs
(src/framing/cues/data/loaded_train.tsv). Printed: AUROC of the full score
(embedding classifier + lexicon), of the classifier without lexicon features,
of the lexicon alone (summed cue weights), and the pairwise accuracy (share of
pairs where the loaded wording scores higher), overall and per topic.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from framing.cues.loaded import LoadedScorer, lexicon_evidence
from framing.cues.match import LexiconMatcher
from framing.embed import SentenceTransformerEmbedder

ROOT = Path(__file__).resolve().parents[1]


def load_dev() -> pd.DataFrame:
    with (ROOT / "benchmarks" / "data" / "loaded_dev.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    df = pd.DataFrame(rows)
    df["label"] = df["label"].astype(int)
    return df


def pair_accuracy(df: pd.DataFrame, scores: np.ndarray) -> float:
    d = df.assign(score=scores)
    wide = d.pivot_table(index="pair_id", columns="label", values="score")
    # ties count half, as in AUROC
    return float((wide[1] > wide[0]).mean() + 0.5 * (wide[1] == wide[0]).mean())


def main() -> int:
    dev = load_dev()
    embedder = SentenceTransformerEmbedder()
    matcher = LexiconMatcher().fit()
    full = LoadedScorer(embedder, matcher).fit()
    no_lex = LoadedScorer(embedder, matcher, lexicon_weight=0.0).fit()
    sentences = dev["sentence"].tolist()
    scores = {
        "full score (embedding classifier + lexicon)": full.score(sentences),
        "embedding classifier only": no_lex.score(sentences),
        "lexicon only (summed cue weights)": lexicon_evidence(sentences, matcher)[:, 0],
    }
    print(
        f"dev set: {len(dev) // 2} pairs, {dev['topic'].nunique()} topics; "
        f"training sentences: {full.n_train_}"
    )
    print(f"{'scorer':46s} {'AUROC':>6s} {'pair acc':>8s}")
    for name, s in scores.items():
        print(f"{name:46s} {roc_auc_score(dev['label'], s):6.3f} {pair_accuracy(dev, s):8.3f}")
    print("\nper topic (full score):")
    s = scores["full score (embedding classifier + lexicon)"]
    for topic, g in dev.assign(score=s).groupby("topic"):
        print(f"  {topic:20s} AUROC {roc_auc_score(g['label'], g['score']):.3f}  (n={len(g)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
