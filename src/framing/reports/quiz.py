"""The "who wrote this?" quiz: wordings only one outlet of an event used.

Wording in this module's output is meant for students: no analysis terms.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from framing.referents.corrected import visible_rows
from framing.reports.anonymise import stable_seed
from framing.reports.mask import mask_text
from framing.reports.phrases import related, whole_wording
from framing.segment import sentences

# Words that name a kind of news outlet rather than one outlet: a quiz wording
# that contains one of them is not a giveaway.
_GENERIC_NAME_WORDS = {
    "the", "news", "press", "daily", "wire", "service", "times", "post", "media",
    "network", "radio", "agency", "journal", "herald", "tribune", "morning",
    "evening", "weekly", "online", "channel", "report", "today", "world", "of",
    "and", "tv",
}  # fmt: skip
_PER_OUTLET = 2
_HINTS = 3
# Words of the masks themselves: a wording holding one names an outlet.
_MASKED = {"outlet", "agency", "link", "handle"}
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")


@dataclass(frozen=True)
class QuizItem:
    """One "who wrote this?" question.

    Attributes:
        wording: the words as the outlet printed them (first use).
        outlet: the real outlet that used them (the only one in the event).
        letter: that outlet's anonymous name, e.g. ``"Outlet B"``.
        others: other outlets' words for the same thing, when known.
        example: the sentence the wording comes from (original text).
        article_id: the article holding ``example``.
    """

    wording: str
    outlet: str
    letter: str
    others: tuple[str, ...] = ()
    example: str = ""
    article_id: str = ""


def _pattern(wording: str) -> re.Pattern[str]:
    words = [re.escape(w).replace("'", "['\u2019]") for w in wording.split()]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)", re.IGNORECASE)


def _name_words(outlets: Iterable[str]) -> set[str]:
    words = {w.lower() for o in outlets for w in _WORD.findall(str(o))}
    return words - _GENERIC_NAME_WORDS


def _whole_at(text: str, start: int, end: int) -> str | None:
    """The whole wording around ``text[start:end]``, read in its sentence."""
    for span in sentences(text):
        if span.start <= start < span.end:
            a, b = span.start, max(span.end, end)
            return whole_wording(text[a:b], start - a, end - a)
    return whole_wording(text, start, end)


def _fair(wording: str, banned: set[str]) -> bool:
    """Whether a wording names no outlet, not even a masked one ("Outlet B")."""
    words = {w.lower() for w in _WORD.findall(wording)}
    return not (banned & words) and not (_MASKED & words)


def _only_user(wording: str, outlet: str, texts: Mapping[str, list[tuple[str, str, str]]]) -> bool:
    pat = _pattern(" ".join(wording.lower().split()))
    users = [o for o, docs in texts.items() if any(pat.search(d[1]) for d in docs)]
    return users == [outlet]


def _hints(
    others: Iterable[tuple[str, str]],
    texts: Mapping[str, list[tuple[str, str, str]]],
    banned: set[str],
    wording: str,
) -> tuple[str, ...]:
    """Other outlets' whole wordings for the same thing, as they wrote them.

    Each aligned wording is looked up in its outlet's (masked) text and grown
    to the whole phrase there; one that is a fragment, names an outlet,
    is part of the question (or holds it) or shares a word with a hint
    already kept is dropped.
    """
    out: list[str] = []
    for other, phrase in others:
        pat = _pattern(" ".join(phrase.lower().split()))
        for _, shown, _ in texts.get(other, ()):
            m = pat.search(shown)
            if m is None:
                continue
            whole = _whole_at(shown, *m.span())
            # a part of the question ("Cold War" for "Cold War mentality") is no other wording
            fresh = whole and not (
                _pattern(whole.lower()).search(wording) or _pattern(wording.lower()).search(whole)
            )
            if fresh and _fair(whole, banned) and not any(related(whole, h) for h in out):
                out.append(whole)
            break
        if len(out) >= _HINTS:
            break
    return tuple(out)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, on one line."""
    for span in sentences(text):
        if span.start <= start < span.end:
            return " ".join(text[span.start : max(span.end, end)].split())
    return " ".join(text[start:end].split())


