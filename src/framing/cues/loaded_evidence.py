"""Which words drive a sentence's loaded score, without re-embedding variants.

The head is linear (``framing.cues.loaded_head``) and MiniLM's sentence vector
is the normalised mean of its token vectors, ``v = m / |m|`` with
``m = (1/n) sum_i t_i``. So the embedding part of the logit, ``w . v``,
splits exactly over the tokens: token ``i`` adds ``(w . t_i) / (n |m|)``.
Word pieces are summed into words and mapped to character offsets. This
costs one forward pass over the flagged sentences only (the token vectors are
not cached), instead of re-embedding several variants of each.

Embedders that do not expose token vectors (the static model, hashing, other
backends) fall back to static word vectors: each word is embedded alone
(cached like any text) and ranked by ``w . e(word)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.cues.match import CUE_COLUMNS
from framing.embed.base import Embedder
from framing.embed.cache import embed_texts
from framing.segment import STOP_WORDS

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*[A-Za-z]|[A-Za-z]")
# (start, end, word, contribution to the logit) per word
Words = list[tuple[int, int, str, float]]


def token_model(embedder: Embedder | None):
    """The sentence-transformers model behind ``embedder`` when its sentence
    vector is a normalised mean of token vectors, else None."""
    from framing.embed.st import SentenceTransformerEmbedder

    inner = embedder
    for _ in range(4):  # wrappers such as CachingEmbedder keep the real one as .embedder
        if isinstance(inner, SentenceTransformerEmbedder) or not hasattr(inner, "embedder"):
            break
        inner = inner.embedder
    if not isinstance(inner, SentenceTransformerEmbedder):
        return None
    model = inner._load()
    names = [type(m).__name__ for m in model]
    pooling = model[1] if len(model) > 1 else None
    mode = getattr(pooling, "pooling_mode", None)
    if isinstance(mode, str):  # sentence-transformers 5.2 and later
        mean, others = mode == "mean", False
    else:
        mean = bool(getattr(pooling, "pooling_mode_mean_tokens", False))
        others = any(
            getattr(pooling, f"pooling_mode_{k}", False)
            for k in ("cls_token", "max_tokens", "mean_sqrt_len_tokens", "weightedmean_tokens")
        )
    if names != ["Transformer", "Pooling", "Normalize"]:
        return None
    return model if mean and not others else None


def token_values(
    model, sentences: Sequence[str], weights: np.ndarray, *, batch_size: int = 32
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per sentence: each token's character offsets and ``(w . t_i) / (n |m|)``.

    The values of a sentence sum to ``weights . v`` exactly (special tokens
    included; they carry offsets ``(0, 0)``).
    """
    import torch

    out: list[tuple[np.ndarray, np.ndarray]] = []
    device = next(model.parameters()).device
    w = torch.as_tensor(np.asarray(weights, dtype=np.float32), device=device)
    for start in range(0, len(sentences), batch_size):
        part = list(sentences[start : start + batch_size])
        enc = model.tokenizer(
            part,
            return_offsets_mapping=True,
            truncation=True,
            max_length=int(model.max_seq_length),
            padding=True,
            return_tensors="pt",
        )
        offsets = enc.pop("offset_mapping").numpy()
        feats = {k: v.to(device) for k, v in enc.items()}
        with torch.no_grad():
            tok = model(feats)["token_embeddings"].float()
        mask = feats["attention_mask"].float()
        n = mask.sum(1, keepdim=True)
        mean = (tok * mask.unsqueeze(-1)).sum(1) / n
        values = ((tok @ w) * mask / (n * mean.norm(dim=1, keepdim=True))).cpu().numpy()
        keep = mask.cpu().numpy().astype(bool)
        out.extend((offsets[k][keep[k]], values[k][keep[k]]) for k in range(len(part)))
    return out


def token_contributions(
    model, sentences: Sequence[str], weights: np.ndarray, *, batch_size: int = 32
) -> list[Words]:
    """Each word's exact share of ``weights . v`` for each sentence (see module doc)."""
    found = token_values(model, sentences, weights, batch_size=batch_size)
    return [
        _merge_pieces(text, offsets, values)
        for text, (offsets, values) in zip(sentences, found, strict=True)
    ]


def _merge_pieces(text: str, offsets: np.ndarray, values: np.ndarray) -> Words:
    words = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]
    if not words:
        return []
    starts = np.array([a for a, _, _ in words])
    total = np.zeros(len(words))
    for (a, b), value in zip(offsets, values, strict=True):
        if b <= a:  # special tokens: [CLS], [SEP], padding
            continue
        k = int(np.searchsorted(starts, a, side="right")) - 1
        if k >= 0 and a < words[k][1]:
            total[k] += float(value)
    return [(a, b, word, float(t)) for (a, b, word), t in zip(words, total, strict=True)]


