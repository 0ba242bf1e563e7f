"""Plan and write the generated articles: outlets, events, texts, the table."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from framing.devtools._fill import _event_fills, _fake_acronym, _like
from framing.devtools._patterns import (
    _CHUNK,
    _DAY_OFFSETS,
    _LOG_STAY,
    _MAX_OUTLET_WORDS,
    _OUTLET_GENERIC,
    _OUTLET_KEYS,
    _OUTLET_UPPER_KEYS,
    _SLUG,
    SYNTHETIC_COLUMNS,
)
from framing.devtools._templates import _Article, _Template


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
