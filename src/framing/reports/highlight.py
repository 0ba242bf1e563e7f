"""Render article text with its framing cues highlighted, as escaped HTML.

Article text is untrusted: every character of it goes through
``html.escape``; only the ``<mark>``, ``<p>`` and ``<span>`` tags made here
are real markup. Used by the dashboard, the classroom handout and the
offline event report.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import pandas as pd

from framing.cues.lexicon import Category
from framing.viz.theme import category_color

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


def highlight_html(
    text: str,
    spans: pd.DataFrame | None,
    categories: Mapping[str, Category],
    *,
    show: bool = True,
    paragraphs: bool = True,
) -> str:
    """Escaped HTML of ``text`` with cue spans wrapped in ``<mark>``.

    Args:
        text: the field exactly as stored (offsets index it).
        spans: cue rows with ``start, end, category, rationale, weight``.
        categories: category metadata (labels for the hover text).
        show: ``False`` renders the plain text (classroom before the reveal).
        paragraphs: wrap blank-line-separated paragraphs in ``<p>``.

    Returns:
        An HTML fragment. Each mark has a ``title`` (shown on hover) with the
        category label and the reason the wording counts.
    """
    cats = {**EXTRA_CATEGORIES, **dict(categories)}
    pieces: list[str] = []
    pos = 0
    for start, end, cat, why in _choose(spans) if show else []:
        pieces.append(html.escape(text[pos:start]))
        label = cats[cat].label if cat in cats else cat
        tip = html.escape(f"{label}: {why}" if why else label, quote=True)
        color = category_color(cat)
        pieces.append(
            f'<mark class="cue cue-{html.escape(cat, quote=True)}" title="{tip}" '
            f'style="background:{color}33;border-bottom:2px solid {color};'
            f'padding:0 2px;border-radius:3px">{html.escape(text[start:end])}</mark>'
        )
        pos = end
    pieces.append(html.escape(text[pos:]))
    body = "".join(pieces)
    if not paragraphs:
        return body
    parts = [p.strip().replace("\n", "<br>") for p in body.split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in parts if p)


def legend_html(categories: Iterable[Category]) -> str:
    """A colour legend for the given categories (escaped)."""
    items = []
    for cat in categories:
        color = category_color(cat.key)
        items.append(
            f'<span style="display:inline-block;margin:2px 10px 2px 0">'
            f'<mark style="background:{color}33;border-bottom:2px solid {color};'
            f'padding:0 4px;border-radius:3px" title="{html.escape(cat.description, quote=True)}">'
            f"{html.escape(cat.label)}</mark></span>"
        )
    return "".join(items)
