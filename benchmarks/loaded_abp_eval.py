"""Lexicon cue words and the loaded score on the labelled real-news set (data/loaded_abp.tsv).

Run: FRAMING_ABP_DIR=/path/to/Article-Bias-Prediction .venv/bin/python \
    benchmarks/loaded_abp_eval.py [--baseline OLD_LEXICON.toml] [--no-model] [--models fp32,int8]

Skips (exit 0) when FRAMING_ABP_DIR is unset. Printed:

- word level: precision, recall and F1 of the lexicon matcher's cue spans
  against the loaded words marked in the set, counted over word tokens
  (``framing.segment.WORD``; a token is predicted when a cue span overlaps it,
  gold when a marked span does), and over spans (a cue span is right when it
  overlaps a marked span; a marked span is found when a cue overlaps it); for
  the built-in lexicon and, with ``--baseline``, for a whole other lexicon
  file (e.g. an older version) beside it; by voice;
- sentence level: AUROC of the loaded score (``LoadedScorer`` with the
  bundled MiniLM, trained on its bundled pairs) and of the lexicon alone
  (summed cue weights), by voice, for each lexicon.

The set is for evaluation only; nothing here fits on it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from framing.cues.lexicon import Lexicon, builtin_lexicon, parse_lexicon
from framing.cues.match import LexiconMatcher
from framing.segment import WORD

VOICE_GROUPS = {
    "all": ("outlet", "mixed", "quote"),
    "outlet": ("outlet",),
    "mixed": ("mixed",),
    "quote": ("quote",),
    "outlet+mixed": ("outlet", "mixed"),
}


def _loaded_abp():
    name = "benchmarks_loaded_abp"
    if name not in sys.modules:
        path = Path(__file__).with_name("loaded_abp.py")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def word_counts(text: str, gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> dict:
    """Token and span counts of one sentence (tp/pred/gold for tokens and for spans)."""
    tokens = [(m.start(), m.end()) for m in WORD.finditer(text)]
    g = [_overlaps(t, gold) for t in tokens]
    p = [_overlaps(t, pred) for t in tokens]
    return {
        "tok_tp": sum(a and b for a, b in zip(g, p, strict=True)),
        "tok_pred": sum(p),
        "tok_gold": sum(g),
        "span_pred": len(pred),
        "span_pred_ok": sum(_overlaps(s, gold) for s in pred),
        "span_gold": len(gold),
        "span_gold_found": sum(_overlaps(s, pred) for s in gold),
    }


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def word_table(frame: pd.DataFrame, matcher: LexiconMatcher) -> pd.DataFrame:
    """Word-level precision/recall/F1 of the matcher's cue spans, per voice group."""
    counts = pd.DataFrame(
        [
            word_counts(text, words, [(a, b) for a, b, _ in matcher.find(text)])
            for text, words in zip(frame["text"], frame["words"], strict=True)
        ],
        index=frame.index,
    )
    rows = []
    for group, voices in VOICE_GROUPS.items():
        c = counts[frame["voice"].isin(voices)].sum()
        tok = prf(c["tok_tp"], c["tok_pred"], c["tok_gold"])
        span_p = c["span_pred_ok"] / c["span_pred"] if c["span_pred"] else 0.0
        span_r = c["span_gold_found"] / c["span_gold"] if c["span_gold"] else 0.0
        span_f = 2 * span_p * span_r / (span_p + span_r) if span_p + span_r else 0.0
        rows.append(
            {
                "voice": group,
                "sentences": int(frame["voice"].isin(voices).sum()),
                "cue_spans": int(c["span_pred"]),
                "marked_spans": int(c["span_gold"]),
                "token_P": tok[0],
                "token_R": tok[1],
                "token_F1": tok[2],
                "span_P": span_p,
                "span_R": span_r,
                "span_F1": span_f,
            }
        )
    return pd.DataFrame(rows)


def auroc_table(frame: pd.DataFrame, scores: dict[str, np.ndarray]) -> pd.DataFrame:
    """AUROC of each score per voice group (NaN where a group has one class only)."""
    rows = []
    for group, voices in VOICE_GROUPS.items():
        mask = frame["voice"].isin(voices).to_numpy()
        y = frame["label"].to_numpy()[mask]
        row = {"voice": group, "n": int(mask.sum()), "loaded": int(y.sum())}
        for name, s in scores.items():
            row[name] = roc_auc_score(y, s[mask]) if 0 < y.sum() < len(y) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


# The embedding models the loaded score can be given (``--models``).
MODELS = {"fp32": "bundled:all-MiniLM-L6-v2", "int8": "bundled:all-MiniLM-L6-v2-int8"}


def sentence_scores(
    frame: pd.DataFrame, lexicon: Lexicon, *, model: bool, models: tuple[str, ...] = ("fp32",)
) -> dict:
    """The lexicon-only score of every sentence, and its loaded score with each of ``models``."""
    from framing.config import Settings
    from framing.cues.loaded import LoadedScorer, lexicon_evidence
    from framing.stages import make_embedder

    matcher = LexiconMatcher(lexicon).fit()
    sentences = frame["text"].tolist()
    out = {"lexicon only": lexicon_evidence(sentences, matcher)[:, 0]}
    if model:
        for name in models:
            embedder = make_embedder(Settings(model=MODELS[name]))
            scorer = LoadedScorer(embedder, matcher).fit()
            label = "loaded score" if models == ("fp32",) else f"loaded score {name}"
            out[label] = scorer.score(sentences)
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the word-level and sentence-level figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a whole lexicon file to compare with")
    parser.add_argument("--no-model", action="store_true", help="skip the MiniLM loaded score")
    parser.add_argument("--batch", type=int, action="append", help="only these drawing batches")
    parser.add_argument(
        "--models",
        default="fp32",
        help="embedding models of the loaded score, comma-separated: fp32, int8 (default fp32)",
    )
    args = parser.parse_args(argv)
    models = tuple(m.strip() for m in args.models.split(",") if m.strip())
    if not models or set(models) - set(MODELS):
        parser.error(f"--models: choose from {', '.join(MODELS)}, not {args.models!r}")
    frame = _loaded_abp().load_loaded_abp()
    if frame is None:
        print("FRAMING_ABP_DIR not set or missing: skipped")
        return 0
    if args.batch:
        frame = frame[frame["batch"].isin(args.batch)].reset_index(drop=True)
        print(f"batches {sorted(set(args.batch))} only")
    lexicons = {}
    if args.baseline is not None:
        text = args.baseline.read_text(encoding="utf-8")
        lexicons[f"baseline {args.baseline.name}"] = parse_lexicon(text, str(args.baseline))
    lexicons["built-in"] = builtin_lexicon()
    print(
        f"{len(frame)} sentences ({int(frame['label'].sum())} loaded) from "
        f"{frame['id'].nunique()} articles, {frame['outlet'].nunique()} outlets"
    )
    pd.set_option("display.width", 160)
    for name, lex in lexicons.items():
        print(f"\n== lexicon {name} (version {lex.version}, {len(lex.active)} active cues)")
        print("word level (cue spans against marked words):")
        print(word_table(frame, LexiconMatcher(lex).fit()).round(3).to_string(index=False))
        print("sentence level AUROC:")
        scores = sentence_scores(frame, lex, model=not args.no_model, models=models)
        print(auroc_table(frame, scores).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
