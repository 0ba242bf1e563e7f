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
    # one pass over the mentions: the per-actor and per-label counts as groupbys
    n_events = m.groupby("actor_key", sort=False)["event_id"].nunique()
    kinds = m.groupby(["actor_key", "kind"], sort=False).size().reset_index(name="n")
    # the most common kind, the first met on a tie (as Counter.most_common does)
    kinds["first"] = kinds.index
    kinds = kinds.sort_values(["actor_key", "n", "first"], ascending=[True, False, True])
    kind_of = kinds.drop_duplicates("actor_key").set_index("actor_key")["kind"]
    per = m.groupby(["actor_key", "outlet", "norm", "voice"], sort=True, observed=True)
    counted = per.agg(count=("event_id", "size"), events=("event_id", "nunique")).reset_index()
    order = {key: k for k, key in enumerate(dict.fromkeys(m["actor_key"]))}
    counted = counted.sort_values("actor_key", key=lambda c: c.map(order), kind="stable")
    actor = {
        key: min(names[key], key=lambda n, c=names[key]: (-c[n], -len(n.split()), n))
        for key in order
    }
    rows = {
        "actor": counted["actor_key"].map(actor),
        "kind": counted["actor_key"].map(kind_of).astype(str),
        "outlet": counted["outlet"],
        "label": counted["norm"].map(display),
        "voice": counted["voice"],
        "count": counted["count"].astype(int),
        "events": counted["events"].astype(int),
        "actor_events": counted["actor_key"].map(n_events).astype(int),
    }
    out = pd.DataFrame(rows, columns=ACTOR_COLUMNS).reset_index(drop=True)
    return out.sort_values(
        ["actor_events", "actor", "outlet", "count", "label"],
        ascending=[False, True, True, False, True],
        kind="stable",
    ).reset_index(drop=True)


def _link(refs: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """Referent id -> actor key (a name norm and kind)."""
    keys = {rid: (norm, kind) for rid, (norm, kind, _) in refs.items()}
    distinct = sorted(set(keys.values()))
    # names holding a word, by kind: the fuller names of a name hold all its words
    holding: dict[tuple[str, str], set[int]] = defaultdict(set)
    words_of = [set(norm.split()) for norm, _ in distinct]
    for k, ((_, kind), words) in enumerate(zip(distinct, words_of, strict=True)):
        for word in words:
            holding[(word, kind)].add(k)
    target: dict[tuple[str, str], tuple[str, str]] = {}
    for k, ((norm, kind), words) in enumerate(zip(distinct, words_of, strict=True)):
        cands = set.intersection(*(holding[(w, kind)] for w in words)) if words else set()
        fuller = sorted(j for j in cands if j != k and words < words_of[j])
        # a part of exactly one fuller name is that name ("kim" -> "kim jong un")
        target[(norm, kind)] = distinct[fuller[0]] if len(fuller) == 1 else (norm, kind)
    return {rid: "|".join(target[key]) for rid, key in keys.items()}
