"""Rebuild the shipped loaded-language head, and report the choices behind it.

Run: [FRAMING_ABP_DIR=/path/to/Article-Bias-Prediction] .venv/bin/python benchmarks/train_loaded.py

Training data: every bundled labelled sentence (``framing.cues.loaded.
training_sentences``: the pairs and the single hard negatives/positives) and,
when FRAMING_ABP_DIR is set, distant supervision: outlet-voice sentences of
partisan (left/right) outlets against centre outlets, from the training half
of the outlets (``framing.cues.loaded_distant.split_outlets``), never from an
article of the labelled real-news evaluation set (benchmarks/data/loaded_abp.tsv).

Every choice is made by cross-validation grouped by topic on the labelled
sentences (distant rows are always in the training folds, grouped by outlet),
never on benchmarks/data/loaded_dev.tsv or loaded_abp.tsv: the weight of the
distant rows, the regularisation C, and the model kind (the logistic head is
compared with a small MLP and gradient boosting; only a linear head lets the
evidence decompose exactly over tokens, so it ships unless another wins
clearly). The chosen head is written to src/framing/cues/data/loaded_head.npz
(``--out`` to write elsewhere, ``--report-only`` to write nothing).

Embeddings are cached under ``$FRAMING_CACHE_DIR/loaded_train`` (default
``~/.cache/framing/loaded_train``) so a rerun costs seconds.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from abp import abp_dir, load_articles
from loaded_abp import load_loaded_abp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier

from framing.cues.loaded import BUNDLED_HEAD, LoadedScorer, training_sentences
from framing.cues.loaded_distant import distant_labels, outlet_voice_sentences, split_outlets
from framing.cues.loaded_head import fit_head, grouped_splits, out_of_fold_logits, recalibrate
from framing.cues.match import LexiconMatcher
from framing.embed import SentenceTransformerEmbedder

ROOT = Path(__file__).resolve().parents[1]
HEAD_PATH = ROOT / "src" / "framing" / "cues" / "data" / BUNDLED_HEAD
EVAL_PATH = ROOT / "benchmarks" / "data" / "loaded_abp.tsv"
CALIB_PATH = ROOT / "benchmarks" / "data" / "loaded_abp_calib.tsv"
ARTICLES_PER_OUTLET = 60
SENTENCES_PER_OUTLET = 150
# (weight of partisan rows, weight of centre rows): both sides as a contrast,
# or the centre outlets' own sentences alone as weak negatives (news reporting
# style is mostly neutral wording).
DISTANT_WEIGHTS = ((0.0, 0.0), (0.1, 0.1), (0.3, 0.3), (1.0, 1.0), (0.0, 0.3), (0.0, 1.0))
QUICK_WEIGHTS = ((0.0, 0.0), (0.1, 0.1), (0.0, 0.3), (0.0, 1.0))
C_GRID = (0.003, 0.01, 0.03, 0.1)


def cache_dir() -> Path:
    base = os.environ.get("FRAMING_CACHE_DIR") or Path.home() / ".cache" / "framing"
    out = Path(base) / "loaded_train"
    out.mkdir(parents=True, exist_ok=True)
    return out


def embed_cached(texts: list[str], embedder, name: str) -> np.ndarray:
    """Embed ``texts``, reusing vectors saved by an earlier run."""
    key = hashlib.sha256(embedder.model_id.encode()).hexdigest()[:10]
    path = cache_dir() / f"{name}-{key}.npz"
    known: dict[str, np.ndarray] = {}
    if path.is_file():
        with np.load(path, allow_pickle=False) as data:
            known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    todo = sorted({t for t in texts if t not in known})
    if todo:
        print(f"embedding {len(todo)} new sentences ({name})", flush=True)
        for start in range(0, len(todo), 512):
            part = todo[start : start + 512]
            known.update(zip(part, embedder.encode(part), strict=True))
            keys = list(known)
            np.savez(path, texts=np.array(keys), vectors=np.stack([known[k] for k in keys]))
    return np.stack([known[t] for t in texts]) if texts else np.zeros((0, 384))


def eval_article_ids() -> set[str]:
    """Articles of the labelled evaluation set: never trained on."""
    if not EVAL_PATH.is_file():
        return set()
    with EVAL_PATH.open(encoding="utf-8") as fh:
        return {row["id"] for row in csv.DictReader(fh, delimiter="\t")}


def abp_meta(root: Path) -> pd.DataFrame:
    rows = []
    for path in sorted((root / "data" / "jsons").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        rows.append((raw["ID"], raw["source"], raw["bias_text"]))
    return pd.DataFrame(rows, columns=["id", "outlet", "bias"])


def distant_rows(root: Path, *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weakly labelled sentences of the training outlets, and the outlet split."""
    meta = abp_meta(root)
    split = split_outlets(meta)
    train_outlets = set(split.loc[split["split"] == "train", "outlet"])
    skip = eval_article_ids()
    pool = meta[meta["outlet"].isin(train_outlets) & ~meta["id"].isin(skip)]
    ids = (
        pool.sample(frac=1.0, random_state=seed)
        .groupby("outlet", sort=True)
        .head(ARTICLES_PER_OUTLET)["id"]
        .sort_values()
    )
    sents = outlet_voice_sentences(load_articles(ids.tolist()))
    return distant_labels(sents, per_outlet=SENTENCES_PER_OUTLET, random_state=seed), split


