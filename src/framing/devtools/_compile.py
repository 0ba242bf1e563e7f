"""Turn one template event's texts into format strings with per-event slots."""

from __future__ import annotations

import re
from datetime import date

from framing.devtools._patterns import (
    _DEMONYM_SUFFIXES,
    _MAX_OUTLET_WORDS,
    _MONTHS,
    _OUTLET_KEYS,
    _OUTLET_UPPER_KEYS,
    _OUTLET_WORD_MARK,
    _SYNONYM_LOOKUP,
    _TOKEN,
    _WEEKDAYS,
)


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
