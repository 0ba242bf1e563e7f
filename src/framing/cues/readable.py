"""A cue's wording as a reader sees it: a plain form and a few strings it matches.

``readable`` turns the phrase syntax ("puppet (military|army|government)")
into "puppet + military / army / government"; a regex cue gets a plain form
when it is made of words, alternatives and optional parts only. ``examples``
makes concrete strings from the pattern (alternatives in turn, an inflected
form, the optional words left out and put in) and keeps only those the cue's
compiled pattern really matches, whole.
"""

from __future__ import annotations

import re

try:  # Python 3.11+: the regex parser lives here
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from framing.cues.lexicon import Cue
from framing.cues.match import compile_cue, inflections, phrase_tokens

__all__ = ["examples", "readable"]

_REGEX_FALLBACK = "a pattern (regular expression): see the examples"


def readable(cue: Cue) -> str:
    """The cue's wording in plain form.

    A phrase with alternatives or optional words reads "so-called (optional)
    + regime / junta"; a plain phrase reads as written. A regex made of
    words, alternatives and optional parts reads the same way; any other
    regex reads "a pattern (regular expression): see the examples".
    """
    if cue.regex:
        return _readable_regex(cue.regex)
    tokens = phrase_tokens(cue.phrase)
    if all(len(options) == 1 and not optional for options, optional in tokens):
        return " ".join(options[0] for options, _ in tokens)
    return " + ".join(
        " / ".join(options) + (" (optional)" if optional else "") for options, optional in tokens
    )


def examples(cue: Cue, n: int = 3) -> list[str]:
    """Up to ``n`` different strings the cue matches (each checked by matching it).

    Each is what the cue's compiled pattern matched in a generated text; text
    a lookbehind or lookahead needs around it is not part of the example.
    """
    pattern = compile_cue(cue)
    candidates = _regex_candidates(cue.regex) if cue.regex else _phrase_candidates(cue.phrase)
    found: list[str] = []
    for text, expected in candidates:
        m = pattern.search(text)
        if m is None or m.group(0) != expected:
            continue
        # The match itself is the example (text around it was only there for lookarounds).
        if expected not in found:
            found.append(expected)
        if len(found) >= n:
            break
    return found


# -- phrases --------------------------------------------------------------------------------------


def _inflected(word: str) -> str:
    """A plural or past form of ``word`` that the matcher accepts, or ``word``."""
    w = word.lower()
    forms = set(inflections(w))
    wanted = [w[:-1] + "ies", w + "s", w + "d", w + "ed", w + "ing"]
    if w.endswith(("s", "x", "z", "ch", "sh")):
        wanted = [w + "es", w + "ed", w + "ing"]
    for form in wanted:
        if form in forms and form != w:
            return form
    return word


def _phrase_candidates(phrase: str):
    """``(text, expected match)`` pairs for a phrase: alternatives in turn, then variations."""
    tokens = phrase_tokens(phrase)
    widest = max((len(options) for options, _ in tokens), default=1)
    for i in range(widest):
        words = [options[i % len(options)] for options, optional in tokens if not optional]
        if words:
            yield " ".join(words), " ".join(words)
        with_optional = [options[i % len(options)] for options, _ in tokens]
        yield " ".join(with_optional), " ".join(with_optional)
    # A one-word cue inflected ("puppets"), as news writes it; not a word that
    # looks like an adjective or adverb ("aggressives" is matched, but reads
    # oddly), nor the last word of a phrase ("armed to the teeths").
    words = [options[0] for options, optional in tokens if not optional]
    if len(words) == 1 and widest < 2 and not words[0].lower().endswith(_NOT_INFLECTED):
        words[-1] = _inflected(words[-1])
        yield " ".join(words), " ".join(words)


_NOT_INFLECTED = (
    "ive",
    "ent",
    "ant",
    "ous",
    "al",
    "ic",
    "ful",
    "less",
    "able",
    "ible",
    "ly",
    "ese",
)


# -- regexes -------------------------------------------------------------------------------------


def _readable_regex(regex: str) -> str:
    try:
        tree = sre_parse.parse(regex)
    except re.error:
        return _REGEX_FALLBACK
    text = _plain(tree)
    return " ".join(text.split()) if text and text.strip() else _REGEX_FALLBACK


def _plain(tree) -> str | None:
    """Plain words for a parsed regex of literals, alternatives, optional parts and spaces."""
    out = ""
    for op, arg in tree:
        if op is sre_constants.LITERAL:
            out += chr(arg)
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # \b, ^, $ and lookarounds: where, not what
        elif op is sre_constants.SUBPATTERN:
            inner = _plain(arg[-1])
            if inner is None:
                return None
            out += inner
        elif op is sre_constants.BRANCH:
            parts = [_plain(p) for p in arg[1]]
            if any(p is None for p in parts):
                return None
            out += " / ".join(p.strip() for p in parts)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = arg
            if _is_space(sub):
                out += " "
                continue
            inner = _plain(sub)
            if inner is None or (low, high) != (0, 1):
                return None
            if not inner.strip():
                out += " "  # an optional space
            elif len(inner) == 1 and out[-1:].isalpha():
                out += f"({inner})"  # an optional ending: "game(s)"
            else:
                out += f"{inner.strip()} (optional) "
        elif _is_space([(op, arg)]):
            out += " "
        else:
            return None
    return out


