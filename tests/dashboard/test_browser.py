"""A real browser against `streamlit run`: every page, the file chooser, screenshots.

Drives Debian's chromium through the playwright package (its own browser
download cannot be used here). Screenshots go to tests/artifacts/screens/.
Skipped when chromium is missing, unless FRAMING_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
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
    # the clickable points go row by row over the non-empty cells, as drawn
    counts = matrix.set_index(["outlet", "speaker"])["count"]
    full = [(o, s) for o in outlets for s in speakers if counts[(o, s)] > 0]
    index = full.index((cell["outlet"], cell["speaker"]))
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    try:
        page.goto(f"{url}/sources", wait_until="domcontentloaded")
        _settle(page)
        points = page.locator(".st-key-sources_matrix .scatterlayer path.point")
        points.first.wait_for(state="attached", timeout=60_000)  # plotly draws after settling
        assert points.count() == len(full)  # an empty cell offers no click
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


# -- Markdown and HTML injection: payloads in every field ------------------------------------

# Port 9 (discard) on loopback: nothing answers there, and nothing may try.
TRAP = ("127.0.0.1", "9")
OUTLETS = [
    "Pixel ![p](http://127.0.0.1:9/t.png) Wire",
    "[x](javascript:alert(1)) Times",
    "<img src=x onerror=alert(1)> Post",
    '<a href="http://127.0.0.1:9/a">Anchor</a> News',
]
TITLES = [
    "[x](javascript:alert(1)) drills near the island",
    "<img src=x onerror=alert(1)> navy exercise",
    "http://127.0.0.1:9/auto drills begin",
    "write to desk@example.com or www.example.com",
]
FILE_NAME = "bad ![f](http:127.0.0.1:9_f.png) [y](javascript:alert(3)) <img src=x>.zip"
# Elements that content could have created: an image or a frame with a source,
# any link to the trap or to javascript:, and inline event handlers.
_FIND_INJECTED = """(trap) => {
  const found = [];
  const els = document.querySelectorAll('img, a, iframe, video, audio, source, object, embed');
  for (const el of els) {
    const url = el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('data') || '';
    let hit = /^\\s*(javascript|vbscript):/i.test(url) || (el.tagName === 'IMG' && url === 'x');
    try {
      const u = new URL(url, location.href);
      hit = hit || (u.hostname === trap[0] && u.port === trap[1]);
    } catch (e) {}
    if (hit) found.push(el.outerHTML.slice(0, 200));
  }
  for (const el of document.querySelectorAll('[onerror], [onload], [onclick]')) {
    found.push(el.outerHTML.slice(0, 200));
  }
  return found;
}"""


def _payload_rows() -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "outlet", "title", "text", "published", "url"])
    for event, (place, verb) in enumerate([("harbour", "flooded"), ("border", "closed")]):
        for k, outlet in enumerate(OUTLETS):
            payload = TITLES[k]
            text = (
                f"Storm {verb} the {place} on Monday, {payload}. Officials said the "
                f"{place} was {verb} by a reckless provocation ![q](http://127.0.0.1:9/q.png). "
                f'"It is a menace [z](javascript:alert(2))," said Kim <b onclick=alert(4)>Lee</b>. '
                f"Read more at http://127.0.0.1:9/more or write to desk@127.0.0.1.example."
            )
            writer.writerow(
                [
                    f"{place}-{k}",
                    outlet,
                    f"{payload} ({place})",
                    text,
                    "2024-03-0" + str(4 + event),
                    f"http://127.0.0.1:9/auto/{place}/{k}",
                ]
            )
    return buf.getvalue()


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory):
    _require_browser()
    from framing.embed import HashingEmbedder

    tmp = tmp_path_factory.mktemp("payloads")
    source = tmp / "payloads.csv"
    source.write_text(_payload_rows(), encoding="utf-8")
    db = tmp / "store.sqlite3"
    with Store(db) as store:
        settings = Settings(db_path=db)
        ingest([source], "payloads", store, settings)
        analyze("payloads", store, settings, embedder=HashingEmbedder())
    # A low ZIP limit, so that an upload fails with an error that names the file.
    config = tmp / "settings.toml"
    config.write_text("[limits]\nmax_zip_files = 2\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMING_CONFIG", str(config))
        with serve_dashboard(db) as url:
            yield url, tmp


def test_browser_payloads_in_every_field_create_no_element(payload_server, browser) -> None:
    url, tmp = payload_server
    trapped: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 2400})

    def watch(request) -> None:
        from urllib.parse import urlsplit

        parts = urlsplit(request.url)
        if (parts.hostname, str(parts.port)) == TRAP or parts.scheme == "javascript":
            trapped.append(request.url)

    page.on("request", watch)
    found: dict[str, list[str]] = {}
    try:
        for name, path in PAGES.items():
            page.goto(f"{url}/{path}", wait_until="domcontentloaded")
            _settle(page)
            if name == "classroom":  # the table after Reveal held an <img> once
                page.get_by_role("tab", name="3 · Reveal").click()
                page.get_by_role("button", name="Reveal the outlets").click()
                _settle(page)
                assert "Who is who" in page.locator('[data-testid="stMain"]').inner_text()
            if name == "events":  # the metric label holds an outlet name, shown literally
                page.get_by_role("tab", name="Loaded language").click()
                _settle(page)
                text = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
                assert any(f"Mean loaded score: {o}" in text for o in OUTLETS)
            if name == "upload":  # the file name comes back in the error
                bad = tmp / FILE_NAME
                with zipfile.ZipFile(bad, "w") as zf:
                    for i in range(3):
                        zf.writestr(f"{i}.csv", "outlet,title,text\nA,B,C\n")
                page.locator('input[type="file"]').first.set_input_files(str(bad))
                _settle(page)
                errors = " ".join(_errors(page))
                assert "max_zip_files" in errors
                assert "[y](javascript:alert(3)) <img src=x>.zip" in errors  # as text
            for frame in page.frames:
                hits = frame.evaluate(_FIND_INJECTED, list(TRAP))
                if hits:
                    found.setdefault(name, []).extend(hits)
        page.wait_for_timeout(500)  # a late image fetch would still be seen
        page.screenshot(path=str(SHOTS / "payloads-upload.png"), full_page=True)
    finally:
        page.close()
    assert found == {}
    assert trapped == []
