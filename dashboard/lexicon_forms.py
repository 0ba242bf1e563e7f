"""The Lexicon page's forms to add and edit a cue, and the callbacks that save them.

A helper of ``views/lexicon.py``, not a page. The rules for an edit are
``framing.cues.edits``; keeping the edits in the store is ``framing.rescore``.
Callbacks get the page's ``LexiconView`` as an argument, so they work on what
the page showed when the button was drawn, as a page-level closure would.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import cached_property

import streamlit as st

import framing
from framing.cues.edits import add_cue, edit_cue, new_category, revert_cue, set_disabled
from framing.cues.lexicon import DIRECTIONS, Cue, Lexicon
from framing.errors import ConfigError
from framing.reports.markdown import md_escape
from framing.rescore import load_edits, save_edits

NEW_CATEGORY = "__new__"
FLASH = "lex_flash"
ADD_ERROR = "lex_add_error"
EDIT_ERROR = "lex_edit_error"
DIRTY = "lex_dirty"
PHRASE_HELP = (
    "Write the wording in its base form: 'war game' also finds 'war games' and 'war-gaming'. "
    "Put optional words in [square brackets] and alternatives in (round|brackets), e.g. "
    "'[so-called] (regime|junta)'. A regular expression is matched as written."
)


@dataclass(frozen=True)
class LexiconView:
    """What the Lexicon page read: the store, the base lexicon, the stored edits, both merged.

    Attributes:
        store: where the edits are kept.
        base: the built-in lexicon plus the settings' lexicon file.
        edits: the stored edits.
        lexicon: ``base`` with ``edits`` applied (what is shown and scored).
    """

    store: framing.Store
    base: Lexicon
    edits: Lexicon
    lexicon: Lexicon

    @cached_property
    def edit_keys(self) -> set[str]:
        """Keys of the cues the edits add or change."""
        return {c.key for c in self.edits.cues}

    @cached_property
    def builtin_keys(self) -> set[str]:
        """Keys of the base lexicon's cues."""
        return {c.key for c in self.base.cues}

    def label(self, key: str) -> str:
        """A category's label (its key when the lexicon has no such category)."""
        cat = self.lexicon.categories.get(key)
        return cat.label if cat else key

    def fresh(self) -> Lexicon:
        """The stored edits as they are now."""
        # Callbacks re-read the edits: another tab may have saved since this page was drawn.
        return load_edits(self.store)

    def save(self, new_edits: Lexicon, message: str) -> None:
        """Store ``new_edits`` (validated against ``base``) and say so on the next run.

        Raises:
            ConfigError: the edits do not apply; nothing is stored.
        """
        save_edits(self.store, self.base, new_edits)
        st.session_state[DIRTY] = True
        flash("success", message)


def flash(kind: str, text: str) -> None:
    """Show ``text`` once, at the top of the page's next run (``kind``: success or error)."""
    st.session_state[FLASH] = (kind, text)


def digest(text: str) -> str:
    """A short widget-key tag for ``text`` (a cue or category key)."""
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def wording(cue: Cue) -> str:
    """How a cue's wording is shown."""
    return f"regex {cue.regex}" if cue.regex else cue.phrase


# -- add --------------------------------------------------------------------------------------


