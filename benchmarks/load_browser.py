"""Browser sessions for ``load.py --client browser``: headless Chromium switching pages.

Each session clicks sidebar pages and times each switch until the page has
settled (see ``_SETTLED_JS``). The browsers run on the benchmark's machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import dataclass

from framing.devtools.testing import CHROMIUM_FLAGS

load = sys.modules["benchmarks_load"]  # load.py, which loads this file

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
        for n, name in enumerate(load.page_sequence(index, args.switches)):
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
                outcome.add(name, elapsed)
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
    outcome: load.Outcome
    server: int
    deadline: float
    loads: asyncio.Semaphore
    ready: asyncio.Barrier
    finished: asyncio.Barrier
    cpu_start: tuple[float | None, float | None] = (None, None)
    cpu_end: tuple[float | None, float | None] = (None, None)

    def cpu_now(self) -> tuple[float | None, float | None]:
        return load.tree_cpu_seconds(self.server), load.tree_cpu_seconds(os.getpid())


async def run_sessions(url: str, args, outcome: load.Outcome, server: int) -> None:
    """N browser sessions, each switching pages; fills ``outcome``."""
    from playwright.async_api import async_playwright

    run = _Run(
        args,
        outcome,
        server,
        deadline=time.monotonic() + args.time_limit,
        loads=asyncio.Semaphore(load.LOADS_AT_ONCE),
        ready=asyncio.Barrier(args.sessions),
        finished=asyncio.Barrier(args.sessions),
    )
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=load.CHROMIUM, args=CHROMIUM_FLAGS)
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
