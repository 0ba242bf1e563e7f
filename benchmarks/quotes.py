"""Quotations, speakers and verbs against hand labels on real articles; voice of lexicon cues.

Needs the development set ramybaly/Article-Bias-Prediction: set FRAMING_ABP_DIR to
the root of a clone (the folder holding data/jsons). Without it this prints why
and exits 0. The labels (benchmarks/data/quotes_abp.jsonl) hold article ids and
character offsets only; see benchmarks/data/README_quotes.md.

Run: FRAMING_ABP_DIR=... .venv/bin/python benchmarks/quotes.py [--extra N]

Prints, on the labelled articles:
- quotation spans (direct and partial): precision, recall and F1, exact and by
  overlap (half of the shorter span or more);
- scare quotes told apart from speech, on the marked quotations found;
- speaker accuracy (as written; normalised) and verb accuracy, on the
  labelled quotations and statements that were found and name one;
- reported speech and according-to statements found (overlap);
- lexicon cues: the share that moved from the outlet's voice to quoted voice,
  and how many cues inside a labelled quotation are still counted as outlet voice.
With --extra N, the share of lexicon cues in quoted voice on N further articles
(seeded sample of the whole set, no labels needed).
"""

from __future__ import annotations

import argparse
import sys
import time

import abp
import numpy as np
import pandas as pd

from framing import tagging
from framing.cues import LexiconMatcher
from framing.cues.sources import SourceFinder
from framing.cues.voice import voice_lookup, voices_of

