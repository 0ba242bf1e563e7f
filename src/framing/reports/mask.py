"""Mask what gives a lesson's outlets away: names, domains, datelines, wire credits.

A lesson hides its outlets behind letters ("Outlet A"). Replacing the names
alone is not enough: "WASHINGTON (AP) —", "told Fox News", "FoxNews.com",
"@CNN", "The Times reported" and "Reuters contributed to this report" tell
a reader as much. ``mask_text`` rewrites all of them; the wire services,
self-references and credit phrases are data (``data/masking.toml``).

Outlet names are matched in any case, with a possessive kept ("CNN's" ->
"Outlet A's"), and in forms derived from the name (``name_variants``). A
one-word name written in Title case ("Reason", "Time", "Slate") is also an
everyday word, so it is matched only as written or in capitals.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "masking.toml"


@functools.cache
def rules() -> dict:
    """The masking data: wires, self-references, credit phrases, domain endings."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text)


def name_variants(name: str) -> dict[str, bool]:
    """The forms an outlet's name takes in text, each with whether case matters.

    ``"The New York Times"`` gives ``The New York Times``, ``New York Times``,
    ``NYTimes``, ``NYT`` (capitals only), ``NewYorkTimes`` and ``the Times``
    (as written: "times" is an everyday word). ``"Fox News - Online"`` gives
    ``Fox News`` too. Squashed forms are also the names of web domains and
    handles ("nytimes.com", "@FoxNews"). Whether a short form is ambiguous
    between outlets is decided by ``mask_text``, which sees all of them.

    Returns:
        form -> ``True`` when it must match case exactly.
    """
    name = " ".join(str(name).split())
    if len(name) < 2:
        return {name: True} if name else {}
    head = re.split(r"\s+[-(|]", name)[0].strip() or name
    bare = re.sub(r"^the\s+", "", head, flags=re.I)
    words = bare.split()
    forms: dict[str, bool] = {}

    def add(form: str, exact: bool) -> None:
        if len(form) >= 2:
            forms.setdefault(form, exact)

    def single(word: str) -> bool:
        # a Title-case word ("Reason", "Fox") is also an everyday word
        return not word.isupper()

    if len(words) == 1 and bare != head:
        # "The Hill": "Hill" alone is "Capitol Hill", and "the hill" a hill
        for form in dict.fromkeys([name, head, f"the {bare}", f"The {bare}"]):
            add(form, single(bare))
    for form in dict.fromkeys(
        [name, head] if bare != head and len(words) == 1 else [name, head, bare]
    ):
        add(form, False if " " in form else single(form))
    # "Fox Online News", "NPR Online News", "CNN (Web News)": the brand alone
    suffixes = {s.lower() for s in rules()["brand_suffixes"]}
    brand = list(words)
    while len(brand) > 1 and brand[-1].lower() in suffixes:
        brand.pop()
    if len(brand) < len(words):
        core = " ".join(brand)
        add(core, False if " " in core else single(core))
        add(f"{core} News", False)
    for form in list(forms):
        squashed = _squash(form)
        if not form.lower().startswith("the ") and len(squashed) >= 5 and squashed != form:
            add(squashed, False)
    if len(words) >= 3 and len(brand) == len(words):
        initials = "".join(w[0] for w in words if w[:1].isalpha())
        add(initials.upper(), True)
        add(initials[:-1].upper() + words[-1], False)
    last = words[-1] if words else ""
    if (
        len(words) >= 2
        and len(brand) == len(words)
        and last.isalpha()
        and last[:1].isupper()
        and last[1:].islower()
    ):
        add(f"the {last}", True)
        add(f"The {last}", True)
    return forms


def _alternation(forms: Mapping[str, bool]) -> str:
    parts = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        esc = re.escape(form).replace(r"\ ", r"\s+")
        if forms[form]:
            parts.append(esc if form.isupper() else f"(?:{esc}|{re.escape(form.upper())})")
        else:
            parts.append(f"(?i:{esc})")
    return "|".join(parts)


