"""Find lexicon cues in text, with exact character spans.

Phrase syntax (see ``data/lexicon.toml``):

- words separated by spaces; any whitespace run (line breaks included) or a
  hyphen matches between words, so "war games" also finds "war-games";
- a hyphenated word matches with a hyphen, a space or nothing between its
  parts ("muscle-flexing", "muscle flexing", "muscleflexing");
- each word of four or more letters matches its inflections (-s, -es, -ed,
  -ing, y -> ies/ied, dropped e, doubled final consonant) and British/American
  spellings (-ise/-ize, -ence/-ense, -our/-or, -re/-er);
- ``(a|b)`` gives alternatives for one word; ``[word]`` makes a word optional;
- case is ignored unless the cue says ``case_sensitive = true``.

Offsets index the field exactly as given: ``text[start:end] == phrase``.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

import pandas as pd
from sklearn.base import BaseEstimator

from framing.cues.lexicon import Cue, Lexicon, load_lexicon

CUE_COLUMNS = [
    "id",
    "field",
    "start",
    "end",
    "phrase",
    "category",
    "source",
    "weight",
    "cue",
    "direction",
    "rationale",
]
_SEP = r"(?:\s+|\s*[-\u2010\u2011\u2013]\s*)"
_HYPHEN = r"(?:[-\u2010\u2011]|\s+|)"
_VOWELS = set("aeiou")
# Matches start where a word starts (the phrase patterns open with (?<![\w])).
_WORD_START = re.compile(r"\w+")
# Words whose triggered cues are remembered (the memo is emptied when full).
_WORD_MEMO = 200_000


def _spellings(word: str) -> set[str]:
    out = {word}
    pairs = [
        ("ise", "ize"),
        ("isation", "ization"),
        ("ence", "ense"),
        ("our", "or"),
        ("re", "er"),
        ("yse", "yze"),
        ("lled", "led"),
        ("lling", "ling"),
    ]
    for a, b in pairs:
        if word.endswith(a) and len(word) > len(a) + 2:
            out.add(word[: -len(a)] + b)
        elif word.endswith(b) and len(word) > len(b) + 2:
            out.add(word[: -len(b)] + a)
    return out


@lru_cache(maxsize=4096)
def inflections(word: str) -> tuple[str, ...]:
    """Inflected and respelled forms of one lower-case word (longest first)."""
    forms: set[str] = set()
    bases = {word}
    # Entries are written in base form, but plural nouns ("drills") should
    # still find the singular.
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        bases.add(word[:-1])
    for base in {s for b in bases for s in _spellings(b)}:
        forms.add(base)
        if len(base) < 4 or not base.isalpha():
            continue
        forms |= {base + "s", base + "es", base + "ed", base + "ing"}
        if base.endswith("e"):
            forms |= {base + "d", base[:-1] + "ing"}
        if base.endswith("y") and base[-2] not in _VOWELS:
            forms |= {base[:-1] + "ies", base[:-1] + "ied"}
        if (
            base[-1] not in _VOWELS | {"w", "x", "y"}
            and base[-2] in _VOWELS
            and base[-3] not in _VOWELS
        ):
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def _word_pattern(word: str, inflect: bool) -> str:
    if "-" in word:
        return _HYPHEN.join(_word_pattern(part, inflect) for part in word.split("-") if part)
    word = word.lower()
    forms = inflections(word) if inflect else (word,)
    escaped = [re.escape(f).replace("'", "['\u2019]") for f in forms]
    return "(?:" + "|".join(escaped) + ")" if len(escaped) > 1 else escaped[0]


_TOKEN = re.compile(r"\[[^\]]+\]|\([^)]+\)|\S+")


def phrase_tokens(phrase: str) -> list[tuple[list[str], bool]]:
    """A lexicon phrase's words: (alternatives, optional) for each.

    ``"[the] puppet (army|regime)"`` gives ``(["the"], True)``,
    ``(["puppet"], False)``, ``(["army", "regime"], False)``.
    """
    out = []
    for token in _TOKEN.findall(phrase.strip()):
        optional = token.startswith("[") and token.endswith("]")
        if optional:
            token = token[1:-1].strip()
        if token.startswith("(") and token.endswith(")"):
            options = [o.strip() for o in token[1:-1].split("|") if o.strip()]
        else:
            options = [token]
        out.append((options, optional))
    return out


def phrase_pattern(phrase: str, *, inflect: bool = True) -> str:
    """The regex (without flags) that a phrase in the lexicon syntax compiles to."""
    parts: list[tuple[str, bool]] = []
    for token in _TOKEN.findall(phrase.strip()):
        optional = token.startswith("[") and token.endswith("]")
        if optional:
            token = token[1:-1].strip()
        if token.startswith("(") and token.endswith(")"):
            options = [o.strip() for o in token[1:-1].split("|") if o.strip()]
            body = "(?:" + "|".join(_word_pattern(o, inflect) for o in options) + ")"
        else:
            body = _word_pattern(token, inflect)
        parts.append((body, optional))
    if not parts:
        raise ValueError(f"empty phrase: {phrase!r}")
    pattern = ""
    for i, (body, optional) in enumerate(parts):
        if i == 0:
            pattern = f"(?:{body}{_SEP})?" if optional else body
            continue
        if optional:
            pattern += f"(?:{_SEP}{body})?"
        elif pattern.endswith(")?") and parts[i - 1][1] and i == 1:
            pattern += body
        else:
            pattern += _SEP + body
    return r"(?<![\w])" + pattern + r"(?![\w])"


def _stem(word: str, inflect: bool) -> str:
    """The longest start shared by every form of one word (up to any apostrophe)."""
    word = word.lower().split("-")[0]
    forms = inflections(word) if inflect else (word,)
    stem = os.path.commonprefix([f.split("'")[0] for f in forms])
    # Only the run of word characters a match starts with can be looked up.
    head = re.match(r"\w*", stem)
    return head.group(0) if head else ""


def triggers(cue: Cue) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``cue`` must contain.

    They are the shared starts of the first word's forms (of the first two
    words when the first is optional). ``None`` means no such guarantee (a
    regex cue), so the cue is always tried.
    """
    if cue.regex:
        return None
    out: set[str] = set()
    for options, optional in phrase_tokens(cue.phrase):
        out |= {_stem(o, cue.inflect) for o in options}
        if not optional:
            break
    if not out or "" in out:
        return None
    return frozenset(out)


