"""Lexicon: browse, search, add, edit and switch off framing cues; re-score with the edits.

The built-in lexicon file is never written: edits are kept in the store as a
small user lexicon (``framing.rescore``) and applied on top of it. The tabs'
forms are ``lexicon_forms``, ``lexicon_categories`` and ``lexicon_files``
(helper modules beside ``common``, not pages).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import common
import gate
import lexicon_categories
import lexicon_files
import lexicon_forms
import lexicon_usage
import lexicons
from framing.errors import ConfigError, FramingError
from framing.lexicon_state import is_stale
from lexicon_forms import DIRTY, FLASH, LexiconView, flash
from run import run_analysis

settings = common.settings()
store = common.get_store(str(settings.resolved_db_path))
ctx = common.get_context()
read_only = gate.read_only()

st.title("Lexicon")
st.caption(
    "The framing cues the analysis looks for: wording, its category, how loaded it is and why "
    "it counts. Your changes are kept in the store next to the built-in lexicon, which is "
    "never modified."
)

try:
    base = lexicons.base_lexicon()
except ConfigError as exc:
    st.error(f"The lexicon named in the settings cannot be used: {common.plain(exc)}")
    st.stop()
try:
    _, edits, lexicon = lexicons.lexicon_in_use(store.user_lexicon() or "")
except ConfigError as exc:
    edits, lexicon = None, base
    st.error(
        "Your saved lexicon edits no longer apply, so the built-in lexicon is shown. "
        + common.plain(exc)
    )
    if not read_only and st.button("Discard the saved edits", key="lex_discard_broken"):
        store.clear_user_lexicon()
        st.rerun()
    st.stop()

view = LexiconView(store, base, edits, lexicon)
edit_keys, builtin_keys = view.edit_keys, view.builtin_keys

# -- summary and re-score -------------------------------------------------------------------

active = len(lexicon.active)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Active cues", active)
c2.metric("Switched off", len(lexicon.cues) - active)
c3.metric("Categories", len(lexicon.categories))
c4.metric("Your edits", len(edits.cues) + len(edits.categories))

if FLASH in st.session_state:
    kind, text = st.session_state.pop(FLASH)
    (st.success if kind == "success" else st.error)(common.plain(text))

if read_only:
    st.info(gate.READ_ONLY_NOTE)  # re-scoring would store new results
else:
    with st.container(border=True):
        if ctx is None:
            st.info("No article set is open, so there is nothing to re-score yet.")
        else:
            if st.session_state.get(DIRTY) or is_stale(store, ctx.corpus, lexicon):
                st.warning(
                    f"The results shown for '{common.plain(ctx.corpus)}' do not include your "
                    "latest lexicon changes yet. Re-score to apply them."
                )
            st.write(
                f"Re-scoring runs the analysis of **{common.plain(ctx.corpus)}** again with the "
                "lexicon below. Stored embeddings are reused, so it mostly re-reads the wording."
            )
            if st.button("Re-score the corpus", type="primary", key="lex_rescore"):
                try:
                    run_analysis(
                        ctx.corpus,
                        store,
                        lexicon=lexicon,
                        message=f"Re-scoring '{common.plain(ctx.corpus)}' with the edited lexicon…",
                        label="Embedding (stored vectors are reused)…",
                    )
                except FramingError as exc:
                    st.error(
                        "Re-scoring failed, and the previous results were kept. "
                        + common.plain(exc)
                    )
                else:
                    st.session_state[DIRTY] = False
                    flash(
                        "success",
                        f"'{ctx.corpus}' was re-scored with {active} active cues. Every page now "
                        "shows the new results.",
                    )
                    st.rerun()
        lexicon_usage.stale_panel(store, lexicon, ctx)

# A key makes the tabs track the open one, so a rerun after an edit stays on that tab.
tab_names = ["Browse", "Download"] if read_only else ["Browse", "Add a cue", "Edit a cue"]
if not read_only:
    tab_names += ["Categories", "Download / upload"]
tabs = st.tabs(tab_names, key="lex_tab", on_change="rerun")
browse, files = tabs[0], tabs[-1]

# -- browse -----------------------------------------------------------------------------------

with browse:
    query = st.text_input(
        "Search",
        key="lex_search",
        placeholder="a word, a category or part of a reason",
        help="Matches the wording, the category and the reason, ignoring case.",
    )
    f1, f2 = st.columns([2, 1])
    chosen = f1.multiselect(
        "Categories",
        list(lexicon.categories),
        format_func=view.label,
        key="lex_filter_categories",
        placeholder="all categories",
    )
    status = f2.selectbox(
        "Show", ["all", "active", "switched off", "your edits"], key="lex_filter_status"
    )
    table = lexicon_usage.browse_table(view, ctx)
    mask = pd.Series(True, index=table.index)
    if query.strip():
        q = query.strip().lower()
        hay = (
            table["wording"]
            + " "
            + table["pattern"]
            + " "
            + table["examples"]
            + " "
            + table["category"]
            + " "
            + table["category_label"]
            + " "
            + table["rationale"]
        ).str.lower()
        mask &= hay.str.contains(q, regex=False)
    if chosen:
        mask &= table["category"].isin(chosen)
    if status == "active":
        mask &= ~table["disabled"]
    elif status == "switched off":
        mask &= table["disabled"]
    elif status == "your edits":
        mask &= table["key"].isin(edit_keys)
    shown = table[mask].sort_values(["category_label", "wording"])
    columns = [
        "wording",
        "examples",
        "n_hits",
        "n_articles",
        "n_outlets",
        "category_label",
        "weight",
        "direction",
        "rationale",
        "status",
        "source",
        "pattern",
    ]
    where = f"'{common.plain(ctx.corpus)}'" if ctx is not None else "no open set"
    st.caption(
        f"{len(shown)} of {len(table)} cues, grouped by category. Hits are counted in the "
        f"stored results of {where} (the articles the filters show)."
    )
    if shown.empty:
        st.info("No cue matches. Clear the search or the filters.")
    else:
        picked_rows = st.dataframe(
            shown[columns],
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="lex_table",
            column_config={
                "wording": st.column_config.TextColumn(
                    "Wording",
                    help="The cue's words: '+' joins words, '/' separates choices.",
                    width="large",
                ),
                "examples": st.column_config.TextColumn(
                    "Matches, e.g.",
                    help="Strings the cue's pattern matches (checked).",
                    width="large",
                ),
                "n_hits": st.column_config.NumberColumn("Hits", help="Times it was found."),
                "n_articles": st.column_config.NumberColumn("Articles"),
                "n_outlets": st.column_config.NumberColumn("Outlets"),
                "pattern": st.column_config.TextColumn(
                    "As written", help="The entry in the lexicon syntax (or its regex)."
                ),
                "category_label": "Category",
                "weight": st.column_config.NumberColumn(
                    "Weight", help="How loaded the wording is, 0 to 1.", format="%.2f"
                ),
                "direction": st.column_config.TextColumn(
                    "Casts someone as", help="aggressor, victim, legitimate or illegitimate"
                ),
                "rationale": st.column_config.TextColumn(
                    "Why it counts", help="Click a row to read it in full below.", width="large"
                ),
                "status": "Status",
                "source": "From",
            },
        )
        rows = picked_rows.selection.rows if picked_rows is not None else []
        if rows:
            lexicon_usage.cue_in_full(shown.iloc[rows[0]])
        else:
            st.caption("Click a row to read its wording, examples and reason in full.")
        with_hits = shown[shown["n_hits"] > 0].sort_values("n_hits", ascending=False)
        if ctx is not None and not with_hits.empty:
            st.markdown("**Where a cue was found**")
            hit_labels = {
                k: f"{w} ({n} hits)"
                for k, w, n in zip(
                    with_hits["key"], with_hits["wording"], with_hits["n_hits"], strict=True
                )
            }
            picked = st.selectbox(
                "Cue",
                list(hit_labels),
                format_func=hit_labels.__getitem__,
                key="lex_hits_cue",
                help="Cues with hits among those listed above, most hits first.",
            )
            wording = with_hits.loc[with_hits["key"] == picked, "wording"].iloc[0]
            lexicon_usage.hit_sentences(ctx, picked, wording)

if not read_only:
    with tabs[1]:
        lexicon_forms.add_form(view)
    with tabs[2]:
        lexicon_forms.edit_form(view)
    with tabs[3]:
        lexicon_categories.categories_form(view)
with files:
    lexicon_files.files_form(view, read_only=read_only)
