"""Escaped HTML pieces of the pages: outlet badges, cue sentence lists, cue span blocks.

A helper of ``views/events.py`` and ``views/profiles.py``, not a page. Every
piece of article text is escaped here or by
``framing.reports.highlight.highlight_html``.
"""

from __future__ import annotations

import html

import pandas as pd

import quotes
from framing.reports.highlight import highlight_html, spans_in

PER_ROW = 3
MAX_LISTED = 60


def rows(items: list, n: int = PER_ROW) -> list[list]:
    """``items`` in rows of ``n`` (the page's columns)."""
    return [items[i : i + n] for i in range(0, len(items), n)]


def outlet_badge(outlet: str, color: str, note: str = "") -> str:
    """An outlet's name in its colour, with an optional grey ``note``."""
    extra = f' <span style="font-weight:400;color:#666">{html.escape(note)}</span>' if note else ""
    return (
        f'<div style="border-left:6px solid {color};padding:2px 0 2px 8px;'
        f'font-weight:700;font-size:1.05em">{html.escape(outlet)}{extra}</div>'
    )


def sentence_list(
    listed: pd.DataFrame, titles: pd.Series, cats: dict, voices: dict | None = None
) -> str:
    """Escaped HTML list: each cue's sentence with the cue marked, and its article.

    Args:
        listed: cue rows with their sentence (``compare.cue_sentences``).
        titles: article title by id.
        cats: cue categories by key.
        voices: stored voice spans by ``(id, field)`` (``quotes.voice_lookup``),
            so quoted words show as quoted.
    """
    items = []
    for r in listed.head(MAX_LISTED).itertuples(index=False):
        if r.sentence:
            offset = int(r.sentence_start)
            span = pd.DataFrame(
                [
                    {
                        "start": int(r.start) - offset,
                        "end": int(r.end) - offset,
                        "category": r.category,
                        "rationale": r.rationale,
                        "weight": r.weight,
                    }
                ]
            )
            own = (voices or {}).get((r.id, r.field))
            body = highlight_html(
                r.sentence,
                span,
                cats,
                paragraphs=False,
                voices=spans_in(own, offset, offset + len(r.sentence)),
            )
        else:
            body = f"<b>{html.escape(str(r.phrase))}</b>"
        where = "title" if r.field == "title" else "text"
        title = html.escape(str(titles.get(r.id, r.id)))
        items.append(
            f'<li style="margin-bottom:6px">{body}<br>'
            f'<span style="color:#666;font-size:0.85em">in the {where} of “{title}”</span></li>'
        )
    more = len(listed) - MAX_LISTED
    tail = f"<p style='color:#666'>…and {more} more.</p>" if more > 0 else ""
    return f"<ul>{''.join(items)}</ul>{tail}"


def span_blocks(spans: pd.DataFrame, articles: pd.DataFrame, cats: dict, voices: dict) -> str:
    """Escaped HTML: each cue span in its sentence, under its article's title and date.

    Args:
        spans: from ``compare.spans_with_sentences`` (offsets in the sentence).
        articles: article rows (``title, published``) indexed by ``id``.
        cats: cue categories by key.
        voices: stored voice spans by ``(id, field)`` (``quotes.voice_lookup``).
    """
    blocks = []
    for r in spans.itertuples(index=False):
        one = pd.DataFrame(
            [
                {
                    "start": r.start_in_sentence,
                    "end": r.end_in_sentence,
                    "category": r.category,
                    "rationale": r.rationale,
                    "weight": r.weight,
                }
            ]
        )
        text = r.sentence or r.phrase
        own = None
        if r.sentence:
            start = int(r.sentence_start)
            own = spans_in(voices.get((r.id, r.field)), start, start + len(r.sentence))
        art = articles.loc[r.id] if r.id in articles.index else None
        head = (
            f"{html.escape(str(art['title']))} · {html.escape(str(art['published'] or 'no date'))}"
            if art is not None
            else html.escape(str(r.id))
        )
        body = highlight_html(text, one, cats, paragraphs=False, voices=own)
        blocks.append(
            '<div style="margin:0 0 10px 0;padding:6px 10px;border-left:3px solid #ddd">'
            f'<div style="font-size:0.8em;color:#666">{head}</div><div>{body}</div></div>'
        )
    return "".join(blocks)


def highlighted_articles(
    members: pd.DataFrame, marked: pd.DataFrame, texts: pd.DataFrame, cats: dict, voices: dict
) -> dict[str, tuple[str, str]]:
    """Each article's highlighted title and text (escaped HTML), by article id.

    Args:
        members: the articles (``id, title``).
        marked: the cue spans to highlight (``id, field, start, end, category, ...``).
        texts: article rows with ``text``, indexed by ``id``.
        cats: cue categories by key.
        voices: stored voice spans by ``(id, field)`` (``quotes.voice_lookup``).
    """
    out = {}
    for art in members.itertuples(index=False):
        own = marked[marked["id"] == art.id]
        text = str(texts.loc[art.id, "text"]) if art.id in texts.index else ""
        title_html = highlight_html(
            str(art.title),
            own[own["field"] == "title"],
            cats,
            paragraphs=False,
            voices=voices.get((art.id, "title")),
        )
        body_html = highlight_html(
            text, own[own["field"] == "text"], cats, voices=voices.get((art.id, "text"))
        )
        out[art.id] = (title_html, body_html)
    return out


def loaded_sentences(top: pd.DataFrame, marks: pd.DataFrame, cats: dict, voices: dict) -> str:
    """Escaped HTML: each sentence with its loaded score, its cue spans highlighted.

    Args:
        top: sentence rows (``id, field, start, sentence, loaded_score``).
        marks: from ``compare.spans_with_sentences`` over these sentences.
        cats: cue categories by key.
        voices: stored voice spans by ``(id, field)`` (``quotes.voice_lookup``).
    """
    rows = []
    for s in top.itertuples(index=False):
        mine = marks[
            (marks["id"] == s.id)
            & (marks["field"] == s.field)
            & (marks["sentence_start"] == s.start)
        ]
        mine = mine.assign(start=mine["start_in_sentence"], end=mine["end_in_sentence"])
        body = highlight_html(
            str(s.sentence),
            mine,
            cats,
            paragraphs=False,
            voices=quotes.window_voices(voices, s.id, s.field, s.start, len(s.sentence)),
        )
        rows.append(f'<div style="margin:0 0 8px 0"><b>{s.loaded_score:.2f}</b> · {body}</div>')
    return "".join(rows)
