"""Synthetic corpora of any size, grown from the bundled articles, with gold events.

``generate_corpus`` turns the 23 hand-written template events (``sample_articles/``
and ``tests/data/grouping/newsdesk.jsonl``) into as many articles as a speed or
scale benchmark needs, with a gold event label per article so that event
grouping can be scored (B-cubed) against other methods such as BERTopic.

Each generated event copies one template event and makes it a new one:

- every proper name (places, people, organisations, acronyms) gets a fictional
  replacement built from syllables, the same one in every article of the event;
- numbers change (consistently within the event), years, dates written in the
  text ("Nov. 2") and weekdays move with the event's random date;
- each article comes from the template article whose outlet has the generated
  outlet's style when there is one, drops some sentences, sometimes swaps two,
  and swaps a few common words for synonyms; the title is varied too.

Columns of the generated table (``SYNTHETIC_COLUMNS``):

- ``id``: unique, ``syn-0000001``... in publication order.
- ``outlet``: a generated outlet name; each has the style of one source outlet.
- ``title``, ``text``: the article; paragraphs are separated by a blank line.
- ``published``: ISO date ``YYYY-MM-DD`` (0 to 3 days after the event's date).
- ``url``: a fictional ``https://<outlet>.example/...`` address.
- ``event``: gold event label (int, numbered by first article).
- ``template``: key of the template event it was made from (e.g. ``barrage``).

Rows are in publication order; ties are shuffled so events interleave.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from framing.config import IngestLimits
from framing.errors import InputError

__all__ = [
    "SYNTHETIC_COLUMNS",
    "default_days",
    "default_outlet_count",
    "generate_corpus",
    "source_articles",
    "write_jsonl_shards",
]

SYNTHETIC_COLUMNS = ["id", "outlet", "title", "text", "published", "url", "event", "template"]

_ROOT = Path(__file__).resolve().parents[2]
_SAMPLE_DIR = _ROOT / "sample_articles"
_NEWSDESK = _ROOT / "tests" / "data" / "grouping" / "newsdesk.jsonl"

# --- word lists ---------------------------------------------------------------------------

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Month spellings by house style: AP-like ("Nov. 2") and wire-like without a dot ("Feb 6").
_MONTHS_DOT = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
               "Nov.", "Dec.")  # fmt: skip
_MONTHS_SHORT = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct",
                 "Nov", "Dec")  # fmt: skip

# Capitalised words that are not names even where they are capitalised mid-sentence.
_NOT_NAMES = frozenset(
    _WEEKDAYS
    + tuple(d + "s" for d in _WEEKDAYS)
    + _MONTHS
    + (
        "I", "Mr", "Mrs", "Ms", "Dr", "Sir", "Madam", "President", "Vice", "Prime", "Minister",
        "Ministry", "Secretary", "General", "Chairman", "Chairwoman", "Chair", "Chief",
        "Director", "Governor", "Mayor", "Senator", "Speaker", "Ambassador", "Admiral",
        "Colonel", "Captain", "Commander", "Lieutenant", "King", "Queen", "Prince", "Princess",
        "Comrade", "Respected", "Supreme", "Leader", "Dear", "God", "English", "Internet",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    )
)  # fmt: skip
# Upper-case tokens that are generic terms, not the names of someone or something.
_NOT_ACRONYMS = frozenset(
    ("ICBM", "EEZ", "GMT", "UTC", "EST", "GDP", "CEO", "TV", "OK", "II", "III", "IV", "AM", "PM",
     "COVID", "SUV", "DNA", "PhD", "FAQ")
)  # fmt: skip
# Words of the source outlets' names kept in generated outlet names ("<Fake> Cable News").
_OUTLET_GENERIC = frozenset(
    ("The", "Daily", "Wire", "News", "Press", "Service", "TV", "Cable", "Ledger", "Courier",
     "Report", "Morning", "Horizon")
)  # fmt: skip

# Our own small synonym table: (pattern, alternatives). The first alternative is the
# word as written; patterns with a lookahead only apply before a number, where
# "about" means "roughly" and not "concerning".
_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("said", ("said", "stated")),
    ("says", ("says", "states")),
    ("officials", ("officials", "authorities")),
    ("authorities", ("authorities", "officials")),
    ("began", ("began", "started")),
    ("begin", ("begin", "start")),
    ("warned", ("warned", "cautioned")),
    ("urged", ("urged", "called on")),
    ("called for", ("called for", "urged")),
    ("reporters", ("reporters", "journalists")),
    ("residents", ("residents", "locals", "inhabitants")),
    ("nearly", ("nearly", "almost")),
    ("largest", ("largest", "biggest")),
    ("quickly", ("quickly", "swiftly", "rapidly")),
    ("despite", ("despite", "in spite of")),
    ("stressed", ("stressed", "emphasised", "underlined")),
    ("sharply", ("sharply", "steeply")),
    ("rose", ("rose", "climbed")),
    ("expected", ("expected", "anticipated")),
    ("countries", ("countries", "nations")),
    ("about(?= \\$?\\d)", ("about", "around", "roughly", "some")),
    ("around(?= \\$?\\d)", ("around", "about", "roughly")),
    ("roughly(?= \\$?\\d)", ("roughly", "about", "around")),
    ("more than(?= \\$?\\d)", ("more than", "over")),
    ("at least(?= \\$?\\d)", ("at least", "no fewer than")),
)
_SYNONYM_LOOKUP = {pattern.split("(")[0]: alts for pattern, alts in _SYNONYMS}

# --- regular expressions (compiled once) ---------------------------------------------------

_OUTLET_MARK = "\ue000"  # the article's own outlet, written in full
_OUTLET_WORD_MARK = 0xE001  # + i: word i of the own outlet's name ("the Blaze")
_MAX_OUTLET_WORDS = 7  # + 7 + i: the same word shouted ("BLAZE STAR MAN")
_OUTLET_KEYS = tuple(f"o{i}" for i in range(_MAX_OUTLET_WORDS))
_OUTLET_UPPER_KEYS = tuple(f"u{i}" for i in range(_MAX_OUTLET_WORDS))


def _first_upper(pattern: str) -> str:
    return f"[{pattern[0].upper()}{pattern[0]}]{pattern[1:]}"


_MONTH_RE = "|".join(_MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_TOKEN = re.compile(
    rf"(?P<md>\b(?P<mon>{_MONTH_RE})(?P<dot>\.?)\s(?P<day>\d{{1,2}})\b(?![:\d])"
    r"(?P<yr>,\s(?:19|20)\d\d\b)?)"
    rf"|(?P<dm>\b(?P<dday>\d{{1,2}})\s(?P<dmon>{'|'.join(_MONTHS)})\b(?P<dyr>\s(?:19|20)\d\d\b)?)"
    r"|(?P<time>\b\d{1,2}:\d\d\b)"
    r"|(?P<wd>\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)"
    r"|(?P<out>[\ue000-\ue00f])"
    r"|(?P<dotted>\b(?:[A-Z]\.){2,})"
    r"|(?P<code>\b[A-Z]{1,4}\d{1,3}\b)"
    r"|(?P<caps>\b[A-Z]{2,}\b(?!-?\d))"
    r"|(?P<word>\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b)"
    r"|(?P<num>(?<![\w.,:/-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w:/]|[.,]\d))"
    r"|(?P<syn>\b(?:" + "|".join(_first_upper(p) for p, _ in _SYNONYMS) + r")\b)"
)
_WORD = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_CAPS = re.compile(r"\b[A-Z]{2,}\b(?!-?\d)")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?][\"\u201d']?\s+(?=[\"\u201c']?[A-Z0-9\ue000-\ue00f])")
_LAST_WORD = re.compile(r"(\S+)\s*$")
_LETTERS = re.compile(r"[A-Za-z0-9]")
_ABBREVIATED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
_NO_BREAK_AFTER = frozenset(
    ("Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Col", "Sgt", "Capt", "Sen", "Rep", "Gov",
     "Prof", "No", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs",
     "Inc", "Co", "Corp", "Ltd", "approx")
)  # fmt: skip
_DEMONYM_SUFFIXES = ("ians", "ans", "ns", "ese", "ian", "an", "n")
_LOG_STAY = math.log(1 - 0.17)
# Days between an event and an article about it: most the same day, few three days on.
_DAY_OFFSETS = (0,) * 9 + (1,) * 6 + (2,) * 3 + (3,) * 2
_CHUNK = 10_000  # rows converted to a pandas column at a time
_SLUG = re.compile(r"[^a-z0-9]+")

# Syllables of the fictional names: onset + vowel + optional coda; simple sounds
# are listed more often so that most names stay short and pronounceable.
_ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "b", "d",
           "k", "l", "m", "n", "r", "s", "t", "br", "dr", "gr", "kr", "st", "tr", "th", "sh", "ch",
           "j")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "a", "ai", "ei", "ou")
_CODAS = ("", "", "", "", "", "n", "r", "l", "s", "m", "k", "nd", "rt", "st")
_CONSONANTS = "BCDFGHJKLMNPQRSTVWXZ"  # fictional acronyms


# --- templates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Article:
    style: str  # the source outlet: generated outlets with this style use this article
    titles: tuple[str, ...]  # format strings: the title and shorter variants
    sentences: tuple[tuple[int, str], ...]  # (paragraph index, format string)
    synonyms: tuple[tuple[str, tuple[str, ...]], ...]  # (format key, alternatives)


@dataclass(frozen=True)
class _Template:
    key: str
    day: date  # first publication date of the template event
    articles: tuple[_Article, ...]
    slots: tuple[tuple[str, tuple], ...]  # (format key, (kind, *details)) filled per event
    derived: dict[str, tuple[str, str]]  # name -> (base name, suffix): "Korean" from "Korea"
    by_style: dict[str, tuple[int, ...]]


def source_articles() -> pd.DataFrame:
    """The hand-written articles the generator starts from.

    Returns:
        The sample corpus and the newsdesk set read with ``framing.ingest``, with
        ``ARTICLE_COLUMNS`` plus ``event`` (the gold event key of each article).

    Raises:
        InputError: the source files are missing (e.g. an installed package
            without the repository's ``sample_articles`` and ``tests/data``).
    """
    return _source_articles().copy()


@lru_cache(maxsize=1)
def _source_articles() -> pd.DataFrame:
    from framing.ingest import read_inputs

    for path in (_SAMPLE_DIR, _NEWSDESK):
        if not path.exists():
            raise InputError(
                f"{path}: the synthetic generator needs the bundled articles here. "
                "Run it from a checkout of the repository."
            )
    sample = read_inputs([_SAMPLE_DIR], IngestLimits()).articles
    gold = tomllib.loads((_SAMPLE_DIR / "gold.toml").read_text(encoding="utf-8"))["events"]
    sample["event"] = sample["id"].map(gold)
    news = read_inputs([_NEWSDESK], IngestLimits()).articles
    with _NEWSDESK.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    news_gold = {row["id"]: row["event"] for row in rows}
    news["event"] = news["id"].map(news_gold)
    both = pd.concat([sample, news], ignore_index=True)
    if both["event"].isna().any():
        missing = both.loc[both["event"].isna(), "id"].tolist()
        raise InputError(f"articles without a gold event: {missing[:5]}. Fix the gold files.")
    return both


def _mark_outlet(text: str, outlet: str) -> str:
    """Mark the article's own outlet name (and short forms like "the Blaze") for replacement."""
    text = text.replace(outlet, _OUTLET_MARK)
    for i, word in enumerate(outlet.split()[:_MAX_OUTLET_WORDS]):
        if word == "The":
            continue
        mark = chr(_OUTLET_WORD_MARK + i)
        # "told the Blaze", "CPB's morning programme": only this outlet's own articles.
        text = re.sub(rf"(?<=\b[Tt]he ){re.escape(word)}\b", mark, text)
        if word.isupper():
            text = re.sub(rf"\b{re.escape(word)}\b", mark, text)
        elif word not in _OUTLET_GENERIC:
            text = re.sub(rf"\b{re.escape(word.upper())}\b", chr(ord(mark) + 7), text)
    return text


def _split_sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        before = _LAST_WORD.search(paragraph, start, m.start() + 1)
        word = before.group(1).rstrip(".!?\"\u201d'") if before else ""
        if word in _NO_BREAK_AFTER or _ABBREVIATED.fullmatch(word) or word in ("a.m", "p.m"):
            continue
        end = m.start() + len(m.group(0).rstrip())
        # A quotation of several sentences stays whole: dropping its first sentence
        # would leave a dangling closing quote.
        if paragraph.count('"', start, end) % 2:
            continue
        out.append(paragraph[start:end])
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def _paragraph_sentences(text: str) -> list[tuple[int, str]]:
    sentences: list[tuple[int, str]] = []
    for p, paragraph in enumerate(_PARAGRAPHS.split(text.strip())):
        sentences.extend((p, s) for s in _split_sentences(paragraph.strip()))
    return sentences


def _detect_names(bodies: Sequence[list[tuple[int, str]]]) -> tuple[frozenset, frozenset]:
    """Proper names and acronyms of the whole source set, detected once.

    A capitalised word is a name when it is capitalised mid-sentence more often
    than the corpus writes it in lower case ("Korea" yes, "State" no). An
    upper-case token is an acronym unless it is shouting (next to another
    upper-case word), a dateline ("SEOUL") or an English word ("THEY").
    """
    mid: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    caps: Counter[str] = Counter()
    shouted: set[str] = set()
    for sentences in bodies:
        for _, sentence in sentences:
            lower.update(_LOWER_WORD.findall(sentence))
            for m in _WORD.finditer(sentence):
                if _LETTERS.search(sentence, 0, m.start()):
                    mid[m.group(0)] += 1
            tokens = list(_CAPS.finditer(sentence))
            for i, m in enumerate(tokens):
                # Adjacent upper-case words are a shouted headline or a dateline, not acronyms.
                prev_adj = i > 0 and not sentence[tokens[i - 1].end() : m.start()].strip(" -")
                next_adj = i + 1 < len(tokens) and not sentence[
                    m.end() : tokens[i + 1].start()
                ].strip(" -")
                dateline = m.start() == 0 and sentence.startswith(",", m.end())
                if prev_adj or next_adj or dateline:
                    shouted.add(m.group(0))
                else:
                    caps[m.group(0)] += 1
    names = {
        w for w, n in mid.items() if w not in _NOT_NAMES and len(w) > 1 and n > lower[w.lower()]
    }
    # Datelines and shouted headlines ("CAPE CANAVERAL", "JAKARTA"): a long upper-case
    # word the corpus never writes in lower case is a name too.
    names.update(
        w.title()
        for w in shouted
        if len(w) >= 4 and w.lower() not in lower and w.title() not in _NOT_NAMES
    )
    names = frozenset(names)
    acronyms = frozenset(
        w
        for w, n in caps.items()
        if w not in _NOT_ACRONYMS
        and len(w) <= 5
        and w.title() not in names
        and (len(w) == 2 or lower[w.lower()] == 0)
        and (n >= 2 or len(w) >= 3)
    )
    return names, acronyms


class _Compiler:
    """Turns one template event's texts into format strings with per-event slots."""

    def __init__(self, names: frozenset, acronyms: frozenset, day: date) -> None:
        self.names = names
        self.acronyms = acronyms
        self.day = day
        self.slots: dict[tuple, str] = {}
        self.derived: dict[str, tuple[str, str]] = {}
        self.n_synonyms = 0

    def slot(self, spec: tuple) -> str:
        key = self.slots.get(spec)
        if key is None:
            key = self.slots[spec] = f"x{len(self.slots)}"
            if spec[0] == "name":
                self._derive(spec[1])
        return "{" + key + "}"

    def _derive(self, name: str) -> None:
        for suffix in _DEMONYM_SUFFIXES:
            if not name.endswith(suffix):
                continue
            stem = name[: -len(suffix)]
            # "Chinese" comes from "China": the suffix may replace a final "a".
            for base in (stem, stem + "a") if suffix == "ese" else (stem,):
                if len(base) >= 4 and base in self.names:
                    self.derived[name] = (base, suffix)
                    self.slot(("name", base))
                    return

    def _date_offset(self, month: int, day: int, year: int | None) -> int | None:
        candidates = [year] if year else [self.day.year - 1, self.day.year, self.day.year + 1]
        best = None
        for y in candidates:
            try:
                offset = (date(y, month, day) - self.day).days
            except ValueError:
                continue
            if best is None or abs(offset) < abs(best):
                best = offset
        return best

    def compile(self, text: str, synonyms: list | None) -> str:
        """Format string for ``text``; synonym slots are appended to ``synonyms``."""
        parts: list[str] = []
        pos = 0
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            token = m.group(0)
            repl = self._replacement(m, kind, token, synonyms)
            if repl is None:
                continue
            parts.append(text[pos : m.start()].replace("{", "{{").replace("}", "}}"))
            parts.append(repl)
            pos = m.end()
        parts.append(text[pos:].replace("{", "{{").replace("}", "}}"))
        return "".join(parts)

    def _replacement(self, m: re.Match, kind: str | None, token: str, synonyms: list | None):
        if kind == "md" or kind == "dm":
            month_name = m.group("mon") or m.group("dmon")
            month = [x[:3] for x in _MONTHS].index(month_name[:3]) + 1
            year_text = m.group("yr") or m.group("dyr")
            year = int(year_text.strip(", ")) if year_text else None
            offset = self._date_offset(month, int(m.group("day") or m.group("dday")), year)
            if offset is None:
                return None
            if kind == "dm":
                style = "dm"
            elif month_name in _MONTHS:
                style = "full"
            else:
                style = "dot" if m.group("dot") else "short"
            return self.slot(("date", offset, style, year is not None))
        if kind == "time":
            return self.slot(("time", token))
        if kind == "wd":
            return self.slot(("weekday", _WEEKDAYS.index(token)))
        if kind == "out":
            code = ord(token) - _OUTLET_WORD_MARK
            if code < 0:
                return "{O}"
            if code < _MAX_OUTLET_WORDS:
                return "{" + _OUTLET_KEYS[code] + "}"
            return "{" + _OUTLET_UPPER_KEYS[code - _MAX_OUTLET_WORDS] + "}"
        if kind == "dotted":
            return self.slot(("dotted", token.replace(".", "")))
        if kind == "code":
            letters = token.rstrip("0123456789")
            return self.slot(("code", letters, token[len(letters) :]))
        if kind == "caps":
            if token.title() in self.names:
                return self.slot(("upper", token.title()))
            if token in self.acronyms:
                return self.slot(("acronym", token))
            return None
        if kind == "word":
            return self.slot(("name", token)) if token in self.names else None
        if kind == "num":
            if token.startswith("0") and len(token) > 1 and token[1].isdigit():
                return None  # "0200 GMT": a clock time, not a quantity
            if len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2099:
                return self.slot(("year", int(token)))
            return self.slot(("number", token))
        if kind == "syn" and synonyms is not None:
            alts = _SYNONYM_LOOKUP[token.lower()]
            if token[0].isupper():
                alts = tuple(a[0].upper() + a[1:] for a in alts)
            key = f"s{self.n_synonyms}"
            self.n_synonyms += 1
            synonyms.append((key, alts))
            return "{" + key + "}"
        return None


def _title_variants(title: str) -> tuple[str, ...]:
    variants = [title]
    for sep in ("; ", ": ", ", "):
        head = title.split(sep)[0]
        if head != title and len(head.split()) >= 4:
            variants.append(head)
            break
    return tuple(variants)


@lru_cache(maxsize=1)
def _templates() -> tuple[_Template, ...]:
    articles = _source_articles()
    marked = [_mark_outlet(t, o) for t, o in zip(articles["text"], articles["outlet"], strict=True)]
    bodies = [_paragraph_sentences(t) for t in marked]
    names, acronyms = _detect_names(bodies)
    templates = []
    for key, group in articles.groupby("event", sort=True):
        dates = [date.fromisoformat(d) for d in group["published"] if d]
        compiler = _Compiler(names, acronyms, min(dates))
        compiled = []
        for i in group.index:
            synonyms: list = []
            sentences = tuple((p, compiler.compile(s, synonyms)) for p, s in bodies[i])
            outlet = articles.at[i, "outlet"]
            title = compiler.compile(_mark_outlet(articles.at[i, "title"], outlet), None)
            compiled.append(_Article(outlet, _title_variants(title), sentences, tuple(synonyms)))
        by_style: dict[str, list[int]] = {}
        for j, art in enumerate(compiled):
            by_style.setdefault(art.style, []).append(j)
        templates.append(
            _Template(
                str(key),
                compiler.day,
                tuple(compiled),
                tuple((k, spec) for spec, k in compiler.slots.items()),
                compiler.derived,
                {s: tuple(v) for s, v in by_style.items()},
            )
        )
    return tuple(templates)


@lru_cache(maxsize=1)
def _template_tokens() -> frozenset[str]:
    """Every word of the source texts, so that no fictional name collides with one."""
    text = " ".join(_source_articles()["text"]) + " " + " ".join(_source_articles()["title"])
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text))


