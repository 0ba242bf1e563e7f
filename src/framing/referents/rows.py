"""The referent x outlet ``alignment`` table, from a (possibly edited) mentions table.

One row per referent and outlet that mentions it. Columns
(``ALIGNMENT_COLUMNS``): the old ones, ``event_id, referent, outlet, phrase,
count, example, example_id, example_start, example_end, similarity``, then
``referent_id, kind, diversity, labels, loaded, quoted_phrase, hidden``.

- ``phrase``: the outlet's own-voice labels, most used first (then first
  used first), joined by " / "
  ("" when the outlet only quotes others naming it); ``count`` their uses.
- ``quoted_phrase``: labels this outlet uses only inside quotations, as
  "label (speaker)" joined by " / ": the speaker's words, not the outlet's.
- ``referent``: the row's name, the most neutral common label (used by most
  outlets, then the least loaded; a fuller name of a person, group or place
  is preferred to a part of it).
- ``diversity``: how differently the outlets named it, 0 (every outlet uses
  the same words) to 1 (no two share a label): the mean, over pairs of
  outlets, of one minus the cosine of their own-voice label counts, times
  ``n / (n + 3)`` for its ``n`` own-voice uses (little evidence, less diversity).
- ``labels``: distinct own-voice labels across the outlets.
- ``loaded``: the loaded score of the outlet's main label (0..1).
- ``similarity``: the share of the outlet's own-voice uses that are the
  row's name (1.0: it names the thing as the row does).
- ``example*``: the text sentence of the outlet's first own-voice use in a
  text (its first use when it only quotes), with its article and character
  span in the text; empty (span 0, 0) when the outlet names it only in a headline.

Rows are sorted by event, then by ``diversity``, highest first.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from framing.cues.wording import ALIGNMENT_COLUMNS as OLD_COLUMNS

ALIGNMENT_COLUMNS = [
    *OLD_COLUMNS,
    "referent_id",
    "kind",
    "diversity",
    "labels",
    "loaded",
    "quoted_phrase",
    "hidden",
]
WORDING_SEPARATOR = " / "
# own-voice uses at which the diversity is half its raw value
EVIDENCE = 3
_NAMED_KINDS = ("person", "group", "place")


def referent_rows(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    names: Mapping[str, str] | None = None,
    hidden: Collection[str] = (),
    min_outlets: int = 2,
) -> pd.DataFrame:
    """The alignment table of ``mentions`` (``framing.referents.MENTION_COLUMNS``).

    Args:
        mentions: tagged mentions; those with ``referent_id == ""`` are in no row.
        sentences: the sentence table (``id, field, start, end, sentence``)
            the examples are taken from; ``None``: the example is the mention.
        names: referent id -> a name that replaces the chosen one (a rename).
        hidden: referent ids whose rows are marked ``hidden``.
        min_outlets: a referent is a row when at least this many outlets mention it.
    """
    names = names or {}
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=ALIGNMENT_COLUMNS)
    kept = mentions[mentions["referent_id"].astype(str) != ""]
    finder = _SentenceFinder(sentences)
    # Plain records, grouped once: pandas filters per referent and outlet
    # cost most of a batch's time.
    fields = ("id", "outlet", "field", "start", "end", "text", "norm", "kind", "voice",
              "speaker", "loaded")  # fmt: skip
    cols = {c: kept[c].tolist() for c in fields}
    records = [
        {c: cols[c][k] for c in fields} | {"_order": (str(cols["id"][k]), str(cols["field"][k]),
                                                     int(cols["start"][k]))}
        for k in range(len(kept))
    ]  # fmt: skip
    groups: dict[int, dict[str, list[dict]]] = defaultdict(dict)
    for ev, rid, rec in zip(
        kept["event_id"], kept["referent_id"].astype(str), records, strict=True
    ):
        groups[int(ev)].setdefault(rid, []).append(rec)
    out: list[dict] = []
    for event_id in sorted(groups):
        used: Counter[str] = Counter()
        blocks = []
        for rid, ref in groups[event_id].items():
            if len({r["outlet"] for r in ref}) < min_outlets:
                continue
            blocks.append(_referent(event_id, rid, ref, finder))
        # Names unique within an event, the most diverse row keeping the bare name.
        blocks.sort(key=lambda b: (-b[0]["diversity"], b[0]["referent_id"]))
        for block in blocks:
            rid = block[0]["referent_id"]
            name = names.get(rid) or block[0]["referent"]
            used[name] += 1
            if used[name] > 1:
                name = f"{name} ({used[name]})"
            for row in block:
                row["referent"] = name
                row["hidden"] = rid in hidden
            out.extend(block)
    table = pd.DataFrame(out, columns=ALIGNMENT_COLUMNS)
    return table.reset_index(drop=True)


def _referent(event_id: int, rid: str, ref: list[dict], finder) -> list[dict]:
    """The rows of one referent (its mentions as records), one per outlet."""
    ref = sorted(ref, key=lambda r: r["_order"])
    display = _forms([r["norm"] for r in ref], [r["text"] for r in ref])
    kind = Counter(str(r["kind"]) for r in ref).most_common(1)[0][0]
    loaded: dict[str, float] = {}
    for r in ref:
        loaded[r["norm"]] = max(loaded.get(r["norm"], 0.0), float(r["loaded"]))
    outlets = sorted({str(r["outlet"]) for r in ref})
    of: dict[str, list[dict]] = {o: [] for o in outlets}
    for r in ref:
        of[str(r["outlet"])].append(r)
    counts = {o: Counter(r["norm"] for r in of[o] if r["voice"] != "quoted") for o in outlets}
    name_norm = _name(counts, loaded, kind, display) or str(ref[0]["norm"])
    labels = len(set().union(*(c.keys() for c in counts.values())))
    uses = sum(sum(c.values()) for c in counts.values())
    # shrunk toward 0 on little evidence: two outlets using two words once
    # each say less than five outlets naming it forty times
    raw = _diversity([c for c in counts.values() if c])
    diversity = round(raw * uses / (uses + EVIDENCE), 3)
    rows = []
    for outlet in outlets:
        mine = counts[outlet]
        at = of[outlet]
        own_at = [r for r in at if r["voice"] != "quoted"]
        in_text = [r for r in at if r["field"] == "text"]
        own_text = [r for r in in_text if r["voice"] != "quoted"]
        # most used first; among equals, the one the outlet used first
        first_use: dict[str, int] = {}
        for k, r in enumerate(own_at):
            first_use.setdefault(r["norm"], k)
        ordered = sorted(mine, key=lambda n: (-mine[n], first_use[n]))
        # the example is a sentence of the text; a headline-only mention has none
        first = own_text[0] if own_text else in_text[0] if in_text else None
        example, span = finder.find(first) if first is not None else ("", (0, 0))
        first = first if first is not None else at[0]
        quoted: dict[str, set[str]] = {}
        for r in at:
            if r["voice"] == "quoted" and r["norm"] not in mine:
                quoted.setdefault(r["norm"], set()).update({str(r["speaker"])} - {""})
        quoted_labels = [
            display[n] + (f" ({', '.join(sorted(who))})" if who else "")
            for n, who in sorted(quoted.items())
        ]
        total = sum(mine.values())
        rows.append(
            {
                "event_id": event_id,
                "referent": display.get(name_norm, name_norm),
                "outlet": outlet,
                "phrase": WORDING_SEPARATOR.join(display[n] for n in ordered),
                "count": int(total),
                "example": example,
                "example_id": str(first["id"]),
                "example_start": int(span[0]),
                "example_end": int(span[1]),
                "similarity": round(mine[name_norm] / total, 3) if total else 0.0,
                "referent_id": rid,
                "kind": kind,
                "diversity": diversity,
                "labels": int(labels),
                "loaded": round(float(loaded[ordered[0]]), 3) if ordered else 0.0,
                "quoted_phrase": WORDING_SEPARATOR.join(quoted_labels),
                "hidden": False,
            }
        )
    return rows


def display_forms(ref: pd.DataFrame) -> dict[str, str]:
    """Each label's most common written form.

    A form capitalised only at its first letter is a sentence start, not a
    name, when the label is also written in lower case ("Migrants crossed").
    """
    return _forms(ref["norm"].astype(str).tolist(), ref["text"].astype(str).tolist())


def _forms(norms: list[str], texts: list[str]) -> dict[str, str]:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for norm, text in zip(norms, texts, strict=True):
        forms[str(norm)][" ".join(str(text).split())] += 1
    out = {}
    for norm, c in forms.items():
        merged: Counter[str] = Counter()
        lower = {f for f in c if f == f.lower()}
        for form, n in c.items():
            plain = form[:1].lower() + form[1:]
            merged[plain if plain in lower else form] += n
        out[norm] = min(merged, key=lambda f: (-merged[f], f))
    return out


def _name(
    counts: dict[str, Counter[str]], loaded: dict[str, float], kind: str, display: dict[str, str]
) -> str:
    """The most neutral common label: most outlets, then least loaded, then (for a
    person, group or place) a name, then most used."""
    spread: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    for c in counts.values():
        spread.update(c.keys())
        uses.update(c)
    if not spread:
        return ""
    named = kind in _NAMED_KINDS

    def rank(n: str) -> tuple:
        is_name = named and display.get(n, n)[:1].isupper()
        return (-spread[n], round(loaded.get(n, 0.0), 1), not is_name, -uses[n], n)

    best = min(spread, key=rank)
    if named:
        # "Kim Jong Un" over "Kim" when as many outlets write it in full
        words = set(best.split())
        fuller = [
            n
            for n in spread
            if spread[n] >= min(2, spread[best])
            and words < set(n.split())
            and loaded.get(n, 0.0) <= loaded.get(best, 0.0) + 0.1
        ]
        if fuller:
            best = max(fuller, key=lambda n: (len(n.split()), spread[n], uses[n], n))
    return best


def _diversity(counts: list[Counter[str]]) -> float:
    """Mean over outlet pairs of 1 - cosine of their label counts (0 with under two outlets)."""
    if len(counts) < 2:
        return 0.0
    vocab = sorted(set().union(*counts))
    mat = np.array([[c.get(n, 0) for n in vocab] for c in counts], dtype=float)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    sims = mat @ mat.T
    upper = sims[np.triu_indices(len(counts), k=1)]
    return round(float(1.0 - upper.mean()), 3)


class _SentenceFinder:
    """The sentence holding a mention, found by its article, field and offset."""

    def __init__(self, sentences: pd.DataFrame | None) -> None:
        self.at: dict[tuple[str, str], tuple[list[int], list[tuple[int, int, str]]]] = {}
        if sentences is None or sentences.empty:
            return
        ordered = sentences.sort_values(["id", "field", "start"], kind="stable")
        for (art, field), g in ordered.groupby(["id", "field"], sort=False):
            spans = list(
                zip(g["start"].astype(int), g["end"].astype(int), g["sentence"], strict=True)
            )
            self.at[(str(art), str(field))] = ([s for s, _, _ in spans], spans)

    def find(self, mention: Mapping) -> tuple[str, tuple[int, int]]:
        start = int(mention["start"])
        found = self.at.get((str(mention["id"]), str(mention["field"])))
        if found:
            starts, spans = found
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and start < spans[k][1]:
                a, b, text = spans[k]
                return str(text), (a, b)
        return str(mention["text"]), (start, int(mention["end"]))
