"""A noun-phrase, name and action chunker over tagged words (``framing.tagging``).

Regular patterns over Penn tags, read left to right:

- a **noun phrase** is a run of adjectives, nouns and names ending in a noun
  or a name ("joint military exercises", "U.S. troops"); determiners before
  it are not part of it; a past or present participle after a determiner
  counts as an adjective ("the alleged smugglers");
- a **name** is a run of proper nouns, with a title in front ("President
  Trump", "Mr. Kim"); a name after a common noun is apposed to it ("North
  Korean leader Kim Jong Un": the descriptor and the name, linked), and so
  is a noun phrase set off by commas after a name ("Kim, the leader,");
- "X of Y" is one phrase ("caravan of migrants"), Y also one of its own; an
  amount ("dozens of migrants") gives Y only;
- a possessor ends a phrase of its own ("Kim" in "Kim's regime") and opens
  the phrase it owns ("Kim's regime");
- an **action** is a verb, an optional particle, and the noun phrase it
  takes ("fired missiles", "crossed the border"); speech verbs and light
  verbs (be, have, make...) are no action.

The word lists are data (``data/mentions.toml``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from framing.cues.sources import load_attribution
from framing.segment import DATE_WORDS, STOP_WORDS
from framing.tagging import Token

_NOUN = {"NN", "NNS"}
_PROPER = {"NNP", "NNPS"}
_ADJ = {"JJ", "JJR", "JJS"}
_PARTICIPLE = {"VBN", "VBG"}
_DET = {"DT", "PDT", "PRP$", "WP$"}
_VERB = {"VB", "VBD", "VBZ", "VBP", "VBN", "VBG"}
# tags after which a participle opens a phrase rather than acting as a verb
_OPENERS = {"IN", ",", ":", "(", "``", "''", '"', "CC", "CD"}
_AUXILIARIES = {"have", "has", "had", "having", "is", "are", "was", "were", "be", "been",
                "being", "get", "got", "gets"}  # fmt: skip


@dataclass(frozen=True)
class Chunk:
    """One mention found in a field.

    Attributes:
        start, end: character offsets of its words in the field.
        words: its words, as written (determiners inside an action included).
        shape: ``"name"``, ``"np"`` or ``"action"``.
        head: the head word, lower-case (a name's last word; for an action,
            the verb's stem and its object's head: "fir missile").
        name: a name's words without titles, lower-case (``()`` for others).
        titled: the name has a title in front.
        mods: lower-case names inside a common noun phrase ("u.s." in "U.S. troops").
        link: position of the chunk it is apposed to in the field's list, or -1.
        norm: the identity of the label (see ``label_norm``).
    """

    start: int
    end: int
    words: tuple[str, ...]
    shape: str
    head: str
    name: tuple[str, ...] = ()
    titled: bool = False
    mods: frozenset[str] = frozenset()
    link: int = -1
    norm: str = ""


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, frozenset[str]]:
    """The word lists of ``data/mentions.toml``, plus the speech verbs, as sets."""
    text = resources.files("framing.referents").joinpath("data/mentions.toml").read_text("utf-8")
    data = tomllib.loads(text)
    out = {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}
    speech = {form for form in load_attribution()["verbs"] if " " not in form}
    out["speech"] = frozenset(speech)
    kinds = resources.files("framing.referents").joinpath("data/kinds.toml").read_text("utf-8")
    person = tomllib.loads(kinds)["kinds"]["person"]["heads"]
    out["descriptors"] = frozenset(person) | {t.rstrip(".") for t in out["titles"]}
    return out


def _plain(word: str) -> str:
    """Lower case, straight apostrophe, no possessive, initialisms without full stops."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.replace(".", "") if w.count(".") >= 2 or w.endswith(".") else w


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def verb_stem(word: str) -> str:
    """A crude stem that makes "fired", "fires" and "firing" one word."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def label_norm(words: list[str] | tuple[str, ...], *, action: bool = False) -> str:
    """The identity of a label: lower case, no determiners or numbers, plurals of
    common nouns dropped (a capitalised word keeps its s: "Texas")."""
    voc = vocabulary()
    kept = [w for w in words if _plain(w) not in voc["determiners"] and not _plain(w).isdigit()]
    out = [_plain(w) if w[:1].isupper() else _singular(_plain(w)) for w in kept]
    if action and out:
        out[0] = verb_stem(kept[0])
    return " ".join(w for w in out if w)


def chunks(tokens: list[Token]) -> list[Chunk]:
    """Every mention in one field's tagged words, in text order."""
    voc = vocabulary()
    out: list[Chunk] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if _is_action_verb(tokens, i, voc):
            obj_end = _phrase_end(tokens, _skip_det(tokens, i + 1, numbers=True), voc)
            if obj_end is not None:
                words = tuple(t.text for t in tokens[i:obj_end])
                # an action is its verb and what it acts on: "fir missile"
                head = f"{verb_stem(tok.text)} {_singular(_plain(tokens[obj_end - 1].text))}"
                out.append(_make(tokens[i:obj_end], "action", head, words))
        if _opens_phrase(tokens, i, voc):
            end = _phrase_end(tokens, i, voc)
            if end is not None:
                i = _emit_phrase(tokens, i, end, out, voc)
                continue
        i += 1
    _appositions(tokens, out)
    keep = [k for k, c in enumerate(out) if _useful(c, voc)]
    new_at = {k: n for n, k in enumerate(keep)}
    return [replace(out[k], link=new_at.get(out[k].link, -1)) for k in keep]


