"""``framing referents ...``: fix "who called it what" rows from the command line.

Each correction is checked against the stored analysis (with the corrections
kept so far) and kept in the store by the labels of the rows it names (see
``framing.referent_fixes``). Nothing is analysed again: the corrections
apply whenever the analysis is read, so the next ``framing analyze INPUT
--corpus NAME --out DIR`` (which reuses the stored results) writes them into
``alignment.csv``, ``mentions.csv`` and ``referent_edits.csv``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from framing.config import load_settings

if TYPE_CHECKING:
    from framing.referents.edits import ReferentEdit
    from framing.store import Store

AFTER = (
    "Run `framing analyze INPUT --corpus {corpus} --out DIR` to write the CSV files again "
    "(the stored results are reused; nothing is embedded)."
)


def _store(args: argparse.Namespace) -> Store:
    from pathlib import Path

    from framing.store import Store

    settings = load_settings(args.config)
    settings = settings.replace(db_path=Path(args.db).expanduser() if args.db else None)
    return Store(settings.resolved_db_path)


def _edit(args: argparse.Namespace, make: Callable[[Store], ReferentEdit], done: str) -> int:
    """Keep the correction ``make`` returns and say what it did and what no longer matches."""
    from framing import referent_fixes as fixes
    from framing.referents.corrected import unmatched_note

    with _store(args) as store:
        edit = make(store)
        print(f"{done} correction #{edit.seq}: {fixes.describe_edit(edit)}.")
        note = unmatched_note(fixes.corrected(store, args.corpus).status)
    if note:
        print(note)
    print(AFTER.format(corpus=args.corpus))
    return 0


def cmd_rows(args: argparse.Namespace) -> int:
    from framing.referent_fixes import event_rows

    with _store(args) as store:
        table = event_rows(store, args.corpus, args.event)
    print(table.to_string(index=False))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from framing.referent_fixes import merge_referents

    return _edit(args, lambda s: merge_referents(s, args.corpus, args.event, args.rows), "Kept")


def cmd_split(args: argparse.Namespace) -> int:
    from framing.referent_fixes import split_referent

    labels = args.labels.split(",")
    return _edit(
        args, lambda s: split_referent(s, args.corpus, args.event, args.row, labels), "Kept"
    )


def cmd_rename(args: argparse.Namespace) -> int:
    from framing.referent_fixes import rename_referent

    return _edit(
        args, lambda s: rename_referent(s, args.corpus, args.event, args.row, args.name), "Kept"
    )


def cmd_hide(args: argparse.Namespace) -> int:
    from framing.referent_fixes import hide_referent

    return _edit(args, lambda s: hide_referent(s, args.corpus, args.event, args.row), "Kept")


def cmd_show(args: argparse.Namespace) -> int:
    from framing.referent_fixes import show_referent

    return _edit(args, lambda s: show_referent(s, args.corpus, args.event, args.row), "Kept")


def cmd_undo(args: argparse.Namespace) -> int:
    from framing.referent_fixes import undo_last

    return _edit(args, lambda s: undo_last(s, args.corpus), "Undid")


def cmd_list(args: argparse.Namespace) -> int:
    from framing.referent_fixes import list_edits

    with _store(args) as store:
        table = list_edits(store, args.corpus)
    if table.empty:
        print(
            f"No referent corrections for '{args.corpus}'. Fix rows with "
            "`framing referents merge`, `split`, `rename`, `hide`."
        )
    else:
        print(table.to_string(index=False))
    return 0


def add_referents_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``framing referents`` and its sub-commands to the ``framing`` parser.

    Args:
        sub: the ``framing`` sub-parsers.
        common: the parent parser with ``--db`` and ``--config``.
    """
    referents = sub.add_parser(
        "referents",
        help="fix the rows of who called it what (merge, split, rename, hide, show, undo)",
        description="Fix the rows of who called it what of an analysed article set. "
        "Corrections are kept in the store by the labels of the rows they name, so they "
        "survive a new analysis; nothing is analysed again. A row is named by its id "
        "(`referent_id` in alignment.csv, e.g. 3:0) or its name.",
    )
    actions = referents.add_subparsers(dest="action", required=True, metavar="ACTION")
    shared = argparse.ArgumentParser(add_help=False, parents=[common])
    shared.add_argument("--corpus", required=True, metavar="NAME", help="the article set")

    def action(
        name: str, func: Callable, help: str, *, event: bool = True
    ) -> argparse.ArgumentParser:
        p = actions.add_parser(name, parents=[shared], help=help, description=help + ".")
        p.set_defaults(func=func)
        if event:
            p.add_argument(
                "--event", required=True, type=int, metavar="EVENT_ID", help="the rows' event"
            )
        return p

    action("rows", cmd_rows, "list the rows of an event with their ids, names and labels")
    p = action("merge", cmd_merge, "merge two or more rows of an event into one")
    p.add_argument("rows", nargs="+", metavar="ROW", help="rows to merge (ids or names)")
    p = action("split", cmd_split, "split labels off a row into a new row")
    p.add_argument("row", metavar="ROW", help="the row to split (id or name)")
    p.add_argument(
        "--labels", required=True, metavar="LABEL[,LABEL...]", help="the labels to split off"
    )
    p = action("rename", cmd_rename, "give a row a name of your own")
    p.add_argument("row", metavar="ROW", help="the row to rename (id or name)")
    p.add_argument("name", metavar="NAME", help="the new name")
    p = action("hide", cmd_hide, "hide a row (exports keep it, marked hidden)")
    p.add_argument("row", metavar="ROW", help="the row to hide (id or name)")
    p = action("show", cmd_show, "show a hidden row again")
    p.add_argument("row", metavar="ROW", help="the row to show (id or name)")
    action("list", cmd_list, "list the corrections, undone ones included", event=False)
    action("undo", cmd_undo, "undo the last correction not yet undone", event=False)
