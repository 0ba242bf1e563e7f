"""Many users at once: N browser sessions switching dashboard pages.

Run: python benchmarks/load.py --sessions 20 [--db STORE] [--switches 5]

Starts the dashboard on 127.0.0.1 only, against a store holding the analysed
sample corpus (``--db``; without it the sample is analysed into a temporary
store first with ``framing analyze``, which takes a few minutes). Then N
headless Chromium sessions (Debian's chromium, through playwright) open it, a
few first loads at a time, and once all are open they start together: each
switches sidebar pages M times, each session starting at another page, so
that every page is requested while others are drawn.

A switch is timed from the click until the page has settled: the main area
shows the new page's text, nothing in it is stale, no run indicator has been
seen for a few polls and every chart is drawn. A switch that does not settle
within ``--switch-timeout`` seconds, or that ends on a Streamlit exception, is
an error. Everything is bounded: sessions (at most 40), switches (at most 50),
each switch, and the whole run (``--time-limit``): at the limit the sessions
stop and the switches not made count as not run.

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

from framing.devtools.testing import CHROMIUM_FLAGS, serve_dashboard_process

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

# True once the page has settled for a few polls in a row (the count lives on
# the window, so it survives between polls of one wait and resets on a new one).
_SETTLED_JS = """
([before, calmNeeded]) => {
  const main = document.querySelector('[data-testid="stMain"]');
  // Cheap checks first, and textContent (no layout) rather than innerText:
  // the poll itself must not load the browser it measures.
  const ready = !!main
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !main.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')
    && main.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg:first-child').length
       >= main.querySelectorAll('[data-testid="stPlotlyChart"]').length
    && main.textContent.trim() !== "" && main.textContent !== before;
  window.__loadCalm = ready ? (window.__loadCalm || 0) + 1 : 0;
  return window.__loadCalm >= calmNeeded;
}
"""


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


async def _settle(page, before: str, timeout_s: float) -> None:
    await page.wait_for_function(
        _SETTLED_JS, arg=[before, 3], polling=100, timeout=timeout_s * 1000
    )


async def _session(browser, url: str, index: int, run: _Run) -> None:
    args, outcome = run.args, run.outcome
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        loaded = True
        try:
            async with run.loads:  # a few first loads at a time: they are not measured
                await page.goto(url, timeout=2 * args.switch_timeout * 1000)
                await _settle(page, "", 2 * args.switch_timeout)
        except Exception as exc:  # the first page never settled: no switch can be made
            outcome.errors.append(f"session {index}, first load: {type(exc).__name__}")
            outcome.not_run += args.switches
            loaded = False
        # Every session starts switching at the same moment, once all have loaded.
        wait = max(1.0, run.deadline - time.monotonic())
        if await asyncio.wait_for(run.ready.wait(), wait) == 0:
            run.cpu_start = run.cpu_now()
        if not loaded:
            return
        main = page.locator('[data-testid="stMain"]')
        for n, name in enumerate(page_sequence(index, args.switches)):
            if time.monotonic() > run.deadline:
                outcome.not_run += args.switches - n
                return
            before = await main.evaluate("el => el.textContent")
            t0 = time.perf_counter()
            try:
                await page.get_by_role("link", name=name, exact=True).first.click()
                await _settle(page, before, args.switch_timeout)
            except Exception as exc:  # a timeout or a closed page: an error of this switch
                outcome.errors.append(f"session {index}, {name}: {type(exc).__name__}")
                continue
            elapsed = time.perf_counter() - t0
            if await page.locator('[data-testid="stException"]').count():
                outcome.errors.append(f"session {index}, {name}: the page shows an exception")
            else:
                outcome.times.append(elapsed)
            if args.pause:
                await asyncio.sleep(args.pause)
    finally:
        # Closing a page ends its processes and drops their CPU from the count:
        # read it once every session is done, then close.
        wait = max(1.0, run.deadline + 30 - time.monotonic())
        try:
            if await asyncio.wait_for(run.finished.wait(), wait) == 0:
                run.cpu_end = run.cpu_now()
        finally:
            await context.close()


@dataclass
class _Run:
    """What the sessions of one run share."""

    args: argparse.Namespace
    outcome: Outcome
    server: int
    deadline: float
    loads: asyncio.Semaphore
    ready: asyncio.Barrier
    finished: asyncio.Barrier
    cpu_start: tuple[float | None, float | None] = (None, None)
    cpu_end: tuple[float | None, float | None] = (None, None)

    def cpu_now(self) -> tuple[float | None, float | None]:
        return tree_cpu_seconds(self.server), tree_cpu_seconds(os.getpid())


async def _run_sessions(url: str, args, outcome: Outcome, server: int) -> None:
    from playwright.async_api import async_playwright

    run = _Run(
        args,
        outcome,
        server,
        deadline=time.monotonic() + args.time_limit,
        loads=asyncio.Semaphore(LOADS_AT_ONCE),
        ready=asyncio.Barrier(args.sessions),
        finished=asyncio.Barrier(args.sessions),
    )
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            tasks = [
                asyncio.ensure_future(_session(browser, url, i, run)) for i in range(args.sessions)
            ]
            done, pending = await asyncio.wait(tasks, timeout=args.time_limit + 30)
            for task in pending:  # past the limit in the middle of a switch
                task.cancel()
                outcome.errors.append("a session did not stop by the time limit")
            for task in done:
                if task.exception() is not None:
                    outcome.errors.append(f"a session failed: {task.exception()!r}"[:200])
            start, end = run.cpu_start, run.cpu_end
            if None not in start + end:
                outcome.cpu = (end[0] - start[0], end[1] - start[1])
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if shutil.which(CHROMIUM) is None:
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium package.")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else make_store(Path(tmp))
        check_store(db)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        outcome = Outcome()
        with serve(db) as (url, server):
            asyncio.run(_run_sessions(url, args, outcome, server))
        wall = time.perf_counter() - started
    print(
        f"{args.sessions} session(s) x {args.switches} page switch(es), pause {args.pause:g} s, "
        f"{wall:.0f} s in all; load average {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after, {os.cpu_count()} CPU(s)"
    )
    if outcome.cpu:
        server_s, all_s = outcome.cpu
        print(
            f"CPU during the page switches: dashboard server {server_s:.1f} s, "
            f"browsers and their driver {all_s - server_s:.1f} s"
        )
    print(table(args.sessions, outcome))
    for error in outcome.errors[:10]:
        print(f"  error: {error}")
    return 0 if verdict(outcome)[0] else 1


if __name__ == "__main__":
    sys.exit(main())
