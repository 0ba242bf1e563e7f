"""Speakers: the noun phrase that says something, its type and side, and the chain of
mentions of one speaker within an article.

Used by ``framing.cues.sources``; the words that tell types and sides are data
(``data/attribution.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from framing.segment import DATE_WORDS
from framing.tagging import Token

AUX = {"has", "have", "had", "was", "is", "were", "are", "will", "would", "did", "does", "do",
       "been", "also", "then", "later", "once", "repeatedly", "recently", "previously"}  # fmt: skip
# Capitalised words that describe a speaker rather than name one.
GROUP_WORDS = {"republican", "democratic", "democrat", "gop", "chinese", "american",
               "russian", "british", "french", "german", "israeli", "iranian", "korean",
               "the", "a", "an"}  # fmt: skip
# Capitalised sentence openers caught at the start of a name run ("If WASHLITE").
LEADING = {"if", "but", "and", "when", "as", "in", "on", "at", "after", "before", "while",
           "so", "then", "now", "for", "with", "by", "from", "to", "of", "or", "yet"}  # fmt: skip
# Words a title-case headline has and a name never has after its first word.
HEADLINE_WORDS = LEADING | {"a", "an", "the", "is", "are", "was", "says", "said", "will",
                            "over", "about", "into", "against", "not", "how", "why"}  # fmt: skip
NAME_PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le",
                  "bin", "al", "el", "ibn", "du", "dos"}  # fmt: skip
# Words that look like nouns next to a speech verb but never speak ("said Monday").
NOT_SPEAKERS = DATE_WORDS | {"today", "yesterday", "tonight", "tomorrow", "morning",
                             "afternoon", "evening", "night", "week", "weekend", "month",
                             "year", "earlier", "later", "recently"}  # fmt: skip

NP_TAGS = {"DT", "PRP$", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "POS", "VBN"}
PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}
TITLES = {
    "prime",
    "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "prof.", "rev.", "president",
    "senator", "secretary", "minister", "governor", "mayor", "judge", "justice", "speaker",
    "leader", "chairman", "chairwoman", "sir", "dame", "lord", "lady", "former", "vice",
    "representative", "congressman", "congresswoman", "attorney", "general", "chief",
    "commissioner", "director", "spokesman", "spokeswoman", "spokesperson", "ambassador",
    "adviser", "advisor", "officer", "sheriff", "pope", "king", "queen", "prince",
    "princess", "professor", "physicist", "coach", "ceo", "lt.", "col.", "sgt.", "capt.",
    "adm.", "maj.", "cmdr.", "lt", "col", "sgt", "capt", "state", "defense",
    "defence", "house", "senate", "police", "homeland", "treasury", "health",
}  # fmt: skip

# A run of capitalised words; middle initials ("Charles D. Ellison") stay inside it.
NAME_RUN = re.compile(
    r"\b[A-Z][\w'\u2019-]*(?: (?:[A-Z]\.(?= [A-Z])|[A-Z][\w'\u2019-]*|de|van|von|bin|al))+"
)


@dataclass(frozen=True)
class Attribution:
    speaker: str = ""
    speaker_span: tuple[int, int] = (-1, -1)
    verb: str = ""
    verb_span: tuple[int, int] = (-1, -1)
    context: str = ""  # the speaker phrase with its apposition, for types


def attribution(verb: list[Token], np_words: list[Token], context: list[Token]) -> Attribution:
    verb_span = (verb[0].start, verb[-1].end) if verb else (-1, -1)
    if not np_words:
        return Attribution(verb=join_words(verb), verb_span=(verb[0].start, verb[-1].end))
    # The apposition after the speaker ("Kim Yo Jong, the sister of ...") tells its type.
    after = [w.text for w in context if w.start >= np_words[-1].end][:10]
    return Attribution(
        speaker=join_words(np_words),
        speaker_span=(np_words[0].start, np_words[-1].end),
        verb=join_words(verb),
        verb_span=verb_span,
        context=" ".join([w.text for w in np_words] + after),
    )


def join_words(words: list[Token]) -> str:
    out = ""
    for i, w in enumerate(words):
        out += ("" if i == 0 else " " * (w.start - words[i - 1].end)) + w.text
    return out


def _in_np(words: list[Token], j: int, out: list[Token]) -> bool:
    w = words[j]
    low = w.text.lower()
    if re.sub(r"['\u2019]s$", "", low) in NOT_SPEAKERS:
        return False
    if w.tag in NP_TAGS:
        return True
    nxt = words[j + 1] if j + 1 < len(words) else None
    # "de Blasio", "van der Berg": a lower-case particle inside a name.
    if low in NAME_PARTICLES and nxt is not None and nxt.tag.startswith("NNP"):
        return True
    return bool(out) and low == "of" and out[-1].tag.startswith("NN")


def np_forward(words: list[Token], k: int) -> list[Token]:
    out: list[Token] = []
    for j in range(k, len(words)):
        w = words[j]
        if w.text.lower() in PRONOUNS and not out:
            return [w]
        if _in_np(words, j, out):
            out.append(w)
        else:
            break
    while out and (out[-1].tag in {"DT", "POS", "JJ"} or out[-1].text.lower() == "of"):
        out.pop()
    return out if any(w.tag.startswith("NN") or w.tag == "PRP" for w in out) else []


def np_backward(words: list[Token], k: int) -> list[Token]:
    out: list[Token] = []
    j = k - 1
    # "Thomas once called", "Wolff has recently suggested": adverbs and auxiliaries
    # between the speaker and the verb.
    while j >= 1 and k - j <= 3 and (words[j].tag in {"RB", "MD"} or words[j].text.lower() in AUX):
        j -= 1
    # "Abe, who called it ...": the speaker before the relative pronoun.
    if j >= 2 and words[j].text.lower() == "who" and words[j - 1].text == ",":
        return np_backward(words, j - 1)
    if j >= 0 and words[j].text.lower() in PRONOUNS:
        return [words[j]]
    while j >= 0 and (_in_np(words, j, out) or words[j].text.lower() == "of"):
        if re.sub(r"['\u2019]s$", "", words[j].text.lower()) in NOT_SPEAKERS:
            break
        out.insert(0, words[j])
        j -= 1
    while out and (out[0].text.lower() == "of" or out[0].tag == "POS"):
        out.pop(0)
    # "Kim Yo Jong, the sister of ..., said": the name before the apposition speaks.
    if out and out[0].tag in {"DT", "JJ"} and j >= 1 and words[j].text == ",":
        names = np_backward(words, j)
        if names and names[-1].tag.startswith("NNP"):
            return names
    return out if any(w.tag.startswith("NN") for w in out) else []


def speaker_type(context: str, speaker: str, types: dict[str, list[str]]) -> str:
    if not speaker:
        return "unknown"
    for kind in ("anonymous", "media", "official", "expert", "ordinary", "organisation"):
        if _any_words(context, tuple(types[kind]), False):
            if kind == "anonymous" and NAME_RUN.search(speaker):
                continue  # a named person is not anonymous
            return kind
    return "unknown"


def affiliation(context: str, affiliations: dict[str, list[str]]) -> str:
    for side, words in affiliations.items():
        # Prefixes count: "north korea" in "North Korean leader".
        if _any_words(context, tuple(words), True):
            return side
    return ""


@lru_cache(maxsize=256)
def _words_pattern(words: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    tail = "" if prefix else r"(?![\w])"
    alternatives = "|".join(re.escape(w.strip()) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![\w])(?:" + alternatives + ")" + tail)


def _any_words(context: str, words: tuple[str, ...], prefix: bool) -> bool:
    """Whether any of ``words`` occurs in ``context`` as whole words (or word starts)."""
    return _words_pattern(words, prefix).search(context) is not None


class Chain:
    """Speaker mentions of one article, chained: a short name to the full one, a pronoun
    to the speaker before it."""

    def __init__(self, text: str, *, places: frozenset[str] = frozenset()) -> None:
        self.places = places
        runs = list(NAME_RUN.finditer(text))
        self.names = [m.group(0) for m in runs]
        # Words around each full name's first mention ("Ed Gillespie, the Republican
        # nominee"): they tell the speaker's type when its quotations do not.
        self.around: dict[str, str] = {}
        for m in runs:
            self.around.setdefault(m.group(0), text[max(0, m.start() - 40) : m.end() + 80])
        self.last = ""
        self.known: dict[str, tuple[str, str]] = {}
        # The full mention a name was chained to ("President Donald Trump").
        self.mention: dict[str, str] = {}

    def remember(self, norm: str, kind: str, side: str) -> tuple[str, str]:
        """The type and side of ``norm``, filled from its earlier mentions where unknown."""
        if not norm:
            return kind, side
        old_kind, old_side = self.known.get(norm, ("unknown", ""))
        kind = old_kind if kind == "unknown" else kind
        side = side or old_side
        self.known[norm] = (kind, side)
        return kind, side

    def normalise(self, speaker: str, at: int) -> str:
        words = [w for w in re.findall(r"[\w.'\u2019-]+", speaker)]
        low = speaker.lower()
        if low in PRONOUNS:
            return self.last
        # The name is the run of capitalised words that ends the phrase, after any
        # title or description ("Chinese physicist Fang Lizhi", "Sen. Lindsey Graham").
        name: list[str] = []
        for w in reversed(words):
            if not w[:1].isupper() or w.lower() in TITLES or w.lower() in GROUP_WORDS:
                break
            name.insert(0, w)
        if not name or (len(name) == 1 and name[0] == words[0] and len(words) > 1):
            return low  # a description ("a senior official") is its own speaker
        core = [w.rstrip("'s\u2019") if w.endswith(("'s", "\u2019s")) else w for w in name]
        best = " ".join(core)
        for full in self.names:
            # The name is what follows the last title of the run ("House Speaker
            # John Boehner", "State Mike Pompeo" from "Secretary of State ...").
            run = full.split()
            cut = max((i + 1 for i, w in enumerate(run) if w.lower() in TITLES), default=0)
            parts = [p for p in run[cut:] if p.lower() not in GROUP_WORDS | LEADING]
            # A headline in title case ("Trump Wants A Fight With Obama") or page
            # clutter is no name: names have at most three words, none a stop word.
            if len(parts) > 3 or any(p.lower() in HEADLINE_WORDS for p in full.split()[1:]):
                continue
            # "Michigan Trump": a place before a name is clutter, not a first name.
            if len(parts) > len(core) and parts[0].lower() in self.places:
                continue
            longer = len(parts) > len(core) or len(full.split()) > len(parts)
            if longer and len(parts) >= len(core) and all(c in parts for c in core):
                best = " ".join(parts)
                self.mention.setdefault(best, self.around.get(full, full))
                break
        self.last = best
        return best