def _quoted_runs(
    voices: pd.DataFrame | None, articles: pd.DataFrame
) -> dict[str, list[tuple[int, int]]]:
    """Quoted spans per article, as offsets into its ``title``, two newlines, ``text``."""
    if voices is None or voices.empty:
        return {}
    title_len = {str(r.id): len(str(r.title)) for r in articles.itertuples(index=False)}
    rows = voices[(voices["voice"] == "quoted") & voices["id"].astype(str).isin(title_len)]
    out: dict[str, list[tuple[int, int]]] = {}
    for r in rows.itertuples(index=False):
        shift = 0 if r.field == "title" else title_len[str(r.id)] + 2
        out.setdefault(str(r.id), []).append((int(r.start) + shift, int(r.end) + shift))
    return out


def _candidates(
    event_id: int,
    alignment: pd.DataFrame | None,
    contrast: pd.DataFrame | None,
    cue_phrases: set[str],
) -> list[tuple[tuple, str, tuple[tuple[str, str], ...]]]:
    """(rank key, wording, other outlets' (outlet, wording)) for every candidate."""
    out: list[tuple[tuple, str, tuple[tuple[str, str], ...]]] = []

    flagged = (
        re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(cue_phrases, key=len))) + r")(?!\w)"
        )
        if cue_phrases
        else None
    )

    def rank(wording: str, source: int, count: float) -> tuple:
        w = wording.lower()
        cued = flagged is not None and flagged.search(w) is not None
        return (0 if cued else 1, source, 0 if " " in w else 1, -float(count), w)

    if alignment is not None and not alignment.empty:
        # Rows a user hid (framing.referent_fixes) give no quiz item.
        rows = visible_rows(alignment[alignment["event_id"] == event_id])
        for _, ref in rows.groupby("referent", sort=True):
            if ref["outlet"].nunique() < 2:
                continue
            words: dict[str, list[str]] = {}
            counts: dict[str, float] = {}
            for r in ref.itertuples(index=False):
                mine = words.setdefault(r.outlet, [])
                mine += [w for w in map(str.strip, str(r.phrase).split(" / ")) if w not in mine]
                counts[r.outlet] = counts.get(r.outlet, 0.0) + float(r.count)
            for outlet, ws in words.items():
                others: list[tuple[str, str]] = []
                for other, theirs in words.items():
                    # single plain words are mostly loose matches ("south"),
                    # no help as a hint
                    for w in theirs:
                        useful = " " in w or w.lower() in cue_phrases
                        if other != outlet and useful and w not in ws:
                            others.append((other, w))
                for w in ws:
                    if w:
                        out.append((rank(w, 0, counts[outlet]), w, tuple(others)))
    if contrast is not None and not contrast.empty:
        rows = contrast[contrast["event_id"] == event_id]
        for r in rows.itertuples(index=False):
            out.append((rank(str(r.phrase), 1, r.count), str(r.phrase), ()))
    out.sort(key=lambda c: c[0])
    return out


