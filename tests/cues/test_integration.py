"""The cue engine with the real bundled model on the sample corpus."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.cues.loaded import LoadedScorer
from framing.cues.match import LexiconMatcher
from framing.embed import SentenceTransformerEmbedder
from framing.metrics import wording_pair_recall

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_articles"

pytestmark = pytest.mark.model

OUTPUTS = ["cues", "sentences", "contrast", "alignment", "outlet_scores", "sources", "voices"]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cues")
    assert (
        main(
            [
                "analyze",
                str(SAMPLE),
                "--out",
                str(out),
                "--db",
                str(out / "store.sqlite3"),
                "--corpus",
                "sample",
            ]
        )
        == 0
    )
    return out


def _read(run: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run / f"{name}.csv", keep_default_na=False)


def _texts() -> dict[tuple[str, str], str]:
    from framing.ingest import read_inputs

    arts = read_inputs([SAMPLE]).articles
    return {
        **{(i, "text"): t for i, t in zip(arts["id"], arts["text"], strict=True)},
        **{(i, "title"): t for i, t in zip(arts["id"], arts["title"], strict=True)},
    }


def test_cues_integration_writes_the_five_tables(run: Path) -> None:
    for name in OUTPUTS:
        assert (run / f"{name}.csv").exists(), name
    assert list(_read(run, "cues").columns)[:8] == [
        "id",
        "field",
        "start",
        "end",
        "phrase",
        "category",
        "source",
        "weight",
    ]
    assert {"id", "sentence_index", "start", "end", "loaded_score", "frame", "frame_score"} <= set(
        _read(run, "sentences").columns
    )
    assert list(_read(run, "contrast").columns)[:5] == [
        "event_id",
        "outlet",
        "phrase",
        "count",
        "other_count",
    ]
    assert list(_read(run, "alignment").columns)[:6] == [
        "event_id",
        "referent",
        "outlet",
        "phrase",
        "count",
        "example",
    ]
    assert list(_read(run, "cues").columns)[-1] == "voice"
    assert set(_read(run, "cues")["voice"]) <= {"outlet", "quoted", "scare"}
    sources = _read(run, "sources")
    assert list(sources.columns)[:6] == [
        "id", "field", "outlet", "event_id", "speaker", "speaker_norm",
    ]  # fmt: skip
    assert len(sources) > 0
    scores = _read(run, "outlet_scores")
    assert {"quoted_cues", "n_words_quoted", "loaded_mean_quoted"} <= set(scores.columns)
    assert {
        "event_id",
        "outlet",
        "loaded_mean",
        "hedging_distancing_rate",
        "hedging_distancing_lo",
        "hedging_distancing_hi",
    } <= set(scores.columns)


def test_cues_integration_every_span_is_exact(run: Path) -> None:
    texts = _texts()
    cues = _read(run, "cues")
    assert len(cues) > 300
    for row in cues.itertuples(index=False):
        assert texts[(row.id, row.field)][row.start : row.end] == row.phrase
    for row in _read(run, "sentences").itertuples(index=False):
        assert texts[(row.id, row.field)][row.start : row.end] == row.sentence
    for row in _read(run, "alignment").itertuples(index=False):
        assert texts[(row.example_id, "text")][row.example_start : row.example_end] == row.example
    voices = _read(run, "voices")
    for (art, field), spans in voices.groupby(["id", "field"]):
        assert (
            "".join(
                texts[(art, field)][a:b] for a, b in zip(spans["start"], spans["end"], strict=True)
            )
            == (texts[(art, field)])
        )
    for row in _read(run, "sources").itertuples(index=False):
        assert 0 <= row.quote_start <= row.quote_end <= len(texts[(row.id, row.field)])
        if row.speaker:
            assert texts[(row.id, row.field)][row.speaker_start : row.speaker_end] == row.speaker


def test_cues_integration_card_examples_are_flagged(run: Path) -> None:
    cues = _read(run, "cues")
    lex = cues[cues["source"] == "lexicon"]
    phrases = set(lex["phrase"].str.lower())
    assert {"war games", "muscle-flexing", "practice drills to invade"} <= phrases
    # the state agency and the hawkish channel are more loaded than the wire
    scores = _read(run, "outlet_scores")
    overall = scores[scores["event_id"] == -1].set_index("outlet")
    assert (
        overall.loc["Chollima Press Service", "loaded_mean"]
        > overall.loc["Meridian Wire", "loaded_mean"]
    )
    assert (
        overall.loc["Liberty Cable News", "loaded_mean"]
        > overall.loc["Meridian Wire", "loaded_mean"]
    )


def test_cues_integration_alignment_recovers_documented_wordings(run: Path) -> None:
    alignment = _read(run, "alignment")
    articles = _read(run, "articles")
    documented = tomllib.loads((SAMPLE / "wording.toml").read_text())["referent"]
    event_of = (
        articles.assign(gold=articles["id"].str.rsplit("-", n=1).str[0])
        .groupby("gold")["event_id"]
        .agg(lambda s: s.mode().iloc[0])
        .to_dict()
    )
    result = wording_pair_recall(alignment, documented, event_of)
    print(f"\nwording pairs recovered: {result}")
    assert result["referents_recovered"] >= result["referents"] // 2
    # the drills: the agency's "war games" beside the wire's "joint military exercises"
    drills = [
        d for d in documented if d["referent"] == "allied drills" and d["event"] == "vigilant-storm"
    ]
    assert wording_pair_recall(alignment, drills, event_of)["recovered"] > 0


def test_cues_integration_loaded_score_orders_wordings() -> None:
    scorer = LoadedScorer(SentenceTransformerEmbedder(), LexiconMatcher().fit()).fit()
    neutral, loaded = scorer.score(
        [
            "The council approved the budget on Tuesday after a short debate.",
            "The reckless council rammed through its bloated budget in a shameful stitch-up.",
        ]
    )
    assert loaded > neutral
    assert 0.0 <= neutral <= 1.0 and 0.0 <= loaded <= 1.0
    # The bundled MiniLM reads the shipped head (no training at run time).
    assert scorer.source_ == "bundled"


def test_cues_integration_model_cues_name_the_loaded_word() -> None:
    """Token decomposition on the real model points at the loaded word."""
    from framing.cues.loaded_evidence import model_cues

    embedder = SentenceTransformerEmbedder()
    scorer = LoadedScorer(embedder, LexiconMatcher().fit()).fit()
    text = "The council rammed through its bloated budget in a shameful stitch-up."
    sents = pd.DataFrame(
        {
            "id": ["a"],
            "field": ["text"],
            "start": [0],
            "end": [len(text)],
            "sentence": [text],
            "loaded_score": scorer.score([text]),
        }  # fmt: skip
    )
    lex = pd.DataFrame(columns=["id", "field", "start", "end"])
    cues, method = model_cues(sents, lex, embedder, scorer.head_.embedding_weights, threshold=0.0)
    assert method == "tokens"
    assert set(cues["phrase"]) & {"rammed", "bloated", "shameful", "stitch-up"}
    for row in cues.itertuples(index=False):
        assert text[row.start : row.end] == row.phrase
