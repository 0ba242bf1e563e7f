"""Helpers to run the dashboard in a real browser, shared by tests and benchmarks.

Starts ``streamlit run dashboard/app.py`` on a free local port against a given
store and waits for it; drives Debian's chromium through playwright (whose
own browser download cannot be used here). Nothing here imports streamlit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_dashboard(db: Path, *, timeout_s: float = 90) -> Iterator[str]:
    """Run the dashboard on a free port against store ``db``; yield its URL.

    Raises:
        RuntimeError: the server did not answer its health check in time (the
            message holds the end of its output).
    """
    with serve_dashboard_process(db, timeout_s=timeout_s) as (url, _pid):
        yield url


@contextmanager
def serve_dashboard_process(db: Path, *, timeout_s: float = 90) -> Iterator[tuple[str, int]]:
    """``serve_dashboard``, yielding the URL and the server's process id (to time its CPU)."""
    from framing.cli import dashboard_app_path

    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(dashboard_app_path()),
        "--server.address", "127.0.0.1",
        "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--runner.postScriptGC", "false",  # as `framing dashboard` runs it
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    # A file, not a pipe: a pipe nobody reads fills up and stalls the server.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            command,
            env={**os.environ, "FRAMING_DB": str(db)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.time() + timeout_s
            while not _healthy(url):
                if time.time() > deadline or proc.poll() is not None:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"the dashboard did not start:\n{output}")
                time.sleep(0.3)
            yield url, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def settle(page, timeout_s: float = 120, *, poll_ms: int = 100, calm_checks: int = 4) -> None:
    """Wait until the app has finished its script run and drawn every chart.

    "Finished" means content is shown and no run indicator has been seen for
    ``calm_checks`` polls ``poll_ms`` apart; charts inside closed tabs are
    drawn but hidden, so being attached to the page is enough.
    """
    main = page.locator('[data-testid="stMain"]')
    deadline = time.time() + timeout_s
    calm = 0
    while time.time() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        has_text = main.count() > 0 and bool(main.inner_text().strip())
        calm = calm + 1 if (has_text and not running) else 0
        if calm >= calm_checks:
            break
        page.wait_for_timeout(poll_ms)
    # Re-count on every poll: elements of the page being left can still be
    # present for a moment and then vanish.
    charts = page.locator('[data-testid="stPlotlyChart"]')
    drawn = page.locator('[data-testid="stPlotlyChart"] .main-svg:first-child')
    while time.time() < deadline and drawn.count() < charts.count():
        page.wait_for_timeout(poll_ms)


def html_tables(markup: str) -> list[list[list[str]]]:
    """The tables in an HTML fragment: per table, its rows (header row first) of cell texts."""
    from html.parser import HTMLParser

    tables: list[list[list[str]]] = []

    class _Reader(HTMLParser):
        cell: list[str] | None = None

        def handle_starttag(self, tag, attrs) -> None:
            if tag == "table":
                tables.append([])
            elif tag == "tr" and tables:
                tables[-1].append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag) -> None:
            if tag in ("td", "th") and self.cell is not None and tables and tables[-1]:
                tables[-1][-1].append("".join(self.cell))
                self.cell = None

        def handle_data(self, data) -> None:
            if self.cell is not None:
                self.cell.append(data)

    _Reader(convert_charrefs=True).feed(markup)
    return tables


def store_with_set(store, folder: Path, name: str) -> None:
    """Store a one-article set ``name`` (written as a CSV under ``folder``) in ``store``."""
    import csv

    from framing.ingest import read_inputs

    path = folder / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text"])
        writer.writerow(["a-1", "Daily", "Storm hits", "Rain and floods in the north."])
    store.save_articles(name, read_inputs([path]))
