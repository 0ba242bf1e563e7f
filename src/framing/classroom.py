"""Classroom mode: a guided media-literacy lesson built from a stored analysis.

The lesson hides outlet names behind letters ("Outlet A", "Outlet B", ...),
asks the class which outlet used a wording and how slanted each version reads,
then scores the guesses. Everything here is plain data in, plain data out; the
dashboard page only draws it. ``handout_html`` writes a printable, offline
handout for one event.

Wording in this module's output is meant for students: no analysis terms.
"""

from __future__ import annotations

import functools
import hashlib
import html
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from framing.cues.lexicon import Category
from framing.highlight import EXTRA_CATEGORIES
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


@dataclass(frozen=True)
class Lesson:
    """Everything one classroom round needs for one event.

    Attributes:
        event_id: the event.
        label: the event's label with outlet names hidden.
        letters: real outlet name -> ``"Outlet A"`` style name.
        articles: one row per article: ``letter, outlet, id, title, text,
            anon_title, anon_text`` (``anon_*`` have outlet names hidden),
            sorted by letter.
        items: the wording quiz (may be empty).
    """

    event_id: int
    label: str
    letters: dict[str, str]
    articles: pd.DataFrame
    items: tuple[QuizItem, ...]

    @property
    def choices(self) -> list[str]:
        """The anonymous outlet names in order (``Outlet A``, ``Outlet B``, ...)."""
        return sorted(self.letters.values(), key=_letter_order)

    def outlet_of(self, letter: str) -> str:
        """The real outlet behind an anonymous name."""
        return {v: k for k, v in self.letters.items()}[letter]


def _seed(*parts: object) -> int:
    """A seed that is the same on every machine and Python run (``hash`` is not)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, ..."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _letter_order(name: str) -> tuple[int, str]:
    code = name.removeprefix("Outlet ")
    return (len(code), code)


def outlet_letters(outlets: Iterable[str], event_id: int, *, salt: str = "") -> dict[str, str]:
    """Anonymous names for the outlets of one event.

    The order is a shuffle seeded by the event id (and ``salt``), so it is the
    same every time for an event, differs between events, and does not follow
    the alphabetical order of the real names.

    Args:
        outlets: real outlet names (duplicates and order do not matter).
        event_id: the event; seeds the shuffle.
        salt: optional extra seed, e.g. to give a class a different mapping.

    Returns:
        Real name -> ``"Outlet A"``, ``"Outlet B"``, ...
    """
    names = sorted({str(o) for o in outlets})
    random.Random(_seed("letters", salt, int(event_id))).shuffle(names)
    return {name: f"Outlet {_letter(i)}" for i, name in enumerate(names)}


def hide_names(text: str, replacements: Mapping[str, str]) -> str:
    """Replace outlet names in ``text`` (any case), longest name first.

    Args:
        text: untrusted text (returned unescaped; escape it when rendering).
        replacements: real name -> what to print instead.
    """
    if not text:
        return str(text)
    hider = _name_hider(tuple(replacements.items()))
    return hider(str(text)) if hider else str(text)


@functools.lru_cache(maxsize=64)
def _name_hider(replacements: tuple[tuple[str, str], ...]) -> Callable[[str], str] | None:
    """The replacing function for ``hide_names``, built once per set of names.

    (A lesson or a list of stories hides the same names in every text:
    compiling the pattern for each text took most of the time.)
    """
    mapping = dict(replacements)
    names = sorted((n for n in mapping if str(n).strip()), key=len, reverse=True)
    if not names:
        return None
    lookup = {n.lower(): mapping[n] for n in names}
    alternatives = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return functools.partial(pattern.sub, lambda m: lookup[m.group(0).lower()])


def eligible_events(
    articles: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    hide: Iterable[str] = (),
) -> pd.DataFrame:
    """Events covered by at least two outlets, the only ones a lesson can compare.

    Args:
        articles: analysed articles (``id, outlet, event_id``), already filtered.
        events: the events table, for labels (optional).
        hide: outlet names to hide in the labels (they become "an outlet").

    Returns:
        ``event_id, label, n_outlets, n_articles``, most outlets first.
    """
    cols = ["event_id", "label", "n_outlets", "n_articles"]
    if articles is None or articles.empty:
        return pd.DataFrame(columns=cols)
    grouped = (
        articles[articles["event_id"] >= 0]
        .groupby("event_id")
        .agg(n_outlets=("outlet", "nunique"), n_articles=("id", "size"))
        .reset_index()
    )
    grouped = grouped[grouped["n_outlets"] >= 2]
    labels = {}
    if events is not None and not events.empty and "label" in events:
        labels = dict(zip(events["event_id"], events["label"], strict=False))
    names = {str(o): "an outlet" for o in hide}
    grouped["label"] = [
        hide_names(str(labels.get(e, f"Story {e}")), names) for e in grouped["event_id"]
    ]
    grouped = grouped.sort_values(["n_outlets", "event_id"], ascending=[False, True])
    return grouped[cols].reset_index(drop=True)


def _pattern(wording: str) -> re.Pattern[str]:
    words = [re.escape(w).replace("'", "['\u2019]") for w in wording.split()]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)", re.IGNORECASE)


def _overlap(a: str, b: str) -> bool:
    """Whether one wording contains the other as whole words."""
    return bool(_pattern(a.lower()).search(b) or _pattern(b.lower()).search(a))


def _name_words(outlets: Iterable[str]) -> set[str]:
    words = {w.lower() for o in outlets for w in _WORD.findall(str(o))}
    return words - _GENERIC_NAME_WORDS


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, on one line."""
    for span in sentences(text):
        if span.start <= start < span.end:
            return " ".join(text[span.start : max(span.end, end)].split())
    return " ".join(text[start:end].split())


