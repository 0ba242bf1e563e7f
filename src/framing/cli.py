"""Command line: ``framing analyze``, ``framing dashboard``, ``framing corpora``."""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from framing import __version__
from framing.cli_engine import add_engine_arguments, engine_settings
from framing.cli_events import add_events_parser
from framing.cli_progress import ProgressLines
from framing.cli_referents import add_referents_parser
from framing.cli_store import add_store_parser, store_path
from framing.config import Settings, load_settings
from framing.errors import FramingError, InputError
from framing.progress import Reporter
from framing.store import Store
from framing.store.base import damaged


def _corpus_name_from(inputs: Sequence[str]) -> str:
    stem = Path(inputs[0]).resolve().name
    stem = re.sub(r"\.(zip|csv|jsonl|json|txt|md|html?)$", "", stem, flags=re.I)
    return stem or "corpus"


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(getattr(args, "config", None))
    return settings.replace(
        db_path=Path(args.db).expanduser() if getattr(args, "db", None) else None,
        model=getattr(args, "model", None),
        device=getattr(args, "device", None),
        batch_size=getattr(args, "batch_size", None),
        representation=getattr(args, "representation", None),
        lexicon_path=Path(args.lexicon).expanduser() if getattr(args, "lexicon", None) else None,
        **engine_settings(args),
    )


def fast_path_advice(n_articles: int, model: str) -> str | None:
    """A suggestion to use the fast model for a large corpus, or ``None``.

    Args:
        n_articles: articles in the corpus.
        model: the model the run will use.
    """
    from framing.embed import is_fast_model
    from framing.pipeline import FAST_PATH_THRESHOLD

    if n_articles < FAST_PATH_THRESHOLD or is_fast_model(model) or model == "auto":
        return None
    return (
        f"{n_articles:,} articles: with {model} this takes a while (see docs/performance.md). "
        "`--model fast` uses a static model distilled from it, many times faster at a "
        "measured cost in quality; `--model auto` picks it for corpora of "
        f"{FAST_PATH_THRESHOLD:,} articles or more."
    )


