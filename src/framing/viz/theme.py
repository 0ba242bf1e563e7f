"""One colour-blind-safe palette, and one fixed colour per outlet everywhere."""

from __future__ import annotations

from collections.abc import Iterable

# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies;
# extended with darker tones for corpora with more than eight outlets.
OKABE_ITO = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#004C7A",
    "#9A6A00",
    "#006B4E",
    "#8C4F73",
    "#3A7A9E",
    "#913F00",
    "#A39A2C",
    "#666666",
]
# Heatmaps write their values in the cells up to this many cells; beyond, the
# values are in the hover only: each written cell is an SVG text the browser
# lays out (60 x 42 cells took Chromium 1.5 s; without the text, 0.15 s).
MAX_TEXT_CELLS = 500
# Line charts mark every point up to this many points in all; beyond, lines
# only (thousands of SVG markers took Chromium about 0.7 s).
MAX_MARKERS = 2000
FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """Map each outlet to a palette colour by sorted name, so the mapping is stable.

    The same set of outlets always gets the same colours, on every chart.
    """
    names = sorted({str(o) for o in outlets})
    return {name: OKABE_ITO[i % len(OKABE_ITO)] for i, name in enumerate(names)}


def base_layout(title: str, caption: str | None = None) -> dict:
    """Shared layout: title, caption under the title, readable fonts."""
    text = f"{title}<br><sup>{caption}</sup>" if caption else title
    return {
        "title": {"text": text, "x": 0.0, "xanchor": "left"},
        "font": {"family": FONT, "size": 13},
        "template": "plotly_white",
        "margin": {"l": 60, "r": 20, "t": 80, "b": 60},
        "legend": {"title": {"text": "Outlet"}},
    }


# Paul Tol's "muted" scheme: nine colours told apart with the common
# colour-vision deficiencies, and none of them the outlets' (Okabe-Ito), so a
# cue never reads as an outlet. No grey: greys are for quoted speech.
TOL_MUTED = [
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
]
# One colour per cue category, fixed.
CATEGORY_COLORS = {
    "militarisation_threat": "#CC6677",
    "delegitimising_label": "#882255",
    "aggression_attribution": "#DDCC77",
    "defensive_victim": "#332288",
    "euphemism_sanitising": "#117733",
    "hedging_distancing": "#88CCEE",
    "intensity_escalation": "#999933",
    "loaded_wording": "#AA4499",
    "contrastive": "#44AA99",
}
# And one underline per category (style, thickness), so categories read apart
# without colour too: a wavy line is not a double one whatever the eye.
LINE_STYLES = [
    ("solid", 2),
    ("double", 3),
    ("wavy", 1),
    ("dashed", 2),
    ("dotted", 3),
    ("solid", 4),
    ("dashed", 4),
    ("wavy", 2),
    ("dotted", 2),
    ("double", 5),
]
CATEGORY_LINES = {
    "militarisation_threat": ("solid", 2),
    "delegitimising_label": ("double", 3),
    "aggression_attribution": ("wavy", 1),
    "defensive_victim": ("dashed", 2),
    "euphemism_sanitising": ("dotted", 3),
    "hedging_distancing": ("solid", 4),
    "intensity_escalation": ("dashed", 4),
    "loaded_wording": ("wavy", 2),
    "contrastive": ("double", 5),
}


def _fallback(key: str, n: int) -> int:
    return sum(map(ord, key)) % n


def category_color(key: str) -> str:
    """The fixed colour of a cue category (user categories get a stable fallback)."""
    if key in CATEGORY_COLORS:
        return CATEGORY_COLORS[key]
    return TOL_MUTED[_fallback(key, len(TOL_MUTED))]


def category_line(key: str) -> tuple[str, int]:
    """The fixed underline of a cue category: CSS line style and thickness in pixels."""
    if key in CATEGORY_LINES:
        return CATEGORY_LINES[key]
    return LINE_STYLES[_fallback(key, len(LINE_STYLES))]


def category_style(key: str) -> str:
    """Inline CSS of a highlighted cue: a light tint and the category's own underline."""
    color = category_color(key)
    style, width = category_line(key)
    return (
        f"background:{color}2E;text-decoration:underline {style} {color};"
        f"text-decoration-thickness:{width}px;text-underline-offset:4px;"
        "text-decoration-skip-ink:none;padding:0 2px;border-radius:3px"
    )


# One colour per attribution-verb class: neutral is grey, so the coloured
# classes read as the outlet's choice of a stronger verb. Bars of these also
# get a fill pattern (``VERB_CLASS_PATTERNS``) so they read without colour.
VERB_CLASS_COLORS = {
    "neutral": "#BBBBBB",
    "doubt": "#D55E00",
    "concession": "#E69F00",
    "emotive": "#CC79A7",
    "emphatic": "#0072B2",
}
VERB_CLASS_PATTERNS = {
    "neutral": "",
    "doubt": "/",
    "concession": ".",
    "emotive": "x",
    "emphatic": "\\",
}


def verb_class_color(key: str) -> str:
    """The fixed colour of an attribution-verb class (others get a stable fallback)."""
    if key in VERB_CLASS_COLORS:
        return VERB_CLASS_COLORS[key]
    return OKABE_ITO[sum(map(ord, key)) % len(OKABE_ITO)]