SPEECH = {"direct", "partial"}
STATEMENTS = {"reported", "according_to"}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _match(gold: pd.DataFrame, pred: pd.DataFrame, exact: bool) -> list[tuple[int, int]]:
    """Pairs (gold row, predicted row) matched one to one within an article field."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in gold.iterrows():
        cands = pred[(pred["id"] == g["id"]) & (pred["field"] == g["field"])]
        for pi, p in cands.iterrows():
            if pi in used:
                continue
            span_g, span_p = (g.quote_start, g.quote_end), (p.quote_start, p.quote_end)
            if span_g == span_p if exact else _overlap(span_g, span_p):
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


def _prf(n_match: int, n_gold: int, n_pred: int) -> str:
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {n_gold}, found {n_pred}, matched {n_match})"


def _norm(s: object) -> str:
    return " ".join(str(s or "").lower().replace("\u2019", "'").split())


def cue_voices(articles: pd.DataFrame, finder: SourceFinder) -> pd.DataFrame:
    """Lexicon cues of ``articles`` with the voice each is in."""
    cues = LexiconMatcher().fit().transform(articles)
    _, voices = finder.transform(articles.assign(event_id=0))
    cues["voice"] = voices_of(voice_lookup(voices), cues) if len(cues) else []
    return cues


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=0, help="further unlabelled articles")
    args = parser.parse_args()
    if abp.abp_dir() is None:
        print("FRAMING_ABP_DIR does not name a clone of ramybaly/Article-Bias-Prediction: skipped")
        return 0
    labels = abp.load_quote_labels()
    ids = sorted(set(abp.labelled_articles()["id"]) | set(labels["id"]))
    articles = abp.load_articles(ids)
    finder = SourceFinder().fit()
    pred, _ = finder.transform(articles.assign(event_id=0))
    kinds = ", ".join(f"{k} {v}" for k, v in labels["kind"].value_counts().items())
    n_outlets = articles["outlet"].nunique()
    print(f"{len(articles)} labelled articles, {n_outlets} outlets; {len(labels)} labels: {kinds}")

    gold_q = labels[labels["kind"].isin(SPEECH)].reset_index(drop=True)
    pred_q = pred[pred["kind"].isin(SPEECH)].reset_index(drop=True)
    print("\nquotation spans (direct + partial)")
    for exact in (True, False):
        pairs = _match(gold_q, pred_q, exact)
        name = "exact  " if exact else "overlap"
        print(f"  {name}  {_prf(len(pairs), len(gold_q), len(pred_q))}")

    marked = labels[labels["kind"].isin(SPEECH | {"scare"})].reset_index(drop=True)
    found = pred[pred["kind"].isin(SPEECH | {"scare"})].reset_index(drop=True)
    pairs = _match(marked, found, exact=False)
    agree = [
        (marked.loc[g, "kind"] == "scare") == (found.loc[p, "kind"] == "scare") for g, p in pairs
    ]
    n_scare = int((marked["kind"] == "scare").sum())
    print(f"\nscare quote or speech, on {len(pairs)} marked quotations found "
          f"({n_scare} labelled scare): accuracy {np.mean(agree):.3f}")  # fmt: skip

    everything = labels.reset_index(drop=True)
    pairs = _match(everything, pred.reset_index(drop=True), exact=False)
    pr = pred.reset_index(drop=True)
    named = [(g, p) for g, p in pairs if _norm(everything.loc[g, "speaker"])]
    as_written = [
        _norm(everything.loc[g, "speaker"]) == _norm(pr.loc[p, "speaker"]) for g, p in named
    ]
    normalised = [
        _norm(everything.loc[g, "speaker_norm"] or everything.loc[g, "speaker"])
        == _norm(pr.loc[p, "speaker_norm"] or pr.loc[p, "speaker"])
        for g, p in named
    ]
    with_verb = [(g, p) for g, p in pairs if _norm(everything.loc[g, "verb"])]
    verbs = [_norm(everything.loc[g, "verb"]) == _norm(pr.loc[p, "verb"]) for g, p in with_verb]
    print(
        f"\nspeakers, on {len(named)} matched labels that name one: "
        f"as written {np.mean(as_written):.3f}, normalised {np.mean(normalised):.3f}"
    )
    print(f"verbs, on {len(with_verb)} matched labels with one: accuracy {np.mean(verbs):.3f}")
    types = [everything.loc[g, "speaker_type"] == pr.loc[p, "speaker_type"] for g, p in named]
    print(f"speaker types, on the same {len(named)}: accuracy {np.mean(types):.3f}")

    gold_s = labels[labels["kind"].isin(STATEMENTS)].reset_index(drop=True)
    pred_s = pred[pred["kind"].isin(STATEMENTS)].reset_index(drop=True)
    pairs = _match(gold_s, pred_s, exact=False)
    found = _prf(len(pairs), len(gold_s), len(pred_s))
    print(f"\nreported speech and according-to (overlap)  {found}")

    cues = cue_voices(articles, finder)
    inside = np.zeros(len(cues), dtype=bool)
    for k, c in enumerate(cues.itertuples(index=False)):
        g = gold_q[(gold_q["id"] == c.id) & (gold_q["field"] == c.field)]
        # A cue may take in the quotation marks around the labelled words.
        within = (g["quote_start"] - 1 <= c.start) & (c.end <= g["quote_end"] + 1)
        inside[k] = bool(within.any())
    moved = (cues["voice"] == "quoted").mean() if len(cues) else 0.0
    still = int((inside & (cues["voice"] == "outlet").to_numpy()).sum())
    print(f"\nlexicon cues on the labelled articles: {len(cues)}; in quoted voice now "
          f"{moved:.1%} (counted as the outlet's before); inside a labelled quotation "
          f"{int(inside.sum())}, of which still outlet voice: {still}")  # fmt: skip

    if args.extra:
        sample = abp.load_articles(abp.sample_ids(args.extra, exclude=ids, seed=0))
        times = []
        for _ in range(3):
            tagging._tagged.cache_clear()
            t0 = time.perf_counter()
            SourceFinder().fit().transform(sample.assign(event_id=0))
            times.append(time.perf_counter() - t0)
        per_k = 1000 * float(np.median(times)) / len(sample)
        print(f"\nquotations and sources: {per_k:.1f} s per 1,000 articles "
              f"(median of 3 cold runs on {len(sample)})")  # fmt: skip
        extra = cue_voices(sample, finder)
        share = extra["voice"].value_counts(normalize=True)
        print(f"\n{len(sample)} further articles ({sample['outlet'].nunique()} outlets): "
              f"{len(extra)} lexicon cues; quoted {share.get('quoted', 0):.1%}, scare "
              f"{share.get('scare', 0):.1%}, outlet {share.get('outlet', 0):.1%}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
