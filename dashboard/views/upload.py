"""Upload: add an article set, check what was accepted before storing, manage stored sets.

Files are read (``framing.read_uploads``) and the report is shown before
anything is stored; storing goes through ``framing.pipeline.ingest``, which
reads the same files again into the same report.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

import common
import framing.pipeline
import gate
import state
from framing.errors import FramingError
from framing.ingest import SUPPORTED_SUFFIXES, read_uploads
from framing.schema import IngestReport
from run import progress_display, run_analysis

ROUND = "upload_round"
REPORT = "upload_report"
FLASH = "upload_flash"
CONFIRM_DELETE = "upload_confirm_delete"
NEW, APPEND = "new", "append"
ISSUE_COLUMNS = {
    "source": "File",
    "location": "Where",
    "field": "Field",
    "message": "What is wrong",
    "hint": "How to fix it",
    "raw": "As given",
}

settings = common.settings()
store = common.get_store(str(settings.resolved_db_path))
round_no = st.session_state.get(ROUND, 0)

st.title("Upload articles")
# The entrypoint does not list this page then, but an old link may still lead here.
if gate.read_only():
    st.info(gate.READ_ONLY_NOTE)
    st.stop()
st.caption(
    "Add your own article set. Nothing is stored until you have seen what was accepted and "
    "what was rejected, and why."
)


def _file_counter(bar, total: int):
    """An ``on_file`` callback that moves ``bar`` one file on each call."""
    seen = [0]

    def read(name: str) -> None:
        seen[0] += 1
        bar.progress(
            min(seen[0] / max(total, 1), 1.0),
            text=f"Reading and checking the files: {seen[0]:,}/{total:,} · {common.plain(name)}",
        )

    return read


def _open_corpus(name: str) -> None:
    # A callback runs before the sidebar selectbox exists, so its value may be set here.
    st.session_state[state.CORPUS] = name
    # The other set's outlet and date choices would hide every article of this one.
    for key in (state.OUTLETS, state.DATES, state.EVENT):
        st.session_state.pop(key, None)


# Shown once: the message goes with the next interaction (the callback still runs).
flash = st.session_state.pop(FLASH, None)
if flash:
    kind, text, corpus_name = flash
    (st.success if kind == "success" else st.error)(common.plain(text))
    if corpus_name:
        f1, f2 = st.columns([1, 3])
        f1.button(
            f"Open '{common.plain(corpus_name)}' now",
            on_click=_open_corpus,
            args=(corpus_name,),
            type="primary",
            key="upload_open",
        )
        f2.caption("Or pick it under 'Article set' in the sidebar at any time.")

# -- 1. files ---------------------------------------------------------------------------------

st.subheader("1. Choose files")
st.caption(
    "CSV or TSV and JSON Lines / JSON need the fields outlet, title and text (published as "
    "YYYY-MM-DD, url and id are optional). Text and Markdown files start with a header "
    "('Outlet: …', 'Title: …', 'Date: …'), a blank line, then the article. Saved web pages "
    "(HTML) are read for their main text. A ZIP may hold any mix of these."
)
uploads = st.file_uploader(
    "Article files",
    type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
    accept_multiple_files=True,
    key=f"upload_files_{round_no}",
)

# -- 2. destination -----------------------------------------------------------------------------

st.subheader("2. Where to put them")
# Counting every set's articles takes a query over the whole store: cached
# until the store changes.
names = common.list_corpora(str(settings.resolved_db_path), store.version())["name"].tolist()
mode = st.radio(
    "Add them as",
    [NEW, APPEND] if names else [NEW],
    format_func=lambda m: "a new article set" if m == NEW else "more articles in an existing set",
    horizontal=True,
    key="upload_mode",
)
problem = ""
if mode == NEW:
    target = st.text_input(
        "Name of the new article set",
        key=f"upload_name_{round_no}",
        max_chars=80,
        placeholder="e.g. election-coverage-2024",
    ).strip()
    if not target:
        problem = "Give the new article set a name."
    elif target in names:
        problem = (
            f"An article set named '{target}' already exists. Choose another name, or add the "
            "files to it as more articles."
        )
else:
    target = st.selectbox("Article set", names, key="upload_target")
    st.caption("Articles already in the set are recognised and stored once.")

# -- 3. report ----------------------------------------------------------------------------------

st.subheader("3. Check what was read")
report: IngestReport | None = None
if not uploads:
    st.info("Choose one or more files above to see what can be read from them.")
else:
    digest = hashlib.sha256()
    for f in uploads:
        digest.update(f.name.encode() + b"\x00" + f.getvalue() + b"\x00")
    cached = st.session_state.get(REPORT)
    if cached and cached[0] == digest.hexdigest():
        report = cached[1]
    else:
        try:
            reading = st.progress(0.0, text="Reading and checking the files…")
            try:
                report = read_uploads(
                    [(f.name, f.getvalue()) for f in uploads],
                    settings.limits,
                    on_file=_file_counter(reading, len(uploads)),
                )
            finally:
                reading.empty()
        except FramingError as exc:
            st.error(f"The files could not be read, and nothing was stored. {common.plain(exc)}")
        else:
            st.session_state[REPORT] = (digest.hexdigest(), report)

if report is not None:
    m1, m2, m3, m4, m5 = st.columns(5)
    m1.metric("Accepted", report.n_accepted)
    m2.metric("Rejected", report.n_rejected)
    m3.metric("Duplicates", len(report.duplicates))
    m4.metric("Warnings", len(report.warnings))
    m5.metric("Files skipped", len(report.files_skipped))
    st.write(common.plain(report.summary()))
    issues = report.issues_frame()
    errors = issues[issues["severity"] == "error"]
    warnings = issues[issues["severity"] == "warning"]
    if not errors.empty:
        st.markdown("**Rejected: these rows or files will not be stored**")
        shown = errors[list(ISSUE_COLUMNS)].copy()
        # A rejected text file's "row" is the whole file: a glimpse is enough here.
        shown["raw"] = shown["raw"].map(lambda r: r if len(r) <= 300 else r[:300] + "…")
        st.dataframe(shown, hide_index=True, width="stretch", column_config=ISSUE_COLUMNS)
    if not warnings.empty:
        with st.expander(f"Warnings: {len(warnings)} article(s) kept with a change"):
            st.dataframe(
                warnings[list(ISSUE_COLUMNS)[:-1]],
                hide_index=True,
                width="stretch",
                column_config=ISSUE_COLUMNS,
            )
    if report.duplicates:
        with st.expander(f"Duplicates: {len(report.duplicates)} stored once"):
            st.dataframe(
                pd.DataFrame(report.duplicates),
                hide_index=True,
                width="stretch",
                column_config={
                    "source": "Duplicate at",
                    "duplicate_of": "Same as article",
                    "kept_source": "Kept from",
                },
            )
    if report.files_skipped:
        st.markdown("**Files skipped**")
        st.dataframe(
            pd.DataFrame(report.files_skipped, columns=["file", "reason"]),
            hide_index=True,
            width="stretch",
            column_config={"file": "File", "reason": "Why"},
        )
    if report.n_accepted:
        with st.expander(f"Accepted: {report.n_accepted} article(s)"):
            st.dataframe(
                report.articles[["id", "outlet", "title", "published", "source"]],
                hide_index=True,
                width="stretch",
            )
    else:
        problem = (
            "No article could be accepted, so there is nothing to store. Fix the rows listed "
            "above and choose the files again."
        )

# -- 4. store and analyse -------------------------------------------------------------------------

if report is not None:
    st.subheader("4. Store and analyse")
    already = 0
    if mode == APPEND:
        listed = store.corpora().set_index("name")
        already = int(listed.loc[target, "n_articles"]) if target in listed.index else 0
    n_total = already + report.n_accepted
    choices, proposed = framing.pipeline.model_choices(settings.model, n_total)
    chosen = st.radio(
        "Embedding model",
        choices,
        index=choices.index(proposed) if proposed in choices else 0,
        format_func=common.model_label,
        horizontal=True,
        key=f"upload_model_{round_no}",
        help="Which model turns articles and sentences into vectors. The fast model is "
        "distilled from MiniLM on this machine the first time (about a minute and a half).",
    )
    if proposed == "fast":
        st.caption(
            f"{n_total:,} articles: the fast model is proposed. With MiniLM, analysing this "
            "many articles on a CPU takes a long while (see docs/performance.md)."
        )
    if problem:
        st.warning(common.plain(problem))
    if st.button("Store and analyse", type="primary", disabled=bool(problem), key="upload_store"):
        storing, storing_caption = st.progress(0.0, text="Storing the articles…"), st.empty()
        try:
            _, counts = framing.pipeline.ingest(
                [(f.name, f.getvalue()) for f in uploads],
                target,
                store,
                settings,
                mode="replace" if mode == NEW else "append",
                uploads=True,
                on_progress=progress_display(storing, storing_caption),
            )
        except FramingError as exc:
            st.error(f"Nothing was stored. {common.plain(exc)}")
            st.stop()
        finally:
            storing.empty()
            storing_caption.empty()
        common.clear_caches()
        if counts["added"] == 0 and store.results_key(target) is not None:
            message = (
                f"Nothing new: all {counts['unchanged']} article(s) were already in '{target}'."
            )
        else:
            try:
                run_analysis(
                    target,
                    store,
                    model=chosen,
                    message="Analysing: embedding, grouping into events, scoring cues…",
                )
            except FramingError as exc:
                st.error(
                    f"The articles were stored in '{common.plain(target)}', but the analysis "
                    f"failed: {common.plain(exc)} "
                    "Pick the set in the sidebar and press 'Analyse it now' to try again."
                )
                st.stop()
            message = (
                f"Stored {counts['added']} new article(s) in '{target}' "
                f"({counts['total']} in all"
                + (f", {counts['unchanged']} already there" if counts["unchanged"] else "")
                + ") and analysed them."
            )
        st.session_state[FLASH] = ("success", message, target)
        st.session_state[ROUND] = round_no + 1
        st.session_state.pop(REPORT, None)
        st.rerun()

# -- stored sets --------------------------------------------------------------------------------


def _ask_delete(name: str) -> None:
    st.session_state[CONFIRM_DELETE] = name


def _delete(name: str) -> None:
    st.session_state.pop(CONFIRM_DELETE, None)
    try:
        store.delete_corpus(name)
    except FramingError as exc:
        st.session_state[FLASH] = ("error", str(exc), "")
        return
    common.clear_caches()
    st.session_state[FLASH] = ("success", f"Deleted the article set '{name}'.", "")


st.divider()
st.subheader("Stored article sets")
corpora = common.list_corpora(str(settings.resolved_db_path), store.version())
if corpora.empty:
    st.info("No article set is stored.")
else:
    st.caption("They stay in the store across restarts until you delete them.")
    pending = st.session_state.get(CONFIRM_DELETE)
    for row in corpora.itertuples(index=False):
        tag = hashlib.sha256(row.name.encode()).hexdigest()[:10]
        with st.container(border=True):
            c1, c2, c3 = st.columns([3, 3, 1])
            c1.markdown(f"**{common.plain(row.name)}**")
            c2.caption(
                f"{row.n_articles} article(s) from {row.n_outlets} outlet(s) · "
                f"updated {row.updated_at}"
            )
            c3.button("Delete", on_click=_ask_delete, args=(row.name,), key=f"upload_del_{tag}")
            if pending == row.name:
                st.warning(
                    f"Delete '{common.plain(row.name)}' with its {row.n_articles} article(s) and "
                    "results? This cannot be undone."
                )
                y, n = st.columns(2)
                y.button(
                    "Yes, delete it",
                    on_click=_delete,
                    args=(row.name,),
                    type="primary",
                    key=f"upload_del_yes_{tag}",
                )
                n.button(
                    "Cancel",
                    on_click=lambda: st.session_state.pop(CONFIRM_DELETE, None),
                    key=f"upload_del_no_{tag}",
                )
