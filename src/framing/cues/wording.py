"""Wordings: the referring phrases of a sentence, whole-word matching, and the
words around each use (the local context the aligner compares).

Used by ``framing.cues.align``; kept apart so the aligner reads as its steps.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from scipy import sparse

from framing.segment import DATE_WORDS, STOP_WORDS, WORD

ALIGNMENT_COLUMNS = [
    "event_id",
    "referent",
    "outlet",
    "phrase",
    "count",
    "example",
    "example_id",
    "example_start",
    "example_end",
    "similarity",
]
_INNER_OK = {"of", "to", "and", "the", "a", "an", "'s", "in", "on", "for"}
CALENDAR_WORDS = DATE_WORDS | {"today", "yesterday", "week", "month", "year", "said", "says"}


@lru_cache(maxsize=65536)
def norm_phrase(phrase: str) -> str:
    """Lower-case words with a plural -s dropped: the identity of a wording."""
    words = re.findall(r"[a-z0-9]+", phrase.lower().replace("\u2019", "'"))
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def referring_phrases(sentence: str, max_n: int = 4) -> set[str]:
    """Candidate referring expressions in a sentence, lower-cased.

    N-grams of 1 to ``max_n`` words whose first and last words are content
    words, with only light function words inside ("show of strength",
    "practice drills to invade"), and no dates or bare numbers.
    """
    words = [
        w.lower().replace("\u2019", "'")
        for w in WORD.findall(sentence)
        if len(w) > 1 or w.isdigit()
    ]
    # Per-word flags once; a gram starting at i stops growing at the first
    # word that may not be inside one.
    edge = [w not in STOP_WORDS for w in words]
    banned = [w in CALENDAR_WORDS or w.isdigit() for w in words]
    inner = [w not in STOP_WORDS or w in _INNER_OK for w in words]
    out: set[str] = set()
    for i, first in enumerate(words):
        if not edge[i] or banned[i]:
            continue
        if len(first) >= 4:
            out.add(first)
        for j in range(i + 1, min(i + max_n, len(words))):
            if banned[j]:
                break
            if edge[j]:
                out.add(" ".join(words[i : j + 1]))
            elif not inner[j]:
                break
    return out


_SEPARATORS = re.compile(r"[\s\-]+")
ALNUM = re.compile(r"[a-z0-9]+")


def match_form(text: str) -> str:
    """Lower-case text with curly apostrophes straightened and every run of
    spaces, line breaks or hyphens made one space: the form phrases are
    matched in ("war-games" and "war games" are one wording)."""
    return _SEPARATORS.sub(" ", text.lower().replace("\u2019", "'"))


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words (both in ``match_form``)."""
    if not phrase:
        return False
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(phrase, start + 1)
    return False


