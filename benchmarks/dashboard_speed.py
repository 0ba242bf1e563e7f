"""Dashboard speed in a real browser: first load and warm page/event switches.

Run: .venv/bin/python benchmarks/dashboard_speed.py [--db STORE] [--rounds 5]

Starts `streamlit run` on a free port against a store holding the analysed
sample corpus (made in a temporary folder when --db is not given, which takes
a minute), opens it in Debian's chromium through playwright and prints:

- first load: from a fresh server to the overview fully drawn (script run
  finished, every plotly chart drawn), model and imports included;
- page switch: clicking a page in the sidebar until it is fully drawn, warm,
  median and max over all pages and rounds;
- event switch: choosing another event on the comparison page, median and max.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from framing.devtools.testing import CHROMIUM_FLAGS, serve_dashboard, settle

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "Event comparison",
    "Who called it what",
    "Outlet profiles",
    "Classroom",
    "Lexicon",
    "Upload",
    "Export",
    "Overview",
]


def quick_settle(page) -> None:
    """settle() with fine polling: adds at most about 50 ms to a measurement."""
    settle(page, poll_ms=25, calm_checks=2)


def timed_switch(page, action) -> float:
    """Seconds from ``action()`` until the new content is fully drawn.

    The old page stays on screen for a moment after a click, and Streamlit
    shows its running indicator only after a delay, so settling right away
    can stop the clock before the new run has begun. The clock therefore runs
    until the main area's text has changed and nothing in it is stale (left
    from the previous run), and then until the run has settled.
    """
    main = page.locator('[data-testid="stMain"]')
    stale = page.locator('[data-testid="stMain"] [data-stale="true"]')
    before = main.inner_text()
    t0 = time.perf_counter()
    action()
    deadline = time.time() + 60
    while main.inner_text() == before or stale.count() > 0:
        if time.time() > deadline:
            raise TimeoutError("the dashboard did not change within 60 s of the click")
        page.wait_for_timeout(25)
    quick_settle(page)
    return time.perf_counter() - t0


def make_store(folder: Path) -> Path:
    from framing.config import Settings
    from framing.pipeline import analyze, ingest
    from framing.store import Store

    db = folder / "store.sqlite3"
    with Store(db) as store:
        settings = Settings(db_path=db)
        ingest([ROOT / "sample_articles"], "sample", store, settings)
        analyze("sample", store, settings)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store with the analysed sample corpus")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = Path(args.db) if args.db else make_store(tmp)
    started = time.perf_counter()
    with serve_dashboard(db) as url:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            settle(page)
            first = time.perf_counter() - started
            switches: dict[str, list[float]] = {name: [] for name in PAGES}
            for _ in range(args.rounds):
                for name in PAGES:
                    link = page.get_by_role("link", name=name).first
                    switches[name].append(timed_switch(page, link.click))
            page.get_by_role("link", name="Event comparison").first.click()
            settle(page)
            events: list[float] = []
            box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
            for i in range(args.rounds * 2):

                def choose(i: int = i) -> None:
                    box.click()
                    page.get_by_role("option").nth((i + 1) % 8).click()

                events.append(timed_switch(page, choose))
            browser.close()
    from framing.store import Store

    with Store(db) as store:
        shown = store.corpora().iloc[0]
    print(
        f"Dashboard speed on corpus '{shown['name']}' ({shown['n_articles']:,} articles), "
        "Chromium headless, this machine:"
    )
    print(f"  first load (server start to overview drawn): {first:.2f} s")
    every = [t for times in switches.values() for t in times]
    print(
        f"  page switch, warm: median {statistics.median(every):.2f} s, "
        f"max {max(every):.2f} s over {len(every)} switches"
    )
    for name, times in switches.items():
        print(
            f"    {name:20s} median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s (first visit {times[0]:.2f} s)"
        )
    print(
        f"  event switch, warm: median {statistics.median(events):.2f} s, "
        f"max {max(events):.2f} s over {len(events)} switches"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
