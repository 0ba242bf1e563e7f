"""A real browser against `streamlit run`: every page, the file chooser, screenshots.

Drives Debian's chromium through the playwright package (its own browser
download cannot be used here). Screenshots go to tests/artifacts/screens/.
Skipped when chromium is missing, unless FRAMING_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from framing.config import Settings
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "tests" / "artifacts" / "screens"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "overview": "",
    "events": "events",
    "wording": "wording",
    "profiles": "profiles",
    "classroom": "classroom",
    "lexicon": "lexicon",
    "upload": "upload",
    "export": "export",
}

pytestmark = [pytest.mark.browser, pytest.mark.model]


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("FRAMING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "store.sqlite3"
    with Store(db) as store:
        settings = Settings(db_path=db)
        ingest([ROOT / "sample_articles"], "sample", store, settings)
        analyze("sample", store, settings)
    port = _free_port()
    env = {**os.environ, "FRAMING_DB": str(db)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError(f"streamlit did not start: {proc.stdout.read().decode()[-2000:]}")
    yield url, tmp
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


def _settle(page, timeout_s: float = 90) -> None:
    """Wait until the script has run (content shown, no running indicator) and
    every plotly chart has drawn."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=60_000)
    main = page.locator('[data-testid="stMain"]')
    deadline = time.time() + timeout_s
    calm = 0
    while time.time() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        has_text = main.count() > 0 and bool(main.inner_text().strip())
        calm = calm + 1 if (has_text and not running) else 0
        if calm >= 4:  # one second without a run in progress
            break
        page.wait_for_timeout(250)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        # charts inside closed tabs are drawn but hidden: attached is enough
        charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)


def _errors(page) -> list[str]:
    found = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    return [found.nth(i).inner_text()[:500] for i in range(found.count())]


@pytest.mark.parametrize("name", list(PAGES))
def test_browser_every_page_renders_without_errors(server, browser, name: str) -> None:
    url, _ = server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{url}/{PAGES[name]}", wait_until="domcontentloaded")
        _settle(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert _errors(page) == []
        assert page.locator('[data-testid="stMain"]').inner_text().strip()
    finally:
        page.close()