def static_contributions(
    embedder: Embedder, sentences: Sequence[str], weights: np.ndarray
) -> list[Words]:
    """The fallback: ``weights . e(word)`` of each word embedded on its own."""
    found = [[(m.start(), m.end(), m.group(0)) for m in WORD.finditer(s)] for s in sentences]
    vocab = sorted({w.lower() for words in found for _, _, w in words})
    if not vocab:
        return [[] for _ in sentences]
    vectors, _ = embed_texts(vocab, embedder)
    value = dict(zip(vocab, np.asarray(vectors, dtype=float) @ weights, strict=True))
    return [[(a, b, w, float(value[w.lower()])) for a, b, w in words] for words in found]


def word_contributions(
    embedder: Embedder, sentences: Sequence[str], weights: np.ndarray
) -> tuple[list[Words], str]:
    """Per sentence, each word's contribution; and the method used (``tokens``/``static``)."""
    if len(sentences) == 0:
        return [], "tokens"
    model = token_model(embedder)
    if model is not None:
        return token_contributions(model, sentences, weights), "tokens"
    return static_contributions(embedder, sentences, weights), "static"


def _is_choice(text: str, a: int, word: str) -> bool:
    # Capitalised words inside a sentence are names, not word choices.
    return word.lower() not in STOP_WORDS and len(word) > 2 and (a == 0 or not word[0].isupper())


def model_cues(
    sents: pd.DataFrame,
    lex_cues: pd.DataFrame,
    embedder: Embedder,
    weights: np.ndarray,
    *,
    threshold: float,
    max_words: int = 3,
    min_share: float = 0.15,
) -> tuple[pd.DataFrame, str]:
    """``model`` cue rows naming the words behind every sentence at or above ``threshold``.

    Words inside a lexicon cue are named by that cue already. A flagged
    sentence gets its top content words whose share of the positive
    contributions is at least ``min_share`` (at most ``max_words``); one
    with no lexicon cue always names at least its top word (any word when
    it has no content word), so every flagged sentence names a word.

    Args:
        sents: sentence rows (``id, field, start, end, sentence, loaded_score``).
        lex_cues: the lexicon cue spans of the same articles.
        embedder: the embedder the head reads.
        weights: the head's weights on the raw embedding.
        threshold: the loaded score from which a sentence is explained.

    Returns:
        ``(cues with CUE_COLUMNS, method)``.
    """
    flagged = sents[sents["loaded_score"] >= threshold].reset_index(drop=True)
    if flagged.empty:
        return pd.DataFrame(columns=CUE_COLUMNS), "none"
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for row in lex_cues.itertuples(index=False):
        spans.setdefault((row.id, row.field), []).append((int(row.start), int(row.end)))
    contributions, method = word_contributions(embedder, flagged["sentence"].tolist(), weights)
    rows = []
    for s, words in zip(flagged.itertuples(index=False), contributions, strict=True):
        lex = [(a - s.start, b - s.start) for a, b in spans.get((s.id, s.field), [])]
        has_lex = any(0 <= a < len(s.sentence) for a, _ in lex)
        pushing = sum(v for _, _, _, v in words if v > 0) or 1.0
        by_value = sorted(words, key=lambda x: (-x[3], x[0]))
        free = [x for x in by_value if not any(x[0] < lb and la < x[1] for la, lb in lex)]
        # Names and stop words are not word choices, unless nothing else is there.
        ranked = [x for x in free if _is_choice(s.sentence, x[0], x[2])] or free
        picked = []
        for a, b, word, value in ranked[:max_words]:
            share = value / pushing
            if value <= 0 or (share < min_share and picked):
                break
            picked.append((a, b, word, share, False))
        if not picked and not has_lex and ranked:
            # The sentence must name a word: its strongest push towards loaded.
            a, b, word, value = ranked[0]
            picked.append((a, b, word, max(value, 0.0) / pushing, True))
        for a, b, word, share, forced in picked:
            how = (
                "this word pushes it most towards loaded wording"
                if forced
                else f"this word carries {share:.0%} of what raises it"
            )
            rows.append(
                {
                    "id": s.id,
                    "field": s.field,
                    "start": s.start + a,
                    "end": s.start + b,
                    "phrase": word,
                    "category": "loaded_wording",
                    "source": "model",
                    "weight": round(float(share), 3),
                    "cue": "",
                    "direction": "",
                    "rationale": (
                        f"Not in the lexicon. The sentence scores {s.loaded_score:.2f} for "
                        f"loaded wording; {how}."
                    ),
                }
            )
    return pd.DataFrame(rows, columns=CUE_COLUMNS), method