def _add_clicked(view: LexiconView) -> None:
    s = st.session_state
    s.pop(ADD_ERROR, None)
    pattern = s.get("lex_add_pattern", "").strip()
    is_regex = s.get("lex_add_kind") == "regular expression"
    rationale = s.get("lex_add_rationale", "").strip()
    try:
        if not pattern:
            raise ConfigError("type the wording to look for.", code="FRM-E401")
        if not rationale:
            raise ConfigError(
                "say in one line why this wording frames the story; it is shown to readers.",
                code="FRM-L310",
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
        new = add_cue(view.base, view.fresh(), cue, category=category)
        view.save(new, f"Added '{pattern}' to {category.label if category else view.label(key)}.")
    except ConfigError as exc:
        s[ADD_ERROR] = f"The cue was not added: {exc}"
        return
    for field in ("lex_add_pattern", "lex_add_rationale", "lex_add_cat_label"):
        s[field] = ""
    s["lex_add_cat_explain"] = ""
    s["lex_add_cat_description"] = ""


def add_form(view: LexiconView) -> None:
    """The "Add a cue" tab."""
    lexicon = view.lexicon
    st.radio(
        "The new cue is", ["phrase", "regular expression"], key="lex_add_kind", horizontal=True
    )
    st.text_input("New wording", key="lex_add_pattern", help=PHRASE_HELP)
    options = [*lexicon.categories, NEW_CATEGORY]
    category_choice = st.selectbox(
        "Category of the new cue",
        options,
        format_func=lambda k: "New category…" if k == NEW_CATEGORY else view.label(k),
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
    st.button("Add the cue", on_click=_add_clicked, args=(view,), key="lex_add_submit")
    if ADD_ERROR in st.session_state:
        st.error(md_escape(st.session_state.pop(ADD_ERROR)))


# -- edit -------------------------------------------------------------------------------------


def _edit_clicked(view: LexiconView, old: Cue, tag: str) -> None:
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
            raise ConfigError(
                "the wording is empty. Type the wording to look for.", code="FRM-E401"
            )
        view.save(edit_cue(view.base, view.fresh(), old.key, cue), f"Saved '{pattern}'.")
    except ConfigError as exc:
        s[EDIT_ERROR] = f"Nothing was changed: {exc}"
        return
    s["lex_edit_pick"] = cue.key


def toggle_clicked(view: LexiconView, keys: list[str], off: bool, what: str) -> None:
    """Callback: switch the cues ``keys`` off (``off``) or back on; ``what`` names them."""
    try:
        view.save(
            set_disabled(view.base, view.fresh(), keys, off),
            f"{what} {'switched off' if off else 'switched back on'}.",
        )
    except ConfigError as exc:
        flash("error", f"Nothing was changed: {exc}")


def _revert_clicked(view: LexiconView, key: str) -> None:
    try:
        view.save(revert_cue(view.base, view.fresh(), key), f"Your edit of '{key}' was undone.")
    except ConfigError as exc:
        flash("error", f"Nothing was changed: {exc}")
        return
    if key not in view.builtin_keys:
        st.session_state.pop("lex_edit_pick", None)


def edit_form(view: LexiconView) -> None:
    """The "Edit a cue" tab."""
    lexicon, builtin_keys, edit_keys = view.lexicon, view.builtin_keys, view.edit_keys
    cues_by_key = {c.key: c for c in lexicon.cues}
    ordered = sorted(cues_by_key, key=lambda k: (wording(cues_by_key[k]).lower(), k))
    if st.session_state.get("lex_edit_pick") not in cues_by_key:
        st.session_state.pop("lex_edit_pick", None)
    pick = st.selectbox(
        "Cue",
        ordered,
        format_func=lambda k: (
            f"{wording(cues_by_key[k])}  ·  {view.label(cues_by_key[k].category)}"
            + ("  ·  switched off" if cues_by_key[k].disabled else "")
        ),
        key="lex_edit_pick",
        help="Type to search the list.",
    )
    cue = cues_by_key[pick]
    tag = digest(cue.key)
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
        format_func=view.label,
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
    b1.button("Save changes", on_click=_edit_clicked, args=(view, cue, tag), key="lex_edit_save")
    b2.button(
        "Switch back on" if cue.disabled else "Switch off",
        on_click=toggle_clicked,
        args=(view, [cue.key], not cue.disabled, f"'{wording(cue)}'"),
        key="lex_edit_toggle",
    )
    b3.button(
        "Undo my edit" if cue.key in builtin_keys else "Remove this cue",
        on_click=_revert_clicked,
        args=(view, cue.key),
        disabled=cue.key not in edit_keys,
        key="lex_edit_revert",
        help="Back to the built-in entry (or, for a cue you added, remove it).",
    )
    if EDIT_ERROR in st.session_state:
        st.error(md_escape(st.session_state.pop(EDIT_ERROR)))
