"""What each lexicon cue found in an article set, from its stored cue tables.

Nothing is matched again: the counts and sentences come from the stored
``cues`` and ``sentences`` tables of the analysis (lexicon cues only, the
ones whose ``cue`` column names the lexicon entry).
"""

from __future__ import annotations

import pandas as pd

from framing.compare.corpus import spans_with_sentences

__all__ = ["HIT_COLUMNS", "cue_hits", "cue_sentences"]

# One row per lexicon cue that found something: its key, how often, in how
# many articles and outlets.
HIT_COLUMNS = ["cue", "n_hits", "n_articles", "n_outlets"]


def _lexicon_rows(cues: pd.DataFrame) -> pd.DataFrame:
    if cues.empty or "cue" not in cues.columns:
        return pd.DataFrame(columns=["id", "cue"])
    return cues[(cues["source"] == "lexicon") & (cues["cue"] != "")]


def cue_hits(cues: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Hits of every lexicon cue (``HIT_COLUMNS``), most hits first.

    Args:
        cues: stored cue rows (``id, source, cue``...), e.g. of the filtered articles.
        articles: ``id, outlet`` of the articles the rows belong to.
    """
    rows = _lexicon_rows(cues)
    if rows.empty:
        return pd.DataFrame(columns=HIT_COLUMNS)
    outlet = rows["id"].map(articles.drop_duplicates("id").set_index("id")["outlet"])
    grouped = rows.assign(outlet=outlet).groupby("cue", sort=False)
    out = pd.DataFrame(
        {
            "n_hits": grouped.size(),
            "n_articles": grouped["id"].nunique(),
            "n_outlets": grouped["outlet"].nunique(),
        }
    ).reset_index()
    out = out.sort_values(["n_hits", "cue"], ascending=[False, True], kind="stable")
    return out[HIT_COLUMNS].reset_index(drop=True)


def cue_sentences(
    cues: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    cue: str,
    *,
    n: int = 3,
) -> pd.DataFrame:
    """Up to ``n`` sentences holding a hit of one lexicon cue, from different outlets first.

    Returns:
        ``spans_with_sentences`` columns plus ``outlet`` and ``title``: the
        sentence with the hit's offsets in it (``start_in_sentence``,
        ``end_in_sentence``) to highlight it.
    """
    rows = _lexicon_rows(cues)
    rows = rows[rows["cue"] == cue]
    spans = spans_with_sentences(rows, sentences)
    meta = articles.drop_duplicates("id").set_index("id")
    spans["outlet"] = spans["id"].map(meta["outlet"]).fillna("")
    spans["title"] = spans["id"].map(meta["title"]).fillna("") if "title" in meta else ""
    spans = spans[spans["sentence"] != ""].drop_duplicates(["id", "field", "start"])
    # One sentence per outlet in turn, so the examples show who uses the wording.
    spans = spans.assign(_turn=spans.groupby("outlet").cumcount())
    spans = spans.sort_values(["_turn", "outlet", "id", "start"], kind="stable")
    return spans.drop(columns="_turn").head(n).reset_index(drop=True)