def _cased(repl: Callable[[re.Match[str]], str] | str) -> Callable[[re.Match[str]], str]:
    """``repl``, with a capital first letter where it starts a sentence."""

    def sub(m: re.Match[str]) -> str:
        out = repl(m) if callable(repl) else repl
        before = m.string[: m.start()]
        starts = not before.strip() or before.endswith("\n") or before.rstrip()[-1] in '.!?"“'
        return out[:1].upper() + out[1:] if starts and out[:1].islower() else out

    return sub


def _month_pattern() -> str:
    return "|".join(sorted(map(re.escape, rules()["months"]), key=len, reverse=True))


@functools.lru_cache(maxsize=64)
def _masker(labels: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    """The masking function for one set of outlet -> label, built once."""
    data = rules()
    say = data["say"]
    forms: dict[str, bool] = {}
    owner: dict[str, set[str]] = {}
    for name, label in labels:
        for form, exact in name_variants(name).items():
            forms[form] = forms.get(form, True) and exact
            owner.setdefault(form.lower(), set()).add(label)
    lookup = {k: next(iter(v)) if len(v) == 1 else say["ambiguous"] for k, v in owner.items()}
    wires = {w: False for w in data["wires"]} | {w: True for w in data["matched_upper"]}
    credit = _alternation({**wires, **forms})
    names = _alternation(forms) if forms else None
    wire_alt = _alternation(wires)
    squashed = {
        _squash(f).lower(): f
        for f in forms
        if len(_squash(f)) >= 3 and not f.startswith(("the ", "The "))
    }
    domain_alt = "|".join(sorted(map(re.escape, squashed), key=len, reverse=True))
    endings = "|".join(re.escape(e) for e in data["domain_endings"])
    name_chunk = r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}"
    months = _month_pattern()

    steps: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str] | str]] = []
    # Sentences that only credit who reported ("... contributed to this report.").
    phrases = "|".join(map(re.escape, data["credit_sentences"]))
    steps.append((re.compile(rf"[^.!?\n]*(?i:{phrases})[^.!?\n]*[.!?]?[ \t]*"), ""))
    # Bylines: "By Jane Doe, Reuters", "By JANE DOE and JOHN ROE | AP", or a
    # short line that is only "By Jane Doe".
    by = rf"^[ \t]*By[ \t]+{name_chunk}(?:[ \t]*(?:,|and|&)[ \t]*{name_chunk})*"
    steps.append(
        (
            re.compile(
                rf"{by}[ \t]*[,|/–—-]?[ \t]*(?:{credit})\b[ \t]*[,|–—-]?[ \t]*(?:$\n?)?", re.M
            ),
            "",
        )
    )
    steps.append((re.compile(rf"{by}[ \t]*$\n?", re.M), ""))
    # Datelines at the start of a paragraph: "BEIJING, Nov. 1 --",
    # "WASHINGTON (AP) —", "LONDON, Reuters -", "Washington (CNN)".
    place = r"[A-Z][A-Z.'’-]{2,}(?:[ \t]+[A-Z][A-Z.'’-]+){0,3}"
    region = r"(?:,[ \t]*[A-Z][A-Za-z.]+(?:[ \t]+[A-Z][A-Za-z.]+){0,2})?"
    date = rf"(?:,?[ \t]*(?:{months})\.?[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?)?"
    paren = rf"[ \t]*\([ \t]*(?:{credit})[ \t]*\)"
    dash = r"[ \t]*(?:--|—|–|-|:)[ \t]*"
    steps.append(
        (
            re.compile(
                rf"^[ \t]*(?:{place}{region}{date}"
                rf"(?:{paren}(?:{dash})?|,[ \t]*(?:{credit}){dash}|{dash})"
                rf"|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){{0,2}}{region}{date}{paren}(?:{dash})?)",
                re.M,
            ),
            "",
        )
    )
    # Photo credits: "REUTERS/Mike Blake", "AP Photo/Jane Doe" (the first two names).
    steps.append(
        (
            re.compile(
                rf"(?<![\w/])(?:{credit})(?:[ \t]+Photo)?/[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)?"
            ),
            "",
        )
    )
    # "(Reuters)", "(CNN)" anywhere.
    steps.append((re.compile(rf"[ \t]*\([ \t]*(?:{credit})[ \t]*\)"), ""))
    if domain_alt:
        label_of = {s: lookup.get(f.lower(), "") for s, f in squashed.items()}

        def domain(m: re.Match[str]) -> str:
            return label_of.get(m.group("site").lower()) or say["ambiguous"]

        steps.append(
            (
                re.compile(
                    rf"(?<![\w.@-])(?:https?://)?(?:www\.)?(?:[\w-]+\.)*(?P<site>(?i:{domain_alt}))"
                    rf"(?i:\.(?:{endings}))+(?:/[^\s)\]\"']*)?"
                ),
                domain,
            )
        )
        steps.append((re.compile(rf"@(?P<site>(?i:{domain_alt}))(?!\w)"), domain))
    steps.append((re.compile(r"(?i:https?://|www\.)[^\s)\]\"']+"), "[link]"))
    # Any other handle: a reporter's ("@JaneDoeCNN") or a desk's gives the outlet away.
    steps.append((re.compile(r"(?<![\w.@])@[A-Za-z_]\w{1,30}"), say["handle"]))
    if names:

        def name(m: re.Match[str]) -> str:
            label = lookup.get(" ".join(m.group("core").split()).lower(), say["ambiguous"])
            return label + ("'s" if m.group("poss") else "")

        steps.append(
            (
                re.compile(
                    rf"(?<![\w@.])(?:(?i:the)\s+)?(?P<core>{names})(?P<poss>['’]s?)?(?![\w])"
                ),
                name,
            )
        )

    def wire(m: re.Match[str]) -> str:
        return say["wire"] + ("'s" if m.group("poss") else "")

    steps.append(
        (re.compile(rf"(?<![\w@.])(?:(?i:the)\s+)?(?:{wire_alt})(?P<poss>['’]s?)?(?![\w])"), wire)
    )
    selves = "|".join(sorted(map(re.escape, data["self_references"]), key=len, reverse=True))
    steps.append((re.compile(rf"(?i)\b(?:{selves})\b"), say["self"]))

    def run(text: str) -> str:
        for pattern, repl in steps:
            text = pattern.sub(_cased(repl), text)
        # what was cut out leaves two spaces where there was one
        return re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text)

    return run


