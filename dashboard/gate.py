"""The access gate and the read-only switch, read by the entrypoint before any page.

``framing dashboard`` sets both through environment variables
(``framing.access``): with an access token, every session enters it once
before anything else is drawn; read-only hides what changes the store.
"""

from __future__ import annotations

import streamlit as st

from framing import access
from framing.errors import FramingError
from framing.reports.markdown import md_escape

GRANTED = "access_granted"


def require_access() -> None:
    """Stop this run at a token form until the session has entered the access token.

    Does nothing when the operator set no token. The token is compared in
    constant time, and only "granted" is kept in the session, never the token.
    A server started with ``streamlit run`` on a non-loopback
    ``--server.address`` and no token shows nothing but that error, as
    ``framing dashboard`` would refuse to start.
    """
    expected = access.token()
    address = st.get_option("server.address")
    try:
        if address:  # unset when run by AppTest, or by `streamlit run` without an address
            access.require_token_for(str(address), expected)
    except FramingError as exc:
        st.error(md_escape(exc))
        st.stop()
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
