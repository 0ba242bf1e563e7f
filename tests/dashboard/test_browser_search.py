"""A real browser: search a word, open a hit, land on Event comparison; screenshots.

The sample store analysed with the hashing embedder (tests/conftest.py) is
served by `streamlit run`; Debian's chromium is driven through playwright.
Screenshots of the analyst pages go to ``FRAMING_SHOTS_DIR`` (default
tests/artifacts/screens/). Skipped when chromium is missing, unless
FRAMING_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from framing.devtools.testing import CHROMIUM_FLAGS, serve_dashboard, settle
from framing.pipeline import load_analysis
from framing.search import search
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("FRAMING_SHOTS_DIR", ROOT / "tests" / "artifacts" / "screens"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(hashed_sample: Path):
    if not Path(CHROMIUM).exists():
        if os.environ.get("FRAMING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with serve_dashboard(hashed_sample) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield url, browser
        browser.close()


def _settle(page) -> None:
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=60_000)
    settle(page)
    page.wait_for_timeout(300)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_browser_search_hit_opens_event_comparison(served, hashed_sample: Path) -> None:
    url, browser = served
    with Store(hashed_sample) as store:
        analysis = load_analysis("sample", store)
        texts = store.articles("sample").set_index("id")["text"]
    expected = search("drills", analysis.articles, texts, sentences=analysis.tables["sentences"])
    first = expected.iloc[0]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{url}/search", wait_until="domcontentloaded")
        _settle(page)
        page.get_by_label("Search for").fill("drills")
        page.keyboard.press("Enter")
        page.get_by_text(f"{len(expected)} sentences").first.wait_for(timeout=60_000)
        _settle(page)
        main = page.locator('[data-testid="stMain"]')
        assert main.locator("mark").count() >= 1
        assert first["sentence"][:40] in main.inner_text()
        _shot(page, "search")
        # by its key: the select boxes' toggles are buttons named "Open" too
        page.locator(".st-key-search_open_0 button").first.click()
        # st.switch_page changes the address without loading a new document
        try:
            page.get_by_role("heading", name="Event comparison").first.wait_for(timeout=60_000)
        except Exception:
            _shot(page, "search_open_failed")
            raise
        _settle(page)
        assert page.url.rstrip("/").endswith("/events")
        _shot(page, "search_opened_event")
        # the page shows the hit's event: its articles' titles, its article count
        members = analysis.articles[analysis.articles["event_id"] == first["event_id"]]
        shown = main.inner_text()
        assert f"{len(members)} article(s) from {members['outlet'].nunique()} outlet(s)" in shown
        assert all(title in shown for title in members["title"])
        # the hit's sentence is marked in its article (dashboard/focus.py)
        marked = main.locator("#framing-focus")
        marked.first.wait_for(timeout=30_000)
        wanted = " ".join(first["sentence"].split())[:40]
        assert wanted in " ".join(marked.first.inner_text().split())
    finally:
        page.close()


@pytest.mark.parametrize("path", ["pair", "articles"])
def test_browser_analyst_pages_render(served, path: str) -> None:
    url, browser = served
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{url}/{path}", wait_until="domcontentloaded")
        _settle(page)
        found = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        assert found.count() == 0, found.first.inner_text()
        _shot(page, path)
    finally:
        page.close()