# --- filling one event ---------------------------------------------------------------------


def _fake_word(rng: random.Random, syllables: int) -> str:
    choice = rng.choice
    word = "".join(choice(_ONSETS) + choice(_VOWELS) for _ in range(syllables))
    return (word + choice(_CODAS)).capitalize()


def _fake_acronym(rng: random.Random, length: int) -> str:
    taken = _template_tokens()
    while True:
        fake = "".join(rng.choice(_CONSONANTS) for _ in range(length))
        if fake.lower() not in taken:  # never a real one of the sources ("JCS")
            return fake


def _name_pool(rng: random.Random, size: int) -> list[str]:
    taken = _template_tokens()
    seen: set[str] = set()
    pool: list[str] = []
    while len(pool) < size:
        word = _fake_word(rng, rng.choice((2, 2, 2, 3)))
        if not 4 <= len(word) <= 9 or word in seen or word.lower() in taken:
            continue
        seen.add(word)
        pool.append(word)
    return pool


def _like(fake: str, original: str) -> str:
    """Give a fictional name the ending of the original: countries keep their '-ia'."""
    if original.endswith("ia") and not fake.endswith("ia"):
        return fake.rstrip("aeiou") + "ia"
    if original.endswith("a") and fake[-1] not in "aeiou":
        return fake + "a"
    return fake


