"""The framing lexicon: a versioned TOML data file, its loader and validator.

The built-in file is ``data/lexicon.toml``. A user file in the same format
extends it: a cue whose phrase (or regex) already exists replaces the built-in
entry; ``disabled = true`` switches one off; new categories may be declared.
The built-in file is never written to.

Columns of ``Lexicon.frame()``: ``key, phrase, regex, category, weight,
direction, rationale, inflect, case_sensitive, disabled, origin``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import pandas as pd

from framing.errors import ConfigError

DIRECTIONS = ("aggressor", "victim", "legitimate", "illegitimate")


@dataclass(frozen=True)
class Category:
    """A cue category.

    Attributes:
        key: snake_case identifier.
        label: short human label.
        description: what the category captures (for analysts).
        explain: one plain-language sentence (for a classroom).
    """

    key: str
    label: str
    description: str = ""
    explain: str = ""


@dataclass(frozen=True)
class Cue:
    """One lexicon entry.

    Attributes:
        phrase: wording in the phrase syntax (see docs/cues.md), or ``""``.
        regex: a Python regex, used instead of ``phrase`` when given.
        category: category key.
        weight: 0-1, how strongly loaded the wording is.
        direction: whom it casts as aggressor/victim/legitimate/illegitimate, or ``""``.
        rationale: one line on why the wording frames.
        inflect: match inflected forms of each word.
        case_sensitive: match case exactly.
        disabled: kept in the lexicon but not matched.
        origin: ``builtin`` or the user file it came from.
    """

    phrase: str
    category: str
    weight: float
    rationale: str
    regex: str = ""
    direction: str = ""
    inflect: bool = True
    case_sensitive: bool = False
    disabled: bool = False
    origin: str = "builtin"

    @property
    def key(self) -> str:
        """Identity used for overriding: the lower-cased phrase or the regex."""
        return ("re:" + self.regex) if self.regex else self.phrase.strip().lower()


@dataclass(frozen=True)
class Lexicon:
    """Categories and cues, validated.

    Attributes:
        version: the built-in file's version (plus the user file's, when merged).
        categories: by key, in file order.
        cues: every cue, disabled ones included.
    """

    version: str
    categories: dict[str, Category]
    cues: tuple[Cue, ...] = field(default_factory=tuple)

    @property
    def active(self) -> list[Cue]:
        """Cues that are matched."""
        return [c for c in self.cues if not c.disabled]

    def frame(self) -> pd.DataFrame:
        """The lexicon as a table (for display, editing and export)."""
        rows = [
            {
                "key": c.key,
                "phrase": c.phrase,
                "regex": c.regex,
                "category": c.category,
                "weight": c.weight,
                "direction": c.direction,
                "rationale": c.rationale,
                "inflect": c.inflect,
                "case_sensitive": c.case_sensitive,
                "disabled": c.disabled,
                "origin": c.origin,
            }
            for c in self.cues
        ]
        return pd.DataFrame(
            rows,
            columns=[
                "key",
                "phrase",
                "regex",
                "category",
                "weight",
                "direction",
                "rationale",
                "inflect",
                "case_sensitive",
                "disabled",
                "origin",
            ],
        )

    def extend(self, other: Lexicon) -> Lexicon:
        """Return a lexicon where ``other``'s cues override or add to these."""
        categories = {**self.categories, **other.categories}
        merged: dict[str, Cue] = {c.key: c for c in self.cues}
        for cue in other.cues:
            merged[cue.key] = cue
        lex = Lexicon(f"{self.version}+{other.version}", categories, tuple(merged.values()))
        _check_categories(lex, "merged lexicon")
        return lex

    def to_toml(self) -> str:
        """Serialise in the lexicon file format (for download and round trips)."""
        lines = [f'version = "{self.version}"', ""]
        for cat in self.categories.values():
            lines += [
                f"[categories.{cat.key}]",
                f"label = {_q(cat.label)}",
                f"description = {_q(cat.description)}",
                f"explain = {_q(cat.explain)}",
                "",
            ]
        for c in self.cues:
            lines.append("[[cue]]")
            lines.append(f"regex = {_q(c.regex)}" if c.regex else f"phrase = {_q(c.phrase)}")
            lines += [f"category = {_q(c.category)}", f"weight = {c.weight:g}"]
            if c.direction:
                lines.append(f"direction = {_q(c.direction)}")
            lines.append(f"rationale = {_q(c.rationale)}")
            if not c.inflect:
                lines.append("inflect = false")
            if c.case_sensitive:
                lines.append("case_sensitive = true")
            if c.disabled:
                lines.append("disabled = true")
            lines.append("")
        return "\n".join(lines)


