"""The "Fix this event" expander of the Event comparison page.

Widgets only: each action calls ``framing.event_fixes`` (which checks the
edit and keeps it in the store by article ids), then runs the analysis again
through ``run.run_analysis`` and shows the event the edited articles are in.
The actions run in button callbacks, so the event picker can be moved to
that event before the page is drawn again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

import common
import framing
import gate
import state
from framing import event_fixes as fixes
from framing.events.edits import EventEdit
from run import run_analysis

MESSAGE = "event_fix_message"  # (kind, text) shown once after an action


def fix_event(ctx: common.Context, event_id: int, members: pd.DataFrame) -> None:
    """Draw the expander for the chosen event.

    Args:
        ctx: the page context (its events are the merge and move targets).
        event_id: the event shown.
        members: its articles shown (``id, outlet, title``).
    """
    if gate.read_only():
        return  # a read-only dashboard changes no stored analysis
    store = common.get_store(ctx.db_path)
    corpus = ctx.corpus
    note = st.session_state.pop(MESSAGE, None)
    with st.expander("Fix this event", expanded=note is not None):
        if note is not None:
            kind, text = note
            (st.success if kind == "success" else st.error)(text)
        st.caption(
            "Grouped wrongly? Fix it here. Fixes are kept by article, so they survive a new "
            "analysis; each one analyses the article set again (embeddings are reused)."
        )
        labels = dict(zip(ctx.events["event_id"], ctx.events["label"], strict=True))
        others = [int(e) for e in ctx.events["event_id"] if int(e) != event_id]
        titles = {str(r.id): f"{r.title} ({r.outlet})" for r in members.itertuples(index=False)}
        ids = list(titles)

        def event_name(e: int) -> str:
            return f"E{e}: {labels.get(e, '')}"

        # Columns, not tabs: the page's tabs are its cue panels.
        top, bottom = st.columns(2), st.columns(2)
        merge, split, move, rename = (*top, *bottom)
        with merge:
            st.markdown("**Merge**")
            st.selectbox("Merge with", others, format_func=event_name, key="event_fix_merge_with")
            _button(
                "Merge the two events",
                "event_fix_merge",
                not others,
                lambda: fixes.merge_events(
                    store, corpus, [event_id, st.session_state["event_fix_merge_with"]]
                ),
                ctx,
            )
        with split:
            st.markdown("**Split**")
            st.multiselect(
                "Articles to split off into a new event",
                ids,
                format_func=titles.get,
                key="event_fix_split_ids",
            )
            _button(
                "Split them off",
                "event_fix_split",
                len(ids) < 2,
                lambda: fixes.split_event(
                    store, corpus, event_id, st.session_state.get("event_fix_split_ids") or []
                ),
                ctx,
            )
        with move:
            st.markdown("**Move an article**")
            st.selectbox("Article", ids, format_func=titles.get, key="event_fix_move_id")
            st.selectbox("Move it to", others, format_func=event_name, key="event_fix_move_to")
            _button(
                "Move the article",
                "event_fix_move",
                not others or not ids,
                lambda: fixes.move_article(
                    store,
                    corpus,
                    str(st.session_state["event_fix_move_id"]),
                    int(st.session_state["event_fix_move_to"]),
                ),
                ctx,
            )
        with rename:
            st.markdown("**Rename**")
            # Keyed by the results too, so the box shows the label of the new analysis.
            label_key = f"event_fix_label_{ctx.corpus_hash}_{event_id}"
            st.text_input("New label", value=str(labels.get(event_id, "")), key=label_key)
            _button(
                "Rename the event",
                "event_fix_rename",
                False,
                lambda: fixes.rename_event(store, corpus, event_id, st.session_state[label_key]),
                ctx,
            )
        edits = fixes.list_edits(store, corpus)
        active = edits[edits["status"] != "undone"]
        st.button(
            "Undo the last fix",
            key="event_fix_undo",
            disabled=active.empty,
            on_click=_run,
            args=(lambda: fixes.undo_last(store, corpus), ctx, members["id"].tolist()),
            help="Undoes the last fix not yet undone, on any event of this article set.",
        )
        if not edits.empty:
            st.caption("Fixes of this article set, oldest first")
            st.dataframe(
                edits,
                hide_index=True,
                width="stretch",
                column_config={
                    "seq": st.column_config.NumberColumn("#", format="%d"),
                    "op": "Fix",
                    "created_at": "Made (UTC)",
                    "status": "Status",
                    "what": st.column_config.TextColumn("What", width="large"),
                },
            )


def _button(
    label: str, key: str, disabled: bool, make: Callable[[], EventEdit], ctx: common.Context
) -> None:
    st.button(label, key=key, disabled=disabled, on_click=_run, args=(make, ctx, None))


def _run(make: Callable[[], EventEdit], ctx: common.Context, shown: Sequence[str] | None) -> None:
    """Keep the edit, analyse again and show the event its articles are in (a callback).

    Args:
        make: keeps the edit (or undoes one) and returns it.
        ctx: the page context.
        shown: the articles to follow (undo: those of the event shown); ``None``
            follows the edited articles.
    """
    store = common.get_store(ctx.db_path)
    try:
        edit = make()
        analysis = run_analysis(ctx.corpus, store, message="Applying the fix…")
    except framing.FramingError as exc:
        st.session_state[MESSAGE] = ("error", common.plain(str(exc)))
        return
    follow = shown if shown is not None else (edit.target or edit.articles)
    where = fixes.event_holding(analysis, list(follow))
    done = "Undid" if shown is not None else "Kept"
    text = f"{done} fix #{edit.seq}: {fixes.describe_edit(edit)}."
    if where is not None:
        st.session_state[state.EVENT] = where
        st.session_state[state.CHOSEN_EVENT] = where
        text += f" Now showing E{where}."
    st.session_state[MESSAGE] = ("success", common.plain(text))