def mask_text(text: str, labels: Mapping[str, str], others: Iterable[str] = ()) -> str:
    """``text`` with everything that names or betrays an outlet masked.

    Outlet names and their forms become the outlet's label (``labels``) or,
    for ``others``, "another outlet"; a form two outlets share ("the Times")
    becomes "the outlet". Web addresses of an outlet become its label, other
    links "[link]"; wire services become "a news agency"; "this newspaper"
    becomes "this outlet". Datelines, "(Reuters)" style credits, bylines and
    "... contributed to this report." sentences are removed.

    Args:
        text: untrusted text (returned unescaped; escape it when rendering).
        labels: outlet name -> what to print instead (e.g. ``"Outlet B"``).
        others: other outlet names (e.g. every outlet of the corpus).
    """
    if not text:
        return str(text or "")
    mapping = {str(o): rules()["say"]["other_outlet"] for o in others}
    mapping.update({str(k): str(v) for k, v in labels.items()})
    return _masker(tuple(sorted(mapping.items())))(str(text))


def mask_title(title: str, labels: Mapping[str, str], others: Iterable[str] = ()) -> str:
    """A headline masked like ``mask_text``, without a site suffix or prefix that
    was only an outlet's name ("... | The New York Times", "CNN: ...")."""
    text = mask_text(title, labels, others)
    say = rules()["say"]
    names = {*labels.values(), say["other_outlet"], say["ambiguous"]}
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    text = re.sub(rf"(?i)^\s*(?:{alts})\s*(?::|\||[-–—]\s)\s*", "", text)
    text = re.sub(rf"(?i)\s*(?:\||\s[-–—])\s*(?:{alts})\s*$", "", text)
    return text.strip() or mask_text(title, labels, others)
