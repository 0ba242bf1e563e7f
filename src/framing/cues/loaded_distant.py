"""Distant supervision for the loaded-language score: outlet-voice sentences
of partisan outlets (weakly loaded) against those of centre outlets (weakly neutral).

No sentence here was labelled by anyone: the label is the outlet's overall
rating (left / center / right), so most sentences of a partisan outlet are as
neutral as a wire report. The signal is weak and is only kept where grouped
cross-validation shows it helps (see ``benchmarks/train_loaded.py`` and
docs/cues.md). Quoted speech is dropped first: a quotation is the speaker's
wording, not the outlet's.

Outlets are split into a training half and a held-out half by
``split_outlets``, so the per-rating outlet means can be measured on outlets
the model never saw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.cues.sources import SourceFinder
from framing.cues.tables import sentence_table
from framing.cues.voice import quoted_share, voice_lookup

DISTANT_COLUMNS = ["id", "outlet", "bias", "sentence", "label"]
PARTISAN = ("left", "right")
CENTRE = "center"


def split_outlets(outlet_bias: pd.DataFrame, *, min_articles: int = 20) -> pd.DataFrame:
    """Assign each outlet to the ``train`` or ``heldout`` half.

    Within each rating, outlets are ranked by article count (name breaks
    ties); even ranks train, odd ranks are held out, so both halves have
    large and small outlets of every rating. Outlets with fewer than
    ``min_articles`` articles are held out.

    Args:
        outlet_bias: one row per article with ``outlet`` and ``bias``.
        min_articles: outlets below this count never train.

    Returns:
        Columns ``outlet, bias, n_articles, split``.
    """
    counts = outlet_bias.groupby(["outlet", "bias"]).size().rename("n_articles").reset_index()
    counts = counts.sort_values(["bias", "n_articles", "outlet"], ascending=[True, False, True])
    counts["rank"] = counts.groupby("bias").cumcount()
    big = counts["n_articles"] >= min_articles
    counts["split"] = np.where(big & (counts["rank"] % 2 == 0), "train", "heldout")
    return counts.drop(columns="rank").reset_index(drop=True)


def outlet_voice_sentences(
    articles: pd.DataFrame,
    *,
    min_words: int = 8,
    max_words: int = 60,
    finder: SourceFinder | None = None,
) -> pd.DataFrame:
    """The sentences of the articles' texts that are in the outlet's own voice.

    A sentence is kept when under a quarter of it is inside quotation marks
    and it has between ``min_words`` and ``max_words`` words; titles are left
    out (headline style differs from body text in every outlet).

    Args:
        articles: ``id, outlet, bias, title, text``.
        min_words: shorter sentences (datelines, captions) are dropped.
        max_words: longer ones are usually lists or run-ons.
        finder: a fitted ``SourceFinder`` (``None``: the built-in one).

    Returns:
        Columns ``id, outlet, bias, sentence``.
    """
    finder = finder if finder is not None else SourceFinder().fit()
    arts = articles.assign(event_id=-1).reset_index(drop=True)
    _, voices = finder.transform(arts)
    sents = sentence_table(arts)
    sents = sents[sents["field"] == "text"].reset_index(drop=True)
    if sents.empty:
        return pd.DataFrame(columns=["id", "outlet", "bias", "sentence"])
    share = np.asarray(quoted_share(voice_lookup(voices), sents))
    n_words = sents["sentence"].str.split().str.len()
    # A sentence holding a quote mark that the finder did not pair is kept out too.
    stray = sents["sentence"].str.contains('["\u201c\u201d]', regex=True)
    keep = (share < 0.25) & n_words.between(min_words, max_words).to_numpy() & ~stray.to_numpy()
    meta = arts.set_index("id")[["outlet", "bias"]]
    out = sents.loc[keep, ["id", "sentence"]].join(meta, on="id")
    return out[["id", "outlet", "bias", "sentence"]].reset_index(drop=True)


def distant_labels(
    sentences: pd.DataFrame, *, per_outlet: int = 300, random_state: int = 0
) -> pd.DataFrame:
    """Weak labels: 1 for partisan outlets' sentences, 0 for centre outlets'.

    At most ``per_outlet`` sentences are drawn (seeded) from each outlet so
    that a few prolific outlets do not stand for their side, and the two
    classes are then cut to the same size.

    Args:
        sentences: ``outlet_voice_sentences`` rows.
        per_outlet: cap per outlet.
        random_state: seed of the draws.

    Returns:
        Columns ``DISTANT_COLUMNS``.
    """
    rng = np.random.default_rng(random_state)
    rated = sentences[sentences["bias"].isin((*PARTISAN, CENTRE))]
    picked = []
    for _, group in rated.groupby("outlet", sort=True):
        take = min(per_outlet, len(group))
        picked.append(group.iloc[np.sort(rng.choice(len(group), take, replace=False))])
    if not picked:
        return pd.DataFrame(columns=DISTANT_COLUMNS)
    out = pd.concat(picked, ignore_index=True)
    out["label"] = out["bias"].isin(PARTISAN).astype(int)
    n = int(out["label"].value_counts().min()) if out["label"].nunique() == 2 else 0
    balanced = [
        g.iloc[np.sort(rng.choice(len(g), n, replace=False))] for _, g in out.groupby("label")
    ]
    if n == 0:
        return pd.DataFrame(columns=DISTANT_COLUMNS)
    return pd.concat(balanced, ignore_index=True)[DISTANT_COLUMNS]
