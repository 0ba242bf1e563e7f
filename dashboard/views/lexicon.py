"""Lexicon: browse, search, add, edit and switch off framing cues; re-score with the edits.

The built-in lexicon file is never written: edits are kept in the store as a
small user lexicon (``framing.rescore``) and applied on top of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pandas as pd
import streamlit as st

import common
from framing.cues.lexicon import DIRECTIONS, Category, Cue, Lexicon
from framing.errors import ConfigError, FramingError
from framing.pipeline import resolve_lexicon
from framing.rescore import (
    add_cue,
    edit_category,
    edit_cue,
    load_edits,
    merge,
    minimal,
    new_category,
    parse_edits,
    rescore,
    revert_cue,
    save_edits,
    set_disabled,
)

NEW_CATEGORY = "__new__"
FLASH = "lex_flash"
ADD_ERROR = "lex_add_error"
EDIT_ERROR = "lex_edit_error"
DIRTY = "lex_dirty"
CONFIRM_RESET = "lex_confirm_reset"
UPLOAD_ROUND = "lex_upload_round"
PHRASE_HELP = (
    "Write the wording in its base form: 'war game' also finds 'war games' and 'war-gaming'. "
    "Put optional words in [square brackets] and alternatives in (round|brackets), e.g. "
    "'[so-called] (regime|junta)'. A regular expression is matched as written."
)

settings = common.settings()
store = common.get_store(str(settings.resolved_db_path))
ctx = common.get_context()

st.title("Lexicon")
st.caption(
    "The framing cues the analysis looks for: wording, its category, how loaded it is and why "
    "it counts. Your changes are kept in the store next to the built-in lexicon, which is "
    "never modified."
)

try:
    base = resolve_lexicon(settings)
except ConfigError as exc:
    st.error(f"The lexicon named in the settings cannot be used: {exc}")
    st.stop()
try:
    edits = load_edits(store)
    lexicon = merge(base, edits)
except ConfigError as exc:
    edits, lexicon = None, base
    st.error(f"Your saved lexicon edits no longer apply, so the built-in lexicon is shown. {exc}")
    if st.button("Discard the saved edits", key="lex_discard_broken"):
        store.clear_user_lexicon()
        st.rerun()
    st.stop()


def _flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def _fresh() -> Lexicon:
    # Callbacks re-read the edits: another tab may have saved since this page was drawn.
    return load_edits(store)


def _save(new_edits: Lexicon, message: str) -> None:
    save_edits(store, base, new_edits)
    st.session_state[DIRTY] = True
    _flash("success", message)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _label(key: str) -> str:
    cat = lexicon.categories.get(key)
    return cat.label if cat else key


def _wording(cue: Cue) -> str:
    return f"regex {cue.regex}" if cue.regex else cue.phrase


edit_keys = {c.key for c in edits.cues}
builtin_keys = {c.key for c in base.cues}

# -- summary and re-score -------------------------------------------------------------------

active = len(lexicon.active)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Active cues", active)
c2.metric("Switched off", len(lexicon.cues) - active)
c3.metric("Categories", len(lexicon.categories))
c4.metric("Your edits", len(edits.cues) + len(edits.categories))

if FLASH in st.session_state:
    kind, text = st.session_state.pop(FLASH)
    (st.success if kind == "success" else st.error)(text)

with st.container(border=True):
    if ctx is None:
        st.info("No article set is open, so there is nothing to re-score yet.")
    else:
        if st.session_state.get(DIRTY):
            st.warning(
                f"The results shown for '{ctx.corpus}' do not include your latest lexicon "
                "changes yet. Re-score to apply them."
            )
        st.write(
            f"Re-scoring runs the analysis of **{common.plain(ctx.corpus)}** again with the "
            "lexicon below. Stored embeddings are reused, so it mostly re-reads the wording."
        )
        if st.button("Re-score the corpus", type="primary", key="lex_rescore"):
            bar = st.progress(0.0, text="Embedding (stored vectors are reused)…")

            def _progress(done: int, total: int) -> None:
                bar.progress(done / max(total, 1), text=f"Embedding… {done}/{total}")

            try:
                with st.spinner(f"Re-scoring '{ctx.corpus}' with the edited lexicon…"):
                    model = common.analysis_model(store, ctx.corpus)
                    rescore(
                        ctx.corpus,
                        store,
                        settings.replace(model=model),
                        lexicon,
                        embedder=common.get_embedder(model),
                        progress=_progress,
                    )
            except FramingError as exc:
                bar.empty()
                st.error(f"Re-scoring failed, and the previous results were kept. {exc}")
            else:
                bar.empty()
                common.clear_caches()
                st.session_state[DIRTY] = False
                _flash(
                    "success",
                    f"'{ctx.corpus}' was re-scored with {active} active cues. Every page now "
                    "shows the new results.",
                )
                st.rerun()

# A key makes the tabs track the open one, so a rerun after an edit stays on that tab.
browse, add, edit, cats, files = st.tabs(
    ["Browse", "Add a cue", "Edit a cue", "Categories", "Download / upload"],
    key="lex_tab",
    on_change="rerun",
)

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
        format_func=_label,
        key="lex_filter_categories",
        placeholder="all categories",
    )
    status = f2.selectbox(
        "Show", ["all", "active", "switched off", "your edits"], key="lex_filter_status"
    )
    table = lexicon.frame()
    table["category_label"] = table["category"].map(_label)
    table["wording"] = table["regex"].where(table["regex"] != "", table["phrase"])
    table["status"] = table["disabled"].map({True: "switched off", False: "active"})
    table["source"] = [
        ("edited built-in" if k in builtin_keys else "yours") if k in edit_keys else "built-in"
        for k in table["key"]
    ]
    mask = pd.Series(True, index=table.index)
    if query.strip():
        q = query.strip().lower()
        hay = (
            table["wording"]
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
    columns = ["wording", "category_label", "weight", "direction", "rationale", "status", "source"]
    st.caption(f"{len(shown)} of {len(table)} cues, grouped by category.")
    if shown.empty:
        st.info("No cue matches. Clear the search or the filters.")
    else:
        st.dataframe(
            shown[
                [
                    "wording",
                    "category_label",
                    "weight",
                    "direction",
                    "rationale",
                    "status",
                    "source",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "wording": "Wording",
                "category_label": "Category",
                "weight": st.column_config.NumberColumn(
                    "Weight", help="How loaded the wording is, 0 to 1.", format="%.2f"
                ),
                "direction": st.column_config.TextColumn(
                    "Casts someone as", help="aggressor, victim, legitimate or illegitimate"
                ),
                "rationale": "Why it counts",
                "status": "Status",
                "source": "From",
            },
        )

# -- add --------------------------------------------------------------------------------------


def _add_clicked() -> None:
    s = st.session_state
    s.pop(ADD_ERROR, None)
    pattern = s.get("lex_add_pattern", "").strip()
    is_regex = s.get("lex_add_kind") == "regular expression"
    rationale = s.get("lex_add_rationale", "").strip()
    try:
        if not pattern:
            raise ConfigError("type the wording to look for.")
        if not rationale:
            raise ConfigError(
                "say in one line why this wording frames the story; it is shown to readers."
            )
        category = None
        key = s.get("lex_add_category")
        if key == NEW_CATEGORY:
            category = new_category(
                s.get("lex_add_cat_label", ""),
                s.get("lex_add_cat_explain", ""),
                s.get("lex_add_cat_description", ""),
            )
            key = category.key
        cue = Cue(
            phrase="" if is_regex else pattern,
            regex=pattern if is_regex else "",
            category=key,
            weight=float(s.get("lex_add_weight", 0.5)),
            direction=s.get("lex_add_direction") or "",
            rationale=rationale,
            inflect=bool(s.get("lex_add_inflect", True)),
            case_sensitive=bool(s.get("lex_add_case", False)),
        )
        new = add_cue(base, _fresh(), cue, category=category)
        _save(new, f"Added '{pattern}' to {category.label if category else _label(key)}.")
    except ConfigError as exc:
        s[ADD_ERROR] = f"The cue was not added: {exc}"
        return
    for field in ("lex_add_pattern", "lex_add_rationale", "lex_add_cat_label"):
        s[field] = ""
    s["lex_add_cat_explain"] = ""
    s["lex_add_cat_description"] = ""


with add:
    st.radio(
        "The new cue is", ["phrase", "regular expression"], key="lex_add_kind", horizontal=True
    )
    st.text_input("New wording", key="lex_add_pattern", help=PHRASE_HELP)
    options = [*lexicon.categories, NEW_CATEGORY]
    category_choice = st.selectbox(
        "Category of the new cue",
        options,
        format_func=lambda k: "New category…" if k == NEW_CATEGORY else _label(k),
        key="lex_add_category",
    )
    if category_choice == NEW_CATEGORY:
        with st.container(border=True):
            st.text_input("Name of the new category", key="lex_add_cat_label")
            st.text_input(
                "Plain explanation (one sentence a student understands)",
                key="lex_add_cat_explain",
                placeholder="Words that make money matters sound like a danger.",
            )
            st.text_area(
                "Description for analysts (optional)", key="lex_add_cat_description", height=80
            )
    else:
        st.caption(lexicon.categories[category_choice].explain)
    a1, a2 = st.columns(2)
    a1.slider("New cue's weight: how loaded it is", 0.0, 1.0, 0.5, 0.05, key="lex_add_weight")
    a2.selectbox(
        "The new wording casts someone as",
        ["", *DIRECTIONS],
        format_func=lambda d: d or "(no one in particular)",
        key="lex_add_direction",
    )
    st.text_input("Why the new wording counts (one line)", key="lex_add_rationale")
    o1, o2 = st.columns(2)
    o1.checkbox("Match inflected forms of the new wording", value=True, key="lex_add_inflect")
    o2.checkbox("Match the new wording's case exactly", key="lex_add_case")
    st.button("Add the cue", on_click=_add_clicked, key="lex_add_submit")
    if ADD_ERROR in st.session_state:
        st.error(st.session_state.pop(ADD_ERROR))

# -- edit -------------------------------------------------------------------------------------


def _edit_clicked(old: Cue, tag: str) -> None:
    s = st.session_state
    s.pop(EDIT_ERROR, None)
    pattern = s.get(f"lex_edit_pattern_{tag}", "").strip()
    cue = replace(
        old,
        phrase="" if old.regex else pattern,
        regex=pattern if old.regex else "",
        category=s.get(f"lex_edit_category_{tag}", old.category),
        weight=float(s.get(f"lex_edit_weight_{tag}", old.weight)),
        direction=s.get(f"lex_edit_direction_{tag}") or "",
        rationale=s.get(f"lex_edit_rationale_{tag}", "").strip(),
        inflect=bool(s.get(f"lex_edit_inflect_{tag}", old.inflect)),
        case_sensitive=bool(s.get(f"lex_edit_case_{tag}", old.case_sensitive)),
    )
    try:
        if not pattern:
            raise ConfigError("the wording is empty. Type the wording to look for.")
        _save(edit_cue(base, _fresh(), old.key, cue), f"Saved '{pattern}'.")
    except ConfigError as exc:
        s[EDIT_ERROR] = f"Nothing was changed: {exc}"
        return
    s["lex_edit_pick"] = cue.key


def _toggle_clicked(keys: list[str], off: bool, what: str) -> None:
    try:
        _save(
            set_disabled(base, _fresh(), keys, off),
            f"{what} {'switched off' if off else 'switched back on'}.",
        )
    except ConfigError as exc:
        _flash("error", f"Nothing was changed: {exc}")


def _revert_clicked(key: str) -> None:
    try:
        _save(revert_cue(base, _fresh(), key), f"Your edit of '{key}' was undone.")
    except ConfigError as exc:
        _flash("error", f"Nothing was changed: {exc}")
        return
    if key not in builtin_keys:
        st.session_state.pop("lex_edit_pick", None)


with edit:
    cues_by_key = {c.key: c for c in lexicon.cues}
    ordered = sorted(cues_by_key, key=lambda k: (_wording(cues_by_key[k]).lower(), k))
    if st.session_state.get("lex_edit_pick") not in cues_by_key:
        st.session_state.pop("lex_edit_pick", None)
    pick = st.selectbox(
        "Cue",
        ordered,
        format_func=lambda k: (
            f"{_wording(cues_by_key[k])}  ·  {_label(cues_by_key[k].category)}"
            + ("  ·  switched off" if cues_by_key[k].disabled else "")
        ),
        key="lex_edit_pick",
        help="Type to search the list.",
    )
    cue = cues_by_key[pick]
    tag = _digest(cue.key)
    origin = (
        ("a built-in cue you edited" if cue.key in builtin_keys else "a cue you added")
        if cue.key in edit_keys
        else "a built-in cue"
    )
    st.caption(
        f"This is {origin}; it is {'switched off' if cue.disabled else 'active'}. "
        + ("Its wording is a regular expression." if cue.regex else "")
    )
    st.text_input(
        "Regular expression" if cue.regex else "Wording",
        value=cue.regex or cue.phrase,
        key=f"lex_edit_pattern_{tag}",
        help=None if cue.regex else PHRASE_HELP,
    )
    cat_keys = list(lexicon.categories)
    st.selectbox(
        "Category",
        cat_keys,
        index=cat_keys.index(cue.category) if cue.category in cat_keys else 0,
        format_func=_label,
        key=f"lex_edit_category_{tag}",
    )
    e1, e2 = st.columns(2)
    e1.slider(
        "Weight: how loaded the wording is",
        0.0,
        1.0,
        float(cue.weight),
        0.05,
        key=f"lex_edit_weight_{tag}",
    )
    directions = ["", *DIRECTIONS]
    e2.selectbox(
        "Casts someone as",
        directions,
        index=directions.index(cue.direction) if cue.direction in directions else 0,
        format_func=lambda d: d or "(no one in particular)",
        key=f"lex_edit_direction_{tag}",
    )
    st.text_input("Why it counts", value=cue.rationale, key=f"lex_edit_rationale_{tag}")
    g1, g2 = st.columns(2)
    g1.checkbox("Also match inflected forms", value=cue.inflect, key=f"lex_edit_inflect_{tag}")
    g2.checkbox("Match case exactly", value=cue.case_sensitive, key=f"lex_edit_case_{tag}")
    b1, b2, b3 = st.columns(3)
    b1.button("Save changes", on_click=_edit_clicked, args=(cue, tag), key="lex_edit_save")
    b2.button(
        "Switch back on" if cue.disabled else "Switch off",
        on_click=_toggle_clicked,
        args=([cue.key], not cue.disabled, f"'{_wording(cue)}'"),
        key="lex_edit_toggle",
    )
    b3.button(
        "Undo my edit" if cue.key in builtin_keys else "Remove this cue",
        on_click=_revert_clicked,
        args=(cue.key,),
        disabled=cue.key not in edit_keys,
        key="lex_edit_revert",
        help="Back to the built-in entry (or, for a cue you added, remove it).",
    )
    if EDIT_ERROR in st.session_state:
        st.error(st.session_state.pop(EDIT_ERROR))

# -- categories ---------------------------------------------------------------------------------


def _category_clicked(key: str, tag: str) -> None:
    s = st.session_state
    cat = Category(
        key,
        s.get(f"lex_cat_label_{tag}", "").strip(),
        s.get(f"lex_cat_description_{tag}", "").strip(),
        s.get(f"lex_cat_explain_{tag}", "").strip(),
    )
    try:
        _save(edit_category(base, _fresh(), cat), f"Saved the category '{cat.label}'.")
    except ConfigError as exc:
        _flash("error", f"Nothing was changed: {exc}")


with cats:
    frame = lexicon.frame()
    counts = frame.groupby("category")["disabled"].agg(total="size", off="sum")
    overview = pd.DataFrame(
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
        "Edit a category", list(lexicon.categories), format_func=_label, key="lex_cat_pick"
    )
    cat = lexicon.categories[cat_key]
    ctag = _digest(cat_key)
    st.text_input("Name", value=cat.label, key=f"lex_cat_label_{ctag}")
    st.text_input("Plain explanation", value=cat.explain, key=f"lex_cat_explain_{ctag}")
    st.text_area(
        "Description for analysts", value=cat.description, key=f"lex_cat_description_{ctag}"
    )
    member_keys = [c.key for c in lexicon.cues if c.category == cat_key]
    k1, k2, k3 = st.columns(3)
    k1.button("Save category", on_click=_category_clicked, args=(cat_key, ctag), key="lex_cat_save")
    k2.button(
        f"Switch off all {len(member_keys)} cues",
        on_click=_toggle_clicked,
        args=(member_keys, True, f"All cues of '{cat.label}'"),
        disabled=not member_keys,
        key="lex_cat_off",
    )
    k3.button(
        "Switch them all back on",
        on_click=_toggle_clicked,
        args=(member_keys, False, f"All cues of '{cat.label}'"),
        disabled=not member_keys,
        key="lex_cat_on",
    )

# -- download / upload / reset ---------------------------------------------------------------


def _apply_upload(uploaded: Lexicon, name: str) -> None:
    try:
        _save(uploaded, f"Your edits are now those of '{name}'.")
    except ConfigError as exc:
        _flash("error", f"Nothing was changed: {exc}")
        return
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1


def _reset_confirmed() -> None:
    store.clear_user_lexicon()
    st.session_state[DIRTY] = True
    st.session_state[CONFIRM_RESET] = False
    _flash("success", "Your edits were discarded: the built-in lexicon applies again.")


with files:
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
            try:
                text = up.getvalue().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ConfigError(
                    f"{up.name}: not UTF-8 text ({exc}). Save the file as UTF-8."
                ) from exc
            uploaded = minimal(base, parse_edits(text, up.name))
            merge(base, uploaded)
        except ConfigError as exc:
            st.error(f"This file cannot be used, and nothing was changed. {exc}")
        else:
            new_cues = sum(c.key not in builtin_keys for c in uploaded.cues)
            st.info(
                f"'{up.name}' is valid: it adds {new_cues} cue(s), changes or switches off "
                f"{len(uploaded.cues) - new_cues} built-in cue(s) and declares "
                f"{len(uploaded.categories)} new or changed categor(ies)."
            )
            st.button(
                "Use this file (replaces your current edits)",
                on_click=_apply_upload,
                args=(uploaded, up.name),
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
        r1.button("Yes, discard my edits", on_click=_reset_confirmed, key="lex_reset_yes")
        r2.button(
            "Cancel",
            on_click=lambda: st.session_state.update({CONFIRM_RESET: False}),
            key="lex_reset_no",
        )
