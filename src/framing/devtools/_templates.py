"""Template events compiled once from the bundled hand-written articles.

Each source article is split into sentences, its own outlet's name is marked,
and its proper names, numbers and dates become slots (see ``_compile``) that
``_fill`` gives new values per generated event.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from framing.config import IngestLimits
from framing.devtools._compile import _Compiler
from framing.devtools._patterns import (
    _ABBREVIATED,
    _CAPS,
    _LAST_WORD,
    _LETTERS,
    _LOWER_WORD,
    _MAX_OUTLET_WORDS,
    _NO_BREAK_AFTER,
    _NOT_ACRONYMS,
    _NOT_NAMES,
    _OUTLET_GENERIC,
    _OUTLET_MARK,
    _OUTLET_WORD_MARK,
    _PARAGRAPHS,
    _SENTENCE_END,
    _WORD,
)
from framing.errors import InputError

_ROOT = Path(__file__).resolve().parents[3]
_SAMPLE_DIR = _ROOT / "sample_articles"
_NEWSDESK = _ROOT / "tests" / "data" / "grouping" / "newsdesk.jsonl"


@dataclass(frozen=True)
class _Article:
    style: str  # the source outlet: generated outlets with this style use this article
    titles: tuple[str, ...]  # format strings: the title and shorter variants
    sentences: tuple[tuple[int, str], ...]  # (paragraph index, format string)
    synonyms: tuple[tuple[str, tuple[str, ...]], ...]  # (format key, alternatives)


@dataclass(frozen=True)
class _Template:
    key: str
    day: date  # first publication date of the template event
    articles: tuple[_Article, ...]
    slots: tuple[tuple[str, tuple], ...]  # (format key, (kind, *details)) filled per event
    derived: dict[str, tuple[str, str]]  # name -> (base name, suffix): "Korean" from "Korea"
    by_style: dict[str, tuple[int, ...]]


@lru_cache(maxsize=1)
def _source_articles() -> pd.DataFrame:
    from framing.ingest import read_inputs

    for path in (_SAMPLE_DIR, _NEWSDESK):
        if not path.exists():
            raise InputError(
                f"{path}: the synthetic generator needs the bundled articles here. "
                "Run it from a checkout of the repository.",
                code="FRM-T801",
            )
    sample = read_inputs([_SAMPLE_DIR], IngestLimits()).articles
    gold = tomllib.loads((_SAMPLE_DIR / "gold.toml").read_text(encoding="utf-8"))["events"]
    sample["event"] = sample["id"].map(gold)
    news = read_inputs([_NEWSDESK], IngestLimits()).articles
    with _NEWSDESK.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    news_gold = {row["id"]: row["event"] for row in rows}
    news["event"] = news["id"].map(news_gold)
    both = pd.concat([sample, news], ignore_index=True)
    if both["event"].isna().any():
        missing = both.loc[both["event"].isna(), "id"].tolist()
        raise InputError(
            f"articles without a gold event: {missing[:5]}. Fix the gold files.", code="FRM-T802"
        )
    return both


def _mark_outlet(text: str, outlet: str) -> str:
    """Mark the article's own outlet name (and short forms like "the Blaze") for replacement."""
    text = text.replace(outlet, _OUTLET_MARK)
    for i, word in enumerate(outlet.split()[:_MAX_OUTLET_WORDS]):
        if word == "The":
            continue
        mark = chr(_OUTLET_WORD_MARK + i)
        # "told the Blaze", "CPB's morning programme": only this outlet's own articles.
        text = re.sub(rf"(?<=\b[Tt]he ){re.escape(word)}\b", mark, text)
        if word.isupper():
            text = re.sub(rf"\b{re.escape(word)}\b", mark, text)
        elif word not in _OUTLET_GENERIC:
            text = re.sub(rf"\b{re.escape(word.upper())}\b", chr(ord(mark) + 7), text)
    return text


def _split_sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        before = _LAST_WORD.search(paragraph, start, m.start() + 1)
        word = before.group(1).rstrip(".!?\"\u201d'") if before else ""
        if word in _NO_BREAK_AFTER or _ABBREVIATED.fullmatch(word) or word in ("a.m", "p.m"):
            continue
        end = m.start() + len(m.group(0).rstrip())
        # A quotation of several sentences stays whole: dropping its first sentence
        # would leave a dangling closing quote.
        if paragraph.count('"', start, end) % 2:
            continue
        out.append(paragraph[start:end])
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def _paragraph_sentences(text: str) -> list[tuple[int, str]]:
    sentences: list[tuple[int, str]] = []
    for p, paragraph in enumerate(_PARAGRAPHS.split(text.strip())):
        sentences.extend((p, s) for s in _split_sentences(paragraph.strip()))
    return sentences


