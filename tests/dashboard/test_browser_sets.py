"""A real browser against two stored article sets: filters follow the set, no outside host.

Skipped when chromium is missing, unless FRAMING_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from framing.config import Settings
from framing.devtools.testing import CHROMIUM_FLAGS, serve_dashboard, settle
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("FRAMING_SHOTS_DIR", ROOT / "tests" / "artifacts" / "screens"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Page titles in the navigation: clicking keeps the session (and its chosen set).
PAGES = {
    "overview": "Overview",
    "events": "Event comparison",
    "wording": "Who called it what",
    "profiles": "Outlet profiles",
    "sources": "Who gets to speak",
    "classroom": "Classroom",
    "lexicon": "Lexicon",
    "upload": "Upload",
    "export": "Export",
}
SMALL_OUTLETS = ["Harbour Daily", "Coast Herald"]

pytestmark = [pytest.mark.browser]


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("FRAMING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")


def _small_set() -> str:
    """Two events told by two outlets the sample does not have."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "outlet", "title", "text", "published"])
    stories = [
        ("flood", "Storm floods the harbour", "Heavy rain flooded the harbour on Monday "
         "and boats sank at the docks. The mayor called the response a reckless failure.",
         "2024-03-04"),
        ("strike", "Dock workers strike", "Dock workers walked out on Tuesday over pay. "
         "Union leaders said the port authority had provoked the strike.", "2024-03-05"),
    ]  # fmt: skip
    for place, title, text, date in stories:
        for k, outlet in enumerate(SMALL_OUTLETS):
            writer.writerow([f"{place}-{k}", outlet, f"{title} ({outlet})", text, date])
    return buf.getvalue()


@pytest.fixture(scope="module")
def two_sets(tmp_path_factory):
    _require_browser()
    tmp = tmp_path_factory.mktemp("two_sets")
    small = tmp / "small.csv"
    small.write_text(_small_set(), encoding="utf-8")
    db = tmp / "store.sqlite3"
    with Store(db) as store:
        settings = Settings(db_path=db)
        ingest([ROOT / "sample_articles"], "sample", store, settings)
        analyze("sample", store, settings, embedder=HashingEmbedder())
        ingest([small], "harbour", store, settings)
        analyze("harbour", store, settings, embedder=HashingEmbedder())
    with serve_dashboard(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


def _settle(page) -> None:
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=60_000)
    settle(page)
    page.wait_for_timeout(300)


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _chips(page) -> list[str]:
    """The labels of the Outlets chips in the sidebar."""
    tags = page.locator(".st-key-outlets [data-tag]")
    return sorted({tags.nth(i).get_attribute("aria-label") for i in range(tags.count())})


_CUT_CHIPS = """() => {
  const cut = [];
  for (const el of document.querySelectorAll('.st-key-outlets [data-tag] span[title]')) {
    if (el.scrollWidth > el.clientWidth + 1) cut.push(el.title);
  }
  for (const el of document.querySelectorAll('.st-key-outlets [data-testid="stMultiSelect"] div')) {
    if (el.scrollHeight > el.clientHeight + 1) cut.push('a scroll box');
  }
  return cut;
}"""


def _choose_set(page, name: str) -> None:
    page.locator(".st-key-corpus [data-testid='stSelectbox']").click()
    page.get_by_role("option", name=name, exact=True).click()
    _settle(page)


def test_browser_switching_the_set_resets_every_filter(two_sets, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(two_sets, wait_until="domcontentloaded")
        _settle(page)
        assert "harbour" not in _chips(page)
        sample_chips = _chips(page)
        assert sample_chips and not set(sample_chips) & set(SMALL_OUTLETS)
        assert page.evaluate(_CUT_CHIPS) == []  # every chip whole, none scrolled away
        _choose_set(page, "harbour")
        assert _chips(page) == sorted(SMALL_OUTLETS)
        # The next page is where the old chips used to empty the filter.
        for link in ("Who called it what", "Export", "Outlet profiles"):
            page.get_by_role("link", name=link).first.click()
            _settle(page)
            assert _chips(page) == sorted(SMALL_OUTLETS), link
            assert "matches the filters" not in _main_text(page), link
        page.get_by_role("link", name="Event comparison").first.click()
        _settle(page)
        assert "Harbour Daily" in _main_text(page)
        assert "Coast Herald" in _main_text(page)
        # And back: the sample's own outlets again, all of them.
        _choose_set(page, "sample")
        page.get_by_role("link", name="Event comparison").first.click()
        _settle(page)
        assert _chips(page) == sample_chips
        assert "matches the filters" not in _main_text(page)
    finally:
        page.close()


def test_browser_requests_go_to_no_other_host(two_sets, browser) -> None:
    own = urlsplit(two_sets)
    outside: list[str] = []

    def watch(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if (parts.hostname, parts.port) != (own.hostname, own.port):
            outside.append(request.url)

    # Tall: Streamlit scrolls inside the page, so a screenshot holds one viewport.
    page = browser.new_page(viewport={"width": 1400, "height": 3000})
    page.on("request", watch)
    try:
        for corpus in ("sample", "harbour"):
            page.goto(two_sets, wait_until="domcontentloaded")
            _settle(page)
            if corpus != "sample":
                _choose_set(page, corpus)
            for name, title in PAGES.items():
                page.get_by_role("link", name=title).first.click()
                _settle(page)
                # a fresh session's filters hold this set's outlets on every page
                assert "matches the filters" not in _main_text(page), (corpus, name)
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{corpus}-{name}.png"), full_page=True)
        page.wait_for_timeout(1000)  # a late font or tile fetch would still be seen
    finally:
        page.close()
    assert sorted(set(outside)) == []


def _click_point(page, chart_key: str, index: int = 0) -> None:
    points = page.locator(f".st-key-{chart_key} .scatterlayer path.point")
    points.first.wait_for(state="attached", timeout=60_000)  # plotly draws after settling
    point = points.nth(index)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    _settle(page)


def test_browser_chart_marks_open_what_is_behind_them(two_sets, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        page.goto(two_sets, wait_until="domcontentloaded")
        _settle(page)
        # a dot on the event map opens its article on Event comparison
        _click_point(page, "overview_map")
        page.wait_for_url("**/events", timeout=60_000)
        _settle(page)
        box = page.locator(".focus-article")
        box.wait_for(timeout=60_000)
        assert "The article you opened" in box.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "click-map-to-event.png"))
        # a cell of the profiles heatmap opens its cues
        page.get_by_role("link", name="Outlet profiles").first.click()
        _settle(page)
        cells = page.locator(".st-key-profiles_rates_chart .scatterlayer path.point")
        cells.first.wait_for(state="attached", timeout=60_000)
        last = cells.count() - 1
        outlets = _chips(page)
        assert f"{outlets[0]} · " in _main_text(page)  # the cell summary, first outlet
        # the points go row by row over outlets in order: the last is the last outlet's
        _click_point(page, "profiles_rates_chart", last)
        assert f"{outlets[-1]} · " in _main_text(page)
        assert "cue span(s) in the shown articles" in _main_text(page)
        assert page.locator(".cell-spans mark").count() > 0
        page.screenshot(path=str(SHOTS / "click-profiles-cell.png"))
    finally:
        page.close()
