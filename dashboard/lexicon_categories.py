"""The Lexicon page's "Categories" tab: an overview, and one category's fields and switches.

A helper of ``views/lexicon.py``, not a page; the rule for a category edit is
``framing.cues.edits.edit_category``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import common
from framing.cues.edits import edit_category
from framing.cues.lexicon import Category
from framing.errors import ConfigError
from framing.lexicon_state import lexicon_digest
from lexicon_forms import LexiconView, digest, flash, toggle_clicked


def _category_clicked(view: LexiconView, key: str, tag: str) -> None:
    s = st.session_state
    cat = Category(
        key,
        s.get(f"lex_cat_label_{tag}", "").strip(),
        s.get(f"lex_cat_description_{tag}", "").strip(),
        s.get(f"lex_cat_explain_{tag}", "").strip(),
    )
    try:
        view.save(edit_category(view.base, view.fresh(), cat), f"Saved the category '{cat.label}'.")
    except ConfigError as exc:
        flash("error", f"Nothing was changed: {exc}")


def _overview(lexicon, base, edits) -> pd.DataFrame:
    """One row per category: its names, active and switched-off cues, where it comes from."""
    frame = lexicon.frame()
    counts = frame.groupby("category")["disabled"].agg(total="size", off="sum")
    return pd.DataFrame(
        [
            {
                "label": c.label,
                "key": c.key,
                "explain": c.explain,
                "active": int(counts["total"].get(c.key, 0) - counts["off"].get(c.key, 0)),
                "off": int(counts["off"].get(c.key, 0)),
                "source": (
                    ("edited built-in" if c.key in base.categories else "yours")
                    if c.key in edits.categories
                    else "built-in"
                ),
            }
            for c in lexicon.categories.values()
        ]
    )


def categories_form(view: LexiconView) -> None:
    """The "Categories" tab: an overview, then one category's fields and switches."""
    lexicon, base, edits = view.lexicon, view.base, view.edits
    # once per lexicon and edits for every session: a frame of every cue
    digests = tuple(lexicon_digest(x) for x in (base, edits, lexicon))
    overview = common._memo(
        ("lexicon_categories", digests), lambda: _overview(lexicon, base, edits)
    ).copy(deep=False)
    st.dataframe(
        overview,
        hide_index=True,
        width="stretch",
        column_config={
            "label": "Category",
            "key": "Key",
            "explain": "In plain words",
            "active": "Active cues",
            "off": "Switched off",
            "source": "From",
        },
    )
    cat_key = st.selectbox(
        "Edit a category", list(lexicon.categories), format_func=view.label, key="lex_cat_pick"
    )
    cat = lexicon.categories[cat_key]
    ctag = digest(cat_key)
    st.text_input("Name", value=cat.label, key=f"lex_cat_label_{ctag}")
    st.text_input("Plain explanation", value=cat.explain, key=f"lex_cat_explain_{ctag}")
    st.text_area(
        "Description for analysts", value=cat.description, key=f"lex_cat_description_{ctag}"
    )
    member_keys = [c.key for c in lexicon.cues if c.category == cat_key]
    k1, k2, k3 = st.columns(3)
    k1.button(
        "Save category",
        on_click=_category_clicked,
        args=(view, cat_key, ctag),
        key="lex_cat_save",
    )
    k2.button(
        f"Switch off all {len(member_keys)} cues",
        on_click=toggle_clicked,
        args=(view, member_keys, True, f"All cues of '{cat.label}'"),
        disabled=not member_keys,
        key="lex_cat_off",
    )
    k3.button(
        "Switch them all back on",
        on_click=toggle_clicked,
        args=(view, member_keys, False, f"All cues of '{cat.label}'"),
        disabled=not member_keys,
        key="lex_cat_on",
    )
