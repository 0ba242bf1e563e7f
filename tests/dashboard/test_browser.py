"""A real browser against `streamlit run`: every page, the file chooser, screenshots.

Drives Debian's chromium through the playwright package (its own browser
download cannot be used here). Screenshots go to tests/artifacts/screens/.
Skipped when chromium is missing, unless FRAMING_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from framing import compare
from framing.config import Settings
from framing.devtools.testing import CHROMIUM_FLAGS, serve_dashboard, settle
from framing.pipeline import analyze, ingest, load_analysis
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "artifacts" / "screens"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = {
    "overview": "",
    "events": "events",
    "wording": "wording",
    "profiles": "profiles",
    "sources": "sources",
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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "store.sqlite3"
    with Store(db) as store:
        settings = Settings(db_path=db)
        ingest([ROOT / "sample_articles"], "sample", store, settings)
        analyze("sample", store, settings)
    with serve_dashboard(db) as url:
        yield url, tmp


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


def test_browser_sources_matrix_cell_click_opens_its_quotations(server, browser) -> None:
    url, tmp = server
    with Store(tmp / "store.sqlite3") as store:
        sources = load_analysis("sample", store).tables["sources"]
    matrix = compare.speaker_matrix(sources, top=15)
    outlets = list(dict.fromkeys(matrix["outlet"]))
    speakers = list(dict.fromkeys(matrix["speaker"]))
    cell = matrix.sort_values("count", ascending=False, kind="stable").iloc[0]
    # the clickable points go row by row: outlets x speakers, as drawn
    index = outlets.index(cell["outlet"]) * len(speakers) + speakers.index(cell["speaker"])
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    try:
        page.goto(f"{url}/sources", wait_until="domcontentloaded")
        _settle(page)
        points = page.locator(".st-key-sources_matrix .scatterlayer path.point")
        points.first.wait_for(state="attached", timeout=60_000)  # plotly draws after settling
        assert points.count() == len(outlets) * len(speakers)
        point = points.nth(index)
        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(300)
        _settle(page)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert f"{cell['outlet']} quotes {cell['speaker']}" in text
        assert f"{int(cell['count'])} time(s)" in text
        assert page.locator(".cell-quotes .quotation").count() == int(cell["count"])
        assert page.locator(".cell-quotes mark.quote").count() == int(cell["count"])
        page.locator(".st-key-sources_cell_outlet").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "sources-cell.png"))  # the cell's quotations
        # the whole page at once, for a look at every part of it
        page.set_viewport_size({"width": 1400, "height": 6000})
        _settle(page)
        page.screenshot(path=str(SHOTS / "sources-full.png"))
        assert _errors(page) == []
    finally:
        page.close()


def test_browser_upload_through_the_file_chooser(server, browser) -> None:
    url, tmp = server
    bad_rows = tmp / "mixed.csv"
    bad_rows.write_text(
        "id,outlet,title,text,published\n"
        "m1,Harbour Daily,Storm floods the harbour,Heavy rain flooded the harbour on "
        "Monday and boats sank at the docks.,2024-03-04\n"
        "m2,,No outlet here,This row names no outlet.,2024-03-04\n"
        "m3,Coast Herald,Harbour under water,The docks were under water after the storm; "
        "the harbour master said boats sank.,2024-03-04\n"
        "m4,Coast Herald,Empty text,,2024-03-05\n",
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    try:
        page.goto(url, wait_until="domcontentloaded")
        _settle(page)
        page.get_by_role("link", name="Upload").first.click()
        _settle(page)
        page.locator('input[type="file"]').first.set_input_files(str(bad_rows))
        _settle(page)
        main = page.locator('[data-testid="stMain"]')
        text = main.inner_text()
        # the validation report comes before anything is stored (its row-level
        # table is a canvas grid, so check the counts and open the rejected list)
        assert "mixed.csv" in text
        assert re.search(r"Accepted\s+2\b", text) and re.search(r"Rejected\s+2\b", text)
        page.get_by_text("Rejected: these rows").first.click()
        page.wait_for_timeout(500)
        page.get_by_label("Name of the new article set").fill("harbour")
        page.keyboard.press("Enter")
        _settle(page)
        page.screenshot(path=str(SHOTS / "upload-report.png"), full_page=True)
        page.get_by_role("button", name="Store and analyse").click()
        page.get_by_text("Stored 2 new article(s) in 'harbour'").wait_for(timeout=180_000)
        _settle(page)
        page.screenshot(path=str(SHOTS / "upload-stored.png"), full_page=True)
        assert _errors(page) == []
    finally:
        page.close()
    with Store(tmp / "store.sqlite3") as store:
        corpora = dict(zip(store.corpora()["name"], store.corpora()["n_articles"], strict=True))
        assert corpora["harbour"] == 2
        assert set(store.articles("harbour")["id"]) == {"m1", "m3"}
