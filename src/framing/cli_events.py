"""``framing events ...``: fix the events of an analysed article set from the command line.

Each edit is checked against the stored analysis, kept in the store (by
article ids, see ``framing.event_fixes``) and the article set is analysed
again at once, so its stored results, and the CSV files ``framing analyze
--out`` writes, reflect it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from framing.config import Settings, load_settings

if TYPE_CHECKING:
    from framing.events.edits import EventEdit
    from framing.store import Store


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    return settings.replace(
        db_path=Path(args.db).expanduser() if args.db else None,
        lexicon_path=Path(args.lexicon).expanduser() if args.lexicon else None,
    )


def _say(msg: str) -> None:
    print(f"- {msg}", file=sys.stderr, flush=True)


def _edit(args: argparse.Namespace, make: Callable[[Store], EventEdit]) -> int:
    """Keep the edit ``make`` returns, analyse the article set again and say where it went."""
    from framing import event_fixes as fixes
    from framing.store import Store

    settings = _settings(args)
    with Store(settings.resolved_db_path) as store:
        edit = make(store)
        _say(f"Kept edit #{edit.seq}: {fixes.describe_edit(edit)}")
        _report(store, args.corpus, settings, edit)
    return 0


def _report(store: Store, corpus: str, settings: Settings, edit: EventEdit | None) -> None:
    from framing import event_fixes as fixes

    analysis = fixes.reanalyze(store, corpus, settings, on_stage=_say)
    table = analysis.tables.get("event_edits")
    _say(f"{analysis.n_embedded} texts embedded, the rest from the store")
    line = f"'{corpus}' now has {len(analysis.events)} events"
    if edit is not None:
        skipped = table is not None and (
            table.loc[table["seq"] == edit.seq, "status"].eq("skipped").any()
        )
        where = fixes.event_holding(analysis, edit.target or edit.articles)
        if skipped:
            line += "; the edit could not be applied (see `framing events list`)"
        elif where is not None:
            label = analysis.events.set_index("event_id").loc[where, "label"]
            line += f"; its articles are in event {where}: {label}"
    print(
        f"{line}.\nRun `framing analyze INPUT --corpus {corpus} --out DIR` to write the "
        "CSV files again (the stored results are reused)."
    )


def cmd_merge(args: argparse.Namespace) -> int:
    from framing.event_fixes import merge_events

    return _edit(args, lambda s: merge_events(s, args.corpus, args.events))


def cmd_split(args: argparse.Namespace) -> int:
    from framing.event_fixes import split_event

    ids = args.articles.split(",")
    return _edit(args, lambda s: split_event(s, args.corpus, args.event, ids))


def cmd_move(args: argparse.Namespace) -> int:
    from framing.event_fixes import move_article

    return _edit(args, lambda s: move_article(s, args.corpus, args.article, args.to))


def cmd_rename(args: argparse.Namespace) -> int:
    from framing.event_fixes import rename_event

    return _edit(args, lambda s: rename_event(s, args.corpus, args.event, args.label))


def cmd_undo(args: argparse.Namespace) -> int:
    from framing import event_fixes as fixes
    from framing.store import Store

    settings = _settings(args)
    with Store(settings.resolved_db_path) as store:
        edit = fixes.undo_last(store, args.corpus)
        _say(f"Undid edit #{edit.seq}: {fixes.describe_edit(edit)}")
        _report(store, args.corpus, settings, None)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from framing.event_fixes import list_edits
    from framing.store import Store

    settings = _settings(args)
    with Store(settings.resolved_db_path) as store:
        table = list_edits(store, args.corpus)
    if table.empty:
        print(f"No event edits for '{args.corpus}'. Fix events with `framing events merge` etc.")
    else:
        print(table.to_string(index=False))
    return 0


def add_events_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``framing events`` and its sub-commands to the ``framing`` parser.

    Args:
        sub: the ``framing`` sub-parsers.
        common: the parent parser with ``--db`` and ``--config``.
    """
    events = sub.add_parser(
        "events",
        help="fix the events of an analysed article set (merge, split, move, rename, undo)",
        description="Fix the grouping of an analysed article set. Edits are kept in the "
        "store by article ids, so they survive a new analysis (and --force); each edit "
        "analyses the article set again (embeddings come from the store).",
    )
    actions = events.add_subparsers(dest="action", required=True, metavar="ACTION")
    shared = argparse.ArgumentParser(add_help=False, parents=[common])
    shared.add_argument("--corpus", required=True, metavar="NAME", help="the article set")
    shared.add_argument(
        "--lexicon", help="the lexicon TOML file the article set was analysed with, if any"
    )

    def action(name: str, func: Callable, help: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, parents=[shared], help=help, description=help + ".")
        p.set_defaults(func=func)
        return p

    p = action("merge", cmd_merge, "merge two or more events into one")
    p.add_argument("events", nargs="+", type=int, metavar="EVENT_ID", help="events to merge")
    p = action("split", cmd_split, "split articles off an event into a new event")
    p.add_argument("event", type=int, metavar="EVENT_ID", help="the event to split")
    p.add_argument(
        "--articles", required=True, metavar="ID[,ID...]", help="article ids to split off"
    )
    p = action("move", cmd_move, "move an article to another event")
    p.add_argument("article", metavar="ARTICLE_ID", help="the article to move")
    p.add_argument("--to", required=True, type=int, metavar="EVENT_ID", help="its new event")
    p = action("rename", cmd_rename, "give an event a label of your own")
    p.add_argument("event", type=int, metavar="EVENT_ID", help="the event to rename")
    p.add_argument("label", metavar="LABEL", help="the new label")
    action("list", cmd_list, "list the edits of an article set, undone ones included")
    action("undo", cmd_undo, "undo the last edit not yet undone")
