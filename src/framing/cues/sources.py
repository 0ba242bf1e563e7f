"""Who is quoted, and how: the attribution of every quotation and reported statement.

For each quotation (``framing.cues.voice``) the speaker and the attribution
verb are looked for after the closing mark (``"...," said Kim`` or ``"...,"
Kim said``), then before the opening one (``Kim said: "..."``, ``Kim called
it "a disaster"``); a quotation with neither continues the speaker of the
quotation before it in the same or the previous paragraph. A few quoted
words with no speaker and no speech verb are scare quotes. Sentences in the
outlet's voice give reported speech (``Kim said that ...``) and
``according to`` statements.

Speakers are the noun phrase next to the verb, found with part-of-speech tags
(``framing.tagging``); within an article, a short name ("Mr. Kim") is chained
to the full name it shortens and a pronoun to the speaker before it. The
verbs, their classes and the speaker-type words are data
(``data/attribution.toml``).

Table columns (``SOURCE_COLUMNS``): ``id, field, outlet, event_id, speaker,
speaker_norm, speaker_type, affiliation, verb, verb_class, kind, quote_start,
quote_end, speaker_start, speaker_end, verb_start, verb_end, n_words``.
``kind`` is ``direct``, ``partial``, ``reported``, ``according_to`` or
``scare``; spans index the field as given (-1 when absent).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

import pandas as pd
from sklearn.base import BaseEstimator

from framing.cues.speakers import (
    Attribution,
    Chain,
    affiliation,
    attribution,
    np_backward,
    np_forward,
    speaker_type,
)
from framing.cues.voice import VOICE_COLUMNS, Quotation, find_quotations, voice_spans
from framing.segment import sentences as split_sentences
from framing.tagging import Token, tokens

SOURCE_COLUMNS = [
    "id", "field", "outlet", "event_id", "speaker", "speaker_norm", "speaker_type",
    "affiliation", "verb", "verb_class", "kind", "quote_start", "quote_end",
    "speaker_start", "speaker_end", "verb_start", "verb_end", "n_words",
]  # fmt: skip

_BETWEEN_VERB_AND_QUOTE = {",", ":", "that", "in", "a", "an", "the", "statement", "on", "to",
                           "reporters", "interview", "with", "tuesday", "monday", "wednesday",
                           "thursday", "friday", "saturday", "sunday", "later", "then",
                           "also", "again", "—", "–", "-"}  # fmt: skip


@lru_cache(maxsize=4)
def load_attribution(path: str | None = None) -> dict:
    """The attribution data: verb forms by class, partial-quote verbs, speaker words."""
    if path is None:
        text = resources.files("framing.cues").joinpath("data/attribution.toml").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    data = tomllib.loads(text)
    verbs: dict[str, str] = {}
    for cls, spec in data["classes"].items():
        for form in spec["forms"]:
            verbs.setdefault(form.lower(), cls)
    partial = {f.lower() for f in data["partial"]["forms"]}
    return {
        "verbs": verbs,
        "partial": partial,
        "types": data["speaker_types"],
        "affiliations": data["affiliations"],
        "labels": {k: v["label"] for k, v in data["classes"].items()},
        "places": frozenset(w.lower() for w in data.get("places", {}).get("words", [])),
    }


class SourceFinder(BaseEstimator):
    """Find quotations, their speakers and attribution verbs, and reported speech.

    Args:
        scare_max_words: a quotation of at most this many words, with no
            speaker, no speech verb and no closing punctuation inside, is a
            scare quote.
        reported: also find reported speech and ``according to`` statements.
        attribution_path: a TOML file in the format of the built-in one
            (``None``: built-in).

    Attributes:
        data_: the attribution data in use.
    """

    def __init__(
        self,
        scare_max_words: int = 4,
        *,
        reported: bool = True,
        attribution_path: str | None = None,
    ) -> None:
        self.scare_max_words = scare_max_words
        self.reported = reported
        self.attribution_path = attribution_path

    def fit(self, X: object = None, y: None = None) -> SourceFinder:
        """Load the attribution data."""
        self.data_ = load_attribution(self.attribution_path)
        firsts = {form.split()[0] for form in self.data_["verbs"]}
        self.verb_words_ = re.compile(
            r"(?<![\w])(?:"
            + "|".join(map(re.escape, sorted(firsts, key=len, reverse=True)))
            + r")(?![\w])",
            re.IGNORECASE,
        )
        return self

    def _speech_words(self, text: str) -> bool:
        return self.verb_words_.search(text) is not None

    def transform(self, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``(sources, voices)`` for ``articles`` (``id, outlet, event_id, title, text``).

        ``voices`` has ``VOICE_COLUMNS``: spans covering every character of
        every title and text exactly once.
        """
        rows: list[dict] = []
        voices: list[tuple] = []
        for art in articles.itertuples(index=False):
            chain = Chain(str(art.text), places=self.data_["places"])
            for field in ("title", "text"):
                text = str(getattr(art, field))
                found = self.field_sources(text, chain)
                quotes = [q for q, _ in found if q is not None]
                scare = {k for k, (q, r) in enumerate(x for x in found if x[0] is not None)
                         if r["kind"] == "scare"}  # fmt: skip
                for a, b, v in voice_spans(text, quotes, scare):
                    voices.append((art.id, field, a, b, v))
                for _, r in found:
                    rows.append({"id": art.id, "field": field, "outlet": art.outlet,
                                 "event_id": getattr(art, "event_id", -1), **r})  # fmt: skip
        sources = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
        return sources, pd.DataFrame(voices, columns=VOICE_COLUMNS)

    def field_sources(self, text: str, chain: Chain) -> list[tuple[Quotation | None, dict]]:
        """Rows for one field: ``(quotation or None for reported speech, row)``, in text order."""
        found: list[tuple[Quotation | None, int, int, str, Attribution]] = []
        sents = split_sentences(text)
        prev: tuple[Quotation, Attribution] | None = None
        for q in find_quotations(text):
            att = self._after(text, q) or self._before(text, q, sents)
            att = att or self._lead_in(text, q, sents)
            kind = _kind(text, q, sents, att)
            inner = text[q.start : q.end]
            if att is None and (
                _so_called(text, q)
                or (len(inner.split()) <= self.scare_max_words and not _speech_end(inner))
            ):
                kind = "scare"
            elif att is None and prev is not None and _continues(text, prev[0], q):
                att = prev[1]
            att = att or Attribution()
            if kind != "scare":
                prev = (q, att)
            found.append((q, q.start, q.end, kind, att))
        if self.reported:
            spans = [q.outer for q, *_ in found if q is not None]
            for s in sents:
                if any(a < s.end and s.start < b for a, b in spans) or s.text.endswith(":"):
                    continue  # a quotation's own sentence, or the lead-in to one
                hit = self._reported(text, s.start, s.end)
                if hit is not None:
                    start, end, kind, att = hit
                    found.append((None, start, end, kind, att))
        # Speakers are chained in the order a reader meets them (a pronoun refers back).
        found.sort(key=lambda f: f[4].speaker_span[0] if f[4].speaker else f[1])
        rows = [(q, self._row(text, a, b, kind, att, chain)) for q, a, b, kind, att in found]
        rows.sort(key=lambda r: r[1]["quote_start"])
        return rows

    # -- finding the speaker and the verb --------------------------------------------------

    def _verb_class(self, words: list[Token], k: int) -> tuple[str, int] | None:
        """(class, number of words) of a speech verb starting at word ``k``."""
        verbs = self.data_["verbs"]
        for n in (3, 2, 1):
            phrase = " ".join(w.text.lower() for w in words[k : k + n])
            if len(words) >= k + n and phrase in verbs:
                return verbs[phrase], n
        return None

    def _after(self, text: str, q: Quotation) -> Attribution | None:
        if q.close_at < 0:
            return None
        stop = _clause_end(text, q.close_at + 1)
        words = tokens(text[q.close_at + 1 : stop], q.close_at + 1)
        # The sentence ends at a full stop of its own ("Mr." is one word).
        ends = [k for k, w in enumerate(words) if w.text in {".", "!", "?"}]
        words = words[: ends[0]] if ends else words
        while words and words[0].text in {",", "\u2014", "\u2013", "-"}:
            words = words[1:]
        words = words[:30]
        if not words:
            return None
        hit = self._verb_class(words, 0)
        if hit is not None:  # "...," said Kim Yo Jong, the ...
            np_words = np_forward(words, hit[1])
            return attribution(words[: hit[1]], np_words, words)
        np_words = np_forward(words, 0)
        if not np_words:
            return None
        k = len(np_words)
        if k < len(words) and words[k].text == ",":
            # "...," Linda Murray, a professor at the university, told WBEZ.
            k = next((j for j in range(k + 1, len(words)) if self._verb_class(words, j)), k)
        hit = self._verb_class(words, k) if k < len(words) else None
        if hit is not None:
            return attribution(words[k : k + hit[1]], np_words, words)
        return None

    def _before(self, text: str, q: Quotation, sents) -> Attribution | None:
        at = next((k for k, s in enumerate(sents) if s.start <= q.open_at < s.end), None)
        start = q.open_at if at is None else sents[at].start
        if (
            at
            and text[start : start + 1].islower()
            and "\n" not in text[sents[at - 1].start : start]
        ):
            # A sentence cut after an abbreviation ("Wells Fargo & Co. said"):
            # its subject is in the piece before.
            start = sents[at - 1].start
        words = tokens(text[start : q.open_at], start)
        if len(words) >= 2 and words[-1].text == ":":
            # 'Trump: "We will win"' (headlines): the speaker before a colon.
            np_words = np_backward(words, len(words) - 1)
            if np_words and np_words[0] is words[0]:
                return attribution([], np_words, words)
        partial = self.data_["partial"]
        # The verb nearest the quotation; a partial quotation may sit far
        # into a sentence whose verb attributes it ("he stressed that ... 'x'").
        for k in range(len(words) - 1, -1, -1):
            low = words[k].text.lower()
            hit = self._verb_class(words, k)
            if hit is None and low not in partial:
                continue
            n = hit[1] if hit else 1
            if low == "according" and hit:
                np_words = np_forward(words, k + n)
                return attribution(words[k : k + n], np_words, words)
            np_words = np_backward(words, k) or _subject(words, k)
            if np_words:
                return attribution(words[k : k + n], np_words, words)
            return None
        return None

    def _lead_in(self, text: str, q: Quotation, sents) -> Attribution | None:
        """The sentence before a quotation that opens its own ("X said as much. 'I
        think ...'", "X wrote on Facebook:" and a quoted paragraph)."""
        at = next((k for k, s in enumerate(sents) if s.start <= q.open_at < s.end), None)
        if not at or text[sents[at].start : q.open_at].strip():
            return None
        prev = sents[at - 1]
        between = text[prev.end : sents[at].start]
        if "\n" in between and not prev.text.rstrip().endswith(":"):
            return None
        words = tokens(prev.text, prev.start)
        for k in range(len(words)):
            hit = self._verb_class(words, k)
            if hit is None:
                continue
            np_words = np_backward(words, k) or _subject(words, k)
            if np_words:
                return attribution(words[k : k + hit[1]], np_words, words)
        return None

    def _reported(self, text: str, a: int, b: int):
        # Tagging is the cost: only sentences holding a speech verb are tagged.
        if not self._speech_words(text[a:b]):
            return None
        words = tokens(text[a:b], a)
        low = [w.text.lower() for w in words]
        for k in range(len(words) - 1):
            if low[k] == "according" and low[k + 1] == "to":
                np_words = np_forward(words, k + 2)
                if not np_words:
                    return None
                att = attribution(words[k : k + 2], np_words, words)
                before = text[a : words[k].start].rstrip(" ,")
                if len(before.split()) >= 3:
                    return a, a + len(before), "according_to", att
                rest_start = np_words[-1].end
                rest = text[rest_start:b].lstrip(" ,")
                s = b - len(rest)
                return s, _trim_end(text, s, b), "according_to", att
        for k in range(1, len(words) - 2):
            hit = self._verb_class(words, k)
            if hit is None or hit[0] == "neutral" and low[k] in {"reports", "posts", "notes"}:
                continue
            if words[k].tag not in {"VBD", "VBZ", "VBP", "VBN", "NNS", "NN", "VB"}:
                continue
            np_words = np_backward(words, k)
            if not np_words:
                continue
            j = k + hit[1]
            while j < len(words) and low[j] in {"on", "monday", "tuesday", "wednesday",
                                                "thursday", "friday", "saturday", "sunday",
                                                "that", "last", "week", "earlier", "in",
                                                "a", "statement", ","}:  # fmt: skip
                j += 1
            if j >= len(words) - 1 or words[j].text in {".", '"', "\u201c"}:
                continue
            att = attribution(words[k : k + hit[1]], np_words, words)
            return words[j].start, _trim_end(text, words[j].start, b), "reported", att
        return None

    def _row(self, text: str, start: int, end: int, kind: str, att: Attribution, chain) -> dict:
        verb_class = self.data_["verbs"].get(att.verb.lower(), "") if att.verb else ""
        norm = chain.normalise(att.speaker, att.speaker_span[0]) if att.speaker else ""
        context = (att.context or att.speaker).lower()
        kind_of = speaker_type(context, att.speaker, self.data_["types"])
        side = affiliation(context, self.data_["affiliations"])
        if norm in chain.mention:
            # The full mention's title or apposition says it ("President Donald Trump",
            # "Ed Gillespie, the Republican nominee").
            around = chain.mention[norm].lower()
            if kind_of == "unknown":
                kind_of = speaker_type(around, norm, self.data_["types"])
            side = side or affiliation(around, self.data_["affiliations"])
        # A later "Trump" is the "President Donald Trump" met before.
        kind_of, side = chain.remember(norm, kind_of, side)
        return {
            "speaker": att.speaker,
            "speaker_norm": norm,
            "speaker_type": kind_of,
            "affiliation": side,
            "verb": att.verb,
            "verb_class": verb_class,
            "kind": kind,
            "quote_start": start,
            "quote_end": end,
            "speaker_start": att.speaker_span[0],
            "speaker_end": att.speaker_span[1],
            "verb_start": att.verb_span[0],
            "verb_end": att.verb_span[1],
            "n_words": len(text[start:end].split()),
        }