def _appositions(tokens: list[Token], out: list[Chunk]) -> None:
    """Link a phrase set off by commas right after a name to it ("Kim, the leader,")."""
    at = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    for n in range(1, len(out)):
        name, phrase = out[n - 1], out[n]
        if name.shape != "name" or phrase.shape != "np" or phrase.link >= 0:
            continue
        a, b = ends.get(name.end, ends.get(name.end + 2)), at.get(phrase.start)
        if a is None or b is None or b <= a + 1 or tokens[a + 1].text != ",":
            continue
        if any(t.tag not in _DET for t in tokens[a + 2 : b]):
            continue
        k = ends.get(phrase.end)
        if k is not None and (k + 1 == len(tokens) or tokens[k + 1].text in ",.;"):
            out[n] = replace(phrase, link=n - 1)


def _is_action_verb(tokens: list[Token], i: int, voc) -> bool:
    tok = tokens[i]
    w = tok.text.lower()
    if tok.tag not in _VERB or w in voc["light_verbs"] or w in voc["speech"]:
        return False
    # a participle opening a phrase is an adjective ("the alleged smugglers",
    # "combined air drills")
    return _word_class(tokens, i, voc) != "J"


def _skip_det(tokens: list[Token], i: int, *, numbers: bool = False) -> int:
    if i < len(tokens) and tokens[i].tag == "RP":
        i += 1
    while i < len(tokens) and (tokens[i].tag in _DET or (numbers and tokens[i].tag == "CD")):
        i += 1
    return i


def _word_class(tokens: list[Token], i: int, voc) -> str:
    """``T`` title, ``P`` name, ``N`` noun, ``J`` modifier, or ``""`` (ends a phrase)."""
    tok = tokens[i]
    low = tok.text.lower()
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if low in voc["titles"] and nxt is not None and _proper(nxt) and _proper(tok):
        return "T"
    if low in DATE_WORDS:
        return ""
    if _proper(tok):
        return "P"
    if tok.tag in _NOUN:
        return "N"
    if tok.tag in _ADJ:
        return "J"
    # a participle opening a phrase is an adjective ("combined air drills"),
    # but "was shot", "telling MPs" are a tense and a speech verb
    opens = tok.tag in _PARTICIPLE | {"VBD"} and nxt is not None and nxt.tag in _ADJ | _NOUN
    if opens and _opens_after(tokens, i) and low not in voc["light_verbs"] | voc["speech"]:
        return "J"
    return ""


def _opens_after(tokens: list[Token], i: int) -> bool:
    """Whether the word before ``i`` lets a phrase open there (a verb cannot follow it)."""
    if i == 0:
        return True
    before = tokens[i - 1]
    if before.tag in _VERB:
        # "held combined drills" (adjective), but "has fired missiles" (a tense)
        return before.text.lower() not in _AUXILIARIES
    return before.tag in _DET | _ADJ | _OPENERS


def _proper(tok: Token) -> bool:
    # the tagger reads a possessive name ("Kim's") as a plural noun
    return tok.tag in _PROPER or (tok.text[:1].isupper() and _possessive(tok.text))


def _opens_phrase(tokens: list[Token], i: int, voc) -> bool:
    return _word_class(tokens, i, voc) != ""


def _phrase_end(tokens: list[Token], i: int, voc) -> int | None:
    """One past the last word of the phrase opening at ``i`` (it ends in a noun or name)."""
    j, last = i, None
    while j < len(tokens):
        cls = _word_class(tokens, j, voc)
        if not cls:
            break
        if cls in "NP":
            last = j + 1
        j += 1
        if _possessive(tokens[j - 1].text):
            break
    return last


def _possessive(word: str) -> bool:
    return word.lower().replace("\u2019", "'").endswith("'s")


def _emit_phrase(tokens: list[Token], i: int, end: int, out: list[Chunk], voc) -> int:
    """Add the chunks of the phrase ``tokens[i:end]``; the position to go on from."""
    run = tokens[i:end]
    if _possessive(run[-1].text) and end < len(tokens):
        _split_names(run, out, voc)
        owned_end = _phrase_end(tokens, end, voc)
        if owned_end is None:
            return end
        _add_np(tokens[i:owned_end], out, voc, link=-1)
        return owned_end
    first = _split_names(run, out, voc)
    k = end
    # "Republic of Korea", "Department of Homeland Security": one name
    if first is not None and first == len(out) - 1 and out[first].shape == "name":
        joined = _of_name(tokens, i, k, out[first], voc)
        if joined is not None:
            out[first], k = joined
            return k
    # "X of Y"
    if first is not None and k + 1 < len(tokens) and tokens[k].text.lower() == "of":
        y_at = _skip_det(tokens, k + 1)
        y_end = _phrase_end(tokens, y_at, voc) if y_at < len(tokens) else None
        head = out[first]
        if y_end is not None and head.shape == "np" and y_end - y_at <= 4:
            if _plain(run[-1].text) in voc["partitives"]:
                out.pop(first)
            else:
                out[first] = _make(tokens[i:y_end], "np", head.head, mods=head.mods)
            return y_at
    return end


