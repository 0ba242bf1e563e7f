"""Figures of "Who gets to speak": titles, values, fixed colours, escaping, clickable cells."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from framing import compare
from framing.viz import sources as viz
from framing.viz.theme import VERB_CLASS_COLORS, outlet_colors

EVIL = "<a href='http://evil.example'>Evil</a>"
EVERYONE = ["A", "B", EVIL]


def _check_frame(fig: go.Figure, title: str) -> None:
    text = fig.layout.title.text
    assert text.startswith(title)
    assert "<sup>" in text and len(text.split("<sup>")[1]) > 20  # the caption
    blob = fig.to_json()
    assert "<a href" not in blob and "href=\\u0027" not in blob


def _matrix() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("A", "Kim", 3, 40, 4),
            (EVIL, "Kim", 1, 5, 4),
            ("A", EVIL, 0, 0, 2),
            (EVIL, EVIL, 2, 30, 2),
        ],
        columns=compare.MATRIX_COLUMNS,
    )


def test_viz_sources_speaker_heatmap_counts_in_cells_and_clickable_points() -> None:
    fig = viz.speaker_heatmap(_matrix(), EVERYONE)
    _check_frame(fig, "Who each outlet quotes")
    hm, cells = fig.data
    assert list(hm.x) == ["Kim", "&lt;a href=&#x27;http://evil.example&#x27;&gt;Evil&lt;/a&gt;"]
    assert [list(r) for r in hm.z] == [[3, 0], [1, 2]]
    assert [list(r) for r in hm.text] == [["3", ""], ["1", "2"]]  # zero cells stay blank
    assert fig.layout.xaxis.title.text.startswith("Speaker")
    assert fig.layout.yaxis.title.text == "Outlet"
    # the invisible points carry the hover and lead back to the raw cell; an
    # empty cell (A quotes no Evil) has no point, so nothing opens on it
    assert cells.name == "cells" and len(cells.x) == 3
    assert [list(c) for c in cells.customdata] == [["A", "Kim"], [EVIL, "Kim"], [EVIL, EVIL]]
    assert "3 quotation(s) or statement(s), 40 words" in cells.hovertext[0]
    # each outlet's tick keeps its colour
    colors = outlet_colors(EVERYONE)
    assert colors["A"] in fig.layout.yaxis.ticktext[0]
    assert list(fig.layout.yaxis.tickvals) == list(hm.y)


def test_viz_sources_speaker_heatmap_of_many_cells_puts_counts_in_the_hover() -> None:
    rows = [(f"O{i}", f"S{j}", 1, 1, 30) for j in range(30) for i in range(20)]
    fig = viz.speaker_heatmap(
        pd.DataFrame(rows, columns=compare.MATRIX_COLUMNS), max_text_cells=500
    )
    assert fig.data[0].text is None
    assert "Hover a cell" in fig.layout.title.text


def test_viz_sources_verb_mix_chart_stacks_loaded_classes_before_neutral() -> None:
    mix = pd.DataFrame(
        [
            ("A", "neutral", "Neutral", 8, 0.8, 10),
            ("A", "doubt", "Casts doubt", 2, 0.2, 10),
            (EVIL, "neutral", "Neutral", 1, 1.0, 1),
            (EVIL, "doubt", "Casts doubt", 0, 0.0, 1),
        ],
        columns=compare.VERB_MIX_COLUMNS,
    )
    fig = viz.verb_mix_chart(mix, EVERYONE)
    _check_frame(fig, "How each outlet introduces its sources")
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Casts doubt", "Neutral"]
    doubt, neutral = fig.data
    assert list(doubt.x) == [0.2, 0.0] and list(neutral.x) == [0.8, 1.0]
    assert doubt.marker.color == VERB_CLASS_COLORS["doubt"]
    assert doubt.marker.pattern.shape == "/"  # not told apart by colour alone
    assert list(doubt.text) == ["20%", ""]
    assert fig.layout.xaxis.tickformat == ".0%"


def test_viz_sources_anonymous_share_chart_bars_in_outlet_colours() -> None:
    sourcing = compare.outlet_sourcing(
        pd.DataFrame(
            [
                {"outlet": o, "kind": "direct", "speaker_type": t, "speaker": "x",
                 "speaker_norm": "x", "verb_class": "neutral", "n_words": 3, "event_id": 0}
                for o, t in [("A", "anonymous"), ("A", "official"), (EVIL, "expert")]
            ]
        ),
        outlets=["A", EVIL, "B"],
    )  # fmt: skip
    fig = viz.anonymous_share_chart(sourcing, EVERYONE)
    _check_frame(fig, "Anonymous sources")
    assert len(fig.data) == 2  # B has no source: no bar
    a = fig.data[0]
    assert list(a.x) == [0.5] and a.orientation == "h"
    assert fig.layout.yaxis.ticktext[0].endswith("A (1 of 2)")
    assert a.marker.color == outlet_colors(EVERYONE)["A"]
    assert a.marker.color in fig.layout.yaxis.ticktext[0]  # the outlet's square
    assert a.error_x.array[0] > 0 and a.error_x.arrayminus[0] > 0


def test_viz_sources_official_sides_chart_one_trace_per_side_unstated_grey() -> None:
    officials = pd.DataFrame(
        [
            ("A", "US", 3, 0.75, 10),
            ("A", compare.UNSTATED, 1, 0.25, 10),
            (EVIL, "North Korea", 2, 1.0, 4),
        ],
        columns=compare.OFFICIAL_COLUMNS,
    )
    fig = viz.official_sides_chart(officials, EVERYONE)
    _check_frame(fig, "Whose officials speak")
    names = [t.name for t in fig.data]
    assert names[-1] == compare.UNSTATED  # last, after the named sides
    assert fig.data[-1].marker.color == viz.UNSTATED_COLOR
    us = fig.data[names.index("US")]
    assert list(us.x) == [0.75, 0.0]
    side_colors = {t.marker.color for t in fig.data}
    assert not side_colors & set(outlet_colors(EVERYONE).values())  # a side is not an outlet
