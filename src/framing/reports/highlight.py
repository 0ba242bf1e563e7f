"""Render article text with its framing cues highlighted, as escaped HTML.

Article text is untrusted: every character of it goes through
``html.escape``; only the ``<mark>``, ``<p>`` and ``<span>`` tags made here
are real markup. Used by the dashboard, the classroom handout and the
offline event report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from framing.cues.lexicon import Category
from framing.viz.theme import category_style

EXTRA_CATEGORIES = {
    "loaded_wording": Category(
        "loaded_wording",
        "Loaded wording (model)",
        "Words the loaded-language model flags that are not in the lexicon.",
        "Words that make a sentence sound slanted, found by the computer model.",
    ),
    "contrastive": Category(
        "contrastive",
        "Distinctive phrase",
        "Phrases this outlet uses far more than the other outlets covering the event.",
        "Words this outlet uses a lot more than the others.",
    ),
}
# Whose words: quoted speech and scare quotes are set apart by shape (italic
# with a bar at the start; a dotted underline), so they read without colour.
VOICE_STYLES = {
    "quoted": (
        "font-style:italic;background:#f2f2f2;border-left:3px solid #8a8a8a;"
        "padding:0 2px 0 4px;border-radius:2px"
    ),
    "scare": "text-decoration:underline dotted #444;text-underline-offset:3px",
}
VOICE_LABELS = {
    "quoted": (
        "Quoted speech",
        "someone else's words, in quotation marks; the outlet's rates leave them out.",
    ),
    "scare": (
        "Scare quotes",
        "a few words the outlet puts in quotation marks to keep its distance from them.",
    ),
}


def _choose(spans: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """Non-overlapping spans, longest and heaviest first."""
    if spans is None or spans.empty:
        return []
    rows = spans.assign(_len=spans["end"] - spans["start"]).sort_values(
        ["_len", "weight", "start"], ascending=[False, False, True], kind="stable"
    )
    taken: list[tuple[int, int, str, str]] = []
    for r in rows.itertuples(index=False):
        if any(r.start < e and s < r.end for s, e, _, _ in taken):
            continue
        taken.append((int(r.start), int(r.end), str(r.category), str(r.rationale)))
    return sorted(taken)


def spans_in(spans: pd.DataFrame | None, start: int, end: int) -> pd.DataFrame | None:
    """The rows of ``spans`` overlapping ``[start, end)``, clipped and shifted to start at 0.

    For showing one sentence of a field: cue or voice rows (``start, end``)
    given in field offsets become offsets into ``field[start:end]``.
    """
    if spans is None or spans.empty:
        return spans
    rows = spans[(spans["end"] > start) & (spans["start"] < end)]
    return rows.assign(
        start=rows["start"].clip(lower=start) - start, end=rows["end"].clip(upper=end) - start
    )


def _voice_runs(voices: pd.DataFrame | None, length: int) -> list[tuple[int, int, str]]:
    """The quoted and scare-quoted runs of ``voices``, clipped to the text, in order."""
    if voices is None or len(voices) == 0:
        return []
    runs = []
    last = 0
    for r in voices.sort_values("start", kind="stable").itertuples(index=False):
        a, b = max(int(r.start), last, 0), min(int(r.end), length)
        if str(r.voice) in VOICE_STYLES and a < b:
            runs.append((a, b, str(r.voice)))
            last = b
    return runs


def _piece(text: str, a: int, b: int, br: bool) -> str:
    escaped = html.escape(text[a:b])
    return escaped.replace("\n", "<br>") if br else escaped


def _render(
    text: str,
    a: int,
    b: int,
    marks: list[tuple[int, int, str, str]],
    runs: list[tuple[int, int, str]],
    cats: Mapping[str, Category],
    br: bool,
) -> str:
    """``text[a:b]`` with its voice runs wrapped in spans and the cue marks inside them.

    A mark that crosses a voice boundary is cut in two, so the tags nest.
    """
    cuts = sorted({a, b, *(x for s, e, _ in runs for x in (s, e) if a < x < b)})
    voice_at = {}
    for s, e, v in runs:
        for c in cuts:
            if s <= c < e:
                voice_at[c] = v
    out: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        pieces: list[str] = []
        pos = lo
        for start, end, cat, why in marks:
            if end <= lo or start >= hi:
                continue
            s, e = max(start, lo), min(end, hi)
            pieces.append(_piece(text, pos, s, br))
            label = cats[cat].label if cat in cats else cat
            tip = html.escape(f"{label}: {why}" if why else label, quote=True)
            pieces.append(
                f'<mark class="cue cue-{html.escape(cat, quote=True)}" title="{tip}" '
                f'style="{category_style(cat)}">{_piece(text, s, e, br)}</mark>'
            )
            pos = e
        pieces.append(_piece(text, pos, hi, br))
        body = "".join(pieces)
        voice = voice_at.get(lo)
        if voice is None:
            out.append(body)
        else:
            label, why = VOICE_LABELS[voice]
            tip = html.escape(f"{label}: {why}", quote=True)
            out.append(
                f'<span class="voice voice-{voice}" title="{tip}" '
                f'style="{VOICE_STYLES[voice]}">{body}</span>'
            )
    return "".join(out)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The blank-line-separated paragraphs of ``text``, without their outer whitespace."""
    out = []
    pos = 0
    for m in [*re.finditer("\n\n", text), None]:
        a, b = pos, (m.start() if m else len(text))
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
        if m:
            pos = m.end()
    return out