def _of_name(tokens: list[Token], i: int, k: int, name: Chunk, voc) -> tuple[Chunk, int] | None:
    """``name`` + "of (the)" + a name, when ``name`` ends in a group or place word."""
    if name.name[-1] not in voc["group_words"] | voc["place_words"] | voc["of_names"]:
        return None
    if k + 1 >= len(tokens) or tokens[k].text.lower() != "of":
        return None
    j = k + 1 + (tokens[k + 1].text.lower() == "the")
    end = j
    while (
        end < len(tokens)
        and tokens[end].text[:1].isupper()
        and (tokens[end].tag in _PROPER | _NOUN | _ADJ)
    ):
        end += 1
        if _possessive(tokens[end - 1].text):
            break
    if end == j:
        return None
    words = tuple(_plain(t.text) for t in tokens[j:end])
    start = next(n for n in range(i, k) if tokens[n].start == name.start)
    run = tokens[start:end]
    joined = _make(run, "name", words[-1], name=name.name + words, titled=name.titled)
    return replace(joined, link=name.link), end


def _split_names(run: list[Token], out: list[Chunk], voc) -> int | None:
    """Add the phrase ``run`` as a common phrase and/or a name; the position of the first added."""
    classes = [_word_class(run, j, voc) for j in range(len(run))]
    # a title inside: what is before it is a phrase of its own ("U.S." President Trump)
    for j in range(1, len(run)):
        if classes[j] == "T" and classes[j - 1] != "T":
            before = _split_names(run[:j], out, voc)
            after = _split_names(run[j:], out, voc)
            return before if before is not None else after
    # trailing names after a word that describes a person (the person heads
    # of data/kinds.toml, titles): descriptor + apposed name ("leader Kim",
    # "terrorist Khalid Masood"; not "told MPs Masood", "Fallon, shot Masood")
    k = len(run)
    while k > 0 and classes[k - 1] in "PT":
        k -= 1
    if 0 < k < len(run) and _plain(run[k - 1].text) in voc["descriptors"]:
        at = len(out)
        if _add_np(run[:k], out, voc, link=-1, keep_last=True) is not None:
            _add_name(run[k:], out, voc, link=at)
            return at
        return _add_name(run[k:], out, voc, link=-1)
    if 0 < k < len(run) and "N" in classes[:k]:
        # a noun, then names that it does not describe: two mentions, unlinked
        first = _add_np(run[:k], out, voc, link=-1)
        name = _add_name(run[k:], out, voc, link=-1)
        return first if first is not None else name
    if k == 0:
        return _add_name(run, out, voc, link=-1)
    return _add_np(run, out, voc, link=-1)


def _add_np(
    run: list[Token], out: list[Chunk], voc, *, link: int, keep_last: bool = False
) -> int | None:
    while run and not keep_last and _word_class(run, len(run) - 1, voc) not in ("N", "P"):
        run = run[:-1]
    if not run:
        return None
    mods = frozenset(_plain(t.text) for t in run[:-1] if _proper(t))
    out.append(_make(run, "np", _singular(_plain(run[-1].text)), mods=mods, link=link))
    return len(out) - 1


def _add_name(run: list[Token], out: list[Chunk], voc, *, link: int) -> int | None:
    titles = [t for t in run if t.text.lower() in voc["titles"]]
    name = tuple(_plain(t.text) for t in run if t not in titles)
    if not name:
        return None
    chunk = _make(run, "name", name[-1], name=name, titled=bool(titles), link=link)
    out.append(chunk)
    return len(out) - 1


def _make(run: list[Token], shape: str, head: str, words=None, **kw) -> Chunk:
    words = tuple(t.text for t in run) if words is None else words
    end = run[-1].end - (2 if _possessive(run[-1].text) else 0)
    norm = label_norm(words, action=shape == "action")
    if norm.endswith("'s"):
        norm = norm[:-2]
    return Chunk(run[0].start, end, words, shape, head, norm=norm, **kw)


def _useful(c: Chunk, voc) -> bool:
    """Whether a chunk names something an analyst would look at (not noise)."""
    words = [_plain(w) for w in c.words]
    content = [
        w
        for w in words
        if w not in STOP_WORDS
        and w not in DATE_WORDS
        and w not in voc["noise"]
        and w not in voc["bare_titles"]
        and w not in voc["determiners"]
        and not w.replace(",", "").isdigit()
        and len(w) > 1
    ]
    if not content or not c.norm:
        return False
    if c.shape == "np" and (c.head in voc["noise"] or c.head in STOP_WORDS):
        return False
    return not (c.shape == "name" and all(len(w) <= 1 for w in c.name))