def compile_cue(cue: Cue) -> re.Pattern[str]:
    """Compile one cue (phrase or regex) with its case rule."""
    flags = 0 if cue.case_sensitive else re.IGNORECASE
    source = cue.regex if cue.regex else phrase_pattern(cue.phrase, inflect=cue.inflect)
    return re.compile(source, flags)


class LexiconMatcher(BaseEstimator):
    """Find lexicon cues in article titles and texts.

    Args:
        lexicon: a ``Lexicon``; ``None`` loads the built-in one at ``fit``.

    Attributes:
        lexicon_: the lexicon in use.
        patterns_: ``(cue, compiled regex)`` for every active cue.
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon

    def fit(self, X: object = None, y: None = None) -> LexiconMatcher:
        """Compile the active cues."""
        self.lexicon_ = self.lexicon if self.lexicon is not None else load_lexicon()
        self.patterns_ = [(cue, compile_cue(cue)) for cue in self.lexicon_.active]
        # A substring test is far cheaper than a regex scan; most cues cannot
        # occur in a given text at all (244 scans per sentence cost minutes at 100k).
        self.triggers_ = [triggers(cue) for cue in self.lexicon_.active]
        return self

    def find(self, text: str) -> list[tuple[int, int, Cue]]:
        """Cue matches in one string, overlaps resolved.

        Within a category, a match inside a longer match is dropped ("claimed"
        inside "state media claimed"); matches of different categories may
        overlap, since one wording can be both intense and delegitimising.
        """
        hits: list[tuple[int, int, Cue]] = []
        for k, starts in self._attempts(text):
            cue, pattern = self.patterns_[k]
            if starts is None:
                for m in pattern.finditer(text):
                    if m.end() > m.start():
                        hits.append((m.start(), m.end(), cue))
                continue
            # Every match starts at one of these word starts, so trying the
            # pattern there, left to right without overlaps, finds what
            # finditer would, without scanning the whole text.
            end = 0
            for pos in starts:
                if pos < end:
                    continue
                m = pattern.match(text, pos)
                if m and m.end() > m.start():
                    hits.append((m.start(), m.end(), cue))
                    end = m.end()
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0]), h[2].category))
        kept: list[tuple[int, int, Cue]] = []
        for start, end, cue in hits:
            if any(k[2].category == cue.category and k[0] <= start and end <= k[1] for k in kept):
                continue
            kept.append((start, end, cue))
        return sorted(kept, key=lambda h: (h[0], h[1], h[2].category))

    def _attempts(self, text: str) -> list[tuple[int, list[int] | None]]:
        """The cues that can match in ``text``, in lexicon order, each with the
        word starts (ascending) where a match can begin; ``None`` for a cue
        without triggers, which must be scanned for.

        Every phrase match starts at a word start with one of the cue's
        triggers, so looking each word up in a trigger index rules out most
        cues and most places without running their regexes.
        """
        if getattr(self, "_indexed", None) is not self.triggers_:
            index: dict[str, list[int]] = {}
            always = []
            for k, need in enumerate(self.triggers_):
                if need is None:
                    always.append(k)
                    continue
                for t in need:
                    index.setdefault(t, []).append(k)
            self._index = index
            self._always = always
            self._lengths = sorted({len(t) for t in index})
            self._indexed = self.triggers_
            self._word_cues: dict[str, tuple[int, ...]] = {}
        starts: dict[int, list[int] | None] = dict.fromkeys(self._always)
        memo = self._word_cues
        for m in _WORD_START.finditer(text):
            word = m.group(0)
            cues = memo.get(word)
            if cues is None:
                cues = self._word_triggers(word)
                if len(memo) >= _WORD_MEMO:
                    memo.clear()
                memo[word] = cues
            for k in cues:
                at = starts.setdefault(k, [])
                at.append(m.start())
        return sorted(starts.items())

    def _word_triggers(self, word: str) -> tuple[int, ...]:
        """The cues one of whose triggers starts ``word`` (any case)."""
        lower = word.lower()
        found: set[int] = set()
        for n in self._lengths:
            if n > len(lower):
                break
            found.update(self._index.get(lower[:n], ()))
        return tuple(sorted(found))

    def transform(self, articles: pd.DataFrame) -> pd.DataFrame:
        """Cue spans for every article's title and text (``CUE_COLUMNS``)."""
        rows = []
        for art_id, title, text in zip(
            articles["id"], articles["title"], articles["text"], strict=True
        ):
            for field, value in (("title", str(title)), ("text", str(text))):
                for start, end, cue in self.find(value):
                    rows.append(
                        {
                            "id": art_id,
                            "field": field,
                            "start": start,
                            "end": end,
                            "phrase": value[start:end],
                            "category": cue.category,
                            "source": "lexicon",
                            "weight": cue.weight,
                            "cue": cue.key,
                            "direction": cue.direction,
                            "rationale": cue.rationale,
                        }
                    )
        return pd.DataFrame(rows, columns=CUE_COLUMNS)