def _adjective(base: str, suffix: str) -> str:
    """The fictional form of "Korean", "Japanese", "Carvanians" from the base name."""
    plural = suffix.endswith("s") and suffix != "ese"
    if suffix == "ese":
        word = base.rstrip("aeiou") + "ese"
    elif base.endswith("a"):
        word = base + "n"
    elif base[-1] in "eiou":
        word = base + "an"
    else:
        word = base + "ian"
    return word + "s" if plural else word


def _new_number(token: str, rng: random.Random) -> str:
    """A different number written the same way: "7,800" -> "5,400", "4.5" -> "6.1"."""
    grouped = "," in token
    whole, _, frac = token.replace(",", "").partition(".")
    value = float(whole + "." + frac) if frac else float(whole)
    if frac:
        step = 10.0 ** -len(frac)
        new = round(value * rng.uniform(0.6, 1.6), len(frac))
    elif value <= 12:
        step = 1.0
        new = max(1.0, value + rng.choice((-2, -1, 1, 2, 3)))
    else:
        # Keep the roundness: 240 stays a multiple of ten, 1,000 of a thousand.
        significant = max(len(whole.rstrip("0")), 1)
        step = 10.0 ** max(len(whole) - significant, 0)
        new = max(step, round(value * rng.uniform(0.6, 1.6) / step) * step)
    if abs(new - value) < step / 2:  # a change the reader can see
        new += step
    if frac:
        return f"{new:,.{len(frac)}f}" if grouped else f"{new:.{len(frac)}f}"
    return f"{int(new):,}" if grouped else str(int(new))


