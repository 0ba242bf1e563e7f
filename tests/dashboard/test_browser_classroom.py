"""A real browser on the Classroom: nothing before the reveal gives an outlet away.

The article set's texts carry every kind of giveaway: datelines, outlet names
and self-references, web domains and handles, wire credits and bylines. The
Read and Guess steps, their hover texts and the handout must show none of
them; the reveal must show the real names. Screenshots of each step go to
tests/artifacts/screens/ (``classroom-*.png``).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

import pytest

from framing.config import Settings
from framing.devtools.testing import CHROMIUM_FLAGS, serve_dashboard, settle
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "artifacts" / "screens"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [pytest.mark.browser]

CORE = (
    "Lawmakers passed the harbour flood relief bill on Monday after a long night of talks "
    "in the capital. The vote was close and the speaker thanked the rescue crews. The bill "
    "pays for new flood walls along the harbour, pumps for the low streets and help for "
    "families whose homes were flooded. Rescue crews worked through the night as the river "
    "rose, and the harbour master said the walls would be built before the next storm season."
)
ROWS = [
    (
        "fox-1",
        "Fox News",
        "Flood relief bill passes after long night - Fox News",
        "WASHINGTON (AP) — " + CORE + " The reckless spending spree will cost billions, "
        "critics told Fox News. More at FoxNews.com and @FoxNews. Associated Press "
        "contributed to this report.",
    ),
    (
        "cnn-1",
        "CNN (Web News)",
        "CNN: Flood relief bill passes after long night",
        "By Jane Doe, Reuters\nWashington (CNN)" + CORE + " CNN's Jake Tapper asked about "
        "the generous aid package. Watch it on edition.cnn.com or follow @CNN.",
    ),
    (
        "nyt-1",
        "The New York Times",
        "Flood relief bill passes after long night | The New York Times",
        "BEIJING, Nov. 1 -- " + CORE + " The bipartisan compromise was welcomed, The Times "
        "reported, and sources told this newspaper (Reuters) that AFP saw it too. Read "
        "www.nytimes.com/2024/03/04/harbour.html.",
    ),
]
# Every giveaway, as a pattern: none may show before the reveal.
LEAKS = [
    r"Fox", r"CNN", r"New York Times", r"NYTimes", r"nytimes", r"FoxNews", r"cnn\.com",
    r"\.com\b", r"@\w", r"BEIJING", r"WASHINGTON", r"Washington \(", r"Nov\. 1", r"\(AP\)",
    r"Reuters", r"Associated Press", r"\bAFP\b", r"The Times reported", r"this newspaper",
    r"Jane Doe",
]  # fmt: skip


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("FRAMING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")


def _leaks(text: str) -> list[str]:
    return [p for p in LEAKS if re.search(p, text)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    tmp = tmp_path_factory.mktemp("classroom_browser")
    source = tmp / "giveaways.csv"
    with source.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text", "published"])
        for row in ROWS:
            writer.writerow([*row, "2024-03-04"])
    db = tmp / "store.sqlite3"
    with Store(db) as store:
        settings = Settings(db_path=db, event_threshold=0.15, event_window_days=7.0)
        ingest([source], "giveaways", store, settings)
        analyze("giveaways", store, settings, embedder=HashingEmbedder())
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


# Every text of the main area, shown or not (closed tabs and expanders too), and
# every hover text and label an element carries.
_MAIN_TEXTS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const out = [main.textContent];
  for (const el of main.querySelectorAll('[title], [aria-label], [alt], [placeholder]')) {
    for (const a of ['title', 'aria-label', 'alt', 'placeholder']) {
      if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
  }
  for (const el of main.querySelectorAll('input, textarea')) out.push(el.value || '');
  return out.join('\\n');
}"""


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"classroom-{name}.png"), full_page=True)