def _q(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def parse_lexicon(text: str, source: str = "lexicon", *, origin: str = "builtin") -> Lexicon:
    """Parse and validate lexicon TOML text.

    Raises:
        ConfigError: syntax error, unknown category, bad weight or direction,
            an entry with neither ``phrase`` nor ``regex``, or a regex that
            does not compile; the message names the entry.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: not valid TOML ({exc}). Fix the syntax.", code="FRM-L301"
        ) from exc
    version = str(data.get("version", "user"))
    categories: dict[str, Category] = {}
    for key, spec in (data.get("categories") or {}).items():
        if not isinstance(spec, dict):
            raise ConfigError(f"{source}: [categories.{key}] must be a table.", code="FRM-L302")
        categories[key] = Category(
            key,
            str(spec.get("label", key)),
            str(spec.get("description", "")),
            str(spec.get("explain", "")),
        )
    cues: list[Cue] = []
    for n, entry in enumerate(data.get("cue") or [], start=1):
        cues.append(_parse_cue(entry, f"{source}, cue {n}", origin))
    lex = Lexicon(version, categories, tuple(cues))
    if origin == "builtin" or categories:
        _check_categories(lex, source, partial=origin != "builtin")
    return lex


def _parse_cue(entry: dict, where: str, origin: str) -> Cue:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: each [[cue]] must be a table.", code="FRM-L303")
    phrase = str(entry.get("phrase", "")).strip()
    regex = str(entry.get("regex", "")).strip()
    label = phrase or regex or "?"
    if bool(phrase) == bool(regex):
        raise ConfigError(
            f"{where} ('{label}'): give exactly one of 'phrase' or 'regex'.", code="FRM-L304"
        )
    if regex:
        try:
            re.compile(regex)
        except re.error as exc:
            raise ConfigError(
                f"{where}: regex {regex!r} does not compile ({exc}).", code="FRM-L305"
            ) from exc
    category = str(entry.get("category", "")).strip()
    if not category:
        raise ConfigError(f"{where} ('{label}'): 'category' is missing.", code="FRM-L306")
    try:
        weight = float(entry.get("weight", 0.5))
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"{where} ('{label}'): weight must be a number from 0 to 1.", code="FRM-L307"
        ) from exc
    if not 0.0 <= weight <= 1.0:
        raise ConfigError(
            f"{where} ('{label}'): weight {weight} is outside 0 to 1.", code="FRM-L308"
        )
    direction = str(entry.get("direction", "")).strip()
    if direction and direction not in DIRECTIONS:
        raise ConfigError(
            f"{where} ('{label}'): direction '{direction}' is not one of {', '.join(DIRECTIONS)}.",
            code="FRM-L309",
        )
    rationale = str(entry.get("rationale", "")).strip()
    if not rationale and origin == "builtin":
        raise ConfigError(f"{where} ('{label}'): 'rationale' is missing.", code="FRM-L310")
    return Cue(
        phrase=phrase,
        regex=regex,
        category=category,
        weight=weight,
        direction=direction,
        rationale=rationale,
        inflect=bool(entry.get("inflect", True)),
        case_sensitive=bool(entry.get("case_sensitive", False)),
        disabled=bool(entry.get("disabled", False)),
        origin=origin,
    )


def _check_categories(lex: Lexicon, source: str, partial: bool = False) -> None:
    if partial:
        return
    unknown = sorted({c.category for c in lex.cues} - set(lex.categories))
    if unknown:
        raise ConfigError(
            f"{source}: cue categories {', '.join(unknown)} are not declared. Declare them "
            f"under [categories.<key>] or use one of: {', '.join(lex.categories)}.",
            code="FRM-L311",
        )


def builtin_lexicon() -> Lexicon:
    """The lexicon shipped with framing (read-only)."""
    text = resources.files("framing.cues").joinpath("data/lexicon.toml").read_text("utf-8")
    return parse_lexicon(text, "built-in lexicon")


def load_lexicon(user_file: str | Path | None = None, *, user_text: str | None = None) -> Lexicon:
    """The built-in lexicon, extended by a user file or text when given.

    Args:
        user_file: path of a user lexicon TOML file.
        user_text: the same content as a string (e.g. an upload).
    """
    lex = builtin_lexicon()
    if user_file is not None:
        path = Path(user_file)
        try:
            user_text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(
                f"{path}: cannot read the lexicon file ({exc}).", code="FRM-L312"
            ) from exc
        source = str(path)
    else:
        source = "uploaded lexicon"
    if user_text is not None:
        user = parse_lexicon(user_text, source, origin=source)
        lex = lex.extend(user)
    return lex


def with_cue(lex: Lexicon, cue: Cue) -> Lexicon:
    """A copy of ``lex`` with ``cue`` added or replacing the cue with the same key."""
    cues = [c for c in lex.cues if c.key != cue.key] + [cue]
    out = replace(lex, cues=tuple(cues))
    _check_categories(out, "edited lexicon")
    return out
