"""Event comparison's distinctive-phrase and frame panels, each with the sentences behind it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import common
import event_html
import html_table
from framing.compare import event as ce
from framing.cues.frames import load_frames
from framing.viz import event as event_viz


def phrases_panel(
    ctx: common.Context,
    event_id: int,
    members: pd.DataFrame,
    cues: pd.DataFrame,
    sentences: pd.DataFrame,
    voices: dict,
    colors: dict[str, str],
) -> None:
    """Each outlet's distinctive phrases in the event, and the sentences that use one."""
    event_outlets = sorted(members["outlet"].unique())
    titles = members.set_index("id")["title"]
    cats = ctx.categories
    contrast = ctx.event_table("contrast", event_id)
    if not contrast.empty:
        contrast = contrast[contrast["outlet"].isin(event_outlets)]
    st.caption(
        "Phrases each outlet used far more than the other outlets covering this event "
        "(z of at least 1.96 means unlikely to be chance)."
    )
    if len(event_outlets) < 2:
        st.info("Distinctive phrases need at least two outlets covering the event.")
    elif contrast.empty:
        st.info("No phrase stands out for any outlet in this event.")
    else:
        with_phrases = sorted(contrast["outlet"].unique())
        for chunk in event_html.rows(with_phrases):
            cols = st.columns(min(len(with_phrases), event_html.PER_ROW))
            for col, outlet in zip(cols, chunk, strict=False):
                with col:
                    st.html(event_html.outlet_badge(outlet, colors[outlet]))
                    st.dataframe(
                        contrast.loc[
                            contrast["outlet"] == outlet,
                            ["phrase", "count", "other_count", "z"],
                        ].sort_values("z", ascending=False),
                        hide_index=True,
                        width="stretch",
                        column_config={
                            "phrase": "Phrase",
                            "count": st.column_config.NumberColumn("Uses", format="%d"),
                            "other_count": st.column_config.NumberColumn(
                                "Others' uses", format="%d"
                            ),
                            "z": st.column_config.NumberColumn("z", format="%.1f"),
                        },
                    )
        silent_phrases = [o for o in event_outlets if o not in with_phrases]
        if silent_phrases:
            st.caption(
                "No distinctive phrase: " + ", ".join(common.plain(o) for o in silent_phrases)
            )
        c1, c2 = st.columns(2)
        phrase_outlet = c1.selectbox("Outlet", with_phrases, key="event_phrase_outlet")
        phrase = c2.selectbox(
            "Phrase",
            contrast.loc[contrast["outlet"] == phrase_outlet]
            .sort_values("z", ascending=False)["phrase"]
            .tolist(),
            key="event_phrase",
        )
        arts = set(members.loc[members["outlet"] == phrase_outlet, "id"])
        uses = cues[
            cues["id"].isin(arts)
            & (cues["source"] == "contrastive")
            & (cues["cue"].astype(str).str.lower() == str(phrase).lower())
        ]
        if uses.empty:
            st.info("The uses of this phrase are not listed (it may sit inside a longer cue).")
        else:
            listed = ce.cue_sentences(uses, sentences).sort_values(["id", "field", "start"])
            st.html(event_html.sentence_list(listed, titles, cats, voices))


def frames_panel(
    ctx: common.Context, event_id: int, members: pd.DataFrame, sentences: pd.DataFrame
) -> None:
    """Frame shares per outlet in the event, and the sentences of one frame."""
    event_outlets = sorted(members["outlet"].unique())
    titles = members.set_index("id")["title"]
    frames = ctx.event_table("frames", event_id)
    if not frames.empty:
        frames = frames[frames["outlet"].isin(event_outlets)]
    if frames.empty:
        st.info("No frame shares are stored for this event.")
    else:
        frame_defs = {f.key: f for f in load_frames()}
        frame_labels = {k: f.label for k, f in frame_defs.items()}
        st.plotly_chart(
            event_viz.frame_shares_chart(
                frames,
                ctx.all_outlets,
                frame_labels,
                title=f"Frame dimensions, E{event_id}",
                min_share=0.05,
            ),
            width="stretch",
            key="event_frames_chart",
        )
        st.caption(
            "Frames under 5% for every outlet are left out. Short factual sentences often "
            "go to 'other'; read the sentences before trusting a share."
        )
        c1, c2 = st.columns(2)
        frame_outlet = c1.selectbox("Outlet", event_outlets, key="event_frame_outlet")
        mine = frames[frames["outlet"] == frame_outlet].sort_values("share", ascending=False)
        shares = dict(zip(mine["frame"], mine["share"], strict=True))
        common.relabel("event_frame", mine["frame"].tolist())  # the shares change per event
        frame = c2.selectbox(
            "Frame",
            mine["frame"].tolist(),
            format_func=lambda k: f"{frame_labels.get(k, k)} ({shares.get(k, 0):.0%})",
            key="event_frame",
        )
        if frame in frame_defs:
            st.caption(common.plain(frame_defs[frame].description))
        arts = set(members.loc[members["outlet"] == frame_outlet, "id"])
        top = sentences[sentences["id"].isin(arts) & (sentences["frame"] == frame)]
        if top.empty:
            st.info(
                "No sentence of this outlet has this as its main frame; the share comes "
                "from smaller probabilities spread over many sentences."
            )
        else:
            top = top.sort_values("frame_score", ascending=False)
            top = top.assign(article=top["id"].map(titles))
            st.html(  # HTML that wraps: the grid cut the sentences off
                html_table.table_html(
                    top,
                    {"frame_score": "Probability", "sentence": "Sentence", "article": "Article"},
                    formats={"frame_score": "{:.2f}".format},
                )
            )
