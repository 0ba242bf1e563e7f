"""Per-event values of a template's slots: fictional names, numbers and dates."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from framing.devtools._patterns import (
    _CODAS,
    _CONSONANTS,
    _MONTHS,
    _MONTHS_DOT,
    _MONTHS_SHORT,
    _ONSETS,
    _VOWELS,
    _WEEKDAYS,
)
from framing.devtools._templates import _Template, _template_tokens


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