def cmd_analyze(args: argparse.Namespace) -> int:
    from framing.pipeline import (
        ARTICLE_OUTPUT_COLUMNS,
        BATCHED_TABLES,
        analyze,
        choose_model,
        ingest,
    )
    from framing.referents.corrected import unmatched_note
    from framing.reports.csv import write_csv, write_csv_parts

    settings = _settings(args)
    corpus = args.corpus or _corpus_name_from(args.inputs)
    out = Path(args.out)
    started = time.perf_counter()
    lines = ProgressLines(sys.stderr)

    def say(msg: str) -> None:
        # The stages' own lines say what starts; the rest (resuming, advice) is said here.
        if not msg.startswith(("Embedding", "Grouping", "Scoring")):
            lines.note(f"- {msg}")

    say(f"Reading {', '.join(args.inputs)}")
    out.mkdir(parents=True, exist_ok=True)
    written = ["articles.csv", "events.csv"]
    # The set is held from ingest to the last CSV file: no other run can change it meanwhile.
    with Store(settings.resolved_db_path) as store, store.writer_lock(corpus):
        report, counts = ingest(args.inputs, corpus, store, settings, on_progress=lines)
        for issue in report.issues:
            print(f"  {issue.severity}: {issue}", file=sys.stderr)
        say(report.summary())
        n_articles = int(counts["total"])
        settings = settings.replace(model=choose_model(settings.model, n_articles))
        advice = fast_path_advice(n_articles, settings.model)
        if advice:
            say(advice)
        from framing.embed import StaticEmbedder, is_fast_model

        if is_fast_model(settings.model) and not StaticEmbedder().is_built:
            say(
                "Building the fast model once, from the bundled MiniLM on this machine "
                "(about 1 to 2 minutes; later runs reuse it)"
            )
        analysis = analyze(
            corpus,
            store,
            settings,
            cues=not args.no_cues,
            force=args.force,
            load_batched=False,
            on_stage=say,
            on_progress=lines,
        )
        # Fixes of the wording rows that a new analysis left without their row.
        if note := unmatched_note(analysis.tables.get("referent_edits")):
            say(f"{note} See `framing referents list --corpus {corpus}`.")
        n_files = 3 + len(analysis.tables) + (0 if args.no_cues else len(BATCHED_TABLES))
        writing = Reporter(lines).stage("write", "Writing CSV files", total=n_files, unit="files")
        # Every file goes through the one safe writer: article text is untrusted,
        # and a cell such as ``=cmd|...`` would run in a spreadsheet.
        write_csv(analysis.articles[ARTICLE_OUTPUT_COLUMNS], out / "articles.csv")
        write_csv(analysis.events, out / "events.csv")
        writing.add(2)
        # The per-sentence tables are written batch by batch, never held whole.
        if not args.no_cues:
            for name in BATCHED_TABLES:
                parts = store.iter_parts(corpus, analysis.key, [name])
                write_csv_parts((part[name] for part in parts), out / f"{name}.csv")
                written.append(f"{name}.csv")
                writing.add(detail=f"{name}.csv")
    for name, table in analysis.tables.items():
        write_csv(table, out / f"{name}.csv")
        written.append(f"{name}.csv")
        writing.add(detail=f"{name}.csv")
    issues = report.issues_frame()
    if not issues.empty or report.duplicates:
        write_csv(issues, out / "ingest_issues.csv")
    else:
        # A list left by an earlier run would be taken for this run's.
        (out / "ingest_issues.csv").unlink(missing_ok=True)
    writing.finish()
    elapsed = time.perf_counter() - started
    outlets = analysis.articles["outlet"].nunique()
    reused = (
        "stored results reused: nothing recomputed"
        if set(analysis.timings) == {"load"}
        else f"{analysis.n_embedded} texts embedded, the rest from cache"
    )
    print(
        f"Done in {elapsed:.1f} s: {len(analysis.articles)} articles from {outlets} outlets "
        f"in {len(analysis.events)} events (corpus '{corpus}', model {settings.model}, "
        f"{reused}).\n"
        f"Wrote {', '.join(written)}"
        + (" and ingest_issues.csv" if (out / "ingest_issues.csv").exists() else "")
        + f" to {out}.\nStore: {settings.resolved_db_path}",
    )
    if report.errors:
        print(
            f"{len(report.errors)} input row(s) or file(s) were rejected; see the messages "
            f"above or {out / 'ingest_issues.csv'}.",
            file=sys.stderr,
        )
        if args.strict:
            return 3
    return 0