def _format_date(day: date, style: str, with_year: bool) -> str:
    if style == "dm":
        out = f"{day.day} {_MONTHS[day.month - 1]}"
        return f"{out} {day.year}" if with_year else out
    months = {"full": _MONTHS, "dot": _MONTHS_DOT, "short": _MONTHS_SHORT}[style]
    out = f"{months[day.month - 1]} {day.day}"
    return f"{out}, {day.year}" if with_year else out


def _event_fills(
    template: _Template, rng: random.Random, pool: Sequence[str], day: date
) -> dict[str, str]:
    """Per-event values of every slot: fictional names, numbers, dates."""
    delta = (day - template.day).days
    years = day.year - template.day.year
    names: dict[str, str] = {}
    used: set[str] = set()
    acronyms: dict[str, str] = {}
    numbers: dict[str, str] = {}
    # A new ending can turn a fictional name into a real one ("Kore" -> "Korea").
    taken = _template_tokens()

    def name(original: str) -> str:
        fake = names.get(original)
        if fake is None:
            if original in template.derived:
                base, suffix = template.derived[original]
                fake = _adjective(name(base), suffix)
            else:
                fake = _like(rng.choice(pool), original)
                while fake in used or fake.lower() in taken:
                    fake = _like(rng.choice(pool), original)
            used.add(fake)
            names[original] = fake
        return fake

    def acronym(original: str) -> str:
        fake = acronyms.get(original)
        if fake is None:
            fake = _fake_acronym(rng, len(original))
            acronyms[original] = fake
        return fake

    def number(original: str) -> str:
        new = numbers.get(original)
        if new is None:
            new = numbers[original] = _new_number(original, rng)
        return new

    fills: dict[str, str] = {}
    for key, spec in template.slots:
        kind = spec[0]
        if kind == "name":
            value = name(spec[1])
        elif kind == "upper":
            value = name(spec[1]).upper()
        elif kind == "acronym":
            value = acronym(spec[1])
        elif kind == "dotted":
            value = ".".join(acronym(spec[1])) + "."
        elif kind == "code":
            value = spec[1] + number(spec[2])
        elif kind == "number":
            value = number(spec[1])
        elif kind == "year":
            value = str(spec[1] + years)
        elif kind == "date":
            value = _format_date(day + timedelta(days=spec[1]), spec[2], spec[3])
        elif kind == "weekday":
            value = _WEEKDAYS[(spec[1] + delta) % 7]
        else:  # time
            hour = int(spec[1].split(":")[0])
            new_hour = rng.randint(1, 12) if hour <= 12 else rng.randint(13, 23)
            value = f"{new_hour}:{rng.randrange(60):02d}"
        fills[key] = value
    return fills


