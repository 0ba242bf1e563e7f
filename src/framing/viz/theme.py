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


# One colour per cue category, fixed (colour-blind-safe tones, distinct from
# the outlet palette's order so a cue never reads as an outlet).
CATEGORY_COLORS = {
    "militarisation_threat": "#D55E00",
    "delegitimising_label": "#CC79A7",
    "aggression_attribution": "#E69F00",
    "defensive_victim": "#0072B2",
    "euphemism_sanitising": "#009E73",
    "hedging_distancing": "#56B4E9",
    "intensity_escalation": "#B8860B",
    "loaded_wording": "#7F7F7F",
    "contrastive": "#000000",
}


def category_color(key: str) -> str:
    """The fixed colour of a cue category (user categories get a stable fallback)."""
    if key in CATEGORY_COLORS:
        return CATEGORY_COLORS[key]
    return OKABE_ITO[sum(map(ord, key)) % len(OKABE_ITO)]


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
