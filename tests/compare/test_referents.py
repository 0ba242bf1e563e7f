"""framing.compare.referents: the labels and sentences behind a who-called-it-what cell."""

from __future__ import annotations

import pandas as pd

from framing.compare.referents import (
    cell_labels,
    cell_sentences,
    cell_text,
    cell_texts,
    filled_matrix,
)
from framing.referents import MENTION_COLUMNS

TEXT = 'Migrants crossed. Trump called the migrants "invaders" and illegal aliens.'


def _mentions() -> pd.DataFrame:
    def m(text, norm, voice="outlet", speaker="", loaded=0.0):
        start = TEXT.index(text, 1 if text == "migrants" else 0)
        return {
            "event_id": 0, "referent_id": "0:0", "id": "a", "outlet": "A", "field": "text",
            "start": start, "end": start + len(text), "text": text, "norm": norm,
            "head": norm, "kind": "group", "voice": voice, "speaker": speaker, "loaded": loaded,
        }  # fmt: skip

    return pd.DataFrame(
        [
            m("Migrants", "migrant"),
            m("migrants", "migrant"),
            m("invaders", "invader", "quoted", "Trump", 0.9),
            m("illegal aliens", "illegal alien", loaded=0.8),
        ],
        columns=MENTION_COLUMNS,
    )


def test_cell_labels_and_text() -> None:
    labels = cell_labels(_mentions())
    own = labels[labels["voice"] == "outlet"]
    assert own["label"].tolist() == ["migrants", "illegal aliens"]
    assert own["count"].tolist() == [2, 1]
    assert cell_text(labels) == (
        "migrants (2) / illegal aliens (1, loaded 0.80) · quoted: 'invaders' (Trump)"
    )


def test_cell_sentences_lead_to_every_use() -> None:
    sentences = pd.DataFrame(
        {"id": ["a", "a"], "field": ["text", "text"], "start": [0, 18], "end": [17, len(TEXT)],
         "sentence": [TEXT[:17], TEXT[18:]]}
    )  # fmt: skip
    got = cell_sentences(_mentions(), sentences, "0:0", "A")
    assert got["start"].tolist() == [0, 18]
    second = got.iloc[1]
    assert [second["sentence"][a:b] for a, b in second["spans"]] == [
        "migrants",
        "invaders",
        "illegal aliens",
    ]
    assert second["voice"] == "outlet" and got.iloc[0]["labels"] == "Migrants"
    assert cell_sentences(_mentions(), sentences, "0:9", "A").empty


def test_filled_matrix_writes_the_cells_with_labels_and_keeps_the_others() -> None:
    labels = cell_labels(_mentions())
    assert cell_texts(labels) == {("0:0", "A"): cell_text(labels)}
    text = pd.DataFrame({"A": ["migrants", "wall"], "B": ["people", "barrier"]},
                        index=["migrants", "wall"])  # fmt: skip
    alignment = pd.DataFrame({"referent": ["migrants", "wall"], "referent_id": ["0:0", "0:1"]})
    out = filled_matrix(text, alignment, labels)
    assert out.loc["migrants", "A"] == cell_text(labels)
    assert out.loc["migrants", "B"] == "people"
    assert out.loc["wall"].tolist() == ["wall", "barrier"]
    assert text.loc["migrants", "A"] == "migrants"  # the shared matrix is not changed