def auroc_by_cv(X, y, groups, labelled, weight, C) -> float:
    z = out_of_fold_logits(X, y, groups, weight=weight, C=C)
    return float(roc_auc_score(y[labelled], z[labelled]))


def other_models(X, y, groups, labelled, weight) -> dict[str, float]:
    """Grouped-CV AUROC of two non-linear heads on the same features."""
    out = {}
    makers = {
        "MLP (64 hidden, early stopping)": lambda: MLPClassifier(
            (64,), alpha=1e-2, early_stopping=True, max_iter=300, random_state=0
        ),
        "gradient boosting (200 trees)": lambda: HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, random_state=0
        ),
    }
    for name, make in makers.items():
        p = np.zeros(len(y))
        for train, test in grouped_splits(groups):
            model = make()
            if "MLP" in name:  # MLPClassifier takes no sample weights
                keep = train[weight[train] > 0]
                model.fit(X[keep], y[keep])
            else:
                model.fit(X[train], y[train], sample_weight=weight[train])
            p[test] = model.predict_proba(X[test])[:, 1]
        out[name] = float(roc_auc_score(y[labelled], p[labelled]))
    return out


def calibrate_on_news(head, scorer: LoadedScorer, embedder, path: Path):
    """Refit the head's Platt map on a labelled real-news calibration set."""
    if path.resolve() == EVAL_PATH.resolve():
        raise SystemExit("the evaluation set is never used for calibration")
    root = abp_dir()
    if root is None:
        raise SystemExit("--calibrate-real needs FRAMING_ABP_DIR (the news texts)")
    calib = load_loaded_abp(root, path=path)
    evaluation = pd.read_csv(EVAL_PATH, sep="\t", dtype=str)
    shared = set(calib["id"]) & set(evaluation["id"])
    if shared:
        raise SystemExit(f"{len(shared)} calibration articles are in the evaluation set")
    texts = calib["text"].tolist()
    X = scorer.features(texts, embed_cached(texts, embedder, "calibration"))
    y = calib["label"].to_numpy(int)
    before = head.predict_proba(X)
    head = recalibrate(head, head.logit(X), y, source=f"{path.name} ({len(y)} sentences)")
    after = head.predict_proba(X)
    print(
        f"calibrated on {path.name}: {len(y)} sentences, {int(y.sum())} loaded; "
        f"mean score {before.mean():.3f} -> {after.mean():.3f} (loaded share {y.mean():.3f}); "
        f"Platt a={head.cal_x[0]:.3f} b={head.cal_x[1]:.3f}"
    )
    return head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HEAD_PATH)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--no-distant", action="store_true", help="ignore FRAMING_ABP_DIR")
    parser.add_argument("--skip-others", action="store_true", help="skip the MLP / boosting")
    parser.add_argument("--C", type=float, help="use this C (no search over C)")
    parser.add_argument("--quick", action="store_true", help="C 0.01/0.03, distant weight 0/0.1")
    parser.add_argument("--distant-weight", type=float, help="use this weight (no search)")
    parser.add_argument(
        "--calibrate-real",
        type=Path,
        nargs="?",
        const=CALIB_PATH,
        help="fit the Platt map on a labelled real-news calibration set "
        "(default benchmarks/data/loaded_abp_calib.tsv; needs FRAMING_ABP_DIR); "
        "never the evaluation set",
    )
    args = parser.parse_args(argv)

    embedder = SentenceTransformerEmbedder()
    labelled = training_sentences()
    print(
        f"labelled sentences: {len(labelled)} ({(labelled['kind'] == 'pair').sum()} from pairs, "
        f"{(labelled['kind'] == 'single').sum()} single), {labelled['topic'].nunique()} topics"
    )
    root = None if args.no_distant else abp_dir()
    if root is not None:
        weak, split = distant_rows(root)
        kept = split[split["split"] == "train"]
        print(
            f"distant supervision: {len(weak)} outlet-voice sentences from "
            f"{weak['outlet'].nunique()} of {len(kept)} training outlets "
            f"({int(weak['label'].sum())} partisan, {int((weak['label'] == 0).sum())} centre)"
        )
    else:
        weak = pd.DataFrame(columns=["outlet", "sentence", "label"])
        print("distant supervision: off (no FRAMING_ABP_DIR or --no-distant)")

    scorer = LoadedScorer(embedder, use_bundled=False)
    scorer.matcher_ = LexiconMatcher().fit()
    texts = labelled["sentence"].tolist() + weak["sentence"].tolist()
    vectors = embed_cached(texts, embedder, "sentences")
    X = scorer.features(texts, vectors)
    y = np.r_[labelled["label"].to_numpy(int), weak["label"].to_numpy(int)]
    groups = np.r_[labelled["topic"].to_numpy(str), ("outlet:" + weak["outlet"]).to_numpy(str)]
    is_lab = np.r_[np.ones(len(labelled), bool), np.zeros(len(weak), bool)]

    print("\ngrouped 5-fold CV on the labelled sentences (groups: topics), AUROC:")
    results = {}
    weights = (QUICK_WEIGHTS if args.quick else DISTANT_WEIGHTS) if len(weak) else ((0.0, 0.0),)
    if args.distant_weight is not None:
        weights = ((args.distant_weight, args.distant_weight),)
    grid = (0.01, 0.03) if args.quick else C_GRID

    def row_weights(w: tuple[float, float]) -> np.ndarray:
        return np.where(is_lab, 1.0, np.where(y == 1, w[0], w[1]))

    for w in weights:
        for C in grid if args.C is None else (args.C,):
            results[(w, C)] = auroc_by_cv(X, y, groups, is_lab, row_weights(w), C)
            print(
                f"  distant weight partisan {w[0]:4.2f} centre {w[1]:4.2f}  C {C:6.3f}  "
                f"AUROC {results[(w, C)]:.3f}",
                flush=True,
            )
    best_w, best_C = max(results, key=lambda k: (round(results[k], 3), -sum(k[0])))
    print(f"chosen: distant weights {best_w}, C {best_C} (AUROC {results[(best_w, best_C)]:.3f})")
    weight = row_weights(best_w)
    if not args.skip_others:
        for name, auc in other_models(X, y, groups, is_lab, weight).items():
            print(f"  {name:34s} AUROC {auc:.3f}")

    rows = weight > 0
    head = fit_head(
        X[rows],
        y[rows],
        groups[rows],
        model_id=embedder.model_id,
        dim=vectors.shape[1],
        weight=weight[rows],
        calibrate_on=is_lab[rows],
        C=best_C,
        calibration="auto",
        meta={
            "distant_weight": list(best_w),
            "n_labelled": int(is_lab.sum()),
            "n_distant": int((~is_lab[rows]).sum()),
            "cv_auroc": round(results[(best_w, best_C)], 4),
        },
    )
    print(f"calibration: {head.calibration}; head trained on {int(rows.sum())} sentences")
    if args.calibrate_real is not None:
        head = calibrate_on_news(head, scorer, embedder, args.calibrate_real)
    if not args.report_only:
        head.save(args.out)
        print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
