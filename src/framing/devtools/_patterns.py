"""Word lists, regular expressions and constants of the synthetic generator."""

from __future__ import annotations

import math
import re

SYNTHETIC_COLUMNS = ["id", "outlet", "title", "text", "published", "url", "event", "template"]

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