def highlight_html(
    text: str,
    spans: pd.DataFrame | None,
    categories: Mapping[str, Category],
    *,
    show: bool = True,
    paragraphs: bool = True,
    voices: pd.DataFrame | None = None,
) -> str:
    """Escaped HTML of ``text`` with cue spans wrapped in ``<mark>``.

    Args:
        text: the field exactly as stored (offsets index it).
        spans: cue rows with ``start, end, category, rationale, weight``.
        categories: category metadata (labels for the hover text).
        show: ``False`` renders the plain text (classroom before the reveal).
        paragraphs: wrap blank-line-separated paragraphs in ``<p>``.
        voices: the field's voice spans (``start, end, voice``, as stored in
            the ``voices`` table, offsets into ``text``): quoted and
            scare-quoted text is wrapped in ``<span class="voice voice-...">``,
            styled by shape, not colour alone (``VOICE_STYLES``).

    Returns:
        An HTML fragment. Each mark has a ``title`` (shown on hover) with the
        category label and the reason the wording counts; each voice span a
        ``title`` saying whose words they are.
    """
    cats = {**EXTRA_CATEGORIES, **dict(categories)}
    marks = _choose(spans) if show else []
    runs = _voice_runs(voices, len(text)) if show else []
    if not paragraphs:
        return _render(text, 0, len(text), marks, runs, cats, br=False)
    return "".join(
        f"<p>{_render(text, a, b, marks, runs, cats, br=True)}</p>" for a, b in _paragraphs(text)
    )


def legend_html(categories: Iterable[Category], *, voices: Iterable[str] = ()) -> str:
    """A colour legend for the given categories (escaped), then the given voices.

    Args:
        categories: the cue categories to explain.
        voices: voice keys to add an entry for (``"quoted"``, ``"scare"``), e.g.
            the voices present in the highlighted text (``voices_present``).
    """
    items = []
    for cat in categories:
        items.append(
            f'<span style="display:inline-block;margin:2px 10px 2px 0">'
            f'<mark style="{category_style(cat.key)}" '
            f'title="{html.escape(cat.description, quote=True)}">'
            f"{html.escape(cat.label)}</mark></span>"
        )
    for voice in dict.fromkeys(voices):
        if voice not in VOICE_STYLES:
            continue
        label, why = VOICE_LABELS[voice]
        items.append(
            f'<span style="display:inline-block;margin:2px 10px 2px 0">'
            f'<span class="voice voice-{voice}" style="{VOICE_STYLES[voice]}" '
            f'title="{html.escape(why, quote=True)}">{html.escape(label)}</span></span>'
        )
    return "".join(items)


def voices_present(voices: pd.DataFrame | None) -> list[str]:
    """The voices of ``voices`` that highlighting marks (quoted, scare), in legend order."""
    if voices is None or voices.empty:
        return []
    found = set(voices["voice"].astype(str))
    return [v for v in VOICE_STYLES if v in found]