def dashboard_command(
    args: argparse.Namespace, environ: dict[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The ``streamlit run`` command line and environment ``framing dashboard`` starts.

    The token travels in the environment, never on the command line (where
    ``ps`` would show it to every user of the machine).

    Args:
        args: the parsed ``dashboard`` arguments.
        environ: the environment to start from (default ``os.environ``).

    Raises:
        FramingError: the address is open to the network and there is no
            access token, or the token is too short.
    """
    from framing import access

    env = dict(os.environ if environ is None else environ)
    token = args.token or access.token(env)
    access.require_token_for(args.address, token)
    if token:
        env[access.TOKEN_ENV] = token
    else:
        env.pop(access.TOKEN_ENV, None)
    if args.read_only:
        env[access.READ_ONLY_ENV] = "1"
    if args.db:
        env["FRAMING_DB"] = str(Path(args.db).expanduser().resolve())
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(dashboard_app_path()),
        "--server.address",
        args.address,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # no full gc.collect() after every page run: with many sessions each one
        # walked every session's objects (docs/performance.md, "Many users at once")
        "--runner.postScriptGC",
        "false",
    ]
    return command, env


def cmd_dashboard(args: argparse.Namespace) -> int:
    from framing import access

    command, env = dashboard_command(args)
    host = f"[{args.address}]" if ":" in args.address else args.address
    extras = [
        text
        for on, text in (
            (access.read_only(env), "read-only"),
            (bool(access.token(env)), "access token required"),
        )
        if on
    ]
    note = f" ({', '.join(extras)})" if extras else ""
    print(f"Starting the dashboard on http://{host}:{args.port}{note} (Ctrl+C to stop)")
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def dashboard_app_path() -> Path:
    """Location of ``dashboard/app.py`` in the source tree."""
    app = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
    if not app.is_file():
        raise FramingError(
            f"{app}: the dashboard files were not found. The dashboard runs from a checkout "
            "of framing-dashboard (pip install -e .), not from a wheel.",
            code="FRM-D701",
        )
    return app


def cmd_corpora(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with Store(settings.resolved_db_path) as store:
        if args.delete:
            store.delete_corpus(args.delete)
            print(f"Deleted corpus '{args.delete}'.")
            return 0
        table = store.corpora()
    if table.empty:
        print(f"No corpora in {settings.resolved_db_path}. Add one with `framing analyze`.")
    else:
        print(table.to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Compare how news outlets frame the same events.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="SQLite store (default: per-user data folder; env FRAMING_DB)")
    common.add_argument("--config", help="settings TOML file (env FRAMING_CONFIG)")

    p = sub.add_parser(
        "analyze",
        parents=[common],
        help="read articles, group them into events, write CSV tables",
        description="Read articles (CSV, JSON Lines, JSON, TXT/MD with header, HTML, folders, "
        "ZIP), store them as a corpus, embed them, group them into events and write "
        "DIR/articles.csv and DIR/events.csv.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or .zip archives")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the CSV outputs")
    p.add_argument("--corpus", help="corpus name in the store (default: first input's name)")
    p.add_argument(
        "--model",
        help="bundled:all-MiniLM-L6-v2-int8 (default, quantised here); bundled:all-MiniLM-L6-v2 "
        "(fp32 torch); fast (static, distilled here: many times faster, a little less "
        "accurate); auto (fast for large corpora); a local model folder; or a hub name",
    )
    p.add_argument("--device", help="torch device, e.g. cpu or cuda (default: auto)")
    p.add_argument(
        "--batch-size",
        type=int,
        help="texts per forward pass (default 32 on CPU; sized to free memory on a GPU)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="analyse again even when stored results match the corpus and settings",
    )
    p.add_argument(
        "--representation",
        choices=["title_lead", "chunks"],
        help="how an article becomes one vector (default title_lead)",
    )
    p.add_argument(
        "--lexicon",
        help="your own lexicon TOML file; it extends or overrides the built-in one "
        "(env FRAMING_LEXICON)",
    )
    p.add_argument(
        "--no-cues", action="store_true", help="only group into events; skip framing cues"
    )
    p.add_argument(
        "--strict", action="store_true", help="exit with status 3 when any input row was rejected"
    )
    add_engine_arguments(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser(
        "dashboard",
        help="start the Streamlit dashboard",
        description="Start the Streamlit dashboard. It listens on 127.0.0.1 only unless "
        "--address says otherwise; on any other address it needs an access token.",
    )
    p.add_argument("--db", help="SQLite store the dashboard reads")
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for "
        "every interface, which needs --token)",
    )
    p.add_argument(
        "--token",
        help="access token every browser session enters first (env FRAMING_DASHBOARD_TOKEN; "
        "required on a non-loopback address; the environment variable keeps it out of `ps`)",
    )
    p.add_argument(
        "--read-only",
        action="store_true",
        help="no upload, no delete, no lexicon edits, no analysis runs (a classroom "
        "projector, a shared server)",
    )
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser(
        "corpora",
        parents=[common],
        help="list or delete stored corpora",
        description="List the corpora in the store, or delete one.",
    )
    p.add_argument("--delete", metavar="NAME", help="delete this corpus")
    p.set_defaults(func=cmd_corpora)
    add_events_parser(sub, common)
    add_referents_parser(sub, common)
    add_store_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` command."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # damage the check on opening did not reach
        print(f"framing: error: {damaged(store_path(args), exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