# --- outlets -------------------------------------------------------------------------------


def default_outlet_count(n_articles: int) -> int:
    """Outlets in a generated corpus: 12 up to a few hundred articles, about 55 at 100k."""
    return int(min(60, max(12, round(12 + 12 * math.log10(max(n_articles, 30) / 30)))))


def default_days(n_articles: int) -> int:
    """Days the events are spread over: about one new event a day, at least 30 days.

    With 23 template events, this puts another event of the same template within
    three days of about a quarter of the events: it happens, but it is not the
    rule. Denser corpora (e.g. ``n_articles / 25`` days, 25 articles a day) make
    that the case for about 70% of the events.
    """
    return max(30, round(n_articles / 6))


@dataclass(frozen=True)
class _Outlet:
    name: str
    style: str  # the source outlet whose articles this one rewrites
    words: tuple[str, ...]  # the name's words, position by position with the style's
    short: str  # how its articles name it for short ("the Blaze")
    slug: str


def _outlets(rng: random.Random, n: int, styles: Sequence[str], pool: list[str]) -> list[_Outlet]:
    """Generated outlets; every style is used once there are as many outlets as styles."""
    order = list(styles)
    rng.shuffle(order)
    out = []
    taken: set[str] = set()
    for i in range(n):
        style = order[i % len(order)]
        while True:
            words = tuple(
                w
                if w in _OUTLET_GENERIC
                else _fake_acronym(rng, len(w))
                if w.isupper()
                else _like(pool[rng.randrange(len(pool))], w)
                for w in style.split()
            )
            name = " ".join(words)
            if name not in taken:
                break
        taken.add(name)
        short = next((w for w in reversed(words) if w not in _OUTLET_GENERIC), words[-1])
        out.append(_Outlet(name, style, words, short, _SLUG.sub("-", name.lower()).strip("-")))
    return out