def _subject(words: list[Token], k: int) -> list[Token]:
    """The sentence's subject, for a verb with none right before it ("..., saying",
    "... and told the editors")."""
    if k < 2 or words[k - 1].text.lower() not in {",", "and", "but", "then"}:
        return []
    found = np_forward(words, 0)
    return found if found and found[-1].end <= words[k].start else []


def _kind(text: str, q: Quotation, sents, att: Attribution | None) -> str:
    inner = text[q.start : q.end].strip()
    sent = next((s for s in sents if s.start <= q.open_at < s.end), None)
    at_start = sent is None or not text[sent.start : q.open_at].strip(" \u2014\u2013-:")
    if at_start or text[: q.open_at].rstrip().endswith((":", ",")):
        return "direct" if inner[:1].isupper() or q.continued else "partial"
    return "partial"


def _continues(text: str, prev: Quotation, q: Quotation) -> bool:
    """Whether ``q`` goes on with the speaker of ``prev`` (the same or the next paragraph)."""
    if q.continued:
        return True
    between = text[prev.outer[1] : q.open_at]
    return between.count("\n\n") <= 1 and len(between) < 400


def _speech_end(inner: str) -> bool:
    return inner.rstrip().endswith((".", ",", "!", "?", "\u2026")) and len(inner.split()) > 1


def _so_called(text: str, q: Quotation) -> bool:
    return text[max(0, q.open_at - 12) : q.open_at].lower().rstrip().endswith("so-called")


def _clause_end(text: str, pos: int) -> int:
    m = re.compile(r"\n|[\u201c\"]").search(text, pos)
    return m.start() if m else len(text)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " .!?\u201d\"'":
        end -= 1
    return end
