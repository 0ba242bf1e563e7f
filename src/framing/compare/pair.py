"""Two outlets side by side on one event: their sentences aligned by meaning.

Every text sentence of outlet A's articles on the event is set against every
one of outlet B's by the cosine similarity of their stored sentence vectors.
The pairs are chosen one to one so that the total similarity is highest (the
Hungarian method: news reorders facts, so the order of the sentences is not
forced); a pair below ``threshold`` is no pair. What is left on either side
is what the other outlet did not say: a fact one left out.

For each pair, the content words one sentence used and the other did not are
listed, compared in a lightly lemmatised form (lower case, possessive and
plural endings dropped, stop words ignored), so "drills" and "drill" count
as the same word.

Table columns (``PAIR_COLUMNS``):

- ``event_id``, ``order`` (reading order: A's sentences in order, each of B's
  unmatched sentences after the pair holding the B sentence before it);
- ``outlet_a``, ``article_a``, ``sent_a_start``, ``sent_a_end``, ``text_a``:
  the A sentence (character offsets into its article's text); empty for a
  B-only row (offsets ``-1``);
- the same five for B;
- ``similarity``: of the pair; for an unmatched sentence, of its closest
  sentence on the other side (0 when the other side has none);
- ``status``: ``matched``, ``only_a`` or ``only_b``;
- ``words_only_a``, ``words_only_b``: for a pair, the content-word forms one
  sentence used and the other did not, space-separated, in the order they
  occur; empty for unmatched rows (the whole sentence is what differs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from framing.errors import FramingError
from framing.segment import STOP_WORDS, WORD

__all__ = [
    "DEFAULT_PAIR_THRESHOLD",
    "PAIR_COLUMNS",
    "content_forms",
    "pair_outlets",
    "pair_sentences",
    "word_spans",
]

# Read on 19 ABP articles about the 2014 midterms (CNN, Fox News, Politico)
# with MiniLM (docs/analyst.md): pairs from about 0.65 up told the same fact;
# from 0.55 to 0.65 about half did, among them the differently framed ones an
# analyst looks for; below 0.55 few did.
DEFAULT_PAIR_THRESHOLD = 0.55

PAIR_COLUMNS = [
    "event_id",
    "order",
    "outlet_a",
    "article_a",
    "sent_a_start",
    "sent_a_end",
    "text_a",
    "outlet_b",
    "article_b",
    "sent_b_start",
    "sent_b_end",
    "text_b",
    "similarity",
    "status",
    "words_only_a",
    "words_only_b",
]


def _form(word: str) -> str:
    """A word's light lemma: lower case, without possessive or plural ending."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, form)`` of each content word of ``text``."""
    out = []
    for m in WORD.finditer(text):
        word = m.group(0)
        if word.lower() in STOP_WORDS:
            continue
        form = _form(word)
        if form in STOP_WORDS or (len(form) < 2 and not form.isdigit()):
            continue
        out.append((m.start(), m.end(), form))
    return out


def content_forms(text: str) -> list[str]:
    """The distinct content-word forms of ``text`` in the order they first occur."""
    return list(dict.fromkeys(f for _, _, f in _tokens(text)))