def test_browser_classroom_read_guess_and_handout_give_no_outlet_away(server, browser) -> None:
    url, tmp = server
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.set_default_timeout(120_000)  # a busy machine draws slowly
    try:
        page.goto(f"{url}/classroom", wait_until="domcontentloaded")
        _settle(page)
        main = page.locator('[data-testid="stMain"]')
        text = main.inner_text()
        assert "Lawmakers passed the harbour flood relief bill" in text  # the Read step
        assert "Outlet A" in text and "Outlet B" in text and "Outlet C" in text
        assert not re.search(r"night \| Outlet|Outlet [A-C]: Flood", text)  # site names
        _shot(page, "read")
        assert _leaks(page.evaluate(_MAIN_TEXTS)) == []

        page.get_by_role("tab", name="2 · Guess").click()
        _settle(page)
        _shot(page, "guess")
        # hover every hint and question: their hover texts are in the page too
        for i in range(page.locator(".classroom-quote").count()):
            page.locator(".classroom-quote").nth(i).hover()
        assert _leaks(page.evaluate(_MAIN_TEXTS)) == []

        with page.expect_download() as download:
            page.get_by_role("button", name=re.compile("printable handout")).click()
        saved = tmp / "handout.html"
        download.value.save_as(saved)
        handout = saved.read_text(encoding="utf-8")
        # (the style sheet's "@page" is no handle)
        before_key = re.sub(r"<style>.*?</style>", "", handout.split("Answer key")[0], flags=re.S)
        assert "Lawmakers passed the harbour flood relief bill" in before_key
        assert _leaks(re.sub(r"<[^>]+>", " ", before_key)) == []
        assert _leaks(before_key) == []  # attributes and the page title too

        # the teacher's editor (closed) and the reveal
        page.get_by_text("Teacher: review the quiz").first.click()
        _settle(page)
        _shot(page, "teacher-editor")
        assert _leaks(page.evaluate(_MAIN_TEXTS)) == []
        page.get_by_role("tab", name="3 · Reveal").click()
        page.get_by_role("button", name="Reveal the outlets").click()
        _settle(page)
        _shot(page, "reveal")
        revealed = main.inner_text()
        assert "Fox News" in revealed and "The New York Times" in revealed  # the test can fail
    finally:
        page.close()


def test_browser_classroom_named_answers_reach_the_class_summary(server, browser) -> None:
    url, _ = server
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.set_default_timeout(120_000)  # a busy machine draws slowly
    try:
        page.goto(f"{url}/classroom", wait_until="domcontentloaded")
        _settle(page)
        # the teacher adds a question first (the built quiz may have none here)
        page.get_by_text("Teacher: review the quiz").first.click()
        page.get_by_label("New wording").fill("reckless spending spree")
        page.get_by_label("New wording").press("Enter")
        _settle(page)
        page.get_by_role("button", name="Save the quiz").click()
        _settle(page)
        assert "Quiz saved" in page.locator('[data-testid="stMain"]').inner_text()
        page.get_by_role("tab", name="2 · Guess").click()
        _settle(page)
        boxes = page.get_by_role("combobox", name=re.compile(r"Question \d+: which outlet"))
        assert boxes.count() >= 1
        assert "reckless spending spree" in page.locator('[data-testid="stMain"]').inner_text()
        for student, pick in (("Ana", "Outlet A"), ("Group 2", "Outlet B")):
            name = page.get_by_role("textbox", name="Your name or your group")
            name.fill(student)
            name.press("Enter")
            _settle(page)
            for i in range(boxes.count()):
                boxes.nth(i).click()
                page.keyboard.type(pick)
                page.keyboard.press("Enter")
                _settle(page)
            page.get_by_role("button", name="Next student").click()
            _settle(page)
        page.get_by_role("tab", name="3 · Reveal").click()
        page.get_by_role("button", name="Reveal the outlets").click()
        _settle(page)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "The class's answers" in text and "Ana" in text and "Group 2" in text
        assert "Most common wrong guess" in text
        page.get_by_text("The class's answers").first.scroll_into_view_if_needed()
        _shot(page, "summary")
    finally:
        page.close()
