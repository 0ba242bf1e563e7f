"""benchmarks/referents.py: the sample gold builder and the system-mention sources."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

# Loaded by file, not through sys.path: a benchmarks/ entry on the path would
# shadow the dashboard's own top-level modules in later tests.
_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_referents",
    Path(__file__).resolve().parents[1] / "benchmarks" / "referents.py",
)
referents = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_referents"] = referents
_SPEC.loader.exec_module(referents)

ARTICLES = pd.DataFrame(
    {
        "id": ["ev-a", "ev-b"],
        "outlet": ["A", "B"],
        "event": ["ev", "ev"],
        "title": ["Drills begin", "War games"],
        "text": [
            "The dictator in Pyongyang watched. The Dictator  in Pyongyang left; dictatorship.",
            "Joint exercises began. The joint exercises ended.",
        ],
    }
)


def test_sample_gold_finds_every_occurrence_case_insensitive_whole_words():
    entries = [
        {"event": "ev", "referent": "leader", "wordings": {"A": ["the dictator in Pyongyang"]}},
        {"event": "ev", "referent": "drills", "wordings": {"B": ["joint exercises"]}},
    ]
    gold, problems = referents.sample_gold(ARTICLES, entries)
    assert problems == []
    a = gold[gold["id"] == "ev-a"]
    # both uses, the second with other case and a double space; "dictatorship" is no match
    assert a[["start", "end"]].values.tolist() == [[0, 25], [35, 61]]
    assert set(a["concept"]) == {"ev/leader"}
    b = gold[gold["id"] == "ev-b"]
    assert len(b) == 2
    assert set(gold["field"]) == {"text"}


def test_sample_gold_longest_phrase_wins_and_missing_phrases_are_reported():
    entries = [
        {"event": "ev", "referent": "leader", "wordings": {"A": ["dictator", "missing words"]}},
        {"event": "ev", "referent": "place", "wordings": {"A": ["dictator in Pyongyang"]}},
        {"event": "ev", "referent": "x", "wordings": {"C": ["anything"]}},
    ]
    gold, problems = referents.sample_gold(ARTICLES, entries)
    # "dictator in Pyongyang" (longer) covers both uses of "dictator"
    assert gold["concept"].tolist() == ["ev/place", "ev/place"]
    assert problems == [
        "ev/leader: 'missing words' not in ev-a",
        "ev/x: no article of C in ev",
    ]


def test_sample_corpus_wordings_all_occur():
    articles, gold = referents.sample_set()
    assert len(gold) > 100
    for _, part in gold.groupby(["id", "field"]):
        spans = sorted(zip(part["start"], part["end"], strict=True))
        assert all(s2 >= e1 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    texts = articles.set_index("id")["text"]
    for row in gold.head(50).itertuples():
        assert texts[row.id][row.start : row.end].lower().split() == row.phrase.lower().split()


def test_phrase_mentions_locate_alignment_phrases_in_their_outlet_and_event():
    articles = ARTICLES.assign(event_id=[0, 0])
    alignment = pd.DataFrame(
        {
            "event_id": [0, 0, 1],
            "referent": ["drills", "drills", "drills"],
            "outlet": ["A", "B", "B"],
            "phrase": ["drills", "war games / joint exercises", "joint exercises"],
        }
    )
    got = referents.phrase_mentions(articles, alignment)
    rows = got.sort_values(["id", "field", "start"]).values.tolist()
    assert rows == [
        ["ev-a", "title", 0, 6, "0:drills"],
        ["ev-b", "text", 0, 15, "0:drills"],
        ["ev-b", "text", 27, 42, "0:drills"],
        ["ev-b", "title", 0, 9, "0:drills"],
    ]


def test_system_mentions_prefer_the_mentions_table():
    mentions = pd.DataFrame(
        {
            "event_id": [0],
            "id": ["ev-a"],
            "field": ["text"],
            "start": [4],
            "end": [12],
            "referent_id": [None],
            "kind": ["person"],
        }
    )
    alignment = pd.DataFrame(columns=["event_id", "referent", "outlet", "phrase"])
    got, method = referents.system_mentions(
        {"mentions": mentions, "alignment": alignment}, ARTICLES
    )
    assert method == referents.NEW_METHOD
    assert got.values.tolist() == [["ev-a", "text", 4, 12, ""]]
    _, old = referents.system_mentions({"alignment": alignment}, ARTICLES.assign(event_id=0))
    assert old == referents.OLD_METHOD


def test_score_set_scores_overall_and_per_event(monkeypatch):
    gold = pd.DataFrame(
        {
            "id": ["ev-a", "ev-a", "ev-b"],
            "field": ["text", "text", "text"],
            "start": [0, 35, 0],
            "end": [25, 61, 15],
            "concept": ["ev/leader", "ev/leader", "ev/drills"],
            "event": ["ev", "ev", "ev"],
            "voice": ["outlet", "quoted", "outlet"],
        }
    )
    mentions = gold[["id", "field", "start", "end"]].assign(referent_id=["0:1", "0:1", "0:1"])
    fake = {"mentions": mentions, "alignment": pd.DataFrame(), "articles": ARTICLES}
    monkeypatch.setattr(referents, "run_engine", lambda articles, embedder: fake)
    out = referents.score_set(ARTICLES, gold, embedder=None)
    assert out["method"] == referents.NEW_METHOD
    assert out["system_rows"] == 1
    # one row with all three: 3 predicted pairs, 1 gold pair
    assert out["overall"]["pairwise_precision"] == pytest.approx(1 / 3)
    assert out["overall"]["pairwise_recall"] == pytest.approx(1.0)
    assert out["outlet_voice"]["gold"] == 2
    assert list(out["events"]) == ["ev"]


def test_print_result_names_the_method_and_the_bar(capsys):
    scores = {k: 0.9 for k in referents.SCORE_KEYS} | {"found": 3, "gold": 4, "grouped": 2}
    low = scores | {"pairwise_f1": 0.4}
    result = {
        "method": referents.OLD_METHOD,
        "seconds": 1.0,
        "system_mentions": 5,
        "system_rows": 2,
        "overall": low,
        "outlet_voice": scores,
        "events": {"ev": scores},
    }
    referents.print_result("abp", result)
    out = capsys.readouterr().out
    assert referents.OLD_METHOD in out
    assert "outlet voice only" in out
    assert out.strip().endswith("not met")
    referents.print_result("abp", result | {"overall": scores})
    assert capsys.readouterr().out.strip().endswith("): met")
