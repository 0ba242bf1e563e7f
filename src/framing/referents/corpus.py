"""Across events: an outlet's labels for an actor that recurs over the corpus.

The referents of different events are one actor when their names are the
same label, or when one name's words are all in the other's and no other
actor's name holds them ("Kim" and "Kim Jong Un"); kinds must agree. The
``actor_labels`` table (``ACTOR_COLUMNS``) has one row per actor, outlet and
label: ``actor`` (its most used name, the fuller on a tie), ``kind``, ``outlet``, ``label``,
``voice`` (``outlet`` or ``quoted``: a quoted label is a speaker's word),
``count`` (mentions), ``events`` (events the outlet used the label in) and
``actor_events`` (events the actor is a row of). Sorted by ``actor_events``,
then actor, outlet and count. Hidden rows of the alignment are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from framing.referents.chunk import label_norm
from framing.referents.rows import display_forms

ACTOR_COLUMNS = ["actor", "kind", "outlet", "label", "voice", "count", "events", "actor_events"]


def actor_labels(mentions: pd.DataFrame, alignment: pd.DataFrame) -> pd.DataFrame:
    """The ``actor_labels`` table of a corpus (see the module doc).

    Args:
        mentions: the corpus's mentions (``MENTION_COLUMNS``), edits applied.
        alignment: its alignment table (``referent_rows`` columns), naming the rows.
    """
    if mentions is None or mentions.empty or alignment is None or alignment.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    shown = alignment.drop_duplicates("referent_id")
    if "hidden" in shown:
        shown = shown[~shown["hidden"].astype(bool)]
    refs = {
        str(r.referent_id): (label_norm(str(r.referent).split()), str(r.kind), str(r.referent))
        for r in shown.itertuples(index=False)
    }
    actor_of = _link(refs)
    m = mentions[mentions["referent_id"].astype(str).isin(actor_of)].copy()
    if m.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    m["actor_key"] = m["referent_id"].astype(str).map(actor_of)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for rid, key in actor_of.items():
        names[key][refs[rid][2]] += 1
    display = display_forms(m)
    rows = []
    for key, g in m.groupby("actor_key", sort=False):
        n_events = int(g["event_id"].nunique())
        actor = min(names[key], key=lambda n: (-names[key][n], -len(n.split()), n))
        kind = Counter(g["kind"].astype(str)).most_common(1)[0][0]
        for (outlet, norm, voice), h in g.groupby(["outlet", "norm", "voice"], sort=True):
            rows.append(
                {
                    "actor": actor,
                    "kind": kind,
                    "outlet": outlet,
                    "label": display[norm],
                    "voice": voice,
                    "count": len(h),
                    "events": int(h["event_id"].nunique()),
                    "actor_events": n_events,
                }
            )
    out = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return out.sort_values(
        ["actor_events", "actor", "outlet", "count", "label"],
        ascending=[False, True, True, False, True],
        kind="stable",
    ).reset_index(drop=True)


def _link(refs: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """Referent id -> actor key (a name norm and kind)."""
    keys = {rid: (norm, kind) for rid, (norm, kind, _) in refs.items()}
    distinct = sorted(set(keys.values()))
    target: dict[tuple[str, str], tuple[str, str]] = {}
    for norm, kind in distinct:
        words = set(norm.split())
        fuller = [(n, k) for n, k in distinct if k == kind and n != norm and words < set(n.split())]
        # a part of exactly one fuller name is that name ("kim" -> "kim jong un")
        target[(norm, kind)] = fuller[0] if len(fuller) == 1 else (norm, kind)
    return {rid: "|".join(target[key]) for rid, key in keys.items()}
