"""framing.referents.mentions: offsets, voices, speakers, bylines."""

from __future__ import annotations

import pandas as pd

from framing.cues.sources import SourceFinder
from framing.cues.tables import sentence_table
from framing.cues.voice import voice_lookup
from framing.referents import MENTION_COLUMNS
from framing.referents.mentions import GROUPING_COLUMNS, extract_mentions


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b"],
            "outlet": ["Wire", "Daily Post"],
            "event_id": [0, 0],
            "title": ["Migrants reach the border", "Caravan arrives"],
            "text": [
                "By Jane Doe\nWASHINGTON (Reuters) - President Trump called the migrants "
                '"invaders" on Monday.',
                "The Daily Post learned that the caravan crossed the border.",
            ],
        }
    )


def test_mentions_offsets_voice_and_speaker() -> None:
    arts = _articles()
    sources, voices = SourceFinder().fit().transform(arts)
    sents = sentence_table(arts)
    m = extract_mentions(arts, voices=voice_lookup(voices), sources=sources, sentences=sents)
    assert list(m.columns) == MENTION_COLUMNS + GROUPING_COLUMNS
    for row in m.itertuples(index=False):
        field = arts.set_index("id").loc[row.id, row.field]
        assert field[row.start : row.end] == row.text
        # every mention sits in the sentence it points at
        s = sents.iloc[row.sentence]
        assert (s["id"], s["field"]) == (row.id, row.field)
        assert s["start"] <= row.start < s["end"]
    quoted = m[m["voice"] == "quoted"]
    assert quoted["text"].tolist() == ["invaders"]
    assert "Trump" in quoted["speaker"].iloc[0]
    assert set(m.loc[m["voice"] == "outlet", "speaker"]) == {""}
    texts = set(m["text"])
    # no byline, no dateline, no outlet naming itself
    assert not texts & {"Jane Doe", "WASHINGTON", "Reuters", "Daily Post"}
    assert {"President Trump", "migrants", "caravan", "border"} <= texts


def test_mentions_without_voices_are_the_outlets() -> None:
    m = extract_mentions(_articles())
    assert set(m["voice"]) == {"outlet"} and (m["sentence"] == -1).all()
    assert (m["referent_id"] == "").all()
