"""framing.cues.relex: after a lexicon edit, referent rows are made again only where
a mention's loaded score moved."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt

from framing.cues import relex
from framing.referents import MENTION_COLUMNS
from framing.referents.rows import referent_rows


def _m(event: int, rid: str, art: str, outlet: str, norm: str, loaded: float = 0.0) -> dict:
    return {
        "event_id": event, "referent_id": rid, "id": art, "outlet": outlet, "field": "text",
        "start": 0, "end": len(norm), "text": norm, "norm": norm, "head": norm.split()[-1],
        "kind": "group", "voice": "outlet", "speaker": "", "loaded": loaded,
    }  # fmt: skip


def _mentions() -> pd.DataFrame:
    rows = [
        _m(1, "1:0", "a", "A", "migrants"),
        _m(1, "1:0", "b", "B", "illegal aliens", 0.8),
        _m(1, "1:0", "b", "B", "migrants"),
        _m(2, "2:0", "c", "A", "troops"),
        _m(2, "2:0", "d", "B", "occupiers", 0.7),
        _m(3, "3:0", "e", "A", "the rally"),
        _m(3, "3:0", "f", "C", "the riot", 0.6),
    ]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def test_relex_rows_are_made_again_only_for_events_whose_scores_moved(monkeypatch) -> None:
    before = _mentions()
    stored = referent_rows(before)
    after = before.copy()
    after.loc[after["norm"] == "migrants", "loaded"] = 0.9  # a new cue hits event 1 only
    seen: list[set[int]] = []

    def counted(mentions, *args, **kwargs):
        seen.append(set(mentions["event_id"].astype(int)))
        return referent_rows(mentions, *args, **kwargs)

    monkeypatch.setattr(relex, "referent_rows", counted)
    got = relex._rows_where_loaded_changed(
        stored, after, before["loaded"].to_numpy(dtype=float), None, 2
    )
    assert seen == [{1}]
    pdt.assert_frame_equal(got, referent_rows(after))
    # the new score renamed event 1's row: the least loaded common label is gone
    assert not got.equals(stored)


def test_relex_rows_unchanged_when_no_score_moved(monkeypatch) -> None:
    before = _mentions()
    stored = referent_rows(before)
    monkeypatch.setattr(
        relex, "referent_rows", lambda *a, **k: (_ for _ in ()).throw(AssertionError)
    )
    got = relex._rows_where_loaded_changed(
        stored, before.copy(), before["loaded"].to_numpy(dtype=float), None, 2
    )
    assert got is stored
