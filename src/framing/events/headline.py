"""Headline-like event labels: the most central title, cleaned.

A label must read like a news headline, never name an outlet (the Classroom
hides them) and never carry a desk kicker ("OPINION:") or a site suffix
("... - Fox News"). The cleaning words are data: ``data/headlines.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

_DATA = Path(__file__).with_name("data") / "headlines.toml"
# Separators outlets use between a headline and their own name or section.
_SEPARATORS = r"\s+[|\-–—:·•]\s+|\s*[|·•]\s*"


@cache
def _rules() -> dict:
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


def _name_pattern(names: Iterable[str]) -> re.Pattern | None:
    """One pattern for every outlet name, its possessive and its bare domain."""
    # Names are matched in their own case (and Title and UPPER case): outlets
    # such as "Reason", "Time" or "The Hill" are also everyday words.
    forms: set[str] = set()
    domains: set[str] = set()
    for name in names:
        name = " ".join(str(name).split())
        if len(name) < 2:
            continue
        # "Fox News - Online" is shown as "Fox News" in its own headlines too.
        head = re.split(r"\s+[-(]", name)[0].strip()
        for form in {name, head} if len(head) >= 3 else {name}:
            forms |= {form, form.title(), form.upper()}
        # "FoxNews.com" and "foxnews" are the same outlet.
        squashed = re.sub(r"\W+", "", head)
        if len(squashed) >= 4:
            domains.add(squashed)
    credits = {c for c in _rules()["credits"]}
    forms |= {c.title() for c in credits} | {c.upper() for c in credits}
    if not forms:
        return None
    alts = sorted((re.escape(f) for f in forms), key=len, reverse=True)
    sites = sorted((re.escape(d) for d in domains), key=len, reverse=True)
    tld = r"(?:\.com|\.org|\.net|\.co\.uk)"
    body = r"(?:" + "|".join(alts) + r")" + tld + r"?"
    if sites:
        body = r"(?:" + body + r"|(?i:" + "|".join(sites) + r")" + tld + r")"
    return re.compile(r"(?<![\w])" + body + r"(?:['’]s)?(?![\w])")


def clean_headline(title: str, outlet_names: Iterable[str] = ()) -> str:
    """``title`` without kickers, site suffixes, wire credits and outlet names.

    Args:
        title: a raw headline.
        outlet_names: every outlet of the corpus; none of them may remain.

    Returns:
        The cleaned headline (may be empty when nothing else was left).
    """
    rules = _rules()
    text = " ".join(str(title).split())
    names = _name_pattern(outlet_names)
    kicker = r"(?:" + "|".join(re.escape(k) for k in sorted(rules["kickers"], key=len)[::-1]) + ")"
    text = _strip_kicker(text, kicker)
    if names is not None:
        # "... - Fox News", "CNN | ...": a segment that is only an outlet name goes.
        parts = re.split(r"(" + _SEPARATORS + r")", text)
        kept = [p for i, p in enumerate(parts) if i % 2 == 1 or not names.fullmatch(p.strip())]
        text = "".join(kept)
        text = re.sub(r"^(?:" + _SEPARATORS + r")+|(?:" + _SEPARATORS + r")+$", "", text)
        # "(Reuters)" and any other outlet name inside the headline.
        text = re.sub(r"\(\s*" + names.pattern + r"\s*\)", " ", text)
        text = names.sub(" ", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = " ".join(text.split()).strip(" -–—|:;,·")
    # A kicker that stood after an outlet name ("Fox News poll: ...").
    text = _strip_kicker(text, kicker).strip(" -–—|:;,·")
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return _shorten(text, int(rules["max_chars"]))


def _strip_kicker(text: str, kicker: str) -> str:
    """``text`` without a leading "OPINION: ", "WATCH | " or "[VIDEO] "."""
    lead = r"^[\[(]?\s*" + kicker + r"\s*[\])]?\s*(?:[:|\-–—]\s*|\s+[|\-–—]\s+)"
    return re.sub(lead, "", text, flags=re.I)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"


def headline_label(
    titles: Sequence[str],
    vectors: np.ndarray,
    outlet_names: Iterable[str] = (),
) -> tuple[str, int]:
    """The event's label and the position of the title it came from.

    Titles are tried from the most central (closest to the event's mean
    vector) outwards; the first that keeps at least three words once cleaned
    wins, so a title that was mostly an outlet name gives way to another.

    Args:
        titles: the event's headlines.
        vectors: their unit vectors, one row per title.
        outlet_names: every outlet of the corpus.
    """
    names = list(outlet_names)
    if len(titles) == 0:
        return "", -1
    centroid = vectors.mean(axis=0)
    order = np.argsort(-(vectors @ centroid), kind="stable")
    fallback = ("", int(order[0]))
    for pos in order.tolist():
        label = clean_headline(titles[pos], names)
        if len(label.split()) >= 3:
            return label, int(pos)
        if label and not fallback[0]:
            fallback = (label, int(pos))
    return fallback
