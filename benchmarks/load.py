"""Many users at once: N sessions switching dashboard pages, and whether item 9's bar holds.

Run: python benchmarks/load.py --client protocol --sessions 20 [--db STORE] [--switches 5]

Starts the dashboard on 127.0.0.1 only, against a store holding the analysed
sample corpus (``--db``; without it the sample is analysed into a temporary
store first with ``framing analyze``, which takes a few minutes). Then N
sessions open it, a few first loads at a time, and once all are open they
start together: each switches pages M times, each session starting at
another page, so that every page is requested while others are drawn.

Two kinds of session (``--client``):

- ``browser`` (the default): headless Chromium (Debian's chromium, through
  playwright). A switch is timed from the click until the page has settled:
  the main area shows the new page's text, nothing in it is stale, no run
  indicator has been seen for a few polls and every chart is drawn. The
  browsers run on the same machine: on a small one they take most of its CPU
  (about 2 s per switch each, twelve times the server's share), so this
  times the machine drawing N pages at once as much as the server.
- ``protocol``: a websocket client that speaks Streamlit's own protocol, as
  the browser's client does (``load_protocol.py``). A switch is timed from
  the request until the server reports the page's run finished. It times
  what the dashboard serves, with each user's browser on the user's own
  machine. **Item 9's bar is judged in this mode.**

A switch that does not finish within ``--switch-timeout`` seconds, or that ends
on a Streamlit exception, is an error. Everything is bounded: sessions (at
most 40), switches (at most 50), each switch, and the whole run
(``--time-limit``): at the limit the sessions stop and the switches not made
count as not run. ``--warm`` lets one session visit every page first (a
server someone has opened already: its shared parts are built).

Prints one table (sessions, switches, p50, p90, max, errors) and whether the
bar holds: p50 <= 1.5 s, p90 <= 3 s and no error. Exit status 0 when it holds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from framing.devtools.testing import serve_dashboard_process

ROOT = Path(__file__).resolve().parents[1]
CORPUS = "sample"
PAGES = ["Overview", "Event comparison", "Who called it what", "Outlet profiles"]
PAGES += ["Who gets to speak", "Classroom", "Lexicon", "Export"]
MAX_SESSIONS = 40
MAX_SWITCHES = 50
LOADS_AT_ONCE = 4  # first loads in flight at once (20 at once starve a small machine)
BAR_P50_S = 1.5
BAR_P90_S = 3.0
CHROMIUM = "/usr/bin/chromium"
CLIENTS = ("browser", "protocol")


def bounded(low: float, high: float, kind: type = int):
    """An argparse type: a number of ``kind`` between ``low`` and ``high`` inclusive."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a {kind.__name__}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    """The command-line options; every count and time is bounded."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="store with the analysed 'sample' corpus (default: make one)")
    p.add_argument(
        "--client",
        choices=CLIENTS,
        default="browser",
        help="browser: headless Chromium sessions; protocol: websocket clients speaking "
        "Streamlit's protocol (what the server serves; item 9's bar is judged on it)",
    )
    p.add_argument(
        "--warm",
        action="store_true",
        help="let one session visit every page before the timed ones start "
        "(a server someone has already opened)",
    )
    options = [  # name, bounds, type, default, help
        ("--sessions", 1, MAX_SESSIONS, int, 20, "browser sessions at once"),
        ("--switches", 1, MAX_SWITCHES, int, 5, "page switches per session"),
        ("--pause", 0, 30, float, 0.0, "seconds on a settled page before the next click"),
        ("--switch-timeout", 5, 300, float, 60.0, "seconds after which a switch is an error"),
        ("--time-limit", 30, 3600, float, 900.0, "seconds for the whole run, store excluded"),
    ]
    for name, low, high, kind, default, text in options:
        p.add_argument(
            name,
            type=bounded(low, high, kind),
            default=default,
            help=f"{text} ({low}..{high}, default {default})",
        )
    return p


def page_sequence(index: int, count: int) -> list[str]:
    """The ``count`` pages session ``index`` clicks, from the Overview it opens on.

    Sessions start at different pages; no click is on the page already shown
    (nothing would change to wait for).
    """
    out, current, k = [], PAGES[0], index + 1
    while len(out) < count:  # at most one skip per page: ends within 2 * count steps
        name = PAGES[k % len(PAGES)]
        k += 1
        if name != current:
            out.append(name)
            current = name
    return out


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0 < q <= 100) of non-empty ``values``."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without float error
    return ordered[int(rank) - 1]