def word_spans(text: str, forms: str | set[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` of the words whose form is in ``forms``.

    Args:
        text: a sentence.
        forms: forms as ``words_only_a`` holds them (space-separated), or a set.
    """
    wanted = set(forms.split()) if isinstance(forms, str) else set(forms)
    return [(s, e) for s, e, f in _tokens(text) if f in wanted]


def pair_sentences(
    vectors_a: np.ndarray, vectors_b: np.ndarray, *, threshold: float = DEFAULT_PAIR_THRESHOLD
) -> tuple[list[tuple[int, int, float]], np.ndarray, np.ndarray]:
    """One-to-one pairs of rows of ``vectors_a`` and ``vectors_b`` by cosine similarity.

    Returns:
        ``(pairs, best_a, best_b)``: the pairs as ``(row_a, row_b,
        similarity)`` sorted by ``row_a``, each at least ``threshold``; and
        each row's best similarity to any row of the other side (0 when the
        other side is empty).
    """
    a = _unit(vectors_a)
    b = _unit(vectors_b)
    if len(a) == 0 or len(b) == 0:
        return [], np.zeros(len(a)), np.zeros(len(b))
    sims = (a @ b.T).astype(np.float64)
    rows, cols = linear_sum_assignment(-sims)
    pairs = [
        (int(r), int(c), float(sims[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if sims[r, c] >= threshold
    ]
    return sorted(pairs), sims.max(axis=1), sims.max(axis=0)


def _unit(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float64)
    if v.ndim != 2:
        v = v.reshape(len(v), -1)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms


def pair_outlets(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    vectors: np.ndarray,
    *,
    event_id: int,
    outlet_a: str,
    outlet_b: str,
    threshold: float = DEFAULT_PAIR_THRESHOLD,
) -> pd.DataFrame:
    """Align outlet A's and outlet B's sentences on one event (``PAIR_COLUMNS``).

    Args:
        articles: analysed articles with ``id, outlet, event_id``.
        sentences: sentence rows with ``id, field, start, end, sentence``;
            only text sentences of the two outlets' articles on the event are
            used, in article then sentence order.
        vectors: sentence vectors, row ``i`` belonging to ``sentences`` row ``i``.
        event_id: the event.
        outlet_a: the left outlet.
        outlet_b: the right outlet.
        threshold: minimum cosine similarity of a pair.

    Raises:
        FramingError: (FRM-D741) the outlets are the same, either has no
            article in the event, or ``vectors`` does not match ``sentences``.
    """
    if outlet_a == outlet_b:
        raise FramingError(
            f"outlet A and outlet B are both '{outlet_a}'. Pick two different outlets.",
            code="FRM-D741",
        )
    if len(vectors) != len(sentences):
        raise FramingError(
            f"{len(sentences)} sentences were given with {len(vectors)} vectors: "
            "give one vector per sentence row.",
            code="FRM-D741",
        )
    members = articles[articles["event_id"] == event_id]
    side: dict[str, pd.DataFrame] = {}
    vecs: dict[str, np.ndarray] = {}
    sent = sentences.reset_index(drop=True)
    for outlet in (outlet_a, outlet_b):
        ids = members.loc[members["outlet"] == outlet, "id"].tolist()
        if not ids:
            raise FramingError(
                f"outlet '{outlet}' has no article in event {event_id}. Pick an outlet "
                f"that covered it: {', '.join(sorted(members['outlet'].unique())) or 'none'}.",
                code="FRM-D741",
            )
        rank = {i: n for n, i in enumerate(ids)}
        own = sent[(sent["field"] == "text") & sent["id"].isin(rank)]
        own = own.assign(_rank=own["id"].map(rank)).sort_values(["_rank", "start"], kind="stable")
        side[outlet] = own
        vecs[outlet] = np.asarray(vectors)[own.index.to_numpy()]
    a, b = side[outlet_a], side[outlet_b]
    pairs, best_a, best_b = pair_sentences(vecs[outlet_a], vecs[outlet_b], threshold=threshold)
    rows: list[dict] = []
    matched_b = {j: i for i, j, _ in pairs}
    for i, j, sim in pairs:
        ta, tb = str(a["sentence"].iloc[i]), str(b["sentence"].iloc[j])
        fa, fb = content_forms(ta), content_forms(tb)
        rows.append(
            _row(event_id, float(i), outlet_a, a, i, outlet_b, b, j, sim, "matched")
            | {
                "words_only_a": " ".join(f for f in fa if f not in set(fb)),
                "words_only_b": " ".join(f for f in fb if f not in set(fa)),
            }
        )
    paired_a = {i for i, _, _ in pairs}
    for i in range(len(a)):
        if i not in paired_a:
            rows.append(_row(event_id, float(i), outlet_a, a, i, outlet_b, b, None, best_a[i]))
    for j in range(len(b)):
        if j in matched_b:
            continue
        # After the pair holding the nearest earlier B sentence (first if none).
        before = [k for k in matched_b if k < j]
        anchor = matched_b[max(before)] + 0.5 if before else -0.5
        order = anchor + j / (10 * (len(b) + 1))
        rows.append(_row(event_id, order, outlet_a, a, None, outlet_b, b, j, best_b[j]))
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    out = out.sort_values("order", kind="stable").reset_index(drop=True)
    out["order"] = np.arange(len(out))
    out["similarity"] = out["similarity"].astype(float).round(3)
    return out


def _row(event_id, order, outlet_a, a, i, outlet_b, b, j, sim, status=None) -> dict:
    """One table row; ``i`` or ``j`` is ``None`` on the side that has no sentence."""
    if status is None:
        status = "only_a" if j is None else "only_b"
    row = {"event_id": int(event_id), "order": order, "similarity": float(sim), "status": status}
    for tag, outlet, frame, k in (("a", outlet_a, a, i), ("b", outlet_b, b, j)):
        row[f"outlet_{tag}"] = outlet
        if k is None:
            row |= {f"article_{tag}": "", f"sent_{tag}_start": -1, f"sent_{tag}_end": -1}
            row[f"text_{tag}"] = ""
        else:
            r = frame.iloc[k]
            row |= {
                f"article_{tag}": str(r["id"]),
                f"sent_{tag}_start": int(r["start"]),
                f"sent_{tag}_end": int(r["end"]),
                f"text_{tag}": str(r["sentence"]),
            }
    row.setdefault("words_only_a", "")
    row.setdefault("words_only_b", "")
    return row
