"""The engine's who-called-it-what stage: CueEngine makes referent rows, mentions and actors."""

from __future__ import annotations

import pandas as pd

from framing.cues import CueEngine
from framing.cues.align import WordingAligner
from framing.embed import HashingEmbedder
from framing.referents import MENTION_COLUMNS
from framing.referents.aligner import ReferentAligner
from framing.referents.corpus import ACTOR_COLUMNS
from framing.referents.rows import ALIGNMENT_COLUMNS
from framing.runner import cue_results

TEXTS = [
    ("A", 0, 'North Korean leader Kim Jong Un fired missiles. Trump called Kim "a madman".'),
    ("B", 0, "Kim Jong Un, the dictator, fired missiles. President Trump warned Kim."),
    ("A", 1, "Mr. Kim met President Trump in Singapore. Kim smiled."),
    ("B", 1, "Kim Jong Un met Trump in Singapore. The dictator smiled."),
]


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"{o}{e}" for o, e, _ in TEXTS],
            "outlet": [o for o, _, _ in TEXTS],
            "event_id": [e for _, e, _ in TEXTS],
            "title": [""] * len(TEXTS),
            "text": [t for _, _, t in TEXTS],
            "n_words": [len(t.split()) for _, _, t in TEXTS],
        }
    )


def test_engine_makes_referent_rows_mentions_and_actor_labels() -> None:
    engine = CueEngine(HashingEmbedder(256)).fit()
    assert isinstance(engine.aligner_, ReferentAligner)
    results = cue_results(engine, _articles(), batch_articles=2)
    assert list(results.alignment.columns) == ALIGNMENT_COLUMNS
    assert list(results.mentions.columns) == MENTION_COLUMNS
    assert list(results.actor_labels.columns) == ACTOR_COLUMNS
    kim = results.alignment[results.alignment["referent"] == "Kim Jong Un"]
    assert set(kim["event_id"]) == {0, 1} and set(kim["kind"]) == {"person"}
    # a quoted predicate ("a madman") names nobody's referent here
    assert "madman" not in " ".join(kim["phrase"])
    # the actor recurs over both events (two batches) with each outlet's labels
    actors = results.actor_labels
    kim_labels = actors[actors["actor"] == "Kim Jong Un"]
    assert set(kim_labels["actor_events"]) == {2}
    assert "dictator" in set(kim_labels.loc[kim_labels["outlet"] == "B", "label"])
    # every mention's text is its field's slice
    by_id = _articles().set_index("id")
    for row in results.mentions.itertuples(index=False):
        assert by_id.loc[row.id, row.field][row.start : row.end] == row.text


def test_engine_still_takes_the_ngram_aligner() -> None:
    engine = CueEngine(HashingEmbedder(256), aligner=WordingAligner()).fit()
    results = cue_results(engine, _articles(), batch_articles=2)
    assert results.mentions.empty and list(results.alignment.columns) == ALIGNMENT_COLUMNS