def quiz_items(
    event_id: int,
    articles: pd.DataFrame,
    letters: Mapping[str, str],
    *,
    alignment: pd.DataFrame | None = None,
    contrast: pd.DataFrame | None = None,
    cues: pd.DataFrame | None = None,
    voices: pd.DataFrame | None = None,
    hidden: Iterable[str] = (),
    n_items: int = 6,
    salt: str = "",
) -> tuple[QuizItem, ...]:
    """Wordings only one outlet of the event used, for "who wrote this?".

    Candidates are the outlets' wordings for the same thing (``alignment``)
    and each outlet's distinctive phrases (``contrast``); wordings the
    framing cues flag come first. A candidate is kept only when exactly one
    outlet's articles in this event contain it (after outlet names are
    hidden), so every question has one right answer that is really in the
    text. The wording must be the outlet's own: with ``voices``, a use inside
    quotation marks is someone else's words, and a wording the outlet only
    quotes is not asked. Items are spread over the outlets and their order is shuffled with
    a seed from the event, so the result is deterministic.

    Args:
        event_id: the event.
        articles: the event's articles: ``id, outlet, title, text``.
        letters: real outlet name -> anonymous name (``outlet_letters``).
        alignment: stored wording alignment (``event_id, referent, outlet,
            phrase, count``), any events.
        contrast: stored distinctive phrases (``event_id, outlet, phrase, count``).
        cues: stored cue spans (``id, phrase, source``, and ``voice``), to
            prefer wordings flagged in the outlet's own voice.
        voices: stored voice spans (``id, field, start, end, voice``).
        hidden: other outlet names to hide from the text (e.g. every outlet
            of the corpus): a wording naming one is never asked.
        n_items: at most this many items.
        salt: the same extra seed as given to ``outlet_letters``.
    """
    if articles is None or articles.empty or n_items <= 0:
        return ()
    hidden = tuple(hidden)
    names = {str(o): "another outlet" for o in hidden}
    names.update(letters)
    texts: dict[str, list[tuple[str, str, str]]] = {}
    for r in articles.itertuples(index=False):
        shown = mask_text(f"{r.title}\n\n{r.text}", letters, hidden)
        texts.setdefault(str(r.outlet), []).append((str(r.id), shown, f"{r.title}\n\n{r.text}"))
    cue_phrases: set[str] = set()
    if cues is not None and not cues.empty and "source" in cues:
        mine = cues[cues["id"].isin(articles["id"]) & (cues["source"] == "lexicon")]
        if "voice" in mine.columns:
            mine = mine[mine["voice"] != "quoted"]
        cue_phrases = {str(p).lower() for p in mine["phrase"]}
    banned = _name_words(names)
    quoted_runs = _quoted_runs(voices, articles)

    def quoted(art_id: str, pos: int) -> bool:
        return any(a <= pos < b for a, b in quoted_runs.get(art_id, ()))

    by_outlet: dict[str, list[QuizItem]] = {}
    seen: set[str] = set()
    for _, wording, others in _candidates(event_id, alignment, contrast, cue_phrases):
        key = " ".join(wording.lower().split())
        words = [w.lower() for w in _WORD.findall(key)]
        if key in seen or len(key) < 4 or not words or all(w.isdigit() for w in words):
            continue
        seen.add(key)
        if banned & set(words):
            continue
        pat = _pattern(key)
        users = [o for o, docs in texts.items() if any(pat.search(d[1]) for d in docs)]
        if len(users) != 1:
            continue
        outlet = users[0]
        for art_id, shown, original in texts[outlet]:
            hits = list(pat.finditer(shown))
            found = list(pat.finditer(original))
            own = [k for k, m in enumerate(found) if not quoted(art_id, m.start())]
            if not hits or (voices is not None and not own):
                continue
            k = own[0] if own and own[0] < len(hits) else 0
            hit, orig = hits[k], (found[k] if found else None)
            whole = _whole_at(shown, *hit.span())
            if whole is None or not _fair(whole, banned):
                break  # a fragment, or it names an outlet: not asked
            if whole.lower() != key and not _only_user(whole, outlet, texts):
                break
            example = _sentence_around(original, *orig.span()) if orig else ""
            item = QuizItem(
                wording=whole,
                outlet=outlet,
                letter=letters[outlet],
                others=_hints(others, texts, banned, whole),
                example=example,
                article_id=art_id,
            )
            by_outlet.setdefault(outlet, []).append(item)
            break

    # Round-robin over outlets, at most two questions each, so the quiz is not
    # about one outlet; skip a wording that shares a word or stem with one
    # already asked ("war" after "war games", "provocation" after
    # "provocative war").
    chosen: list[QuizItem] = []
    queues = {o: list(v) for o, v in by_outlet.items()}
    order = list(queues)  # outlets in the rank order of their best wording
    for _ in range(_PER_OUTLET):
        if len(chosen) >= n_items:
            break
        for outlet in order:
            while queues[outlet]:
                item = queues[outlet].pop(0)
                if any(related(item.wording, c.wording) for c in chosen):
                    continue
                chosen.append(item)
                break
            if len(chosen) >= n_items:
                break
    random.Random(stable_seed("quiz", salt, int(event_id))).shuffle(chosen)
    return tuple(chosen)
