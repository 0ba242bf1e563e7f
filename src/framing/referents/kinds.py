"""The kind of each mention: person, group, place, thing or action.

In order (the data is ``data/kinds.toml`` and ``data/mentions.toml``):

1. a verb phrase is an ``action``;
2. a name with a title is a ``person``; a name ending in a group word
   ("Justice Department") is a ``group``, one ending in a place word or
   holding a place name ("North Korea") a ``place``;
3. a label or its head word listed under a kind's ``heads`` is of that kind;
   a name is a person when a titled name of the event shares its words
   ("Mr. Kim" -> "Kim Jong Un"), and a name apposed to a descriptor takes
   the descriptor's kind ("leader Kim");
4. otherwise the kind whose seed phrases are nearest to the label's
   embedding (the mean of each kind's seed vectors).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from framing.cues.sources import load_attribution
from framing.cues.wording import unit_rows
from framing.referents.chunk import vocabulary

NOUN_KINDS = ("person", "group", "place", "thing")


@lru_cache(maxsize=1)
def kind_data() -> dict[str, dict[str, list[str]]]:
    """The kinds of ``data/kinds.toml``: per kind, its ``heads`` and ``seeds``."""
    text = resources.files("framing.referents").joinpath("data/kinds.toml").read_text("utf-8")
    return tomllib.loads(text)["kinds"]


@lru_cache(maxsize=1)
def _heads() -> dict[str, str]:
    out: dict[str, str] = {}
    for kind in NOUN_KINDS:
        for head in kind_data()[kind]["heads"]:
            out.setdefault(head.lower(), kind)
    return out


def seed_texts() -> list[str]:
    """Every seed phrase, kind by kind (the order ``kinds_of`` expects their vectors in)."""
    return [s for kind in NOUN_KINDS for s in kind_data()[kind]["seeds"]]


def _rule_kind(shape: str, norm: str, head: str, name: str, titled: bool) -> str:
    voc = vocabulary()
    if shape == "action":
        return "action"
    words = name.split() if shape == "name" else []
    if shape == "name":
        if titled:
            return "person"
        if words and words[-1] in voc["group_words"]:
            return "group"
        places = load_attribution()["places"]
        if words and (words[-1] in voc["place_words"] or any(w in places for w in words)):
            return "place"
    heads = _heads()
    for key in (norm, head):
        if key in heads:
            return heads[key]
    return ""


def kinds_of(
    mentions: pd.DataFrame,
    label_vectors: np.ndarray,
    seed_vectors: np.ndarray,
    *,
    rules: list[str] | None = None,
) -> list[str]:
    """The kind of every mention.

    Args:
        mentions: ``extract_mentions`` rows (``shape, norm, head, name, titled, link``).
        label_vectors: a unit vector per mention, of its label (only those
            ``rule_kinds`` leaves undecided are read).
        seed_vectors: the vectors of ``seed_texts()``, in that order.
        rules: ``rule_kinds(mentions)`` when already known.
    """
    out = list(rule_kinds(mentions) if rules is None else rules)
    left = [k for k, kind in enumerate(out) if not kind]
    if left:
        sizes = [len(kind_data()[kind]["seeds"]) for kind in NOUN_KINDS]
        bounds = np.cumsum([0, *sizes])
        means = unit_rows(
            np.stack(
                [seed_vectors[a:b].mean(axis=0) for a, b in zip(bounds, bounds[1:], strict=False)]
            )
        )
        nearest = np.argmax(unit_rows(label_vectors[left]) @ means.T, axis=1)
        for k, n in zip(left, nearest, strict=True):
            out[k] = NOUN_KINDS[int(n)]
    return out


def rule_kinds(mentions: pd.DataFrame) -> list[str]:
    """The kinds the shape, the data's head words, titles and links decide ("" elsewhere)."""
    out = [
        _rule_kind(s, n, h, nm, bool(t))
        for s, n, h, nm, t in zip(
            mentions["shape"],
            mentions["norm"],
            mentions["head"],
            mentions["name"],
            mentions["titled"],
            strict=True,
        )
    ]
    # "Kim Jong Un" is a person when the event calls him "Mr. Kim"
    titled: dict[int, list[set[str]]] = {}
    for ev, nm, t in zip(mentions["event_id"], mentions["name"], mentions["titled"], strict=True):
        if t and nm:
            titled.setdefault(int(ev), []).append(set(nm.split()))
    for k, (ev, nm) in enumerate(zip(mentions["event_id"], mentions["name"], strict=True)):
        if not out[k] and nm:
            words = set(nm.split())
            if any(words <= t or t <= words for t in titled.get(int(ev), [])):
                out[k] = "person"
    links = mentions["link"].to_numpy()
    for k, link in enumerate(links):
        # "leader Kim Jong Un": the name is what its descriptor says it is
        if not out[k] and link >= 0 and out[link] in ("person", "group", "place"):
            out[k] = out[link]
    return out
