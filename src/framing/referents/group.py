"""Group the mentions of an event into referents, across its outlets.

1. **Chains within an article**, in text order: a name joins the latest
   chain whose name holds its words or whose words it holds ("Kim Jong Un"
   -> "Kim" -> "Mr. Kim"); a descriptor apposed to a name joins the name's
   chain ("North Korean leader Kim Jong Un"); a phrase joins the latest chain
   with the same label, or with the same head word and compatible names
   inside ("ballistic missiles" -> "the missiles", but not "U.S. troops" ->
   "South Korean troops"); an action joins one with the same verb and object.
2. **Across articles**, chains are linked, strongest evidence first:
   compatible names; a shared label used in similar sentences; the same head
   word, or different words, when the blend of the labels' similarity and of
   their sentences' similarity (``label_weight``) reaches a threshold.
   Two groups are never merged when they hold incompatible names ("North
   Korea" / "South Korea", "Trump" / "Kim") or, for links by meaning alone,
   different kinds, or when their centroids are not close enough (no
   chaining A ~ B ~ C into one row).
3. A group mentioned by at least ``min_outlets`` outlets is a referent.

Work is linear in the mentions but for the pairs that share a name word, a
label, a head, or whose labels are near in meaning (found over the distinct
labels, in blocks).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from framing.cues.wording import unit_rows
from framing.embed.base import Embedder
from framing.embed.cache import embed_texts
from framing.referents.chunk import vocabulary

_COLUMNS = ("id", "field", "start", "shape", "norm", "kind", "name", "mods", "link", "outlet")


class ReferentGrouper(BaseEstimator):
    """Group tagged mentions into referents, event by event.

    Args:
        embedder: embeds the distinct labels when ``fit`` is not given their vectors.
        label_weight: weight of the labels' similarity in a blend with the
            similarity of the sentences they occur in.
        same_label_context: a label shared by two chains links them when their
            sentences are at least this similar.
        same_head_threshold: blend that links two chains with the same head word.
        other_threshold: blend that links two chains with different words.
        min_label_similarity: labels at least this similar are compared at all.
        min_outlets: a group is kept when this many outlets mention it.

    Attributes:
        labels_: the referent id of each mention (``"event:n"``, ``""`` when in no kept group).
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        label_weight: float = 0.5,
        same_label_context: float = 0.2,
        same_head_threshold: float = 0.6,
        other_threshold: float = 0.72,
        min_label_similarity: float = 0.65,
        min_outlets: int = 2,
    ) -> None:
        self.embedder = embedder
        self.label_weight = label_weight
        self.same_label_context = same_label_context
        self.same_head_threshold = same_head_threshold
        self.other_threshold = other_threshold
        self.min_label_similarity = min_label_similarity
        self.min_outlets = min_outlets

    def fit(
        self,
        mentions: pd.DataFrame,
        y: None = None,
        *,
        context_vectors: np.ndarray,
        label_vectors: np.ndarray | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> ReferentGrouper:
        """Group ``mentions`` (``extract_mentions`` rows with ``kind``).

        Args:
            context_vectors: a vector per mention, of the sentence it is in
                (zero when it has none).
            label_vectors: a unit vector per mention, of its label; ``None``:
                the distinct labels are embedded once with ``embedder``.
            progress: called with what it is doing, event by event.
        """
        m = mentions.reset_index(drop=True)
        if label_vectors is None:
            label_vectors = label_vectors_of(m["norm"].tolist(), self.embedder)
        labels = np.full(len(m), "", dtype=object)
        # columns as object arrays once: every event reads them, row by row
        cols = {c: m[c].to_numpy(dtype=object) for c in _COLUMNS}
        cols["head"] = np.array(head_keys(m), dtype=object)
        outlets = cols["outlet"]
        events = sorted(m.groupby("event_id", sort=True).indices.items())
        for k, (event_id, at) in enumerate(events):
            if progress is not None:
                progress(f"grouping the mentions of event {k + 1} of {len(events)}")
            at = np.sort(at)
            chains = _chains(cols, at)
            groups = self._link(cols, chains, context_vectors, label_vectors)
            n = 0
            for members in sorted(groups, key=min):
                if len({outlets[k] for k in members}) >= self.min_outlets:
                    labels[members] = f"{int(event_id)}:{n}"
                    n += 1
        self.labels_ = labels
        return self

    def _link(self, cols, chains, ctx_vecs, label_vecs) -> list[list[int]]:
        """Chains of one event linked across articles: lists of mention rows."""
        n = len(chains)
        norm, shape, kind, art = cols["norm"], cols["shape"], cols["kind"], cols["id"]
        heads = cols["head"]
        names = [_chain_names(cols, c) for c in chains]
        kinds = [Counter(kind[c]).most_common(1)[0][0] for c in chains]
        arts = [art[c[0]] for c in chains]
        lab = unit_rows(np.stack([label_vecs[c].mean(axis=0) for c in chains]))
        ctx = unit_rows(np.stack([ctx_vecs[c].mean(axis=0) for c in chains]))
        w = self.label_weight

        edges: dict[tuple[int, int], tuple[float, bool]] = {}

        def offer(a: int, b: int, score: float, by_meaning: bool) -> None:
            if a == b or arts[a] == arts[b]:
                return
            key = (min(a, b), max(a, b))
            if key not in edges or edges[key][0] < score:
                edges[key] = (score, by_meaning)

        by_name: dict[str, list[int]] = defaultdict(list)
        by_norm: dict[str, list[int]] = defaultdict(list)
        by_head: dict[tuple[str, str], list[int]] = defaultdict(list)
        for c, rows in enumerate(chains):
            for word in set().union(*names[c]) if names[c] else ():
                by_name[word].append(c)
            for v in {norm[r] + ("+s" if heads[r].endswith("+s") else "") for r in rows}:
                by_norm[v].append(c)
            for r in rows:
                if shape[r] != "name":
                    by_head[(shape[r] == "action", heads[r])].append(c)
        for members in by_name.values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    # (no kind test: the names say it, a kind may be a guess)
                    if _names_fit(names[a], names[b]) and _specific(names[a], names[b]):
                        offer(a, b, 2.0 + float(ctx[a] @ ctx[b]), False)
        for members in by_norm.values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    x = float(ctx[a] @ ctx[b])
                    if x >= self.same_label_context:
                        offer(a, b, 1.0 + x, False)
        words = [[set(v.split()) for v in set(norm[rows])] for rows in chains]
        for members in by_head.values():
            uniq = sorted(set(members))
            for i, a in enumerate(uniq):
                for b in uniq[i + 1 :]:
                    s = w * float(lab[a] @ lab[b]) + (1 - w) * float(ctx[a] @ ctx[b])
                    # "the decision" fits "Trump's decision"; "the court's decision"
                    # and "Trump's decision" need the bar of different words
                    fits = any(x <= y or y <= x for x in words[a] for y in words[b])
                    bar = self.same_head_threshold if fits else self.other_threshold
                    if s >= bar and kinds[a] == kinds[b]:
                        offer(a, b, s, True)
        # a name links by its name, never by meaning alone ("London" is no "city")
        named_only = [all(shape[r] == "name" for r in rows) for rows in chains]
        for a, b in _near_labels(chains, norm, lab, self.min_label_similarity):
            if named_only[a] or named_only[b]:
                continue
            s = w * float(lab[a] @ lab[b]) + (1 - w) * float(ctx[a] @ ctx[b])
            if s >= self.other_threshold and kinds[a] == kinds[b]:
                offer(a, b, s, True)

        parent = list(range(n))
        members: dict[int, list[int]] = {c: [c] for c in range(n)}
        lab_sum, ctx_sum = lab.copy(), ctx.copy()
        group_names = {c: list(names[c]) for c in range(n)}

        def root(c: int) -> int:
            while parent[c] != c:
                parent[c] = parent[parent[c]]
                c = parent[c]
            return c

        for (a, b), (score, by_meaning) in sorted(edges.items(), key=lambda e: (-e[1][0], e[0])):
            ra, rb = root(a), root(b)
            if ra == rb or not _names_fit(group_names[ra], group_names[rb]):
                continue
            if by_meaning:
                la, lb = unit_rows(lab_sum[ra]), unit_rows(lab_sum[rb])
                xa, xb = unit_rows(ctx_sum[ra]), unit_rows(ctx_sum[rb])
                blend = w * float(la @ lb) + (1 - w) * float(xa @ xb)
                if blend < min(score, self.same_head_threshold) - 0.05:
                    continue
            parent[rb] = ra
            members[ra] += members.pop(rb)
            lab_sum[ra] += lab_sum[rb]
            ctx_sum[ra] += ctx_sum[rb]
            group_names[ra] += group_names.pop(rb)
        return [sorted(int(r) for c in cs for r in chains[c]) for cs in members.values()]


def label_vectors_of(norms: list[str], embedder: Embedder | None) -> np.ndarray:
    """A unit vector per label, each distinct label embedded once."""
    distinct = sorted(set(norms))
    if not distinct:
        return np.zeros((0, 1))
    vecs, _ = embed_texts(distinct, embedder)
    row = {v: k for k, v in enumerate(distinct)}
    return unit_rows(np.asarray(vecs, dtype=float))[[row[v] for v in norms]]


def head_keys(m: pd.DataFrame) -> list[str]:
    """Each mention's head, marked ``+s`` when its last word is a plural of it."""
    out = []
    for head, text, shape in zip(m["head"], m["text"], m["shape"], strict=True):
        last = str(text).split()[-1].lower() if str(text).split() else ""
        plural = shape == "np" and last != head and last.rstrip("s") == head.rstrip("s")
        out.append(f"{head}+s" if plural else str(head))
    return out


def _chains(cols: dict[str, np.ndarray], at: np.ndarray) -> list[list[int]]:
    """Chains within each article of one event (rows ``at`` of ``cols``), in text order.

    ``cols["head"]`` is the head with its number: "leaders" is no mention of "the leader".
    """
    out: list[list[int]] = []
    chain_of: dict[int, int] = {}
    name_of, mods_of, link_of = cols["name"], cols["mods"], cols["link"]
    by_article: dict[str, list[int]] = defaultdict(list)
    for r in at:
        by_article[cols["id"][r]].append(int(r))
    for rows in by_article.values():
        # the title first, then the text, each in order
        rows.sort(key=lambda r: (cols["field"][r] != "title", cols["start"][r]))
        names: list[tuple[set[str], int]] = []  # (name words, chain), latest last
        last_norm: dict[str, int] = {}
        last_head: dict[tuple[str, str], list[tuple[set[str], int]]] = defaultdict(list)
        for r in rows:
            shape, norm, head = cols["shape"][r], cols["norm"][r], cols["head"][r]
            if head.endswith("+s"):
                norm = f"{norm}+s"  # the label with its number
            chain = None
            link = int(link_of[r])
            if link >= 0 and link in chain_of:
                chain = chain_of[link]
            elif shape == "name":
                words = set(name_of[r].split())
                for k in range(len(names) - 1, -1, -1):
                    have = names[k][0]
                    if (words <= have or have <= words) and _specific([words], [have]):
                        chain = names[k][1]
                        break
            elif norm in last_norm:
                chain = last_norm[norm]
            else:
                mods = set(mods_of[r].split())
                for have, c in reversed(last_head[(shape, head)]):
                    if (mods <= have or have <= mods) and cols["kind"][out[c][0]] == cols["kind"][
                        r
                    ]:
                        chain = c
                        break
            if chain is None:
                chain = len(out)
                out.append([])
            out[chain].append(r)
            chain_of[r] = chain
            if shape == "name":
                names.append((set(name_of[r].split()), chain))
            else:
                last_norm[norm] = chain
                last_head[(shape, head)].append((set(mods_of[r].split()), chain))
        for r in rows:
            link = int(link_of[r])
            if link >= 0 and chain_of.get(link) is not None and chain_of[link] != chain_of[r]:
                _join(out, chain_of, chain_of[link], chain_of[r])
    return [c for c in out if c]


def _join(out: list[list[int]], chain_of: dict[int, int], keep: int, gone: int) -> None:
    for r in out[gone]:
        chain_of[r] = keep
    out[keep] += out[gone]
    out[gone] = []


def _chain_names(cols: dict[str, np.ndarray], rows: list[int]) -> list[set[str]]:
    """The fullest names of a chain (those no other name of it holds)."""
    name, shape = cols["name"], cols["shape"]
    found = [set(str(name[r]).split()) for r in rows if shape[r] == "name"]
    found = [s for s in found if s]
    return [s for s in found if not any(s < t for t in found)]


def _specific(a: list[set[str]], b: list[set[str]]) -> bool:
    """Whether the shorter names hold a word that is not a generic one ("House" is
    no part of "White House" to link by; "Trump" is of "Donald Trump")."""
    generic = _generic_words()
    names = [n for n in a + b if n]
    if not names:
        return False
    shortest = min(len(n) for n in names)
    return all(any(w not in generic for w in n) for n in names if len(n) == shortest)


@functools.cache
def _generic_words() -> frozenset[str]:
    voc = vocabulary()
    return frozenset(voc["group_words"] | voc["place_words"] | voc["of_names"] | voc["titles"])


def _names_fit(a: list[set[str]], b: list[set[str]]) -> bool:
    """Whether every name of ``a`` and every name of ``b`` could be one name."""
    return all(x <= y or y <= x for x in a for y in b)


def _near_labels(chains, norm, lab, threshold: float, block: int = 512):
    """Pairs of chains whose labels are at least ``threshold`` similar (by blocks)."""
    n = len(chains)
    if n < 2:
        return []
    pairs = []
    lab = lab.astype(np.float32)
    for lo in range(0, n, block):
        sims = lab[lo : lo + block] @ lab.T
        ii, jj = np.nonzero(sims >= threshold)
        for i, j in zip(ii + lo, jj, strict=True):
            if i < j:
                pairs.append((int(i), int(j)))
    return pairs
