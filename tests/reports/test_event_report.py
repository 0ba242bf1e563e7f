"""framing.reports.event_report: the offline event report on hand-made tables."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from framing.cues.lexicon import Category
from framing.reports.event_report import event_report_html

PLOTLY_JS = get_plotlyjs()
URL = re.compile(r"https?://[^\s\"'<>)\\]+", re.IGNORECASE)


def _outside_library(page: str) -> str:
    """The page without the inlined plotly.js (whose source names URLs it never fetches)."""
    assert page.count(PLOTLY_JS) <= 1
    return page.replace(PLOTLY_JS, "")


CATS = {
    "aggression_attribution": Category(
        "aggression_attribution", "Aggression attribution", "Casts one side as the aggressor."
    ),
    "hedging_distancing": Category("hedging_distancing", "Hedging", "Distancing attribution."),
}
EVIL = '<script>window.pwned = 1</script> They called it a <img src=x onerror="window.pwned=2">'
TEXT_A = "Alpha reports a provocation near the border.\n\nOfficials claimed calm."
TEXT_B = EVIL + " provocation. [link](http://evil.example) **bold**"
TITLES = {
    "a1": "Alpha: border provocation & response",
    "b1": 'Beta says "<b>no</b>" to talks',
    "a2": "Alpha covers a different story",
}


def _event_data() -> dict:
    articles = pd.DataFrame(
        {
            "id": ["a1", "b1", "a2"],
            "outlet": ["Alpha News", "Beta <Wire>", "Alpha News"],
            "title": [TITLES["a1"], TITLES["b1"], TITLES["a2"]],
            "published": ["2024-03-01", "2024-03-02", "2024-04-01"],
            "url": ["https://example.org/alpha", "javascript:alert(1)", ""],
            "event_id": [0, 0, 1],
            "n_words": [9, 20, 5],
        }
    )
    texts = pd.Series({"a1": TEXT_A, "b1": TEXT_B, "a2": "Unrelated text."})
    p_a = TEXT_A.index("provocation")
    p_b = TEXT_B.index("provocation")
    cues = pd.DataFrame(
        {
            "id": ["a1", "b1", "a1", "a2"],
            "field": ["text", "text", "title", "text"],
            "start": [p_a, p_b, 14, 0],
            "end": [p_a + 11, p_b + 11, 25, 9],
            "phrase": ["provocation", "provocation", "provocation", "Unrelated"],
            "category": ["aggression_attribution"] * 3 + ["hedging_distancing"],
            "source": ["lexicon"] * 4,
            "weight": [0.8] * 4,
            "cue": ["provocation"] * 3 + ["x"],
            "direction": [""] * 4,
            "rationale": ["casts <the other side> as aggressor"] * 4,
        }
    )
    sentences = pd.DataFrame(
        {
            "id": ["a1", "b1"],
            "field": ["text", "text"],
            "sentence_index": [0, 0],
            "start": [0, 0],
            "end": [10, 10],
            "sentence": ["Alpha reports a provocation near the border.", EVIL],
            "loaded_score": [0.4, 0.9],
            "frame": ["security_defense", "political"],
            "frame_score": [0.6, 0.7],
            "frame_margin": [0.2, 0.3],
        }
    )
    scores = pd.DataFrame(
        {
            "event_id": [0, 0, 1, -1],
            "outlet": ["Alpha News", "Beta <Wire>", "Alpha News", "Alpha News"],
            "n_articles": [1, 1, 1, 2],
            "n_words": [9, 20, 5, 14],
            "n_sentences": [2, 2, 1, 3],
            "loaded_mean": [0.41, 0.87, 0.1, 0.3],
            "aggression_attribution_count": [1, 1, 0, 1],
            "aggression_attribution_rate": [111.1, 50.0, 0.0, 71.4],
            "aggression_attribution_lo": [2.8, 1.3, 0.0, 1.8],
            "aggression_attribution_hi": [619.0, 278.6, 737.8, 398.0],
            "hedging_distancing_count": [0, 0, 1, 1],
            "hedging_distancing_rate": [0.0, 0.0, 200.0, 71.4],
            "hedging_distancing_lo": [0.0, 0.0, 5.1, 1.8],
            "hedging_distancing_hi": [409.9, 184.4, 1114.3, 398.0],
        }
    )
    contrast = pd.DataFrame(
        {
            "event_id": [0, 0],
            "outlet": ["Alpha News", "Beta <Wire>"],
            "phrase": ["border", "<i>talks</i>"],
            "count": [3, 2],
            "other_count": [0, 0],
            "delta": [1.2, 1.1],
            "z": [2.3, 2.0],
        }
    )
    alignment = pd.DataFrame(
        {
            "event_id": [0, 0],
            "referent": ["the drills", "the drills"],
            "outlet": ["Alpha News", "Beta <Wire>"],
            "phrase": ["exercises", "war games"],
            "count": [2, 3],
            "example": ["Alpha reports a provocation near the border.", EVIL],
            "example_id": ["a1", "b1"],
            "example_start": [0, 0],
            "example_end": [10, 10],
        }
    )
    frames = pd.DataFrame(
        {
            "event_id": [0, 0, 0, 0],
            "outlet": ["Alpha News", "Alpha News", "Beta <Wire>", "Beta <Wire>"],
            "frame": ["security_defense", "political", "security_defense", "political"],
            "share": [0.7, 0.3, 0.4, 0.6],
            "confidence": [0.8, 0.8, 0.7, 0.7],
            "n_sentences": [2, 2, 2, 2],
        }
    )
    event = {
        "event_id": 0,
        "label": "2024-03-01 · border, provocation",
        "headline": TITLES["a1"],
        "start": "2024-03-01",
        "end": "2024-03-02",
    }
    return {
        "event": event,
        "articles": articles,
        "texts": texts,
        "cues": cues,
        "sentences": sentences,
        "contrast": contrast,
        "alignment": alignment,
        "outlet_scores": scores,
        "frames": frames,
        "categories": CATS,
        "all_outlets": ["Alpha News", "Beta <Wire>", "Gamma Post"],
    }


@pytest.fixture(scope="module")
def report() -> str:
    d = _event_data()
    return event_report_html(
        d.pop("event"), d.pop("articles"), d.pop("texts"), corpus="unit", note="All dates.", **d
    )


def test_reports_event_report_shows_every_outlet_title_and_the_silent_one(report: str) -> None:
    for key in ("b1",):
        assert html.escape(TITLES[key]) in report
    # a1's title has a highlighted cue inside it; its pieces are all there, escaped
    assert "Alpha: border <mark" in report and "&amp; response" in report
    assert html.escape("Beta <Wire>") in report
    assert "Gamma Post" in report  # silent outlet listed
    silent = re.search(r"<dt>Silent</dt><dd>(.*?)</dd>", report).group(1)
    assert "Gamma Post" in silent and "Alpha" not in silent
    assert "2024-03-01 to 2024-03-02" in report
    # other events' articles are left out
    assert TITLES["a2"] not in report and "Unrelated text" not in report


def test_reports_event_report_escapes_article_payloads(report: str) -> None:
    rest = _outside_library(report)
    assert "window.pwned" in rest  # the text is shown ...
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in rest  # ... escaped
    for block in re.findall(r"<script[^>]*>(.*?)</script>", rest, flags=re.S):
        assert "pwned" not in block  # no script element carries article data
    assert "<img" not in rest and "<Wire>" not in rest and "<b>no</b>" not in rest
    assert "<i>talks</i>" not in rest and 'href="javascript' not in rest.lower()
    # the markdown link stays literal text, not an anchor
    assert 'href="http://evil.example' not in rest


def test_reports_event_report_opens_offline(report: str) -> None:
    assert report.count(PLOTLY_JS) == 1  # two figures, one inlined library
    assert report.count('class="plotly-graph-div"') == 2
    rest = _outside_library(report)
    assert set(URL.findall(rest)) <= {"https://example.org/alpha", "http://evil.example"}
    assert not re.search(r"<link\b[^>]*href\s*=\s*[\"']?https?:", rest, flags=re.I)
    assert not re.search(r"<script[^>]*\bsrc=", rest)
    assert "@import" not in rest and "url(" not in rest and "@font-face" not in rest
    assert "default-src 'none'" in rest
    assert 'href="https://example.org/alpha" rel="noopener noreferrer"' in rest


def test_reports_event_report_carries_the_tables(report: str) -> None:
    assert "Aggression attribution" in report and "111.1" in report and "[2.8-619.0]" in report
    assert "0.87" in report  # Beta's loaded score, with its sentence quoted
    assert "border" in report and html.escape("<i>talks</i>") in report
    assert "the drills" in report and "war games" in report and "exercises" in report
    assert "Security and defence" in report and "70%" in report
    assert 'class="cue cue-aggression_attribution"' in report
    assert html.escape("casts <the other side> as aggressor", quote=True) in report


def test_reports_event_report_leaves_out_rows_a_user_hid() -> None:
    d = _event_data()
    d["alignment"] = d["alignment"].assign(hidden=True)
    page = event_report_html(d.pop("event"), d.pop("articles"), d.pop("texts"), **d)
    assert "war games" not in page and "the drills" not in page


def test_reports_event_report_without_cue_tables_shows_the_articles() -> None:
    d = _event_data()
    page = event_report_html(d["event"], d["articles"], d["texts"], all_outlets=d["all_outlets"])
    assert "without framing cues" in page
    assert PLOTLY_JS not in page  # nothing to plot, no library
    assert html.escape(TITLES["b1"]) in page and "<mark" not in page
    assert "&lt;script&gt;" in page and "<img" not in page


def test_reports_event_report_single_article_event_says_so() -> None:
    d = _event_data()
    event = {"event_id": 1, "label": "lonely"}
    page = event_report_html(event, d["articles"], d["texts"], all_outlets=d["all_outlets"])
    assert "Only one outlet covered this event" in page
    assert "Unrelated text." in page and TITLES["b1"] not in page


@pytest.mark.browser
def test_reports_event_report_renders_offline_in_chromium(report: str, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    path = tmp_path / "report.html"
    path.write_text(report, encoding="utf-8")
    flags = [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=flags)
        page = browser.new_context(offline=True).new_page()
        errors: list[str] = []
        requests: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_selector(".plotly-graph-div .main-svg", timeout=20_000)
        assert page.locator(".plotly-graph-div .main-svg").count() >= 2
        assert page.evaluate("window.pwned") is None  # the article's script never ran
        assert page.locator("mark.cue").count() >= 3
        browser.close()
    assert not errors
    assert [u for u in requests if not u.startswith("file:")] == []
