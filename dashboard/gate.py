"""The access gate and the read-only switch, read by the entrypoint before any page.

``framing dashboard`` sets both through environment variables
(``framing.access``): with an access token, every session enters it once
before anything else is drawn; read-only hides what changes the store.
"""

from __future__ import annotations

import streamlit as st

from framing import access

GRANTED = "access_granted"


def require_access() -> None:
    """Stop this run at a token form until the session has entered the access token.

    Does nothing when the operator set no token. The token is compared in
    constant time, and only "granted" is kept in the session, never the token.
    """
    expected = access.token()
    if not expected or st.session_state.get(GRANTED):
        return
    st.title("framing-dashboard")
    with st.form("access_gate", clear_on_submit=True):
        entered = st.text_input(
            "Access token",
            type="password",
            help="The person who started this dashboard gave it to you.",
        )
        submitted = st.form_submit_button("Enter", type="primary")
    if submitted:
        if access.check_token(entered, expected):
            st.session_state[GRANTED] = True
            st.rerun()
        st.error("That is not the access token. Check it and try again.")
    st.stop()


def read_only() -> bool:
    """Whether this dashboard runs read-only (no upload, delete, lexicon edits or analysis)."""
    return access.read_only()


READ_ONLY_NOTE = (
    "This dashboard is read-only: article sets cannot be added, deleted or analysed here, "
    "and the lexicon cannot be edited. Use `framing analyze` on the server instead."
)