def local_context(
    sentences: list[str],
    sentence_outlet: np.ndarray,
    phrases: list[str],
    key_phrase: np.ndarray,
    key_outlet: np.ndarray,
    occ_keys: np.ndarray,
    occ_sents: np.ndarray,
    window: int,
) -> tuple[sparse.csr_matrix, list[str]]:
    """The content words around each use of each key's wording, as unit rows.

    Two outlets naming one thing in parallel sentences share these words
    ("began", "240 aircraft", "Seoul") even when the wordings differ. A key is
    a phrase used by one outlet; ``(occ_keys, occ_sents)`` are the sentences
    it occurs in. Each word within ``window`` words of a use, not a stop word
    and not a word of the phrase, adds its idf (over these sentences) to the
    key's row.

    Args:
        sentences: the event's lower-cased sentences.
        sentence_outlet: outlet number of each sentence.
        phrases: the distinct phrases of the keys.
        key_phrase, key_outlet: each key's phrase and outlet numbers.
        occ_keys, occ_sents: (key, sentence) pairs where the key occurs.
        window: words on each side.

    Returns:
        (keys x words matrix, the words of its columns); a row is zero when
        the key has no such word.
    """
    vocab: dict[str, int] = {}
    flat_ids: list[int] = []
    lengths = np.zeros(len(sentences), dtype=np.int64)
    for n, sentence in enumerate(sentences):
        tokens = WORD.findall(sentence)
        flat_ids.extend([vocab.setdefault(w, len(vocab)) for w in tokens])
        lengths[n] = len(tokens)
    n_keys, n_sents, n_words = len(key_phrase), len(sentences), len(vocab)
    if n_keys == 0 or n_words == 0:
        return sparse.csr_matrix((n_keys, max(n_words, 1))), list(vocab)
    flat = np.asarray(flat_ids, dtype=np.int64)
    ends = np.cumsum(lengths)
    begins = ends - lengths
    sent_of = np.repeat(np.arange(n_sents), lengths)
    df = np.bincount(np.unique(sent_of * n_words + flat) % n_words, minlength=n_words)
    idf = np.log(1 + n_sents / np.maximum(df, 1))
    stop = np.fromiter((w in STOP_WORDS for w in vocab), dtype=bool, count=n_words)

    # the phrases as rows of word numbers (-1 pads; a word not in the event
    # means the phrase cannot be found as tokens)
    split = [p.split() for p in phrases]
    width = np.array([len(w) for w in split], dtype=np.int64)
    ids = np.full((len(phrases), max(int(width.max(initial=0)), 1)), -1, dtype=np.int64)
    for n, words in enumerate(split):
        found = [vocab.get(w, -1) for w in words]
        if words and -1 not in found:
            ids[n, : len(found)] = found
    # every place a phrase's first word occurs, then those its other words follow
    order = np.argsort(flat, kind="stable")
    first = np.searchsorted(flat[order], np.arange(n_words + 1))
    known = np.flatnonzero(ids[:, 0] >= 0)
    lo, hi = first[ids[known, 0]], first[ids[known, 0] + 1]
    n_at = hi - lo
    m_phrase = np.repeat(known, n_at)
    offsets = np.arange(n_at.sum()) - np.repeat(np.cumsum(n_at) - n_at, n_at)
    m_pos = order[np.repeat(lo, n_at) + offsets]
    m_sent = sent_of[m_pos]
    m_width = width[m_phrase]
    ok = m_pos + m_width <= ends[m_sent]
    for j in range(1, ids.shape[1]):
        ahead = flat[np.minimum(m_pos + j, len(flat) - 1)]
        ok &= (m_width <= j) | (ahead == ids[m_phrase, j])
    # a use counts for the key of its phrase and its sentence's outlet, where
    # the key was found
    key_at = np.full((len(phrases), int(sentence_outlet.max()) + 1), -1, dtype=np.int64)
    key_at[key_phrase, key_outlet] = np.arange(n_keys)
    m_key = key_at[m_phrase, sentence_outlet[m_sent]]
    ok &= (m_key >= 0) & np.isin(m_key * n_sents + m_sent, occ_keys * n_sents + occ_sents)
    m_phrase, m_pos, m_sent, m_width, m_key = (
        a[ok] for a in (m_phrase, m_pos, m_sent, m_width, m_key)
    )

    # the window on each side of every use
    rel = np.r_[np.arange(-window, 0), np.arange(window)]
    pos = m_pos[:, None] + rel + np.where(rel >= 0, m_width[:, None], 0)
    inside = (pos >= begins[m_sent][:, None]) & (pos < ends[m_sent][:, None])
    token = flat[np.clip(pos, 0, len(flat) - 1)]
    inside &= ~stop[token]
    inside &= ~(token[:, :, None] == ids[m_phrase][:, None, :]).any(axis=2)
    rows = np.broadcast_to(m_key[:, None], pos.shape)[inside]
    cols = token[inside]
    bags = sparse.csr_matrix((idf[cols], (rows, cols)), shape=(n_keys, n_words))
    norms = np.sqrt(np.asarray(bags.multiply(bags).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ bags), list(
        vocab
    )


def unit_rows(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)
