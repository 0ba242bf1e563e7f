"""The fixed palettes: cue categories told apart by colour and by underline."""

from __future__ import annotations

import re

import pandas as pd

from framing.cues.lexicon import load_lexicon
from framing.reports.highlight import EXTRA_CATEGORIES, highlight_html
from framing.viz import theme


def _builtin_keys() -> list[str]:
    return [*load_lexicon().categories, *EXTRA_CATEGORIES]


def _is_grey(color: str) -> bool:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) < 24


def test_viz_theme_every_category_has_its_own_colour_from_the_safe_palette() -> None:
    keys = _builtin_keys()
    colors = [theme.category_color(k) for k in keys]
    assert len(set(colors)) == len(keys)  # no two categories share a colour
    assert set(colors) <= set(theme.TOL_MUTED)
    assert not any(_is_grey(c) for c in colors)
    assert not set(colors) & set(theme.OKABE_ITO)  # a cue never reads as an outlet


def test_viz_theme_every_category_has_its_own_underline() -> None:
    keys = _builtin_keys()
    lines = [theme.category_line(k) for k in keys]
    assert len(set(lines)) == len(keys)
    styles = [theme.category_style(k) for k in keys]
    assert len(set(styles)) == len(keys)
    assert all("text-decoration:underline" in s for s in styles)


def test_viz_theme_user_categories_fall_back_to_the_palettes() -> None:
    assert theme.category_color("my_own") in theme.TOL_MUTED
    assert theme.category_line("my_own") in theme.LINE_STYLES
    assert theme.category_color("my_own") == theme.category_color("my_own")


def test_viz_theme_highlighted_cues_carry_their_category_style() -> None:
    text = "The regime staged a provocation and a so-called drill."
    spans = pd.DataFrame(
        [
            {
                "start": 4,
                "end": 10,
                "category": "delegitimising_label",
                "weight": 1.0,
                "rationale": "",
            },
            {
                "start": 20,
                "end": 31,
                "category": "aggression_attribution",
                "weight": 1.0,
                "rationale": "",
            },
        ]
    )
    body = highlight_html(text, spans, load_lexicon().categories)
    marks = re.findall(r'<mark class="cue cue-(\w+)"[^>]*style="([^"]+)"', body)
    assert dict(marks) == {
        "delegitimising_label": theme.category_style("delegitimising_label"),
        "aggression_attribution": theme.category_style("aggression_attribution"),
    }
    assert "underline double" in dict(marks)["delegitimising_label"]
    assert "underline wavy" in dict(marks)["aggression_attribution"]