def _candidates(
    event_id: int,
    alignment: pd.DataFrame | None,
    contrast: pd.DataFrame | None,
    cue_phrases: set[str],
) -> list[tuple[tuple, str, tuple[str, ...]]]:
    """(rank key, wording, other outlets' wordings) for every candidate wording."""
    out: list[tuple[tuple, str, tuple[str, ...]]] = []

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
        rows = alignment[alignment["event_id"] == event_id]
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
                others: list[str] = []
                for other, theirs in words.items():
                    # single plain words are mostly loose matches ("south"),
                    # no help as a hint
                    for w in theirs:
                        useful = " " in w or w.lower() in cue_phrases
                        if other != outlet and useful and w not in ws and w not in others:
                            others.append(w)
                for w in ws:
                    if w:
                        out.append((rank(w, 0, counts[outlet]), w, tuple(others[:3])))
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
    text. Items are spread over the outlets and their order is shuffled with
    a seed from the event, so the result is deterministic.

    Args:
        event_id: the event.
        articles: the event's articles: ``id, outlet, title, text``.
        letters: real outlet name -> anonymous name (``outlet_letters``).
        alignment: stored wording alignment (``event_id, referent, outlet,
            phrase, count``), any events.
        contrast: stored distinctive phrases (``event_id, outlet, phrase, count``).
        cues: stored cue spans (``id, phrase, source``), to prefer flagged wordings.
        hidden: other outlet names to hide from the text (e.g. every outlet
            of the corpus): a wording naming one is never asked.
        n_items: at most this many items.
        salt: the same extra seed as given to ``outlet_letters``.
    """
    if articles is None or articles.empty or n_items <= 0:
        return ()
    names = {str(o): "another outlet" for o in hidden}
    names.update(letters)
    texts: dict[str, list[tuple[str, str, str]]] = {}
    for r in articles.itertuples(index=False):
        shown = hide_names(f"{r.title}\n\n{r.text}", names)
        texts.setdefault(str(r.outlet), []).append((str(r.id), shown, f"{r.title}\n\n{r.text}"))
    cue_phrases: set[str] = set()
    if cues is not None and not cues.empty and "source" in cues:
        mine = cues[cues["id"].isin(articles["id"]) & (cues["source"] == "lexicon")]
        cue_phrases = {str(p).lower() for p in mine["phrase"]}
    banned = _name_words(names)

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
            hit = pat.search(shown)
            if hit is None:
                continue
            orig = pat.search(original)
            example = _sentence_around(original, *orig.span()) if orig else ""
            item = QuizItem(
                wording=" ".join(hit.group(0).split()),
                outlet=outlet,
                letter=letters[outlet],
                others=tuple(o for o in others if not banned & set(_WORD.findall(o.lower()))),
                example=example,
                article_id=art_id,
            )
            by_outlet.setdefault(outlet, []).append(item)
            break

    # Round-robin over outlets, at most two questions each, so the quiz is not
    # about one outlet; skip a wording that overlaps one already asked
    # (e.g. "war" after "war games").
    chosen: list[QuizItem] = []
    queues = {o: list(v) for o, v in by_outlet.items()}
    order = list(queues)  # outlets in the rank order of their best wording
    for _ in range(_PER_OUTLET):
        if len(chosen) >= n_items:
            break
        for outlet in order:
            while queues[outlet]:
                item = queues[outlet].pop(0)
                if any(_overlap(item.wording, c.wording) for c in chosen):
                    continue
                chosen.append(item)
                break
            if len(chosen) >= n_items:
                break
    random.Random(_seed("quiz", salt, int(event_id))).shuffle(chosen)
    return tuple(chosen)


def build_lesson(
    event_id: int,
    articles: pd.DataFrame,
    *,
    label: str = "",
    all_outlets: Sequence[str] = (),
    alignment: pd.DataFrame | None = None,
    contrast: pd.DataFrame | None = None,
    cues: pd.DataFrame | None = None,
    n_items: int = 6,
    salt: str = "",
) -> Lesson:
    """One lesson for one event.

    Args:
        event_id: the event.
        articles: the event's articles with full text: ``id, outlet, title, text``.
        label: the event's label (outlet names in it get hidden).
        all_outlets: every outlet of the corpus: their names are hidden in the
            text too (an outlet outside the event becomes "another outlet").
        alignment, contrast, cues: stored tables (see ``quiz_items``).
        n_items: size of the wording quiz.
        salt: extra seed for the letters and the quiz order.
    """
    letters = outlet_letters(articles["outlet"], event_id, salt=salt)
    names = {str(o): "another outlet" for o in all_outlets}
    names.update(letters)
    arts = articles[["id", "outlet", "title", "text"]].copy()
    arts["letter"] = arts["outlet"].map(letters)
    arts["anon_title"] = [hide_names(t, names) for t in arts["title"]]
    arts["anon_text"] = [hide_names(t, names) for t in arts["text"]]
    arts["_order"] = arts["letter"].map(_letter_order)
    arts = arts.sort_values(["_order", "id"]).drop(columns="_order").reset_index(drop=True)
    items = quiz_items(
        event_id,
        articles,
        letters,
        alignment=alignment,
        contrast=contrast,
        cues=cues,
        hidden=all_outlets,
        n_items=n_items,
        salt=salt,
    )
    cols = ["letter", "outlet", "id", "title", "text", "anon_title", "anon_text"]
    return Lesson(int(event_id), hide_names(label, names), letters, arts[cols], items)


def score_guesses(items: Sequence[QuizItem], guesses: Mapping[int, str | None]) -> pd.DataFrame:
    """Mark the class's guesses.

    Args:
        items: the quiz.
        guesses: question index (0-based) -> the anonymous name picked, or
            ``None`` when the class did not answer.

    Returns:
        ``question, wording, guess, answer, outlet, right`` per item
        (``question`` counts from 1; an unanswered question is not right).
    """
    rows = []
    for i, item in enumerate(items):
        guess = guesses.get(i)
        rows.append(
            {
                "question": i + 1,
                "wording": item.wording,
                "guess": guess or "",
                "answer": item.letter,
                "outlet": item.outlet,
                "right": guess == item.letter,
            }
        )
    return pd.DataFrame(
        rows, columns=["question", "wording", "guess", "answer", "outlet", "right"]
    ).astype({"right": bool})


def slant_ratings(
    lesson: Lesson,
    ratings: Mapping[str, float | None],
    outlet_scores: pd.DataFrame | None,
) -> pd.DataFrame:
    """The class's 1-5 slant rating beside the computer's, per outlet.

    The computer's rating is the stored mean loaded-wording score of the
    outlet's sentences in this event (0 to 1), also put on the class's scale
    as ``1 + 4 * score``.

    Returns:
        ``letter, outlet, class_rating, computer_score, computer_rating``
        (computer columns are NaN when the corpus has no such scores).
    """
    scores: dict[str, float] = {}
    if outlet_scores is not None and not outlet_scores.empty and "loaded_mean" in outlet_scores:
        rows = outlet_scores[outlet_scores["event_id"] == lesson.event_id]
        scores = dict(zip(rows["outlet"], rows["loaded_mean"].astype(float), strict=False))
    out = []
    for letter in lesson.choices:
        outlet = lesson.outlet_of(letter)
        score = scores.get(outlet, float("nan"))
        rating = ratings.get(letter)
        out.append(
            {
                "letter": letter,
                "outlet": outlet,
                "class_rating": float(rating) if rating is not None else float("nan"),
                "computer_score": score,
                "computer_rating": round(1 + 4 * score, 1) if score == score else float("nan"),
            }
        )
    return pd.DataFrame(
        out, columns=["letter", "outlet", "class_rating", "computer_score", "computer_rating"]
    )


def most_slanted_sentences(
    lesson: Lesson, sentences: pd.DataFrame | None, *, per_outlet: int = 3
) -> pd.DataFrame:
    """The sentences behind each outlet's computer rating, most slanted first.

    Returns:
        ``letter, outlet, sentence, score`` (``per_outlet`` rows per outlet at most).
    """
    cols = ["letter", "outlet", "sentence", "score"]
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    arts = lesson.articles[["id", "letter", "outlet"]]
    df = sentences.merge(arts, on="id").rename(columns={"loaded_score": "score"})
    df = df.sort_values(["score", "id", "sentence_index"], ascending=[False, True, True])
    df = df.groupby("outlet", sort=False).head(per_outlet)
    df["_order"] = df["letter"].map(_letter_order)
    df = df.sort_values(["_order", "score"], ascending=[True, False], kind="stable")
    return df[cols].reset_index(drop=True)


def classroom_categories(categories: Mapping[str, Category]) -> dict[str, Category]:
    """Category labels for students: the computer-found category gets a plain name."""
    cats = {**EXTRA_CATEGORIES, **dict(categories)}
    if "loaded_wording" in cats:
        cats["loaded_wording"] = replace(cats["loaded_wording"], label="Slanted wording")
    return cats


def classroom_cues(cues: pd.DataFrame | None, article_ids: Iterable[str]) -> pd.DataFrame:
    """The cue spans to highlight at the reveal, with plain-language reasons.

    Keeps the framing cues and the computer-found words of the given articles
    (not the "distinctive phrase" marks, which would flood the text), and
    rewrites the computer's reason in plain words.
    """
    cols = ["id", "field", "start", "end", "phrase", "category", "source", "weight", "rationale"]
    if cues is None or cues.empty:
        return pd.DataFrame(columns=cols)
    ids = set(article_ids)
    df = cues[cues["id"].isin(ids) & cues["source"].isin(["lexicon", "model"])].copy()
    model = df["source"] == "model"
    df.loc[model, "rationale"] = (
        "The computer found that the sentence sounds much less slanted without this word."
    )
    return df.reset_index(drop=True)


def categories_present(spans: pd.DataFrame, categories: Mapping[str, Category]) -> list[Category]:
    """The categories that occur in ``spans``, most frequent first."""
    if spans is None or spans.empty:
        return []
    counts = spans["category"].value_counts(sort=False)
    keys = sorted(counts.index, key=lambda k: (-int(counts[k]), str(k)))
    cats = classroom_categories(categories)
    return [cats.get(k, Category(str(k), str(k).replace("_", " ").capitalize())) for k in keys]


_HANDOUT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 12pt; line-height: 1.5;
       color: #111; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 15pt; margin: 18pt 0 6pt; border-bottom: 1.5pt solid #111; }
h3 { font-size: 13pt; margin: 10pt 0 4pt; }
.meta, .note { color: #444; font-size: 10.5pt; }
.article { border: 1pt solid #999; border-radius: 4pt; padding: 6pt 10pt; margin: 8pt 0;
           break-inside: auto; }
.article h3 { margin-top: 0; }
.outlet { font-family: Helvetica, Arial, sans-serif; font-weight: bold; font-size: 11pt;
          text-transform: uppercase; letter-spacing: 0.05em; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 1pt solid #999; padding: 4pt 6pt; text-align: left; vertical-align: top; }
th { background: #eee; }
.choices span { display: inline-block; min-width: 18mm; }
.box { display: inline-block; width: 9mm; height: 9mm; border: 1pt solid #333;
       text-align: center; line-height: 9mm; margin-right: 3mm; }
.page-break { break-before: page; page-break-before: always; }
@media print {
  body { padding: 0; max-width: none; }
  .article, tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .screen-only { display: none; }
}
"""


