"""Fixing "who called it what": merge, split, rename, hide and show rows (CLI, dashboard).

A user names a row by its event and its ``referent_id`` or its name, as the
stored analysis shows them (``alignment.csv``, the dashboard). Each function
here checks them against the stored analysis with the corrections kept so
far, turns the row into what survives a new analysis (the ``norm`` labels of
its mentions, the articles of its event; see ``framing.referents.edits`` for
the matching rule) and keeps the edit in the store. Nothing is analysed
again: the corrections are applied whenever an analysis is read
(``framing.pipeline.load_analysis``), so the next read, export or dashboard
page shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from framing.cues.wording import norm_phrase
from framing.errors import InputError
from framing.referents.corrected import corrected_tables
from framing.referents.edits import ReferentEdit, describe_edit, label_set, stored_edits
from framing.store import Store

MAX_NAME = 120
LIST_COLUMNS = ["seq", "op", "created_at", "status", "event_id", "what", "reason"]
ROW_COLUMNS = ["event_id", "referent_id", "referent", "kind", "outlets", "hidden", "labels"]

__all__ = [
    "LIST_COLUMNS",
    "ROW_COLUMNS",
    "Corrected",
    "corrected",
    "describe_edit",
    "edit_list",
    "event_rows",
    "hide_referent",
    "list_edits",
    "merge_referents",
    "rename_referent",
    "show_referent",
    "split_referent",
    "undo_last",
]


@dataclass
class Corrected:
    """The stored analysis's referent tables with the corrections kept so far.

    Attributes:
        articles: ``id, event_id`` of every analysed article.
        mentions: the corrected mentions.
        alignment: the corrected alignment (hidden rows included).
        status: what became of each correction (``framing.referents.edits.STATUS_COLUMNS``).
    """

    articles: pd.DataFrame
    mentions: pd.DataFrame
    alignment: pd.DataFrame
    status: pd.DataFrame | None


def corrected(store: Store, corpus: str) -> Corrected:
    """The referent tables of the stored analysis of ``corpus``, corrected.

    Raises:
        InputError: no corpus of that name, or no stored analysis with referents.
    """
    _require_corpus(store, corpus)
    key = store.results_key(corpus)
    names = ["articles", "mentions", "alignment"]
    tables = store.get_results(corpus, key, tables=names) if key else {}
    if not {"articles", "mentions", "alignment"} <= tables.keys():
        raise InputError(
            f"article set '{corpus}' has no stored analysis with rows of who called it what, "
            "so it has none to fix (it was not analysed yet, or analysed without framing "
            f"cues). Run `framing analyze INPUT --corpus {corpus}` first.",
            code="FRM-D771",
        )
    fixed = corrected_tables(tables, stored_edits(store.referent_edits(corpus)))
    return Corrected(
        tables["articles"][["id", "event_id"]],
        fixed["mentions"],
        fixed["alignment"],
        fixed.get("referent_edits"),
    )


def event_rows(store: Store, corpus: str, event_id: int) -> pd.DataFrame:
    """The corrected rows of one event, one line each: ``ROW_COLUMNS``.

    ``labels`` lists the row's ``norm`` labels (what a split picks from),
    joined by " / "; ``outlets`` counts the outlets naming it.

    Raises:
        InputError: unknown corpus or event, or no stored analysis with referents.
    """
    state = corrected(store, corpus)
    return _rows_table(state, _require_event(state, corpus, event_id), int(event_id))


def merge_referents(
    store: Store, corpus: str, event_id: int, referents: Sequence[str]
) -> ReferentEdit:
    """Keep the merge of ``referents`` (two or more rows of event ``event_id``) into one.

    The merged row keeps the first row's id and name.

    Raises:
        InputError: unknown corpus, event or row; fewer than two different rows.
    """
    state = corrected(store, corpus)
    rows = _require_event(state, corpus, event_id)
    picked = list(dict.fromkeys(_require_row(state, event_id, r, corpus) for r in referents))
    if len(picked) < 2:
        raise InputError(
            f"a merge needs two or more different rows of event {event_id} (got "
            f"{_names([str(r) for r in referents]) or 'none'}, which is "
            f"{'no row' if not picked else 'one row'}). Name every row to merge, e.g. "
            f"`framing referents merge --corpus {corpus} --event {event_id} 3:0 3:4`.",
            code="FRM-D775",
        )
    edit = _edit(state, "merge", event_id, [rows[r] for r in picked])
    return _keep(store, corpus, edit)


def split_referent(
    store: Store, corpus: str, event_id: int, referent: str, labels: Sequence[str]
) -> ReferentEdit:
    """Keep the split of ``labels`` off a row of event ``event_id`` into a new row.

    Labels are the row's ``norm`` labels; a written form (any case) of one is
    taken for it.

    Raises:
        InputError: unknown corpus, event, row or label; none or all of the row's labels.
    """
    state = corrected(store, corpus)
    rows = _require_event(state, corpus, event_id)
    row = _require_row(state, event_id, referent, corpus)
    forms = _forms(state.mentions, int(event_id), row)
    picked, unknown = [], []
    for label in labels:
        text = " ".join(str(label).split())
        if not text:
            continue
        norm = forms.get(text.lower()) or forms.get(norm_phrase(text))
        (picked if norm else unknown).append(norm or text)
    if unknown:
        raise InputError(
            f"row {row} of event {event_id} has no label {_names(unknown)}. Its labels are: "
            f"{_names(sorted(rows[row]), 30)}.",
            code="FRM-D774",
        )
    chosen = label_set(picked)
    if not chosen or len(chosen) == len(rows[row]):
        raise InputError(
            f"a split picks some of the labels of row {row} of event {event_id}, not "
            f"{'none' if not chosen else 'all'} of them (it has {len(rows[row])}: "
            f"{_names(sorted(rows[row]), 30)}).",
            code="FRM-D776",
        )
    edit = _edit(state, "split", event_id, [rows[row]], labels=chosen)
    return _keep(store, corpus, edit)


def rename_referent(
    store: Store, corpus: str, event_id: int, referent: str, name: str
) -> ReferentEdit:
    """Keep a new name for a row of event ``event_id``.

    Raises:
        InputError: unknown corpus, event or row; an empty or overlong name.
    """
    state = corrected(store, corpus)
    rows = _require_event(state, corpus, event_id)
    row = _require_row(state, event_id, referent, corpus)
    text = " ".join(str(name).split())
    if not text or len(text) > MAX_NAME:
        raise InputError(
            f"the new name of row {row} of event {event_id} is "
            f"{'empty' if not text else 'too long'}. Give a few words (at most {MAX_NAME} "
            "characters), e.g. 'the border wall'.",
            code="FRM-D777",
        )
    return _keep(store, corpus, _edit(state, "rename", event_id, [rows[row]], name=text))


def hide_referent(store: Store, corpus: str, event_id: int, referent: str) -> ReferentEdit:
    """Keep the hiding of a row of event ``event_id`` (exports keep it, marked ``hidden``).

    Raises:
        InputError: unknown corpus, event or row; the row is hidden already.
    """
    return _toggle(store, corpus, event_id, referent, hide=True)


def show_referent(store: Store, corpus: str, event_id: int, referent: str) -> ReferentEdit:
    """Keep the showing again of a hidden row of event ``event_id``.

    Raises:
        InputError: unknown corpus, event or row; the row is not hidden.
    """
    return _toggle(store, corpus, event_id, referent, hide=False)


def undo_last(store: Store, corpus: str) -> ReferentEdit:
    """Undo the last correction of ``corpus`` not yet undone, and return it.

    Raises:
        InputError: unknown corpus, or no correction left to undo.
    """
    _require_corpus(store, corpus)
    seq = store.undo_referent_edit(corpus)
    if seq is None:
        raise InputError(
            f"article set '{corpus}' has no referent correction left to undo "
            f"(`framing referents list --corpus {corpus}` shows them).",
            code="FRM-D779",
        )
    return next(e for e in stored_edits(store.referent_edits(corpus)) if e.seq == seq)


def list_edits(store: Store, corpus: str) -> pd.DataFrame:
    """Every correction of ``corpus`` in order: ``LIST_COLUMNS``.

    ``status`` is what the stored analysis makes of it now: ``applied``,
    ``unmatched`` (``reason`` says why), ``undone``, or ``not analysed yet``;
    ``event_id`` is the event it applies to (``-1``: none).

    Raises:
        InputError: unknown corpus.
    """
    _require_corpus(store, corpus)
    try:
        status = corrected(store, corpus).status
    except InputError:
        status = None
    return edit_list(store.referent_edits(corpus), status)


def edit_list(rows: pd.DataFrame, status: pd.DataFrame | None) -> pd.DataFrame:
    """``list_edits`` from the stored corrections (``Store.referent_edits``) and what an
    analysis made of them (its ``referent_edits`` table; ``None``: not analysed)."""
    done = {} if status is None else {int(r.seq): r for r in status.itertuples(index=False)}
    out = []
    for e, at in zip(stored_edits(rows), rows["created_at"], strict=True):
        found = done.get(e.seq)
        out.append(
            {
                "seq": e.seq,
                "op": e.op,
                "created_at": at,
                "status": found.status if found is not None else "not analysed yet",
                "event_id": int(found.event_id) if found is not None else e.event_id,
                "what": describe_edit(e),
                "reason": found.reason if found is not None else "",
            }
        )
    return pd.DataFrame(out, columns=LIST_COLUMNS)


def _toggle(store: Store, corpus: str, event_id: int, referent: str, *, hide: bool) -> ReferentEdit:
    state = corrected(store, corpus)
    rows = _require_event(state, corpus, event_id)
    row = _require_row(state, event_id, referent, corpus)
    at = state.alignment[state.alignment["referent_id"] == row]
    is_hidden = bool(at["hidden"].any()) if len(at) else False
    if is_hidden == hide:
        raise InputError(
            f"row {row} of event {event_id} is {'hidden already' if hide else 'not hidden'}. "
            + ("Show it again with `framing referents show`." if hide else "Hide a shown row."),
            code="FRM-D778",
        )
    return _keep(store, corpus, _edit(state, "hide" if hide else "show", event_id, [rows[row]]))


def _edit(state: Corrected, op: str, event_id: int, rows: list[set[str]], **kw) -> ReferentEdit:
    articles = state.articles.loc[state.articles["event_id"] == int(event_id), "id"].astype(str)
    return ReferentEdit(
        op,  # type: ignore[arg-type]
        int(event_id),
        tuple(sorted(articles)),
        tuple(label_set(r) for r in rows),
        **kw,
    )


def _keep(store: Store, corpus: str, edit: ReferentEdit) -> ReferentEdit:
    seq = store.add_referent_edit(corpus, edit.op, edit.payload())
    return ReferentEdit(
        edit.op, edit.event_id, edit.articles, edit.rows, edit.labels, edit.name, seq
    )


def _require_corpus(store: Store, corpus: str) -> None:
    names = store.corpora()["name"].tolist()
    if corpus not in names:
        raise InputError(
            f"no article set named '{corpus}' in {store.path} "
            f"(article sets: {', '.join(names) or 'none yet'}).",
            code="FRM-S603",
        )


def _require_event(state: Corrected, corpus: str, event_id: int) -> dict[str, set[str]]:
    """Every row of the event (referent id -> its labels); an error listing the events."""
    m = state.mentions
    at = m[(m["event_id"] == int(event_id)) & (m["referent_id"].astype(str) != "")]
    if at.empty or not (state.alignment["event_id"] == int(event_id)).any():
        known = sorted(set(state.alignment["event_id"].astype(int)))
        shown = (
            ", ".join(map(str, known))
            if len(known) <= 20
            else f"{known[0]} to {known[-1]} ({len(known)} events)"
        )
        raise InputError(
            f"event {event_id} of '{corpus}' has no rows of who called it what (events with "
            f"rows: {shown or 'none'}; alignment.csv or the Who called it what page shows them).",
            code="FRM-D772",
        )
    return {str(r): set(g["norm"].astype(str)) for r, g in at.groupby("referent_id")}


def _require_row(state: Corrected, event_id: int, referent: str, corpus: str) -> str:
    """The referent id a user's row reference names: an id, or a row's name in any case."""
    # Names are those the alignment shows; ids are any row's, as a split can
    # leave a row that one outlet names (it has no alignment line).
    rows = _event_ids(state, event_id)
    text = " ".join(str(referent).split())
    if text in rows:
        return text
    align = state.alignment[state.alignment["event_id"] == int(event_id)]
    named = dict(zip(align["referent"].astype(str).str.lower(), align["referent_id"], strict=True))
    if text.lower() in named:
        return str(named[text.lower()])
    shown = [f"{r} ({n})" for n, r in sorted(named.items(), key=lambda kv: _id_order(kv[1]))]
    raise InputError(
        f"event {event_id} of '{corpus}' has no row '{text}'. Name a row by its id or its "
        f"name; its rows are: {', '.join(shown[:30]) or 'none'}"
        f"{f' and {len(shown) - 30} more' if len(shown) > 30 else ''} (`framing referents rows "
        f"--corpus {corpus} --event {event_id}` lists them with their labels).",
        code="FRM-D773",
    )


def _event_ids(state: Corrected, event_id: int) -> set[str]:
    m = state.mentions
    return set(m.loc[m["event_id"] == int(event_id), "referent_id"].astype(str)) - {""}


def _rows_table(state: Corrected, rows: dict[str, set[str]], event_id: int) -> pd.DataFrame:
    align = state.alignment[state.alignment["event_id"] == event_id]
    first = align.drop_duplicates("referent_id").set_index("referent_id")
    out = []
    for rid in sorted(rows, key=_id_order):
        shown = rid in first.index
        out.append(
            {
                "event_id": event_id,
                "referent_id": rid,
                "referent": str(first.loc[rid, "referent"]) if shown else "",
                "kind": str(first.loc[rid, "kind"]) if shown else "",
                "outlets": int((align["referent_id"] == rid).sum()),
                "hidden": bool(first.loc[rid, "hidden"]) if shown else False,
                "labels": " / ".join(sorted(rows[rid])),
            }
        )
    return pd.DataFrame(out, columns=ROW_COLUMNS)


def _forms(mentions: pd.DataFrame, event_id: int, row: str) -> dict[str, str]:
    """Lower-cased written forms and norms of a row's labels -> the norm."""
    at = mentions[(mentions["event_id"] == event_id) & (mentions["referent_id"] == row)]
    out = {
        " ".join(str(t).lower().split()): str(n)
        for t, n in zip(at["text"], at["norm"], strict=True)
    }
    out.update({str(n): str(n) for n in at["norm"]})
    return out


def _id_order(referent_id: str) -> tuple[str, int]:
    head, _, tail = str(referent_id).rpartition(":")
    return (head, int(tail)) if tail.isdigit() else (str(referent_id), -1)


def _names(items: Sequence[str], limit: int = 8) -> str:
    items = list(items)
    shown = ", ".join(f"'{x}'" for x in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
