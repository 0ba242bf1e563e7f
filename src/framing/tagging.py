"""Words with their character offsets and part-of-speech tags.

Tags come from TextBlob's pattern tagger (MIT), whose lexicon ships inside
the ``textblob`` package: nothing is downloaded. The words are ours (so that
offsets index the text exactly); the tagger only labels them, in Penn
Treebank tags (``NNP``, ``VBD``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Titles keep their full stop ("Mr." is one word), initialisms too ("U.S.").
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Hon|Sec|Adm|Capt|Gen)\."
    r"|\w+(?:['\u2019\-]\w+)*"
    r"|[^\w\s]"
)


@dataclass(frozen=True)
class Token:
    """One word or mark.

    Attributes:
        start: offset of its first character in the text given.
        end: offset one past its last character.
        text: ``text[start:end]``.
        tag: its Penn Treebank part-of-speech tag.
    """

    start: int
    end: int
    text: str
    tag: str


def tokens(text: str, offset: int = 0) -> list[Token]:
    """The tagged words of ``text``; offsets are shifted by ``offset``."""
    return [Token(s + offset, e + offset, w, t) for s, e, w, t in _tagged(text)]


@lru_cache(maxsize=20000)
def _tagged(text: str) -> tuple[tuple[int, int, str, str], ...]:
    words = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    if not words:
        return ()
    tags = _tag_words([w for _, _, w in words])
    return tuple((s, e, w, t) for (s, e, w), t in zip(words, tags, strict=True))


def _tag_words(words: list[str]) -> list[str]:
    from textblob.en import tag as pattern_tag

    tagged = pattern_tag(" ".join(words), tokenize=False)
    if len(tagged) == len(words):
        return [t for _, t in tagged]
    # The tagger split a word of ours: tag the words one by one instead.
    return [(pattern_tag(w, tokenize=False) or [(w, "NN")])[0][1] for w in words]