def _is_space(tree) -> bool:
    items = list(tree)
    if len(items) != 1 or items[0][0] is not sre_constants.IN:
        return False
    return list(items[0][1]) == [(sre_constants.CATEGORY, sre_constants.CATEGORY_SPACE)]


_WORD = "example"


def _regex_candidates(regex: str):
    """``(text, expected match)`` pairs made by walking the parsed regex in a few ways."""
    try:
        tree = sre_parse.parse(regex)
    except re.error:
        return
    for variant in range(8):
        segments: list[tuple[str, bool]] = []
        if _generate(tree, variant, segments, inside=True, groups={}):
            # A lookahead's text stands for what follows the match: kept only at the end.
            last_inside = max((i for i, (_, k) in enumerate(segments) if k is True), default=-1)
            segments = [
                (t, k) for i, (t, k) in enumerate(segments) if k is not None or i > last_inside
            ]
            text = "".join(t for t, _ in segments)
            expected = "".join(t for t, k in segments if k is True)
            if expected:
                yield text, expected


def _generate(tree, variant: int, out: list, *, inside: bool | None, groups) -> bool:
    """Append ``(text, inside)`` pieces matching ``tree`` to ``out``.

    ``inside`` is True for text of the match, False for a lookbehind's and
    None for a lookahead's.
    """
    for op, arg in tree:
        if op is sre_constants.LITERAL:
            out.append((chr(arg), inside))
        elif op is sre_constants.NOT_LITERAL:
            out.append(("x" if chr(arg) != "x" else "y", inside))
        elif op is sre_constants.ANY:
            out.append(("x", inside))
        elif op is sre_constants.IN:
            ch = _class_char(arg, variant)
            if ch is None:
                return False
            out.append((ch, inside))
        elif op is sre_constants.AT:
            continue
        elif op is sre_constants.BRANCH:
            options = arg[1]
            chosen = options[variant % len(options)]
            if not _generate(chosen, variant, out, inside=inside, groups=groups):
                return False
        elif op is sre_constants.SUBPATTERN:
            start = len(out)
            if not _generate(arg[-1], variant, out, inside=inside, groups=groups):
                return False
            if arg[0] is not None:
                groups[arg[0]] = "".join(s for s, _ in out[start:])
        elif op is sre_constants.GROUPREF:
            if arg not in groups:
                return False
            out.append((groups[arg], inside))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = arg
            single = len(sub) == 1 and sub[0][0] in (sre_constants.IN, sre_constants.ANY)
            if high == sre_constants.MAXREPEAT:
                # A letter class repeated reads best as a short word; a space, once.
                probe: list = []
                wordy = single and _generate(sub, 0, probe, inside=inside, groups={})
                wordy = wordy and probe[0][0].isalnum()
                count = max(low, len(_WORD)) if wordy else max(low, 1)
            else:
                count = low + variant % (high - low + 1)
            for i in range(count):
                # Letters of one word in turn ("exam"), not one letter repeated.
                if not _generate(sub, i if single else variant, out, inside=inside, groups=groups):
                    return False
        elif op is sre_constants.ASSERT:
            # A lookbehind's text goes before the match; a lookahead's is marked
            # (None) and kept only when nothing of the match follows it.
            direction, sub = arg
            if not _generate(
                sub, variant, out, inside=False if direction < 0 else None, groups=groups
            ):
                return False
        elif op is sre_constants.ASSERT_NOT:
            continue  # checked when the example is matched
        else:
            return False
    return True


def _class_char(items, variant: int) -> str | None:
    """A character the character class ``items`` accepts."""
    items = list(items)
    negate = bool(items) and items[0][0] is sre_constants.NEGATE
    pool = [_WORD[variant % len(_WORD)], *_WORD, *"xyzAEX0123 -'\"“”‘’.,"]
    for ch in pool:
        if _accepts(items[1:] if negate else items, ch) != negate:
            return ch
    return None


def _accepts(items, ch: str) -> bool:
    code = ord(ch)
    for op, arg in items:
        if op is sre_constants.LITERAL and arg == code:
            return True
        if op is sre_constants.RANGE and arg[0] <= code <= arg[1]:
            return True
        if op is sre_constants.CATEGORY and _in_category(arg, ch):
            return True
    return False


def _in_category(category, ch: str) -> bool:
    tests = {
        sre_constants.CATEGORY_DIGIT: ch.isdigit(),
        sre_constants.CATEGORY_NOT_DIGIT: not ch.isdigit(),
        sre_constants.CATEGORY_SPACE: ch.isspace(),
        sre_constants.CATEGORY_NOT_SPACE: not ch.isspace(),
        sre_constants.CATEGORY_WORD: ch.isalnum() or ch == "_",
        sre_constants.CATEGORY_NOT_WORD: not (ch.isalnum() or ch == "_"),
    }
    return tests.get(category, False)