def _detect_names(bodies: Sequence[list[tuple[int, str]]]) -> tuple[frozenset, frozenset]:
    """Proper names and acronyms of the whole source set, detected once.

    A capitalised word is a name when it is capitalised mid-sentence more often
    than the corpus writes it in lower case ("Korea" yes, "State" no). An
    upper-case token is an acronym unless it is shouting (next to another
    upper-case word), a dateline ("SEOUL") or an English word ("THEY").
    """
    mid: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    caps: Counter[str] = Counter()
    shouted: set[str] = set()
    for sentences in bodies:
        for _, sentence in sentences:
            lower.update(_LOWER_WORD.findall(sentence))
            for m in _WORD.finditer(sentence):
                if _LETTERS.search(sentence, 0, m.start()):
                    mid[m.group(0)] += 1
            tokens = list(_CAPS.finditer(sentence))
            for i, m in enumerate(tokens):
                # Adjacent upper-case words are a shouted headline or a dateline, not acronyms.
                prev_adj = i > 0 and not sentence[tokens[i - 1].end() : m.start()].strip(" -")
                next_adj = i + 1 < len(tokens) and not sentence[
                    m.end() : tokens[i + 1].start()
                ].strip(" -")
                dateline = m.start() == 0 and sentence.startswith(",", m.end())
                if prev_adj or next_adj or dateline:
                    shouted.add(m.group(0))
                else:
                    caps[m.group(0)] += 1
    names = {
        w for w, n in mid.items() if w not in _NOT_NAMES and len(w) > 1 and n > lower[w.lower()]
    }
    # Datelines and shouted headlines ("CAPE CANAVERAL", "JAKARTA"): a long upper-case
    # word the corpus never writes in lower case is a name too.
    names.update(
        w.title()
        for w in shouted
        if len(w) >= 4 and w.lower() not in lower and w.title() not in _NOT_NAMES
    )
    names = frozenset(names)
    acronyms = frozenset(
        w
        for w, n in caps.items()
        if w not in _NOT_ACRONYMS
        and len(w) <= 5
        and w.title() not in names
        and (len(w) == 2 or lower[w.lower()] == 0)
        and (n >= 2 or len(w) >= 3)
    )
    return names, acronyms


def _title_variants(title: str) -> tuple[str, ...]:
    variants = [title]
    for sep in ("; ", ": ", ", "):
        head = title.split(sep)[0]
        if head != title and len(head.split()) >= 4:
            variants.append(head)
            break
    return tuple(variants)


@lru_cache(maxsize=1)
def _templates() -> tuple[_Template, ...]:
    articles = _source_articles()
    marked = [_mark_outlet(t, o) for t, o in zip(articles["text"], articles["outlet"], strict=True)]
    bodies = [_paragraph_sentences(t) for t in marked]
    names, acronyms = _detect_names(bodies)
    templates = []
    for key, group in articles.groupby("event", sort=True):
        dates = [date.fromisoformat(d) for d in group["published"] if d]
        compiler = _Compiler(names, acronyms, min(dates))
        compiled = []
        for i in group.index:
            synonyms: list = []
            sentences = tuple((p, compiler.compile(s, synonyms)) for p, s in bodies[i])
            outlet = articles.at[i, "outlet"]
            title = compiler.compile(_mark_outlet(articles.at[i, "title"], outlet), None)
            compiled.append(_Article(outlet, _title_variants(title), sentences, tuple(synonyms)))
        by_style: dict[str, list[int]] = {}
        for j, art in enumerate(compiled):
            by_style.setdefault(art.style, []).append(j)
        templates.append(
            _Template(
                str(key),
                compiler.day,
                tuple(compiled),
                tuple((k, spec) for spec, k in compiler.slots.items()),
                compiler.derived,
                {s: tuple(v) for s, v in by_style.items()},
            )
        )
    return tuple(templates)


@lru_cache(maxsize=1)
def _template_tokens() -> frozenset[str]:
    """Every word of the source texts, so that no fictional name collides with one."""
    text = " ".join(_source_articles()["text"]) + " " + " ".join(_source_articles()["title"])
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text))