@dataclass
class Outcome:
    """What all sessions measured."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_run: int = 0
    cpu: tuple[float, float] | None = None  # CPU seconds: (server, server + browsers)
    by_page: dict[str, list[float]] = field(default_factory=dict)  # page -> its switch times

    def add(self, page: str, seconds: float) -> None:
        """One switch to ``page`` that took ``seconds``."""
        self.times.append(seconds)
        self.by_page.setdefault(page, []).append(seconds)


def verdict(outcome: Outcome) -> tuple[bool, list[str]]:
    """Whether the bar holds, and the reasons when it does not."""
    reasons = []
    if not outcome.times:
        return False, ["no switch was measured"]
    p50, p90 = percentile(outcome.times, 50), percentile(outcome.times, 90)
    if p50 > BAR_P50_S:
        reasons.append(f"p50 {p50:.2f} s > {BAR_P50_S} s")
    if p90 > BAR_P90_S:
        reasons.append(f"p90 {p90:.2f} s > {BAR_P90_S} s")
    if outcome.errors:
        reasons.append(f"{len(outcome.errors)} error(s)")
    if outcome.not_run:
        reasons.append(f"{outcome.not_run} switch(es) not run (time limit or failed first load)")
    return not reasons, reasons


def table(sessions: int, outcome: Outcome) -> str:
    """The result table, one header and one row, plus the bar."""
    t = outcome.times
    cells = (
        [f"{percentile(t, 50):.2f} s", f"{percentile(t, 90):.2f} s", f"{max(t):.2f} s"]
        if t
        else ["-", "-", "-"]
    )
    ok, reasons = verdict(outcome)
    bar = "holds" if ok else "fails: " + "; ".join(reasons)
    head = "| sessions | switches | p50 | p90 | max | errors | "
    head += f"bar (p50 <= {BAR_P50_S} s, p90 <= {BAR_P90_S} s, no error) |"
    row = f"| {sessions} | {len(t)} | {' | '.join(cells)} | {len(outcome.errors)} | {bar} |"
    return "\n".join([head, "|---:|---:|---:|---:|---:|---:|---|", row])


def make_store(folder: Path, timeout_s: float = 1200) -> Path:
    """Analyse the sample articles into a new store in ``folder`` with the CLI."""
    db = folder / "store.sqlite3"
    command = [sys.executable, "-m", "framing.cli", "analyze", str(ROOT / "sample_articles")]
    command += ["--corpus", CORPUS, "--db", str(db), "--out", str(folder / "out")]
    print("Analysing the sample into a temporary store (a few minutes)…", flush=True)
    subprocess.run(command, check=True, timeout=timeout_s, stdout=subprocess.DEVNULL)
    return db


def check_store(db: Path) -> None:
    """Stop with a plain message unless ``db`` holds the analysed sample corpus."""
    from framing.store import Store

    if not db.is_file():
        raise SystemExit(f"--db {db}: no such file. Leave --db out to make a store.")
    with Store(db) as store:
        if CORPUS not in set(store.corpora()["name"]) or store.results_key(CORPUS) is None:
            raise SystemExit(
                f"--db {db}: no analysed '{CORPUS}' corpus. Make one with "
                f"`framing analyze sample_articles --corpus {CORPUS} --db {db} --out OUT`."
            )


def tree_cpu_seconds(root: int) -> float | None:
    """CPU seconds used so far by process ``root`` and its live descendants (Linux only)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    children: dict[int, list[int]] = {}
    used: dict[int, float] = {}
    for entry in (e for e in proc.iterdir() if e.name.isdigit()):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def serve(db: Path, timeout_s: float = 90):
    """The dashboard on a free loopback port against ``db``; yields its URL and pid."""
    return serve_dashboard_process(db, timeout_s=timeout_s)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.client == "browser" and shutil.which(CHROMIUM) is None:
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium package.")
    sys.modules.setdefault("benchmarks_load", sys.modules[__name__])  # for load_protocol.py
    protocol = _sibling("load_protocol")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else make_store(Path(tmp))
        check_store(db)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        outcome = Outcome()
        with serve(db) as (url, server):
            if args.warm:
                asyncio.run(protocol.warm(url, args.switch_timeout))
            client = protocol if args.client == "protocol" else _sibling("load_browser")
            run = client.run_sessions
            asyncio.run(run(url, args, outcome, server))
        wall = time.perf_counter() - started
    print(
        f"{args.sessions} {args.client} session(s) x {args.switches} page switch(es), pause "
        f"{args.pause:g} s, {'warm' if args.warm else 'new'} server, {wall:.0f} s in all; "
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
        f"{os.cpu_count()} CPU(s)"
    )
    if outcome.cpu:
        server_s, all_s = outcome.cpu
        print(
            f"CPU during the page switches: dashboard server {server_s:.1f} s"
            + (f", browsers and their driver {all_s - server_s:.1f} s" if all_s > server_s else "")
            + (f" ({server_s / len(outcome.times):.3f} s per switch)" if outcome.times else "")
        )
    print(table(args.sessions, outcome))
    for name, times in sorted(outcome.by_page.items()):
        p50, p90 = percentile(times, 50), percentile(times, 90)
        print(f"  {name:20s} {len(times):3d} switches  p50 {p50:.2f} s  p90 {p90:.2f} s")
    for error in outcome.errors[:10]:
        print(f"  error: {error}")
    return 0 if verdict(outcome)[0] else 1


def _sibling(stem: str):
    """``benchmarks/<stem>.py``, loaded by file as ``benchmarks_<stem>``.

    Not through ``sys.path``: a benchmarks/ entry there would shadow the
    dashboard's own top-level modules.
    """
    import importlib.util

    name = f"benchmarks_{stem}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{stem}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


if __name__ == "__main__":
    sys.exit(main())
