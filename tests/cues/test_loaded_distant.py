"""Distant supervision rows: the outlet split, outlet voice only, balanced weak labels."""

from __future__ import annotations

import pandas as pd

from framing.cues.loaded_distant import distant_labels, outlet_voice_sentences, split_outlets


def test_loaded_distant_split_alternates_within_each_rating() -> None:
    rows = []
    sizes = [("A", "left", 50), ("B", "left", 40), ("C", "center", 30)]
    sizes += [("D", "center", 25), ("E", "right", 60), ("F", "right", 5)]
    for outlet, bias, n in sizes:
        rows += [{"outlet": outlet, "bias": bias}] * n
    split = split_outlets(pd.DataFrame(rows)).set_index("outlet")["split"]
    assert split["A"] == "train" and split["B"] == "heldout"
    assert split["C"] == "train" and split["D"] == "heldout"
    assert split["E"] == "train"
    assert split["F"] == "heldout"  # too few articles to train on


def test_loaded_distant_keeps_only_the_outlets_own_sentences() -> None:
    text = (
        "The council voted on Tuesday to close the old bridge for repairs next spring. "
        '"This is an outrageous betrayal of every family in this town," the mayor said. '
        "Work on the replacement span is expected to take about eighteen months."
    )
    arts = pd.DataFrame(
        {"id": ["x"], "outlet": ["O"], "bias": ["left"], "title": ["Bridge"], "text": [text]}
    )
    out = outlet_voice_sentences(arts)
    assert len(out) == 2
    assert not out["sentence"].str.contains("betrayal").any()
    assert set(out["outlet"]) == {"O"} and set(out["bias"]) == {"left"}


def test_loaded_distant_labels_are_balanced_and_capped() -> None:
    rows = []
    for outlet, bias, n in [("L", "left", 50), ("R", "right", 5), ("C", "center", 30)]:
        rows += [
            {"id": f"{outlet}{i}", "outlet": outlet, "bias": bias, "sentence": f"{outlet} {i}"}
            for i in range(n)
        ]
    out = distant_labels(pd.DataFrame(rows), per_outlet=20, random_state=0)
    counts = out["label"].value_counts()
    assert counts[0] == counts[1] == 20
    assert (out.loc[out["outlet"] == "C", "label"] == 0).all()
    assert (out["outlet"] == "L").sum() <= 20
    again = distant_labels(pd.DataFrame(rows), per_outlet=20, random_state=0)
    assert out.equals(again)
