"""The loaded-language score on the original dev set and on labelled real news.

Run: .venv/bin/python benchmarks/loaded_language.py
(with FRAMING_ABP_DIR=/path/to/Article-Bias-Prediction for the real set)

Sets (neither is ever trained or tuned on):

- dev: benchmarks/data/loaded_dev.tsv, 160 pairs of a neutral and a loaded
  wording of the same fact, written separately from the training pairs.
- real: benchmarks/data/loaded_abp.tsv (via benchmarks/loaded_abp.py),
  sentences of Article-Bias-Prediction articles labelled by
  docs/loaded-guideline.md, with the loaded words marked. Skipped without
  FRAMING_ABP_DIR.

Printed per set (``--no-distant``: without the two distant-supervision
variants, which need their sentences embedded): AUROC of the shipped score, of the same head without
lexicon features, of the previous model (360 pairs only) and of the lexicon
alone; a reliability table (score bins: count, mean score, observed share
loaded), Brier score and ECE. On the real set also: AUROC per voice,
word-level precision / recall / F1 of the cue words (lexicon cues in the
sentence plus ``model`` cues of sentences at or above the engine's threshold)
against the marked words, and the errors at score 0.5 by kind. With
FRAMING_ABP_DIR, the mean outlet-voice score per article by the data set's
left / center / right rating, with 95% bootstrap intervals over articles,
on outlets held out of the distant-supervision training.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from abp import abp_dir, load_articles
from sklearn.metrics import roc_auc_score
from train_loaded import abp_meta, distant_rows, embed_cached

from framing.cues.engine import CueEngine
from framing.cues.loaded import LoadedScorer, lexicon_evidence, training_sentences
from framing.cues.loaded_distant import outlet_voice_sentences, split_outlets
from framing.cues.loaded_evidence import model_cues
from framing.cues.loaded_head import fit_head
from framing.cues.loaded_metrics import (
    bootstrap_mean,
    brier,
    expected_calibration_error,
    reliability_table,
    word_prf,
)
from framing.cues.match import LexiconMatcher
from framing.embed import SentenceTransformerEmbedder

ROOT = Path(__file__).resolve().parents[1]
ARTICLES_PER_RATING = 30
SENTENCES_PER_ARTICLE = 12
THRESHOLD = CueEngine().model_cue_threshold


def load_dev() -> pd.DataFrame:
    with (ROOT / "benchmarks" / "data" / "loaded_dev.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    df = pd.DataFrame(rows)
    df["label"] = df["label"].astype(int)
    return df


def load_real() -> pd.DataFrame | None:
    """The labelled real-news set with texts, or None (no data set, or no loader)."""
    path = Path(__file__).with_name("loaded_abp.py")
    if abp_dir() is None or not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("loaded_abp", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    real = module.load_loaded_abp()
    if real is None:
        return None
    notes = module.read_labels()[["id", "field", "start", "note"]]
    return real.merge(notes, on=["id", "field", "start"], how="left")


def pair_accuracy(df: pd.DataFrame, scores: np.ndarray) -> float:
    d = df.assign(score=scores)
    wide = d.pivot_table(index="pair_id", columns="label", values="score")
    # ties count half, as in AUROC
    return float((wide[1] > wide[0]).mean() + 0.5 * (wide[1] == wide[0]).mean())


def print_calibration(name: str, y: np.ndarray, p: np.ndarray) -> None:
    table = reliability_table(y, p)
    print(f"\nreliability ({name}): score bin, sentences, mean score, observed share loaded")
    for row in table.itertuples(index=False):
        bar = "#" * round(row.observed * 20)
        print(
            f"  [{row.lo:.1f}, {row.hi:.1f})  n={row.n:4d}  predicted {row.mean_predicted:.2f}  "
            f"observed {row.observed:.2f}  {bar}"
        )
    print(f"  Brier {brier(y, p):.3f}   ECE {expected_calibration_error(y, p):.3f}")


def trained_on(
    data: pd.DataFrame,
    embedder,
    matcher,
    *,
    lexicon: bool = True,
    weak_weight: tuple[float, float] = (0.0, 0.0),
) -> LoadedScorer:
    """A head trained here on ``data`` (vectors from the training script's cache).

    Rows with a ``weak`` flag (distant supervision) weigh ``weak_weight``
    (partisan rows, centre rows) and are left out of the calibration, as in
    ``benchmarks/train_loaded.py``.
    """
    scorer = LoadedScorer(embedder, matcher, lexicon_weight=1.0 if lexicon else 0.0)
    scorer.matcher_ = matcher
    texts = data["sentence"].tolist()
    weak = data["weak"].to_numpy(bool) if "weak" in data else np.zeros(len(data), bool)
    X = scorer.features(texts, embed_cached(texts, embedder, "sentences"))
    scorer.head_ = fit_head(
        X,
        data["label"].to_numpy(int),
        data["topic"].to_numpy(str),
        model_id=embedder.model_id,
        dim=X.shape[1] - 2,
        weight=np.where(weak, np.where(data["label"] == 1, *weak_weight), 1.0),
        calibrate_on=~weak,
        C=scorer.C,
        calibration="platt",
    )
    return scorer


def scorers(embedder, matcher, *, distant: bool = True) -> dict[str, LoadedScorer]:
    """The shipped score and the heads it is compared with."""
    shipped = LoadedScorer(embedder, matcher).fit()
    labelled = training_sentences()
    old = labelled[labelled["file"] == "loaded_train.tsv"]
    out = {
        f"shipped score ({shipped.source_}, {shipped.n_train_} sentences)": shipped,
        "same data, no lexicon features": trained_on(labelled, embedder, matcher, lexicon=False),
        "previous model (360 original pairs)": trained_on(old, embedder, matcher),
    }
    root = abp_dir() if distant else None
    if root is not None:
        # Reported only: the shipped weights were chosen by grouped CV in train_loaded.py.
        weak, _ = distant_rows(root)
        weak = weak.assign(topic="outlet:" + weak["outlet"], weak=True)
        both = pd.concat([labelled.assign(weak=False), weak], ignore_index=True)
        for w, what in (((0.1, 0.1), "partisan vs centre, weight 0.1"),
                        ((0.0, 1.0), "centre outlets as negatives, weight 1")):  # fmt: skip
            out[f"labelled + distant ({what})"] = trained_on(both, embedder, matcher, weak_weight=w)
    return out


def auroc_lines(models, sentences, vectors, y, matcher) -> dict[str, np.ndarray]:
    out = {name: m.score(sentences, vectors) for name, m in models.items()}
    out["lexicon only (summed cue weights)"] = lexicon_evidence(sentences, matcher)[:, 0]
    for name, s in out.items():
        print(f"  {name:52s} AUROC {roc_auc_score(y, s):.3f}")
    return out


def cue_spans(sentences, scores, embedder, scorer, matcher):
    """Per sentence: lexicon cue spans, and model cue spans (offsets in the sentence)."""
    lex = [[(a, b) for a, b, _ in matcher.find(s)] for s in sentences]
    sents = pd.DataFrame({"id": [str(k) for k in range(len(sentences))], "field": "text",
                          "start": 0, "end": [len(s) for s in sentences],
                          "sentence": sentences, "loaded_score": scores})  # fmt: skip
    lex_rows = pd.DataFrame(
        [(str(k), "text", a, b) for k, spans in enumerate(lex) for a, b in spans],
        columns=["id", "field", "start", "end"],
    )
    cues, method = model_cues(sents, lex_rows, embedder, scorer.head_.embedding_weights,
                              threshold=THRESHOLD)  # fmt: skip
    model = [[] for _ in sentences]
    for row in cues.itertuples(index=False):
        model[int(row.id)].append((int(row.start), int(row.end)))
    return lex, model, method


def _kind(row, missed: bool) -> str:
    note = str(row.note or "").replace(";", ",").split(",")[0].strip()
    if note:
        return note
    if missed:
        return "lexicon hit, model too low" if row.lex else "loaded words the model does not see"
    return f"{row.voice} voice" if row.voice != "outlet" else "plain outlet-voice report"


def error_kinds(real: pd.DataFrame, scores: np.ndarray, lex_hit: np.ndarray) -> None:
    """Errors at score 0.5, by the labeller's note, else by voice and lexicon hit."""
    d = real.assign(score=scores, lex=lex_hit, note=real["note"].fillna(""))
    print(f"\nwhat the score still misses (real set, at score 0.5; {len(d)} sentences):")
    for missed, rows, what in (
        (True, d[(d["label"] == 1) & (d["score"] < 0.5)], "loaded sentences scored below 0.5"),
        (False, d[(d["label"] == 0) & (d["score"] >= 0.5)], "neutral sentences scored 0.5+"),
    ):
        print(f"  {what}: {len(rows)} of {(d['label'] == int(missed)).sum()}")
        kinds = pd.Series([_kind(r, missed) for r in rows.itertuples(index=False)], dtype=str)
        for kind, n in kinds.value_counts().items():
            print(f"    {n:3d}  {kind}")


def outlet_means(scorer: LoadedScorer, embedder) -> None:
    root = abp_dir()
    meta = abp_meta(root)
    split = split_outlets(meta)
    held = set(split.loc[split["split"] == "heldout", "outlet"])
    pool = meta[meta["outlet"].isin(held)]
    ids = pool.groupby("bias").sample(n=ARTICLES_PER_RATING, random_state=1)["id"].tolist()
    sents = outlet_voice_sentences(load_articles(ids))
    sents = sents.groupby("id", sort=False).head(SENTENCES_PER_ARTICLE).reset_index(drop=True)
    texts = sents["sentence"].tolist()
    sents["score"] = scorer.score(texts, embed_cached(texts, embedder, "heldout"))
    per_article = sents.groupby(["id", "bias", "outlet"], as_index=False)["score"].mean()
    print(
        f"\nmean outlet-voice score per article by rating ({ARTICLES_PER_RATING} articles per "
        f"rating from {per_article['outlet'].nunique()} held-out outlets, <= "
        f"{SENTENCES_PER_ARTICLE} sentences each; 95% bootstrap interval over articles):"
    )
    for bias in ("left", "center", "right"):
        mean, lo, hi = bootstrap_mean(per_article.loc[per_article["bias"] == bias, "score"])
        print(f"  {bias:6s}  {mean:.3f}  [{lo:.3f}, {hi:.3f}]")


def main() -> int:
    embedder = SentenceTransformerEmbedder()
    matcher = LexiconMatcher().fit()
    models = scorers(embedder, matcher, distant="--no-distant" not in sys.argv[1:])
    shipped_name = next(iter(models))
    shipped = models[shipped_name]
    print(f"head: {shipped.source_}; {shipped.head_.meta}")

    dev = load_dev()
    texts = dev["sentence"].tolist()
    vectors = embed_cached(texts, embedder, "dev")
    print(f"\n== dev set: {len(dev) // 2} pairs, {dev['topic'].nunique()} topics ==")
    scores = auroc_lines(models, texts, vectors, dev["label"].to_numpy(), matcher)
    print(f"  pair accuracy (shipped score): {pair_accuracy(dev, scores[shipped_name]):.3f}")
    print_calibration("dev", dev["label"].to_numpy(), scores[shipped_name])

    real = load_real()
    if real is None:
        print("\nreal set: skipped (set FRAMING_ABP_DIR; needs benchmarks/loaded_abp.py)")
        return 0
    texts = real["text"].tolist()
    y = real["label"].to_numpy()
    vectors = embed_cached(texts, embedder, "real")
    print(
        f"\n== real set: {len(real)} sentences, {int(y.sum())} loaded, "
        f"{real['outlet'].nunique()} outlets =="
    )
    scores = auroc_lines(models, texts, vectors, y, matcher)
    s = scores[shipped_name]
    for voice, g in real.assign(score=s).groupby("voice"):
        if g["label"].nunique() == 2:
            auc = roc_auc_score(g["label"], g["score"])
            print(f"  voice {voice:7s} AUROC {auc:.3f} (n={len(g)})")
    print_calibration("real", y, s)
    lex, model, method = cue_spans(texts, s, embedder, shipped, matcher)
    print(f"\nword level, cue words against the marked words (model cues: {method}, "
          f"sentences scoring >= {THRESHOLD}):")  # fmt: skip
    both = [a + b for a, b in zip(lex, model, strict=True)]
    for name, pred in (("lexicon + model cues", both), ("lexicon cues", lex),
                       ("model cues", model)):  # fmt: skip
        r = word_prf(texts, pred, real["words"].tolist())
        print(f"  {name:22s} P {r['precision']:.2f}  R {r['recall']:.2f}  F1 {r['f1']:.2f}  "
              f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")  # fmt: skip
    error_kinds(real, s, np.array([len(x) > 0 for x in lex]))
    outlet_means(shipped, embedder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