def _paras(text: str) -> str:
    parts = [" ".join(p.split()) for p in str(text).split("\n\n")]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts if p)


def handout_html(
    lesson: Lesson,
    *,
    ratings: pd.DataFrame | None = None,
    categories: Sequence[Category] = (),
    title: str = "Same story, different words",
) -> str:
    """A printable, self-contained HTML handout for one lesson.

    Pages: the articles under their anonymous names, the questions (who wrote
    each wording; how slanted each version is, 1 to 5), then the answer key
    on its own last page: which outlet is which, the right answers with the
    sentence each wording comes from, the computer's slant rating (from
    ``slant_ratings``) and what each kind of highlighted wording means. No
    real outlet name appears before the answer key; no scripts; every piece
    of article text is escaped.

    Args:
        lesson: from ``build_lesson``.
        ratings: ``slant_ratings`` output (only its computer columns are used).
        categories: kinds of wording to explain in the key (``categories_present``).
        title: the handout's heading.
    """
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}: {e(lesson.label)}</title>",
        f"<style>{_HANDOUT_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">The story: {e(lesson.label)} · {len(lesson.letters)} outlets · '
        f"{len(lesson.articles)} articles</p>",
        '<p class="note">The names of the news outlets are hidden. Read each version of the '
        "same story, then answer the questions at the end.</p>",
        "<h2>Part 1 · Read</h2>",
    ]
    for r in lesson.articles.itertuples(index=False):
        out.append(
            f'<section class="article"><div class="outlet">{e(r.letter)}</div>'
            f"<h3>{e(r.anon_title)}</h3>{_paras(r.anon_text)}</section>"
        )
    out.append('<h2 class="page-break">Part 2 · Guess</h2>')
    choices = "".join(f"<span>&#9744; {e(c)}</span>" for c in lesson.choices)
    if lesson.items:
        out.append("<h3>Who wrote it?</h3><p>Tick the outlet that used each wording.</p>")
        out.append("<table><tr><th>#</th><th>Wording</th><th>Which outlet?</th></tr>")
        for i, item in enumerate(lesson.items, start=1):
            hint = (
                f'<div class="note">Other outlets wrote: '
                f"{', '.join('&ldquo;' + e(o) + '&rdquo;' for o in item.others)}</div>"
                if item.others
                else ""
            )
            out.append(
                f"<tr><td>{i}</td><td>&ldquo;{e(item.wording)}&rdquo;{hint}</td>"
                f'<td class="choices">{choices}</td></tr>'
            )
        out.append("</table>")
    boxes = "".join(f'<span class="box">{n}</span>' for n in range(1, 6))
    out.append(
        "<h3>How slanted is each version?</h3>"
        "<p>Circle 1 for plain, neutral wording and 5 for very slanted wording.</p>"
        "<table><tr><th>Outlet</th><th>Rating</th><th>Why?</th></tr>"
    )
    for letter in lesson.choices:
        out.append(f"<tr><td>{e(letter)}</td><td>{boxes}</td><td></td></tr>")
    out.append("</table>")

    out.append('<section class="page-break answer-key"><h2>Answer key</h2>')
    out.append("<h3>Who is who</h3><table><tr><th>Hidden name</th><th>Outlet</th></tr>")
    for letter in lesson.choices:
        out.append(f"<tr><td>{e(letter)}</td><td>{e(lesson.outlet_of(letter))}</td></tr>")
    out.append("</table>")
    if lesson.items:
        out.append(
            "<h3>Who wrote it?</h3><table><tr><th>#</th><th>Wording</th><th>Answer</th>"
            "<th>Where it comes from</th></tr>"
        )
        for i, item in enumerate(lesson.items, start=1):
            out.append(
                f"<tr><td>{i}</td><td>&ldquo;{e(item.wording)}&rdquo;</td>"
                f"<td>{e(item.letter)} ({e(item.outlet)})</td><td>{e(item.example)}</td></tr>"
            )
        out.append("</table>")
    if ratings is not None and not ratings.empty and ratings["computer_rating"].notna().any():
        out.append(
            "<h3>The computer's slant rating</h3>"
            '<p class="note">1 = plain, 5 = very slanted. The computer reads the wording '
            "only: not whether the story is true or fair.</p>"
            "<table><tr><th>Outlet</th><th>Rating (1-5)</th></tr>"
        )
        for r in ratings.itertuples(index=False):
            value = "n/a" if r.computer_rating != r.computer_rating else f"{r.computer_rating:.1f}"
            out.append(f"<tr><td>{e(r.letter)} ({e(r.outlet)})</td><td>{value}</td></tr>")
        out.append("</table>")
    if categories:
        out.append("<h3>Kinds of slanted wording in these articles</h3><ul>")
        for cat in categories:
            out.append(f"<li><b>{e(cat.label)}</b>: {e(cat.explain or cat.description)}</li>")
        out.append("</ul>")
    out.append("</section></body></html>")
    return "\n".join(out)
