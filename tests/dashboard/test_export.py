"""The Export page, headless with AppTest (hashing embedder: no model load)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import analyze, ingest
from framing.store import Store

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "views/export.py"
CSV_NAMES = [
    "articles",
    "events",
    "cues",
    "sentences",
    "contrast",
    "alignment",
    "mentions",
    "actor_labels",
    "outlet_scores",
    "frames",
    "article_frames",
]


def _prepare(db: Path, inputs: list[Path], corpus: str = "sample", *, cues: bool = True) -> None:
    with Store(db) as store:
        ingest(inputs, corpus, store, Settings(db_path=db))
        analyze(corpus, store, Settings(db_path=db), embedder=HashingEmbedder(), cues=cues)


@pytest.fixture
def sample(sample_db: Path) -> Path:
    """The shared analysed sample (tests/conftest.py); the pages only read it."""
    return sample_db


@pytest.fixture
def db(fresh_db: Path) -> Path:
    return fresh_db


def _export_page(**session) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _buttons(at: AppTest) -> dict[str, object]:
    return {b.proto.label: b.proto for b in at.get("download_button")}


def _rows(buttons: dict[str, object], name: str) -> int:
    label = next(k for k in buttons if k.startswith(f"{name}.csv"))
    return int(re.search(r"\(([\d,]+) rows\)", label).group(1).replace(",", ""))


def test_dashboard_export_offers_every_download(sample: Path) -> None:
    at = _export_page()
    buttons = _buttons(at)
    for name in CSV_NAMES:
        assert _rows(buttons, name) > 0, name
        label = next(k for k in buttons if k.startswith(f"{name}.csv"))
        assert not buttons[label].disabled
    for label in (
        "All tables (ZIP)",
        "Event map (HTML)",
        "Coverage matrix (HTML)",
        "Event report (HTML)",
        "Cue rates figure (HTML)",
        "Frames figure (HTML)",
    ):
        assert label in buttons and not buttons[label].disabled, label
    assert _rows(buttons, "articles") == 48
    # every download is explained, and the filter scope is stated
    captions = " ".join(c.value for c in at.caption)
    assert "follows the sidebar filters" in captions
    assert "48 article(s) from 7 of 7 outlet(s)" in captions
    assert "formula" in captions


def test_dashboard_export_follows_the_outlet_filter(sample: Path) -> None:
    at = _export_page(outlets=["Meridian Wire", "Hanbit Wire"])
    buttons = _buttons(at)
    assert 0 < _rows(buttons, "articles") < 48
    assert "from 2 of 7 outlet(s)" in " ".join(c.value for c in at.caption)
    full = _buttons(_export_page())
    for name in ("cues", "sentences", "outlet_scores", "frames"):
        assert _rows(buttons, name) < _rows(full, name), name


def test_dashboard_export_event_choice_and_text_option(sample: Path) -> None:
    at = _export_page()
    box = at.selectbox(key="export_event")
    assert len(box.options) > 1
    box.select_index(1).run()
    assert not at.exception
    assert at.selectbox(key="export_event").index == 1
    assert "Event report (HTML)" in _buttons(at)
    at.checkbox(key="export_with_text").check().run()
    assert not at.exception and "articles.csv (48 rows)" in _buttons(at)


def test_dashboard_export_without_cue_tables(db: Path) -> None:
    _prepare(db, [ROOT / "sample_articles"], cues=False)
    at = _export_page()
    buttons = _buttons(at)
    assert not buttons["articles.csv (48 rows)"].disabled
    assert buttons["cues.csv (0 rows)"].disabled
    assert buttons["Cue rates figure (HTML)"].disabled
    assert not buttons["Event report (HTML)"].disabled
    assert any("without framing cues" in i.value for i in at.info)


def test_dashboard_export_single_outlet_event_is_explained(db: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text(
        "outlet,title,text\n"
        '"=cmd|\'/C calc\'!A0","=HYPERLINK(""http://evil.example"")",'
        '"<script>alert(1)</script> A lone report about a harbour festival."\n'
    )
    _prepare(db, [one], corpus="one")
    at = _export_page()
    assert any("Only one outlet" in w.value for w in at.warning)
    assert "Event report (HTML)" in _buttons(at)


def test_dashboard_export_no_article_matches(sample: Path) -> None:
    at = _export_page(outlets=[])
    assert any("Nothing to export" in i.value for i in at.info)
    assert not at.get("download_button")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
def test_dashboard_export_downloads_in_a_browser(sample: Path, tmp_path: Path) -> None:
    """The deferred downloads really produce the files (AppTest cannot click them)."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", APP, "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        env={**os.environ, "FRAMING_DB": str(sample)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        flags = [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ]  # fmt: skip
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=flags)
            page = browser.new_context(accept_downloads=True).new_page()
            # Enter through the entrypoint: on a fresh server a deep link can run the
            # page file before st.navigation exists (no filters, no context).
            page.goto(url, timeout=60_000)
            page.get_by_role("link", name=re.compile("Export")).click(timeout=60_000)
            page.get_by_text("Event report (HTML)").wait_for(timeout=60_000)
            files = {}
            for label in ("cues.csv", "Event report (HTML)"):
                with page.expect_download(timeout=60_000) as info:
                    page.get_by_role("button", name=re.compile(re.escape(label))).click()
                target = tmp_path / info.value.suggested_filename
                info.value.save_as(target)
                files[label] = target
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    csv = files["cues.csv"].read_bytes()
    assert files["cues.csv"].name == "sample_cues.csv" and csv.startswith(b"\xef\xbb\xbfid,")
    report = files["Event report (HTML)"].read_text(encoding="utf-8")
    assert files["Event report (HTML)"].name.endswith("_report.html")
    assert "<h1>E" in report and "Covered by" in report and "plotly-graph-div" in report
