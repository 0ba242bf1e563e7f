"""The cue engine end to end on hand-made texts (hashing embedder: no model load)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.cues import CueEngine, LexiconMatcher
from framing.cues.contrast import ContrastivePhrases
from framing.cues.loaded import LoadedScorer
from framing.embed import HashingEmbedder
from framing.runner import cue_results

PIECES = [
    "war games",
    "War-Games",
    "muscle\u2011flexing",
    "muscle flexing",
    "practice drills to invade",
    "\u201cprovocation\u201d",
    "so-called",
    "the regime\u2019s",
    "unprecedented",
    "Caf\u00e9",
    "na\u00efve",
    "\U0001f680",
    "\u00a0",
    "\n\n",
    "\n",
    " \u2014 ",
    '"',
    "'",
    "e\u0301",
    "North Korea fired",
    "joint military exercises",
    ". ",
    "? ",
    "Mr. Kim",
    "U.S.",
]


@pytest.fixture(scope="module")
def engine() -> CueEngine:
    return CueEngine(HashingEmbedder(512)).fit()


def _articles(texts: list[str], outlets: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(texts))],
            "outlet": outlets,
            "title": [t[:40] for t in texts],
            "text": texts,
            "event_id": [0] * len(texts),
            "n_words": [max(1, len(t.split())) for t in texts],
        }
    )


def _check_spans(articles: pd.DataFrame, results) -> None:
    by_id = articles.set_index("id")
    for row in results.cues.itertuples(index=False):
        value = by_id.loc[row.id, row.field]
        assert value[row.start : row.end] == row.phrase
    for row in results.sentences.itertuples(index=False):
        value = by_id.loc[row.id, row.field]
        assert value[row.start : row.end] == row.sentence
    for row in results.alignment.itertuples(index=False):
        value = by_id.loc[row.example_id, "text"]
        assert value[row.example_start : row.example_end] == row.example


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.sampled_from(PIECES) | st.text(min_size=1, max_size=12), min_size=1, max_size=25
        ).map("".join),
        min_size=2,
        max_size=4,
    )
)
def test_cues_engine_every_span_indexes_its_field_exactly(engine, texts) -> None:
    arts = _articles(texts, [f"Outlet {i % 2}" for i in range(len(texts))])
    _check_spans(arts, cue_results(engine, arts))


def test_cues_engine_tables_on_a_small_event(engine) -> None:
    texts = [
        "The US war games are practice drills to invade. The war games must stop now.",
        "Washington's muscle-flexing is provocative. The muscle-flexing worries many.",
        "The joint military exercises began on Monday. The joint military exercises end Friday.",
    ]
    # three times over: a phrase used three times against none is not yet
    # significant (z < 1.96), nine times is
    arts = _articles([" ".join([t] * 3) for t in texts], ["Agency", "Broadcaster", "Wire"])
    res = cue_results(engine, arts)
    _check_spans(arts, res)
    lex = res.cues[res.cues["source"] == "lexicon"]
    assert {"war games", "practice drills to invade", "muscle-flexing"} <= set(
        lex["phrase"].str.lower()
    )
    assert set(res.sentences.columns) >= {
        "id",
        "sentence_index",
        "start",
        "end",
        "loaded_score",
        "frame",
        "frame_score",
    }
    assert res.sentences["loaded_score"].between(0, 1).all()
    contrast = res.contrast[res.contrast["event_id"] == 0]
    assert "war games" in set(contrast[contrast["outlet"] == "Agency"]["phrase"])
    assert "muscle-flexing" in set(contrast[contrast["outlet"] == "Broadcaster"]["phrase"])
    assert set(res.outlet_scores["outlet"]) == {"Agency", "Broadcaster", "Wire"}
    shares = res.frames[(res.frames["event_id"] == 0) & (res.frames["outlet"] == "Wire")]
    assert shares["share"].sum() == pytest.approx(1.0)


def test_engine_scorers_are_parameters_and_stay_unfitted(event_articles) -> None:
    """A scorer passed in is used (its settings show in the tables) but never fitted itself."""
    arts = event_articles
    narrow = ContrastivePhrases(min_count=1, z_min=0.0, top_n=1)
    engine = CueEngine(HashingEmbedder(256), contrast=narrow).fit()
    res = cue_results(engine, arts)
    per_event = res.contrast[res.contrast["event_id"] >= 0]
    assert per_event.groupby(["event_id", "outlet"]).size().max() == 1
    wide = ContrastivePhrases(min_count=1, z_min=0.0)
    wider = cue_results(CueEngine(HashingEmbedder(256), contrast=wide).fit(), arts).contrast
    assert wider[wider["event_id"] >= 0].groupby(["event_id", "outlet"]).size().max() > 1
    assert not hasattr(narrow, "table_")
    assert engine.contrast is narrow


def test_engine_gives_its_embedder_and_matcher_to_the_scorers() -> None:
    embedder = HashingEmbedder(128)
    loaded = LoadedScorer(C=0.5)
    engine = CueEngine(embedder, loaded=loaded, matcher=LexiconMatcher()).fit()
    assert engine.loaded_.embedder is embedder
    assert engine.loaded_.matcher is engine.matcher_
    assert engine.loaded_.C == 0.5
    assert loaded.embedder is None and not hasattr(loaded, "model_")
    assert engine.frames_.embedder is embedder and engine.aligner_.embedder is embedder


@pytest.mark.parametrize(
    ("stage", "name", "value"),
    [
        (CueEngine(HashingEmbedder(64), loaded=LoadedScorer(C=0.3)), "loaded__C", 0.7),
        (CueEngine(background_sample=10), "model_cue_threshold", 0.7),
        (LexiconMatcher(), "lexicon", None),
        (ContrastivePhrases(3, top_n=4), "z_min", 3.0),
        (LoadedScorer(lexicon_weight=0.5), "C", 1.0),
    ],
    ids=lambda v: type(v).__name__ if hasattr(v, "fit") else str(v),
)
def test_engine_stages_follow_the_estimator_contract(stage, name, value) -> None:
    from sklearn.base import clone

    copy = clone(stage)
    assert type(copy) is type(stage) and copy is not stage
    plain = {
        k: v for k, v in stage.get_params(deep=True).items() if isinstance(v, int | float | str)
    }
    assert {k: copy.get_params(deep=True)[k] for k in plain} == plain
    changed = clone(stage).set_params(**{name: value})
    assert changed.get_params(deep=True)[name] == value
    assert stage.get_params(deep=True)[name] != value or value is None


def test_engine_every_sentence_above_the_threshold_names_its_words(event_articles) -> None:
    """Each sentence at or above ``model_cue_threshold`` holds a lexicon or model cue,
    quoted sentences too (their cues carry the quoted voice)."""
    text = (
        "The hapless council rammed through a sham budget. "
        '"This reckless plan will gut our schools," a parent said. '
        "The vote was held on Monday."
    )
    arts = _articles([text, "The committee met and adjourned."], ["A", "B"])
    engine = CueEngine(HashingEmbedder(256), model_cue_threshold=0.0).fit()
    res = cue_results(engine, arts)
    for s in res.sentences.itertuples(index=False):
        inside = res.cues[
            (res.cues["id"] == s.id)
            & (res.cues["field"] == s.field)
            & (res.cues["start"] >= s.start)
            & (res.cues["end"] <= s.end)
            & res.cues["source"].isin(["lexicon", "model"])
        ]
        assert len(inside) >= 1, s.sentence
    model = res.cues[res.cues["source"] == "model"]
    assert {"outlet", "quoted"} <= set(model["voice"])
    assert (model["weight"].between(0, 1)).all()