# --- the generator -------------------------------------------------------------------------


def generate_corpus(
    n_articles: int,
    *,
    random_state: int = 0,
    start: str = "2015-01-01",
    days: int | None = None,
) -> pd.DataFrame:
    """Generate ``n_articles`` realistic news articles grouped into gold events.

    Args:
        n_articles: rows to return (0 or more).
        random_state: seed; the same seed gives the same table.
        start: first possible event date (ISO ``YYYY-MM-DD``).
        days: event dates are drawn from ``start`` to ``start + days - 1``;
            ``None`` uses ``default_days(n_articles)`` (about one event a day).

    Returns:
        A DataFrame with ``SYNTHETIC_COLUMNS`` (see the module docstring).

    Raises:
        ValueError: ``n_articles`` is negative, ``days`` is below 1 or ``start``
            is not an ISO date.
        InputError: the bundled source articles are missing.
    """
    if n_articles < 0:
        raise ValueError(f"n_articles must be 0 or more, got {n_articles}.")
    days = default_days(n_articles) if days is None else days
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}.")
    try:
        first_day = date.fromisoformat(start)
    except ValueError as exc:
        raise ValueError(f"start must be an ISO date like 2015-01-01, got {start!r}.") from exc

    rng = random.Random(random_state)
    templates = _templates()
    pool = _name_pool(rng, max(4000, 12 * (n_articles // 5)))
    styles = sorted({a.style for t in templates for a in t.articles})
    outlets = _outlets(rng, default_outlet_count(n_articles), styles, pool)
    events, plan = _plan(rng, templates, outlets, n_articles, days)
    # Render in publication order, so that the long text column is built in chunks
    # (bounded memory) and an event's values live only while it is being reported.
    plan.sort()
    return _render(rng, templates, pool, outlets, events, plan, first_day)


def _plan(
    rng: random.Random,
    templates: Sequence[_Template],
    outlets: Sequence[_Outlet],
    n_articles: int,
    days: int,
) -> tuple[list[tuple[int, int]], list[tuple[int, float, int, int, int]]]:
    """Decide every event and article before writing any text.

    Returns:
        ``events``: (template index, day) per event; ``plan``: (day, tie-break,
        event, outlet, template article) per article.
    """
    # Some outlets publish much more than others.
    cum_weights = list(itertools.accumulate(1.0 / (i + 3) for i in range(len(outlets))))
    outlet_ids = range(len(outlets))
    rand = rng.random
    events: list[tuple[int, int]] = []
    plan: list[tuple[int, float, int, int, int]] = []
    while len(plan) < n_articles:
        t = rng.randrange(len(templates))
        template = templates[t]
        day = rng.randrange(days)
        # 2 to 12 articles, mostly few: a truncated geometric law, mean about 6.
        k = 2 + min(10, int(math.log(1.0 - rand()) / _LOG_STAY))
        k = min(k, n_articles - len(plan))
        chosen: list[int] = []
        while len(chosen) < k:
            for o in rng.choices(outlet_ids, cum_weights=cum_weights, k=k + 4):
                if o not in chosen and len(chosen) < k:
                    chosen.append(o)
        # Outlets with no template article in their style share the others in turn.
        fallback = list(range(len(template.articles)))
        rng.shuffle(fallback)
        for n_done, o in enumerate(chosen):
            same_style = template.by_style.get(outlets[o].style)
            art = rng.choice(same_style) if same_style else fallback[n_done % len(fallback)]
            offset = _DAY_OFFSETS[int(rand() * len(_DAY_OFFSETS))]
            plan.append((day + offset, rand(), len(events), o, art))
        events.append((t, day))
    return events, plan


def _render(
    rng: random.Random,
    templates: Sequence[_Template],
    pool: Sequence[str],
    outlets: Sequence[_Outlet],
    events: list[tuple[int, int]],
    plan: list[tuple[int, float, int, int, int]],
    first_day: date,
) -> pd.DataFrame:
    remaining = Counter(e for _, _, e, _, _ in plan)
    fills: dict[int, dict[str, str]] = {}
    number: dict[int, int] = {}  # gold label: events numbered by first article
    iso: dict[int, str] = {}
    rand = rng.random
    cols: dict[str, list] = {c: [] for c in SYNTHETIC_COLUMNS}
    text_parts: list[pd.Series] = []
    title_parts: list[pd.Series] = []
    for j, (day, _, e, o, a) in enumerate(plan, start=1):
        t, event_day = events[e]
        template = templates[t]
        values = fills.get(e)
        if values is None:
            values = fills[e] = _event_fills(
                template, rng, pool, first_day + timedelta(days=event_day)
            )
        remaining[e] -= 1
        if not remaining[e]:
            del fills[e]
        art = template.articles[a]
        outlet = outlets[o]
        values = values.copy()
        values["O"] = outlet.name
        # "the Blaze" becomes the same word of the generated name; in an article of
        # another style, the generated outlet's own distinctive word.
        same_style = art.style == outlet.style
        for i in range(_MAX_OUTLET_WORDS):
            word = outlet.words[i] if same_style and i < len(outlet.words) else outlet.short
            values[_OUTLET_KEYS[i]] = word
            values[_OUTLET_UPPER_KEYS[i]] = word.upper()
        for key, alts in art.synonyms:
            values[key] = alts[0] if rand() < 0.5 else alts[rng.randrange(1, len(alts))]
        cols["text"].append(_article_text(art, rng).format_map(values))
        if rand() < 0.25 and len(template.articles) > 1:
            titles = template.articles[rng.randrange(len(template.articles))].titles
        else:
            titles = art.titles
        title = titles[0] if len(titles) == 1 or rand() < 0.7 else titles[1]
        cols["title"].append(title.format_map(values))
        published = iso.get(day)
        if published is None:
            published = iso[day] = (first_day + timedelta(days=day)).isoformat()
        art_id = f"syn-{j:07d}"
        cols["id"].append(art_id)
        cols["outlet"].append(outlet.name)
        cols["published"].append(published)
        cols["url"].append(f"https://{outlet.slug}.example/{published.replace('-', '/')}/{art_id}")
        cols["event"].append(number.setdefault(e, len(number)))
        cols["template"].append(template.key)
        if len(cols["text"]) == _CHUNK:
            # Convert the big columns as we go: pandas' string conversion of one
            # long list needs several times the text's size at once.
            text_parts.append(pd.Series(cols["text"]))
            title_parts.append(pd.Series(cols["title"]))
            cols["text"], cols["title"] = [], []
    # pandas' own text dtype (str with pandas 3, object before), also when empty.
    text_dtype = pd.Series(["x"]).dtype
    text_parts.append(pd.Series(cols.pop("text"), dtype=text_dtype))
    title_parts.append(pd.Series(cols.pop("title"), dtype=text_dtype))
    frame = pd.DataFrame(
        {
            c: np.asarray(v, dtype=np.int64) if c == "event" else pd.Series(v, dtype=text_dtype)
            for c, v in cols.items()
        }
    )
    frame["text"] = pd.concat(text_parts, ignore_index=True)
    frame["title"] = pd.concat(title_parts, ignore_index=True)
    return frame[SYNTHETIC_COLUMNS]


def _article_text(art: _Article, rng: random.Random) -> str:
    """Format string of one article: keep 70-90% of the sentences, sometimes swap two."""
    keep = rng.uniform(0.7, 0.9)
    rand = rng.random
    sentences = art.sentences
    kept = [sentences[0]] + [s for s in sentences[1:] if rand() < keep]
    if len(kept) > 3 and rand() < 0.3:
        i = rng.randrange(1, len(kept) - 1)
        if kept[i][0] == kept[i + 1][0]:  # within one paragraph only
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    parts = []
    previous = kept[0][0]
    for paragraph, sentence in kept:
        if parts:
            parts.append(" " if paragraph == previous else "\n\n")
        parts.append(sentence)
        previous = paragraph
    return "".join(parts)


# --- writing -------------------------------------------------------------------------------


def write_jsonl_shards(
    df: pd.DataFrame,
    folder: str | Path,
    *,
    per_file: int = 10_000,
    max_file_bytes: int | None = None,
) -> list[Path]:
    """Write a generated corpus as JSON Lines shards plus a gold table.

    Layout: ``folder/articles/part-00001.jsonl``... and ``folder/gold.csv``
    (``id``, ``event``, ``template``). The shards sit in their own sub-folder
    because ``framing.ingest`` would read ``gold.csv`` as an article table and
    report it as an error; read the corpus with
    ``read_inputs([folder / "articles"])`` (or the returned paths). Each row
    also keeps ``event`` and ``template``: ingest ignores unknown fields, and
    other tools (a BERTopic comparison) can take the labels from the rows.

    Args:
        df: a table from ``generate_corpus``.
        folder: created if missing; earlier shards in it are removed.
        per_file: most articles per shard.
        max_file_bytes: most bytes per shard; defaults to the ingest limit
            ``IngestLimits().max_file_bytes`` so every shard can be read back.

    Returns:
        The shard paths, in order.
    """
    if per_file < 1:
        raise ValueError(f"per_file must be at least 1, got {per_file}.")
    limit = max_file_bytes or IngestLimits().max_file_bytes
    folder = Path(folder)
    shard_dir = folder / "articles"
    shard_dir.mkdir(parents=True, exist_ok=True)
    for old in shard_dir.glob("part-*.jsonl"):
        old.unlink()
    columns = [c for c in SYNTHETIC_COLUMNS if c in df.columns]
    paths: list[Path] = []
    lines: list[bytes] = []
    size = 0

    def flush() -> None:
        nonlocal lines, size
        path = shard_dir / f"part-{len(paths) + 1:05d}.jsonl"
        path.write_bytes(b"".join(lines))
        paths.append(path)
        lines, size = [], 0

    for first in range(0, len(df), _CHUNK):
        # A slice at a time: Python copies of a whole text column would double the memory.
        values = [df[c].iloc[first : first + _CHUNK].tolist() for c in columns]
        for row in zip(*values, strict=True):
            line = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n"
            data = line.encode("utf-8")
            if len(data) > limit:
                raise ValueError(f"article {row[0]} alone is {len(data):,} bytes, over {limit:,}.")
            if lines and (len(lines) >= per_file or size + len(data) > limit):
                flush()
            lines.append(data)
            size += len(data)
    if lines:
        flush()
    gold_cols = [c for c in ("id", "event", "template") if c in df.columns]
    df[gold_cols].to_csv(folder / "gold.csv", index=False)
    return paths
