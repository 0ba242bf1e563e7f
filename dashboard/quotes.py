"""Quoted speech on the pages: the "Count quoted words too" switch, voice spans, quotations.

A helper of the pages, not a page. The rates come from ``framing.compare``;
every piece of article text is escaped here or by
``framing.reports.highlight.highlight_html``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd
import streamlit as st

import common
import state
from framing import compare
from framing.reports.highlight import VOICE_STYLES, spans_in
from framing.viz.theme import verb_class_color

Lookup = dict[tuple[str, str], pd.DataFrame]
KINDS = {
    "direct": "quotation",
    "partial": "quoted words",
    "reported": "reported speech",
    "according_to": "according to",
}
# The quoted words of a quotation: the highlight, and the quoted-voice shape
# (italic, a bar at the start) that every highlighted article uses.
QUOTE_MARK = (
    "background:#FFE08A;border-bottom:2px solid #B8860B;border-left:3px solid #8a8a8a;"
    "font-style:italic;padding:0 2px 0 4px;border-radius:2px"
)
STATEMENT_MARK = "background:#FFF3C4;border-bottom:2px dashed #B8860B;padding:0 2px"


def count_quoted() -> bool:
    """Whether the sidebar switch "Count quoted words too" is on."""
    return bool(st.session_state.get(state.COUNT_QUOTED, False))


def scores(ctx: common.Context, event_id: int | None = None) -> pd.DataFrame:
    """``outlet_scores`` of the shown outlets as the switch wants them.

    Off: as stored (the outlets' own voice). On: with the quoted words and
    cues counted in (``framing.compare.scores_with_quoted``).

    Args:
        ctx: the page context.
        event_id: only this event's rows (``None``: every row).
    """
    if not count_quoted():
        if event_id is None:
            return ctx.table("outlet_scores")
        return ctx.event_table("outlet_scores", event_id)

    def _all() -> pd.DataFrame:
        tables = common.shared_tables(ctx.db_path, ctx.corpus, ctx.corpus_hash) or {}
        stored = tables.get("outlet_scores", pd.DataFrame())
        return compare.scores_with_quoted(
            stored, tables.get("cues", pd.DataFrame()), tables.get("articles", pd.DataFrame())
        )

    full = ctx.cached("scores_with_quoted", _all)
    if full.empty:
        return full
    keep = full["outlet"].isin(ctx.articles["outlet"].unique())
    if event_id is not None:
        keep &= full["event_id"] == int(event_id)
    return full[keep]


def counted_cues(cues: pd.DataFrame) -> pd.DataFrame:
    """The cue rows the rates count: outside quotations, or all of them with the switch on."""
    if count_quoted() or cues.empty or "voice" not in cues.columns:
        return cues
    return cues[cues["voice"] != "quoted"]


def quoted_caption(table: pd.DataFrame, event_id: int = compare.ALL_EVENTS) -> str:
    """One line saying what the rates count, and how many cues sit inside quotations.

    Args:
        table: ``scores(ctx)`` (or its rows of one event).
        event_id: the scope of the rates (``-1``: all events).
    """
    quoted = compare.quoted_counts(table, event_id=event_id)
    per = " · ".join(
        f"{common.plain(r.outlet)} {int(r.quoted_cues)}"
        for r in quoted.itertuples(index=False)
        if r.quoted_cues
    )
    if count_quoted():
        head = (
            "Counting quoted words too (switch in the sidebar): every word of the articles, "
            "the outlets' own and the ones they quote."
        )
        return head + (f" Of the cues, quoted: {per}." if per else "")
    head = (
        "Counting each outlet's own words only: cues inside quotations are someone else's "
        "words and are not counted"
    )
    if not per:
        return head + " (none here)."
    return (
        head + f". Quoted cues, not counted: {per}. Switch on 'Count quoted words too' to add them."
    )


def voice_lookup(voices: pd.DataFrame, ids: Iterable[str] | None = None) -> Lookup:
    """The stored voice spans by ``(id, field)``, for the given articles (default: all)."""
    if voices is None or voices.empty:
        return {}
    rows = voices if ids is None else voices[voices["id"].isin(list(ids))]
    return {k: g for k, g in rows.groupby(["id", "field"], sort=False)}


def field_voices(lookup: Lookup, art_id: str, field: str) -> pd.DataFrame | None:
    """The voice spans of one field (``None`` when none are stored)."""
    return lookup.get((art_id, field))


def window_voices(
    lookup: Lookup, art_id: str, field: str, start: int, length: int
) -> pd.DataFrame | None:
    """The voice spans of ``field[start:start + length]``, offsets into that window."""
    return spans_in(lookup.get((art_id, field)), int(start), int(start) + int(length))


def present(lookup: Lookup) -> list[str]:
    """The voices highlighting marks in these spans (for the legend)."""
    found = {str(v) for g in lookup.values() for v in g["voice"].unique()}
    return [v for v in VOICE_STYLES if v in found]


def marked_in(fragment: str) -> list[str]:
    """The voices marked in an HTML fragment made by ``highlight_html`` (for its legend)."""
    return [v for v in VOICE_STYLES if f'class="voice voice-{v}"' in fragment]


def _marked(text: str, spans: dict[str, tuple[int, int]], styles: dict[str, str]) -> str:
    """``text`` escaped, with each named span wrapped; overlapping spans nest per piece."""
    live = {k: (int(a), int(b)) for k, (a, b) in spans.items() if 0 <= a < b <= len(text)}
    cuts = sorted({0, len(text), *(x for a, b in live.values() for x in (a, b))})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[lo:hi])
        for name in ("verb", "speaker", "quote"):  # inner to outer
            if name in live and live[name][0] <= lo < live[name][1]:
                piece = styles[name].format(piece)
        out.append(piece)
    return "".join(out)


def quotation_html(row, where: str, verb_labels: dict[str, str]) -> str:
    """One quotation in its sentence: the quoted words marked, speaker bold, verb underlined.

    Args:
        row: a row of ``framing.compare.cell_quotations``.
        where: escaped HTML saying which article it comes from.
        verb_labels: verb class -> label (hover of the verb).
    """
    direct = row.kind in ("direct", "partial")
    label = verb_labels.get(row.verb_class, row.verb_class or "no verb")
    color = verb_class_color(row.verb_class) if row.verb_class else "#999999"
    style = QUOTE_MARK if direct else STATEMENT_MARK
    styles = {
        "quote": f'<mark class="quote quote-{"quoted" if direct else "reported"}" '
        f'style="{style}">{{}}</mark>',
        "speaker": '<b class="speaker">{}</b>',
        "verb": f'<span class="verb verb-{html.escape(row.verb_class or "none", quote=True)}" '
        f'title="{html.escape(label, quote=True)}" '
        f'style="border-bottom:3px solid {color}">{{}}</span>',
    }
    body = _marked(
        str(row.context),
        {
            "quote": row.quote_in_context,
            "speaker": row.speaker_in_context,
            "verb": row.verb_in_context,
        },
        styles,
    )
    verb = f"“{html.escape(str(row.verb))}” ({html.escape(label)})" if row.verb else "no verb"
    meta = f"{KINDS.get(row.kind, row.kind)} · {verb} · {int(row.n_words)} words"
    return (
        '<div class="quotation" style="margin:0 0 10px 0;padding:6px 10px;'
        'border-left:3px solid #ddd">'
        f'<div style="font-size:0.8em;color:#666">{where} · {html.escape(meta)}</div>'
        f'<div style="line-height:1.6">{body}</div></div>'
    )


def quotation_legend() -> str:
    """What the marks in a quotation list mean."""
    return (
        '<div style="margin:4px 0 8px 0;font-size:0.9em">'
        f'<mark style="{QUOTE_MARK}">the quoted words</mark> · '
        f'<mark style="{STATEMENT_MARK}">reported speech (the outlet\'s words)</mark> · '
        "<b>speaker</b> · "
        '<span style="border-bottom:3px solid #BBBBBB">attribution verb</span> '
        "(its colour: the verb class, as in the chart below)</div>"
    )


def scare_html(scare: pd.DataFrame, colors: dict[str, str], *, per_outlet: int = 12) -> str:
    """Each outlet's scare-quoted words (``framing.compare.scare_quote_words``), escaped."""
    blocks = []
    for outlet, rows in scare.groupby("outlet", sort=True):
        words = [
            f"“{html.escape(str(w))}”" + (f" ×{int(n)}" if n > 1 else "")
            for w, n in zip(rows["words"], rows["count"], strict=True)
        ]
        more = len(words) - per_outlet
        tail = f' <span style="color:#666">and {more} more</span>' if more > 0 else ""
        blocks.append(
            f'<div style="margin:0 0 8px 0;padding-left:8px;'
            f'border-left:6px solid {colors.get(str(outlet), "#666")}">'
            f"<b>{html.escape(str(outlet))}</b> ({int(rows['count'].sum())}): "
            + " · ".join(words[:per_outlet])
            + f"{tail}</div>"
        )
    return "".join(blocks)


def sentence_voices(lookup: Lookup, texts: pd.DataFrame, art_id: str, sentence: str):
    """The voice spans of ``sentence`` where it stands in its article (``None``: not found).

    Args:
        lookup: stored voice spans by ``(id, field)`` (``voice_lookup``).
        texts: articles (``title``, ``text``) indexed by ``id``.
        art_id: the article the sentence comes from.
        sentence: the sentence as stored (a slice of its title or text).
    """
    if art_id not in texts.index or not sentence:
        return None
    for field in ("title", "text"):
        pos = str(texts.at[art_id, field]).find(sentence)
        if pos >= 0:
            return window_voices(lookup, art_id, field, pos, len(sentence))
    return None
