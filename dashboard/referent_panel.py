"""The "Fix these rows" expander of the Who called it what page, and its hidden-row filter.

Widgets only: each action calls ``framing.referent_fixes`` (which checks the
correction and keeps it in the store by the labels of the rows it names),
and the next run of every page reads the corrected tables (the dashboard's
caches are keyed by the corrections, ``framing.referent_corrections.corrections_key``). Nothing is
analysed again. The actions run in button callbacks, so the page
is drawn afterwards with the corrected rows. A read-only dashboard shows no
panel, only what became of the corrections.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

import common
import framing
import gate
from framing import referent_fixes as fixes
from framing.referents.corrected import row_labels, unmatched_note, visible_rows
from framing.referents.edits import ReferentEdit

MESSAGE = "referent_fix_message"  # (kind, text) shown once after an action


def shown_rows(alignment: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``alignment`` a user did not hide (the panel lists the hidden ones)."""
    return visible_rows(alignment)


def _rows(ctx: common.Context, event_id: int) -> tuple[dict, frozenset, dict]:
    """The event's rows: id -> name, the hidden ids, id -> its labels."""
    align = ctx.tables["alignment"]
    align = align[align["event_id"] == event_id].drop_duplicates("referent_id")
    names = dict(zip(align["referent_id"].astype(str), align["referent"].astype(str), strict=True))
    hidden = frozenset(align.loc[align["hidden"].astype(bool), "referent_id"].astype(str))
    return names, hidden, row_labels(ctx.tables["mentions"], event_id)


def fix_referents(ctx: common.Context, event_id: int) -> None:
    """Say which corrections no longer match a row, and draw the expander for the event.

    Args:
        ctx: the page context (its ``alignment`` and ``mentions`` are corrected).
        event_id: the event shown.
    """
    note = unmatched_note(ctx.tables.get("referent_edits"))
    if note:
        st.warning(common.plain(note))
    if gate.read_only():
        return  # a read-only dashboard changes nothing in the store
    store = common.get_store(ctx.db_path)
    corpus = ctx.corpus
    align = ctx.tables.get("alignment", pd.DataFrame())
    if "referent_id" not in align.columns or "mentions" not in ctx.tables:
        return  # an analysis from before referents: nothing to correct by label
    # once per event and corrections for every session: two scans of the whole set's tables
    rows = ctx.cached(("referent_fix_rows", event_id), lambda: _rows(ctx, event_id))
    names, hidden, labels = rows
    shown = [r for r in names if r not in hidden]
    said = st.session_state.pop(MESSAGE, None)
    with st.expander("Fix these rows", expanded=said is not None):
        if said is not None:
            kind, text = said
            (st.success if kind == "success" else st.error)(text)
        st.caption(
            "Two rows for one thing, or one row for two? Fix it here. Fixes are kept by the "
            "rows' labels, so they survive a new analysis, and they show in the exports. "
            "Nothing is analysed again."
        )

        def name(r: str) -> str:
            return f"{names.get(r, r)} ({r})"

        merge, split = st.columns(2)
        rename, hide = st.columns(2)
        with merge:
            st.markdown("**Merge**")
            st.multiselect("Rows to merge", shown, format_func=name, key="referent_fix_merge")
            _button(
                "Merge the rows",
                "referent_fix_merge_go",
                len(shown) < 2,
                lambda: fixes.merge_referents(
                    store, corpus, event_id, st.session_state.get("referent_fix_merge") or []
                ),
            )
        with split:
            st.markdown("**Split**")
            row = st.selectbox("Row", shown, format_func=name, key="referent_fix_split_row")
            st.multiselect(
                "Labels to move to a new row",
                labels.get(str(row), []) if row is not None else [],
                key="referent_fix_split_labels",
            )
            _button(
                "Split them off",
                "referent_fix_split_go",
                row is None,
                lambda: fixes.split_referent(
                    store,
                    corpus,
                    event_id,
                    str(st.session_state["referent_fix_split_row"]),
                    st.session_state.get("referent_fix_split_labels") or [],
                ),
            )
        with rename:
            st.markdown("**Rename**")
            st.selectbox("Row", shown, format_func=name, key="referent_fix_rename_row")
            st.text_input("New name", key="referent_fix_rename_name")
            _button(
                "Rename the row",
                "referent_fix_rename_go",
                not shown,
                lambda: fixes.rename_referent(
                    store,
                    corpus,
                    event_id,
                    str(st.session_state["referent_fix_rename_row"]),
                    st.session_state.get("referent_fix_rename_name", ""),
                ),
            )
        with hide:
            st.markdown("**Hide or show**")
            st.selectbox("Row to hide", shown, format_func=name, key="referent_fix_hide_row")
            _button(
                "Hide the row",
                "referent_fix_hide_go",
                not shown,
                lambda: fixes.hide_referent(
                    store, corpus, event_id, str(st.session_state["referent_fix_hide_row"])
                ),
            )
            if hidden:
                st.selectbox(
                    "Hidden row", sorted(hidden), format_func=name, key="referent_fix_show_row"
                )
                _button(
                    "Show it again",
                    "referent_fix_show_go",
                    False,
                    lambda: fixes.show_referent(
                        store, corpus, event_id, str(st.session_state["referent_fix_show_row"])
                    ),
                )
        # From the corrected tables already read: listing costs no replay.
        edits = fixes.edit_list(store.referent_edits(corpus), ctx.tables.get("referent_edits"))
        active = edits[edits["status"] != "undone"]
        st.button(
            "Undo the last fix",
            key="referent_fix_undo",
            disabled=active.empty,
            on_click=_run,
            args=(lambda: fixes.undo_last(store, corpus), "Undid"),
            help="Undoes the last fix not yet undone, on any event of this article set.",
        )
        if not edits.empty:
            st.caption("Fixes of this article set's rows, oldest first")
            st.dataframe(
                edits,
                hide_index=True,
                width="stretch",
                column_config={
                    "seq": st.column_config.NumberColumn("#", format="%d"),
                    "op": "Fix",
                    "created_at": "Made (UTC)",
                    "status": "Status",
                    "event_id": st.column_config.NumberColumn("Event", format="%d"),
                    "what": st.column_config.TextColumn("What", width="large"),
                    "reason": "Why not applied",
                },
            )


def _button(label: str, key: str, disabled: bool, make: Callable[[], ReferentEdit]) -> None:
    st.button(label, key=key, disabled=disabled, on_click=_run, args=(make, "Kept"))


def _run(make: Callable[[], ReferentEdit], done: str) -> None:
    """Keep (or undo) a correction and make every page read the corrected tables (a callback)."""
    try:
        edit = make()
    except framing.FramingError as exc:
        st.session_state[MESSAGE] = ("error", common.plain(str(exc)))
        return
    # The picked rows and labels may be gone now; the widgets start empty again.
    for key in ("referent_fix_merge", "referent_fix_split_labels", "referent_fix_rename_name"):
        st.session_state.pop(key, None)
    text = f"{done} fix #{edit.seq}: {fixes.describe_edit(edit)}."
    if edit.op == "split" and done == "Kept":
        text += " A new row shows when at least two outlets use its labels."
    st.session_state[MESSAGE] = ("success", common.plain(text))
