"""Cost and agreement of the model-cue evidence: token decomposition against occlusion.

Run: FRAMING_ABP_DIR=/path/to/Article-Bias-Prediction .venv/bin/python benchmarks/loaded_evidence.py

Sample: 4 articles from each of the five largest outlets held out of the
distant-supervision training (``split_outlets``), every sentence of their
texts. Timed on this machine, with no vector cache:

- one embedding pass over all the sample's sentences (the reference);
  both methods below run on the first ``MAX_FLAGGED`` sentences at or above
  the threshold;
- occlusion, the previous method: every content word of each sentence at or
  above the threshold is embedded alone, and for its six highest the sentence
  is embedded again without the word; the largest drop names the word;
- token decomposition (``framing.cues.loaded_evidence``): one forward pass
  over the flagged sentences, the logit split exactly over their tokens.

Agreement: the share of flagged sentences where the two name the same top
word, and where occlusion's word is among the decomposition's top three.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from abp import abp_dir, load_articles
from train_loaded import abp_meta

from framing.cues.engine import CueEngine
from framing.cues.loaded import LoadedScorer
from framing.cues.loaded_distant import split_outlets
from framing.cues.loaded_evidence import WORD, _is_choice, token_contributions, token_model
from framing.cues.match import LexiconMatcher
from framing.cues.tables import sentence_table
from framing.embed import SentenceTransformerEmbedder

THRESHOLD = CueEngine().model_cue_threshold
PER_OUTLET = 4
# Both methods are timed on the same first flagged sentences (the machine is shared).
MAX_FLAGGED = 40


def occlusion(scorer: LoadedScorer, sentences: list[str]) -> tuple[list[str | None], int]:
    """The previous method; returns the top word per sentence and the texts embedded."""
    words = [
        [m for m in WORD.finditer(s) if _is_choice(s, m.start(), m.group(0))] for s in sentences
    ]
    vocab = sorted({m.group(0).lower() for ws in words for m in ws})
    alone = dict(zip(vocab, scorer.score(vocab), strict=True)) if vocab else {}
    shortlists = [
        sorted(ws, key=lambda m: (-alone[m.group(0).lower()], m.start()))[:6] for ws in words
    ]
    variants = [
        s[: m.start()] + s[m.end() :]
        for s, short in zip(sentences, shortlists, strict=True)
        for m in short
    ]
    base = scorer.score(sentences)
    occluded = iter(scorer.score(variants) if variants else [])
    top = []
    for b, short in zip(base, shortlists, strict=True):
        drops = [(b - next(occluded), m) for m in short]
        top.append(max(drops, key=lambda d: (d[0], -d[1].start()))[1].group(0) if drops else None)
    return top, len(vocab) + len(variants)


def main() -> int:
    root = abp_dir()
    if root is None:
        print("skipped: set FRAMING_ABP_DIR")
        return 0
    meta = abp_meta(root)
    split = split_outlets(meta)
    held = split[split["split"] == "heldout"].nlargest(5, "n_articles")
    pool = meta[meta["outlet"].isin(held["outlet"])]
    ids = pool.groupby("outlet").sample(n=PER_OUTLET, random_state=2)["id"].tolist()
    arts = load_articles(ids)
    sents = sentence_table(arts)
    texts = sents["sentence"].tolist()
    embedder = SentenceTransformerEmbedder()
    scorer = LoadedScorer(embedder, LexiconMatcher().fit()).fit()
    embedder.encode(texts[:8])  # load the model outside the timings
    t0 = time.perf_counter()
    vectors = embedder.encode(texts)
    t_pass = time.perf_counter() - t0
    scores = scorer.score(texts, vectors)
    flagged = [t for t, s in zip(texts, scores, strict=True) if s >= THRESHOLD]
    n_flagged = len(flagged)
    flagged = flagged[:MAX_FLAGGED]
    print(
        f"sample: {len(arts)} articles from {', '.join(held['outlet'])}; "
        f"{len(texts)} sentences, {n_flagged} at or above {THRESHOLD}; "
        f"both methods timed on the first {len(flagged)}"
    )
    print(f"one embedding pass over the sample: {t_pass:.1f} s")
    if not flagged:
        return 0
    t0 = time.perf_counter()
    old_top, n_embedded = occlusion(scorer, flagged)
    t_old = time.perf_counter() - t0
    model = token_model(embedder)
    t0 = time.perf_counter()
    found = token_contributions(model, flagged, scorer.head_.embedding_weights)
    t_new = time.perf_counter() - t0
    new_top = [
        [w for a, _, w, v in sorted(ws, key=lambda x: -x[3]) if _is_choice(s, a, w)][:3]
        for s, ws in zip(flagged, found, strict=True)
    ]
    print(f"occlusion: {t_old:.1f} s ({n_embedded} texts embedded, {t_old / t_pass:.0%} of a pass)")
    print(f"token decomposition: {t_new:.2f} s ({len(flagged)} sentences, {t_new / t_pass:.1%})")
    both = [(o, n) for o, n in zip(old_top, new_top, strict=True) if o is not None and n]
    same = np.mean([o == n[0] for o, n in both]) if both else float("nan")
    in3 = np.mean([o in n for o, n in both]) if both else float("nan")
    print(f"agreement on {len(both)} sentences: same top word {same:.0%}, within top 3 {in3:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
