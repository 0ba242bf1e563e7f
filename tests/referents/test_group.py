"""framing.referents.group and aligner: Kim's names one row, Trump and North Korea apart,
quoted labels apart, kinds, diversity order (real tagger, hashing embedder)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.cues.sources import SourceFinder
from framing.cues.tables import sentence_table
from framing.embed import HashingEmbedder
from framing.embed.cache import embed_texts
from framing.referents import MENTION_COLUMNS
from framing.referents.aligner import ReferentAligner
from framing.referents.group import ReferentGrouper
from framing.referents.rows import ALIGNMENT_COLUMNS

TEXTS = {
    "Wire": "North Korean leader Kim Jong Un fired missiles on Tuesday. Mr. Kim watched the "
    "launch from North Korea. President Trump called the launch reckless.",
    "Post": "Kim Jong Un, the North Korean dictator, fired missiles over Japan. Kim praised "
    'the military of North Korea. Trump said the regime was "a rogue state".',
    "Daily": "President Donald Trump warned North Korea after Kim fired missiles. "
    '"Kim is a madman," Trump said.',
}


@pytest.fixture(scope="module")
def fitted() -> ReferentAligner:
    arts = pd.DataFrame(
        {
            "id": [f"{o.lower()}-1" for o in TEXTS],
            "outlet": list(TEXTS),
            "event_id": [3, 3, 3],
            "title": ["", "", ""],
            "text": list(TEXTS.values()),
        }
    )
    sources, voices = SourceFinder().fit().transform(arts)
    sents = sentence_table(arts)
    emb = HashingEmbedder()
    vecs, _ = embed_texts(sents["sentence"].tolist(), emb)
    cues = pd.DataFrame(
        {"id": ["post-1"], "field": ["text"], "start": [TEXTS["Post"].index("dictator")],
         "end": [TEXTS["Post"].index("dictator") + 8], "source": ["lexicon"], "weight": [0.7]}
    )  # fmt: skip
    return ReferentAligner(emb).fit(
        arts, sentences=sents, sentence_vectors=vecs, cues=cues, sources=sources, voices=voices
    )


def _referent_of(m: pd.DataFrame, outlet: str, text: str) -> str:
    rows = m[(m["outlet"] == outlet) & (m["text"] == text)]
    assert len(rows), (outlet, text)
    return rows["referent_id"].iloc[0]


def test_group_kim_names_are_one_referent(fitted: ReferentAligner) -> None:
    m = fitted.mentions_
    kim = _referent_of(m, "Wire", "Kim Jong Un")
    assert kim.startswith("3:")
    for outlet, text in (
        ("Wire", "Mr. Kim"),
        ("Wire", "North Korean leader"),
        ("Post", "Kim Jong Un"),
        ("Post", "North Korean dictator"),
        ("Post", "Kim"),
        ("Daily", "Kim"),
    ):
        assert _referent_of(m, outlet, text) == kim, (outlet, text)


def test_group_trump_and_north_korea_apart(fitted: ReferentAligner) -> None:
    m = fitted.mentions_
    kim = _referent_of(m, "Wire", "Kim Jong Un")
    trump = _referent_of(m, "Wire", "President Trump")
    korea = _referent_of(m, "Daily", "North Korea")
    assert trump and korea and len({kim, trump, korea}) == 3
    assert _referent_of(m, "Post", "Trump") == trump
    assert _referent_of(m, "Daily", "President Donald Trump") == trump
    assert _referent_of(m, "Wire", "North Korea") == korea


def test_group_rows_kinds_quoted_and_order(fitted: ReferentAligner) -> None:
    table = fitted.table_
    assert list(table.columns) == ALIGNMENT_COLUMNS
    assert list(fitted.mentions_.columns) == MENTION_COLUMNS
    kim = table[table["referent"] == "Kim Jong Un"].set_index("outlet")
    assert set(kim["kind"]) == {"person"}
    # the Daily names him only as "Kim"; Trump's "Kim" in quotes is the speaker's
    assert kim.loc["Daily", "phrase"] == "Kim"
    trump = table[table["referent_id"] == _referent_of(fitted.mentions_, "Wire", "President Trump")]
    assert set(trump["kind"]) == {"person"}
    assert kim.loc["Post", "loaded"] == 0.0 and kim["labels"].iloc[0] >= 4
    assert table.loc[table["referent"] == "fired missiles", "kind"].eq("action").all()
    # the most diversely named first
    assert table["diversity"].is_monotonic_decreasing
    loaded = fitted.mentions_.set_index("text").loc["North Korean dictator", "loaded"]
    assert loaded == 0.7


def test_group_a_label_with_nothing_in_common_stays_out() -> None:
    m = pd.DataFrame(
        [
            (0, "", "a", "A", "text", 0, 8, "migrants", "migrant", "migrant", "group", "outlet",
             "", 0.0, "np", "", False, "", -1, -1),
            (0, "", "b", "B", "text", 0, 8, "migrants", "migrant", "migrant", "group", "outlet",
             "", 0.0, "np", "", False, "", -1, -1),
            (0, "", "b", "B", "text", 20, 28, "invaders", "invader", "invader", "group", "quoted",
             "Trump", 0.0, "np", "", False, "", -1, -1),
        ],
        columns=MENTION_COLUMNS + ["shape", "name", "titled", "mods", "link", "sentence"],
    )  # fmt: skip
    ctx = np.ones((3, 4)) / 2.0
    labels = np.eye(3)[[0, 0, 1]].astype(float)
    got = ReferentGrouper().fit(m, context_vectors=ctx, label_vectors=labels).labels_
    assert got[0] == got[1] == "0:0" and got[2] == ""


def _one_event(texts: dict[str, str]) -> ReferentAligner:
    arts = pd.DataFrame(
        {
            "id": [f"{o}-1" for o in texts],
            "outlet": list(texts),
            "event_id": [0] * len(texts),
            "title": [""] * len(texts),
            "text": list(texts.values()),
        }
    )
    sents = sentence_table(arts)
    emb = HashingEmbedder()
    vecs, _ = embed_texts(sents["sentence"].tolist(), emb)
    return ReferentAligner(emb).fit(arts, sentences=sents, sentence_vectors=vecs, cues=None)


def test_group_generic_names_and_plurals_stay_apart() -> None:
    fitted = _one_event(
        {
            "A": "The White House denied it. The leader met leaders.",
            "B": "The House voted. The leader spoke to leaders.",
        }
    )
    m = fitted.mentions_

    def apart(a: str, b: str) -> bool:
        return a == "" or a != b  # "" is in no referent

    assert apart(_referent_of(m, "A", "White House"), _referent_of(m, "B", "House"))
    assert apart(_referent_of(m, "A", "leader"), _referent_of(m, "A", "leaders"))
    # the singular leaders are one referent, and so are the plural ones
    assert _referent_of(m, "A", "leader") == _referent_of(m, "B", "leader") != ""
