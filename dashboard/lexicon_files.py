"""The Lexicon page's "Download / upload" tab: lexicon files out and in, and the reset.

A helper of ``views/lexicon.py``, not a page. An uploaded file is checked with
``framing.cues.edits`` before anything is offered, and stored like any edit.
"""

from __future__ import annotations

import streamlit as st

from framing.cues.edits import parse_upload
from framing.cues.lexicon import Lexicon
from framing.errors import ConfigError
from framing.reports.markdown import md_escape
from lexicon_forms import DIRTY, LexiconView, flash

CONFIRM_RESET = "lex_confirm_reset"
UPLOAD_ROUND = "lex_upload_round"


def _apply_upload(view: LexiconView, uploaded: Lexicon, name: str) -> None:
    try:
        view.save(uploaded, f"Your edits are now those of '{name}'.")
    except ConfigError as exc:
        flash("error", f"Nothing was changed: {exc}")
        return
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1


def _reset_confirmed(view: LexiconView) -> None:
    view.store.clear_user_lexicon()
    st.session_state[DIRTY] = True
    st.session_state[CONFIRM_RESET] = False
    flash("success", "Your edits were discarded: the built-in lexicon applies again.")


def files_form(view: LexiconView, *, read_only: bool = False) -> None:
    """The tab: download the lexicon or the edits, upload a lexicon file, reset.

    Args:
        view: the lexicon shown.
        read_only: only the downloads (the dashboard runs read-only).
    """
    base, edits, lexicon = view.base, view.edits, view.lexicon
    d1, d2 = st.columns(2)
    d1.download_button(
        "Download the lexicon in use (TOML)",
        data=lexicon.to_toml(),
        file_name="framing-lexicon.toml",
        mime="application/toml",
        key="lex_download_all",
        help="The built-in lexicon with your edits applied, in the lexicon file format.",
    )
    d2.download_button(
        "Download only your edits (TOML)",
        data=edits.to_toml(),
        file_name="framing-lexicon-edits.toml",
        mime="application/toml",
        disabled=not (edits.cues or edits.categories),
        key="lex_download_edits",
        help="A small file that extends the built-in lexicon; use it with --lexicon.",
    )
    if read_only:
        st.caption("Either file works with `framing analyze --lexicon FILE`.")
        return
    st.caption(
        "Either file works with `framing analyze --lexicon FILE`, or can be uploaded here again."
    )
    up = st.file_uploader(
        "Upload a lexicon file (.toml)",
        type=["toml"],
        key=f"lex_upload_{st.session_state.get(UPLOAD_ROUND, 0)}",
        help="A file in the lexicon format. It replaces your current edits; the built-in "
        "lexicon stays as it is.",
    )
    if up is not None:
        try:
            uploaded = parse_upload(base, up.getvalue(), up.name)
        except ConfigError as exc:
            st.error(f"This file cannot be used, and nothing was changed. {md_escape(exc)}")
        else:
            new_cues = sum(c.key not in view.builtin_keys for c in uploaded.cues)
            st.info(
                f"'{md_escape(up.name)}' is valid: it adds {new_cues} cue(s), changes or "
                "switches off "
                f"{len(uploaded.cues) - new_cues} built-in cue(s) and declares "
                f"{len(uploaded.categories)} new or changed categor(ies)."
            )
            st.button(
                "Use this file (replaces your current edits)",
                on_click=_apply_upload,
                args=(view, uploaded, up.name),
                key="lex_upload_apply",
            )

    st.divider()
    n_edits = len(edits.cues) + len(edits.categories)
    if not st.session_state.get(CONFIRM_RESET):
        st.button(
            "Reset to built-in",
            disabled=n_edits == 0,
            on_click=lambda: st.session_state.update({CONFIRM_RESET: True}),
            key="lex_reset",
            help="Discard every edit made here.",
        )
    else:
        st.warning(f"Discard all {n_edits} edit(s)? The built-in lexicon applies again.")
        r1, r2 = st.columns(2)
        r1.button(
            "Yes, discard my edits", on_click=_reset_confirmed, args=(view,), key="lex_reset_yes"
        )
        r2.button(
            "Cancel",
            on_click=lambda: st.session_state.update({CONFIRM_RESET: False}),
            key="lex_reset_no",
        )
