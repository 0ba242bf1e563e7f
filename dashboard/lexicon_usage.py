"""The Lexicon page's readable wordings, each cue's hits in the open set, and stale sets.

A helper of ``views/lexicon.py``, not a page. The plain forms and examples
are ``framing.cues.readable``; the hits come from the stored cue tables
(``framing.compare.lexicon_hits``), never from matching again; which sets
were scored with an older lexicon is ``framing.lexicon_state``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import common
import framing
from framing.compare.lexicon_hits import cue_hits, cue_sentences
from framing.cues.lexicon import Lexicon
from framing.cues.readable import examples, readable
from framing.errors import ConfigError, FramingError
from framing.lexicon_state import is_stale, lexicon_digest, set_lexicons
from framing.reports.markdown import md_escape
from framing.rescore import effective_lexicon
from run import run_analysis

STALE_FLASH = "lex_stale_flash"


def set_is_stale(store: framing.Store, corpus: str, corpus_hash: str) -> bool:
    """Whether the open set was scored with another lexicon than the one in use (memoised)."""

    def compute() -> bool:
        try:
            lexicon = effective_lexicon(store, common.settings())
        except ConfigError:
            return False  # broken edits: the Lexicon page says so
        return is_stale(store, corpus, lexicon)

    return common._memo(("lexicon_stale", corpus, corpus_hash, common.lexicon_key()), compute)


def describe_cues(lexicon: Lexicon) -> pd.DataFrame:
    """``key, readable, examples`` for every cue (computed once per lexicon)."""

    def compute() -> pd.DataFrame:
        rows = [
            {"key": c.key, "readable": readable(c), "examples": " · ".join(examples(c))}
            for c in lexicon.cues
        ]
        return pd.DataFrame(rows, columns=["key", "readable", "examples"])

    return common._memo(("lexicon_readable", lexicon_digest(lexicon)), compute)


def browse_table(view, ctx: common.Context | None) -> pd.DataFrame:
    """The Lexicon page's table: one row per cue with its readable form, hits and origin.

    Built once per lexicon, stored edits and filter state (about 30 ms, every
    rerun before), then shared: the caller gets a shallow copy.

    Args:
        view: the page's ``lexicon_forms.LexiconView``.
        ctx: the open set's context (its hits), or ``None``.
    """
    lexicon = view.lexicon
    edit_keys, builtin_keys = view.edit_keys, view.builtin_keys

    def compute() -> pd.DataFrame:
        table = lexicon.frame()
        table["category_label"] = table["category"].map(view.label)
        table["pattern"] = table["regex"].where(table["regex"] != "", table["phrase"])
        table = table.merge(describe_cues(lexicon), on="key", how="left")
        table["wording"] = table["readable"]
        found = hits(ctx).set_index("cue")
        for col in ("n_hits", "n_articles", "n_outlets"):
            table[col] = table["key"].map(found[col]).fillna(0).astype(int)
        table["status"] = table["disabled"].map({True: "switched off", False: "active"})
        table["source"] = [
            ("edited built-in" if k in builtin_keys else "yours") if k in edit_keys else "built-in"
            for k in table["key"]
        ]
        return table

    digests = tuple(lexicon_digest(x) for x in (view.base, view.edits, lexicon))
    key = ("lexicon_browse", digests, ctx.cache_key if ctx is not None else None)
    return common._memo(key, compute).copy(deep=False)


def hits(ctx: common.Context | None) -> pd.DataFrame:
    """Each lexicon cue's hits in the shown articles of the open set (stored results)."""
    if ctx is None or "cues" not in ctx.tables:
        return pd.DataFrame(columns=["cue", "n_hits", "n_articles", "n_outlets"])
    return ctx.cached(("lexicon_hits",), lambda: cue_hits(ctx.table("cues"), ctx.articles))


def hit_sentences(ctx: common.Context, key: str, readable_form: str) -> None:
    """A few sentences of the open set holding hits of the cue ``key``, the hit in bold."""
    found = ctx.cached(
        ("lexicon_hit_sentences", key),
        lambda: cue_sentences(ctx.table("cues"), ctx.table("sentences"), ctx.articles, key, n=3),
    )
    if found.empty:
        st.caption(f"'{common.plain(readable_form)}' found nothing in the articles shown.")
        return
    for row in found.itertuples(index=False):
        s, a, b = row.sentence, int(row.start_in_sentence), int(row.end_in_sentence)
        marked = f"{common.plain(s[:a])}**{common.plain(s[a:b])}**{common.plain(s[b:])}"
        st.markdown(f"> {marked}  \n> — *{common.plain(row.outlet)}*, {common.plain(row.title)}")


def stale_panel(store: framing.Store, lexicon: Lexicon, ctx: common.Context | None) -> None:
    """The sets scored with an older lexicon than ``lexicon``, and one button to re-score them."""
    if STALE_FLASH in st.session_state:
        kind, text = st.session_state.pop(STALE_FLASH)
        (st.success if kind == "success" else st.error)(common.plain(text))
    table = set_lexicons(store, lexicon)
    stale = table.loc[table["stale"].astype(bool), "corpus"].tolist()
    current = ctx.corpus if ctx is not None else None
    others = [name for name in stale if name != current]
    if not others:
        if len(table) > 1:
            st.caption("Every other article set was scored with this lexicon.")
        return
    names = ", ".join(f"'{common.plain(n)}'" for n in others)
    st.warning(
        f"Out of date: {names} "
        + ("was" if len(others) == 1 else "were")
        + " scored with an older lexicon. "
        + ("Its" if len(others) == 1 else "Their")
        + " pages show cues the current lexicon would not find, or miss ones it would."
    )
    label = "Re-score it" if len(others) == 1 else f"Re-score these {len(others)} sets"
    if st.button(label, key="lex_rescore_stale"):
        done = []
        for name in others:
            try:
                run_analysis(
                    name,
                    store,
                    lexicon=lexicon,
                    message=f"Re-scoring '{common.plain(name)}' with the current lexicon…",
                )
            except FramingError as exc:
                st.session_state[STALE_FLASH] = (
                    "error",
                    f"Re-scoring '{name}' failed, and its previous results were kept. {exc}",
                )
                break
            done.append(name)
        else:
            st.session_state[STALE_FLASH] = (
                "success",
                f"Re-scored {', '.join(done)} with the current lexicon.",
            )
        st.rerun()


def cue_in_full(row: pd.Series) -> None:
    """One lexicon row written out in full: the grid cuts long cells at their width."""
    lines = [f"**{md_escape(row.get('wording', ''))}**"]
    for column, label in (
        ("examples", "Matches, e.g."),
        ("category_label", "Category"),
        ("direction", "Casts someone as"),
        ("rationale", "Why it counts"),
        ("pattern", "As written"),
    ):
        value = row.get(column)
        if value is not None and str(value).strip() and str(value) != "nan":
            lines.append(f"- {label}: {md_escape(value)}")
    st.markdown("\n".join(lines))
