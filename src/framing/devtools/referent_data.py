"""Tiny hand-made referent tables for tests: a mentions table and a stored analysis holding it."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from framing.referents import MENTION_COLUMNS
from framing.referents.rows import referent_rows

# (event_id, referent_id, article id, outlet, text, norm)
MentionRow = tuple[int, str, str, str, str, str]


def mentions_frame(rows: Sequence[MentionRow], *, field: str = "text") -> pd.DataFrame:
    """A mentions table (``MENTION_COLUMNS``) of own-voice person mentions at offset 0."""
    return pd.DataFrame(
        [
            {
                "event_id": e,
                "referent_id": r,
                "id": a,
                "outlet": o,
                "field": field,
                "start": 0,
                "end": len(t),
                "text": t,
                "norm": n,
                "head": n.split()[-1] if n.split() else n,
                "kind": "person",
                "voice": "outlet",
                "speaker": "",
                "loaded": 0.0,
            }
            for e, r, a, o, t, n in rows
        ],
        columns=MENTION_COLUMNS,
    )


def stored_analysis(
    store,
    corpus: str,
    mentions: pd.DataFrame,
    *,
    key: str = "hand-made",
    sentences: pd.DataFrame | None = None,
) -> None:
    """Store an analysis of ``corpus`` holding ``mentions`` and the rows made from them.

    Its articles are those of the mentions, in the mentions' events; with
    ``sentences``, the mentions and sentences stay in one stored batch, as
    the pipeline keeps its per-sentence tables.
    """
    pairs = mentions[["id", "outlet", "event_id"]].drop_duplicates("id")
    tables = {
        "articles": pairs.reset_index(drop=True),
        "events": pd.DataFrame({"event_id": sorted(set(pairs["event_id"].astype(int)))}),
        "alignment": referent_rows(mentions, sentences),
        "mentions": mentions,
    }
    batched: tuple[str, ...] = ()
    if sentences is not None:
        store.put_parts(corpus, key, 0, {"mentions": mentions, "sentences": sentences})
        batched = ("mentions", "sentences")
    store.put_results(corpus, key, tables, in_parts=batched)
