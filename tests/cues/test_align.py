"""Wording alignment: phrase matching, referring phrases, and linking with the real model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.cues.align import (
    ALIGNMENT_COLUMNS,
    WordingAligner,
    contains_phrase,
    match_form,
    referring_phrases,
)
from framing.cues.contrast import CONTRAST_COLUMNS
from framing.cues.match import CUE_COLUMNS
from framing.embed import HashingEmbedder, SentenceTransformerEmbedder
from framing.segment import sentences as split_sentences


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The war-games began.", "war games", True),
        ("The WAR\nGAMES began.", "war games", True),
        ("They moved toward the border.", "war", False),
        ("Postwar games resumed.", "war games", False),
        ("toward the war, then", "war", True),
        ("The regime\u2019s claims", "regime's claims", True),
        ("U.S. forces joined", "u.s. forces", True),
        ("warfare", "war", False),
        ("snake_case war", "case war", False),
        ("anything", "", False),
    ],
)
def test_cues_align_contains_phrase_matches_whole_words(text, phrase, expected) -> None:
    assert contains_phrase(match_form(text), match_form(phrase)) is expected


def test_cues_align_referring_phrases_are_bounded_by_content_words() -> None:
    found = referring_phrases("On Monday the practice drills to invade began near the coast.")
    assert "practice drills to invade" in found
    assert "practice drills" in found
    assert "coast" in found
    # a stop word at either end, a date word, a short single word: none of them
    assert not {"the practice", "monday", "began near the", "to invade began near"} & found
    assert not any("monday" in p for p in found)


def _event(texts: dict[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, sents = [], []
    for outlet, bodies in texts.items():
        for n, body in enumerate(bodies):
            art_id = f"{outlet}-{n}"
            rows.append({"id": art_id, "outlet": outlet, "event_id": 0})
            for span in split_sentences(body):
                sents.append(
                    {"id": art_id, "start": span.start, "end": span.end, "sentence": span.text}
                )
    return pd.DataFrame(rows), pd.DataFrame(sents)


def _align(embedder, articles, sents, anchors: list[tuple[str, str, float]]) -> pd.DataFrame:
    vectors = np.asarray(embedder.encode(sents["sentence"].tolist()))
    contrast = pd.DataFrame(
        [
            {"event_id": 0, "outlet": o, "phrase": p, "count": 2, "other_count": 0, "delta": 1.0}
            | {"z": z}
            for o, p, z in anchors
        ],
        columns=CONTRAST_COLUMNS,
    )
    return (
        WordingAligner(embedder)
        .fit(
            articles,
            sentences=sents,
            sentence_vectors=vectors,
            cues=pd.DataFrame(columns=CUE_COLUMNS),
            contrast=contrast,
        )
        .table_
    )


DRILLS = {
    "Agency": [
        "The war games began on Monday with 240 aircraft near Seoul. "
        "Officials called the war-games a rehearsal for invasion.",
        "Critics said the war games raised tension across the peninsula.",
    ],
    "Wire": [
        "The joint military exercises began on Monday with 240 aircraft near Seoul. "
        "The joint military exercises are held every spring.",
        "Analysts said the joint military exercises drew a sharp response.",
    ],
}


@pytest.mark.model
def test_cues_align_links_two_outlets_wordings_for_one_referent() -> None:
    articles, sents = _event(DRILLS)
    table = _align(SentenceTransformerEmbedder(), articles, sents, [("Agency", "war games", 6.0)])
    assert list(table.columns) == ALIGNMENT_COLUMNS
    drills = table.groupby("referent").filter(lambda g: "war games" in set(g["phrase"]))
    wire = drills[drills["outlet"] == "Wire"]
    assert len(wire) == 1
    assert "military exercises" in wire["phrase"].iloc[0]
    agency = drills[drills["outlet"] == "Agency"].iloc[0]
    # "war-games" counts as a use of "war games": three sentences hold it
    assert agency["count"] == 3
    example = sents[sents["id"] == agency["example_id"]]
    assert agency["example"] in set(example["sentence"])


def test_cues_align_dates_and_datelines_are_no_referents() -> None:
    assert not {"oct", "seoul oct", "oct 31"} & referring_phrases("SEOUL, Oct. 31 -- Talks began.")
    embedder = _AllAlike()  # every wording looks alike: an anchor links to anything
    articles, sents = _event(
        {
            "Wire": ["SEOUL, Oct. 31 -- The talks began.", "SEOUL, Oct. 31 -- Talks ended."],
            "Daily": ["BEIJING -- The talks began.", "BEIJING -- The talks ended."],
        }
    )
    # a distinctive dateline is no anchor: nothing is left to align
    assert _align(embedder, articles, sents, [("Wire", "oct", 6.0)]).empty
    linked = _align(embedder, articles, sents, [("Wire", "talks", 6.0)])
    assert set(linked["outlet"]) == {"Wire", "Daily"}


class _AllAlike:
    model_id = "all-alike"

    def encode(self, texts, *, progress=None) -> np.ndarray:
        return np.full((len(texts), 4), 0.5, dtype=np.float32)


def test_cues_align_needs_two_outlets_and_an_anchor() -> None:
    embedder = HashingEmbedder(256)
    articles, sents = _event({"Agency": DRILLS["Agency"]})
    assert _align(embedder, articles, sents, [("Agency", "war games", 6.0)]).empty
    articles, sents = _event(DRILLS)
    # an anchor that occurs nowhere in its outlet's text is no anchor
    assert _align(embedder, articles, sents, [("Agency", "naval blockade", 6.0)]).empty


def test_cues_align_local_context_counts_content_words_around_each_use() -> None:
    from framing.cues.wording import local_context

    sentences = [
        "the war games began near seoul on monday",
        "war games ended, and war games resumed",
        "the drills began near seoul",
        "war games began elsewhere",
    ]
    keys = [(0, "war games"), (1, "drills"), (0, "began")]
    phrases = sorted({p for _, p in keys})
    bags, words = local_context(
        sentences,
        np.array([0, 0, 1, 1]),
        phrases,
        np.array([phrases.index(p) for _, p in keys]),
        np.array([o for o, _ in keys]),
        # (key, sentence) pairs: "war games" is outlet 0's only where found by
        # the aligner (sentence 3 belongs to outlet 1, so it does not count)
        occ_keys=np.array([0, 0, 1, 2]),
        occ_sents=np.array([0, 1, 2, 0]),
        window=3,
    )
    rows = bags.toarray()
    col = {w: n for n, w in enumerate(words)}
    war = rows[0]
    assert np.isclose(np.linalg.norm(war), 1.0)
    # three words on each side, stop words and the phrase's own words left out
    used = {w for w in words if war[col[w]] > 0}
    assert used == {"began", "near", "seoul", "ended", "resumed"}
    assert war[col["war"]] == 0 and war[col["the"]] == 0
    # idf over the four sentences: "ended" (1 sentence) outweighs "began" (3)
    assert war[col["ended"]] > war[col["began"]]
    # outlet 1's "drills" shares "began" and "seoul" with outlet 0's "began"
    assert rows[1] @ rows[2] > 0
    assert rows[1][col["seoul"]] > 0 and rows[2][col["seoul"]] > 0
