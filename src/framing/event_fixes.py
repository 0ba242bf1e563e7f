"""Fixing events: corrections of the grouping made from the CLI or the dashboard.

A user names events by the ids they see in the stored analysis; each
function here checks them against it, turns them into article ids (event ids
change when a corpus is analysed again, article ids do not) and keeps the
edit in the store. ``reanalyze`` then runs the analysis again, which replays
every edit not undone (``framing.events.edits``) on a fresh grouping; the
embeddings come from the store, so nothing is embedded again.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from framing.config import Settings
from framing.embed.base import Embedder
from framing.errors import InputError
from framing.events.edits import EventEdit, stored_edits
from framing.pipeline import Analysis, ProgressFn, ProgressSink, StageFn, stored_model
from framing.store import Store

MAX_LABEL = 200
LIST_COLUMNS = ["seq", "op", "created_at", "status", "what"]


def stored_events(store: Store, corpus: str) -> pd.DataFrame:
    """The articles of the stored analysis of ``corpus``: ``id, outlet, title, event_id``.

    Raises:
        InputError: no corpus of that name, or it has not been analysed yet.
    """
    _require_corpus(store, corpus)
    key = store.results_key(corpus)
    tables = store.get_results(corpus, key, tables=["articles"]) if key else {}
    if "articles" not in tables:
        raise InputError(
            f"article set '{corpus}' has not been analysed yet, so it has no events to fix. "
            f"Run `framing analyze INPUT --corpus {corpus}` (or open it in the dashboard) first.",
            code="FRM-D721",
        )
    return tables["articles"][["id", "outlet", "title", "event_id"]]


def merge_events(store: Store, corpus: str, event_ids: Sequence[int]) -> EventEdit:
    """Keep the merge of ``event_ids`` (two or more events) into one.

    Raises:
        InputError: unknown corpus or event, or fewer than two events.
    """
    articles = stored_events(store, corpus)
    events = list(dict.fromkeys(int(e) for e in event_ids))
    for e in events:
        _require_event(articles, corpus, e)
    if len(events) < 2:
        raise InputError(
            f"a merge needs two or more different events (got {', '.join(map(str, events))}). "
            "Name every event to merge, e.g. `framing events merge --corpus NAME 3 7`.",
            code="FRM-D724",
        )
    ids = articles.loc[articles["event_id"].isin(events), "id"].astype(str).tolist()
    return _keep(store, corpus, EventEdit("merge", tuple(ids)))


def split_event(store: Store, corpus: str, event_id: int, article_ids: Sequence[str]) -> EventEdit:
    """Keep the split of ``article_ids`` off event ``event_id`` into a new event.

    Raises:
        InputError: unknown corpus, event or article; none or all of the event picked.
    """
    articles = stored_events(store, corpus)
    members = _require_event(articles, corpus, event_id)
    picked = list(dict.fromkeys(str(a).strip() for a in article_ids if str(a).strip()))
    unknown = [a for a in picked if a not in members]
    if unknown:
        raise InputError(
            f"event {event_id} of '{corpus}' holds no article {_names(unknown)}. "
            f"Its articles are: {_names(members)}.",
            code="FRM-D723",
        )
    if not picked or len(picked) == len(members):
        raise InputError(
            f"a split picks some of the articles of event {event_id}, not "
            f"{'none' if not picked else 'all'} of them (it has {len(members)}: "
            f"{_names(members)}).",
            code="FRM-D725",
        )
    return _keep(store, corpus, EventEdit("split", tuple(picked)))


def move_article(store: Store, corpus: str, article_id: str, to_event: int) -> EventEdit:
    """Keep the move of article ``article_id`` to event ``to_event``.

    Raises:
        InputError: unknown corpus, article or event; the article is in that event already.
    """
    articles = stored_events(store, corpus)
    ids = articles["id"].astype(str)
    if article_id not in set(ids):
        raise InputError(
            f"no article '{article_id}' in '{corpus}' (its {len(ids)} articles include "
            f"{_names(ids.tolist())}; articles.csv lists them all).",
            code="FRM-D723",
        )
    target = [a for a in _require_event(articles, corpus, to_event) if a != article_id]
    current = int(articles.loc[ids == article_id, "event_id"].iloc[0])
    if current == int(to_event):
        raise InputError(
            f"article '{article_id}' is already in event {to_event} of '{corpus}'. "
            "Pick another event to move it to.",
            code="FRM-D726",
        )
    return _keep(store, corpus, EventEdit("move", (article_id,), target=tuple(target)))


def rename_event(store: Store, corpus: str, event_id: int, label: str) -> EventEdit:
    """Keep a new label for event ``event_id``.

    Raises:
        InputError: unknown corpus or event; an empty or overlong label.
    """
    articles = stored_events(store, corpus)
    members = _require_event(articles, corpus, event_id)
    text = " ".join(str(label).split())
    if not text or len(text) > MAX_LABEL:
        raise InputError(
            f"the new label of event {event_id} is {'empty' if not text else 'too long'}. "
            f"Give a few words (at most {MAX_LABEL} characters), e.g. 'Harbour strike'.",
            code="FRM-D727",
        )
    return _keep(store, corpus, EventEdit("rename", tuple(members), label=text))


def undo_last(store: Store, corpus: str) -> EventEdit:
    """Undo the last edit of ``corpus`` not yet undone, and return it.

    Raises:
        InputError: unknown corpus, or no edit left to undo.
    """
    _require_corpus(store, corpus)
    seq = store.undo_event_edit(corpus)
    if seq is None:
        raise InputError(
            f"article set '{corpus}' has no event edit left to undo "
            f"(`framing events list --corpus {corpus}` shows them).",
            code="FRM-D728",
        )
    return next(e for e in stored_edits(store.event_edits(corpus)) if e.seq == seq)


def list_edits(store: Store, corpus: str) -> pd.DataFrame:
    """Every edit of ``corpus`` in order: ``LIST_COLUMNS``.

    ``status`` is ``undone``, or what the stored analysis made of it
    (``applied``, ``skipped: why``), or ``not analysed yet``.

    Raises:
        InputError: unknown corpus.
    """
    _require_corpus(store, corpus)
    rows = store.event_edits(corpus)
    key = store.results_key(corpus)
    done = (
        store.get_results(corpus, key, tables=["event_edits"]).get("event_edits") if key else None
    )
    status = {}
    if done is not None:
        for seq, state, reason in zip(done["seq"], done["status"], done["reason"], strict=True):
            status[int(seq)] = f"{state}: {reason}" if reason else str(state)
    out = [
        {
            "seq": e.seq,
            "op": e.op,
            "created_at": at,
            "status": "undone" if e.undone else status.get(e.seq, "not analysed yet"),
            "what": describe_edit(e),
        }
        for e, at in zip(stored_edits(rows), rows["created_at"], strict=True)
    ]
    return pd.DataFrame(out, columns=LIST_COLUMNS)


def describe_edit(edit: EventEdit) -> str:
    """One line saying what an edit does, by its articles."""
    if edit.op == "merge":
        return f"merge the events of {_names(edit.articles)}"
    if edit.op == "split":
        return f"split {_names(edit.articles)} off into a new event"
    if edit.op == "move":
        return f"move {_names(edit.articles)} to the event of {_names(edit.target)}"
    return f"rename the event of {_names(edit.articles)} to '{edit.label}'"


def reanalyze(
    store: Store,
    corpus: str,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    on_stage: StageFn | None = None,
    progress: ProgressFn | None = None,
    on_progress: ProgressSink | None = None,
) -> Analysis:
    """Analyse ``corpus`` again after an edit, as it was analysed before.

    The stored analysis's model is kept, cues are scored when they were, and
    the lexicon in use (``framing.rescore``) scores them; embeddings come
    from the store.
    """
    from framing.rescore import rescore

    settings = settings or Settings()
    model = stored_model(corpus, store) or settings.model
    key = store.results_key(corpus)
    had_cues = bool(key) and "outlet_scores" in store.get_results(
        corpus, key, tables=["outlet_scores"]
    )
    return rescore(
        corpus,
        store,
        settings.replace(model=model),
        embedder=embedder,
        cues=had_cues,
        on_stage=on_stage,
        progress=progress,
        on_progress=on_progress,
    )


def event_holding(analysis: Analysis, article_ids: Sequence[str]) -> int | None:
    """The event of ``analysis`` holding most of ``article_ids`` (``None``: none left)."""
    rows = analysis.articles[analysis.articles["id"].astype(str).isin(list(article_ids))]
    if rows.empty:
        return None
    return int(rows["event_id"].value_counts().sort_index(kind="stable").idxmax())


def _keep(store: Store, corpus: str, edit: EventEdit) -> EventEdit:
    seq = store.add_event_edit(corpus, edit.op, edit.payload())
    return EventEdit(edit.op, edit.articles, edit.target, edit.label, seq)


def _require_corpus(store: Store, corpus: str) -> None:
    names = store.corpora()["name"].tolist()
    if corpus not in names:
        raise InputError(
            f"no article set named '{corpus}' in {store.path} "
            f"(article sets: {', '.join(names) or 'none yet'}).",
            code="FRM-S603",
        )


def _require_event(articles: pd.DataFrame, corpus: str, event_id: int) -> list[str]:
    """The article ids of event ``event_id``; an error naming the events when it is not one."""
    members = articles.loc[articles["event_id"] == int(event_id), "id"].astype(str).tolist()
    if not members:
        known = sorted(set(articles["event_id"].astype(int)))
        shown = (
            ", ".join(map(str, known))
            if len(known) <= 20
            else f"{known[0]} to {known[-1]} ({len(known)} events)"
        )
        raise InputError(
            f"no event {event_id} in the analysis of '{corpus}' (events: {shown}; "
            "events.csv or the dashboard's Event comparison page shows them).",
            code="FRM-D722",
        )
    return members


def _names(ids: Sequence[str], limit: int = 8) -> str:
    ids = list(ids)
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
