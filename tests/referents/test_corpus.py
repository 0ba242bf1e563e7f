"""framing.referents.corpus: an outlet's labels for an actor across events."""

from __future__ import annotations

import pandas as pd

from framing.referents import MENTION_COLUMNS
from framing.referents.corpus import ACTOR_COLUMNS, actor_labels
from framing.referents.rows import referent_rows


def _m(event, rid, outlet, text, norm, kind="person", voice="outlet", start=0):
    return {
        "event_id": event, "referent_id": rid, "id": f"{outlet}-{event}", "outlet": outlet,
        "field": "text", "start": start, "end": start + len(text), "text": text, "norm": norm,
        "head": norm.split()[-1], "kind": kind, "voice": voice, "speaker": "", "loaded": 0.0,
    }  # fmt: skip


def test_actor_labels_link_referents_across_events() -> None:
    rows = [
        # event 1: "Kim Jong Un" in full; event 2: only "Kim"
        _m(1, "1:0", "A", "Kim Jong Un", "kim jong un"),
        _m(1, "1:0", "B", "Kim Jong Un", "kim jong un"),
        _m(1, "1:0", "B", "dictator", "dictator", start=30),
        _m(2, "2:0", "A", "Kim", "kim"),
        _m(2, "2:0", "B", "Kim", "kim"),
        _m(2, "2:0", "B", "dictator", "dictator", start=40),
        # another actor, one event only
        _m(2, "2:1", "A", "migrants", "migrant", kind="group", start=60),
        _m(2, "2:1", "B", "illegal aliens", "illegal alien", kind="group", start=60),
        _m(2, "2:1", "B", "invaders", "invader", kind="group", voice="quoted", start=90),
    ]
    mentions = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    table = actor_labels(mentions, referent_rows(mentions))
    assert list(table.columns) == ACTOR_COLUMNS
    kim = table[table["actor_events"] == 2]
    assert set(kim["actor"]) == {"Kim Jong Un"}  # one actor over both events
    b = kim[kim["outlet"] == "B"].set_index("label")
    assert b.loc["dictator", "count"] == 2 and b.loc["dictator", "events"] == 2
    migrants = table[table["actor_events"] == 1]
    assert set(migrants["label"]) == {"migrants", "illegal aliens", "invaders"}
    assert migrants.set_index("label").loc["invaders", "voice"] == "quoted"
    # the recurring actor first
    assert table["actor_events"].iloc[0] == 2


def test_actor_labels_leave_hidden_rows_out() -> None:
    mentions = pd.DataFrame(
        [_m(1, "1:0", "A", "Kim", "kim"), _m(1, "1:0", "B", "Kim", "kim")], columns=MENTION_COLUMNS
    )
    assert actor_labels(mentions, referent_rows(mentions, hidden={"1:0"})).empty
    assert actor_labels(mentions.iloc[:0], referent_rows(mentions)).empty
