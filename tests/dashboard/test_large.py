"""Big article sets: chart-heavy pages draw one part at a time and a sample of the map.

The sample corpus stands in for a big one by lowering the size limits
(``common.LARGE``, ``common.MAP_POINTS``); AppTest runs the pages in this
process, so they see the patched values.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
sys.path.insert(0, str(ROOT / "dashboard"))

import common  # noqa: E402

# ``sample_db`` (tests/conftest.py) is the shared analysed sample: the pages only read it.


@pytest.fixture
def big(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The 48 sample articles count as a big set; the map draws 20 of them."""
    monkeypatch.setenv("FRAMING_DB", str(sample_db))
    monkeypatch.setattr(common, "LARGE", 10)
    monkeypatch.setattr(common, "MAP_POINTS", 20)
    common.clear_caches()  # figures cached under the normal limits
    yield sample_db
    common.clear_caches()


def _open(page: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _one_at_a_time(at: AppTest) -> bool:
    return any("draws one part at a time" in c.value for c in at.caption)


def test_dashboard_large_overview_draws_one_chart_and_a_sample_of_the_map(big: Path) -> None:
    at = _open()
    assert _one_at_a_time(at)
    assert [t.label for t in at.tabs] == ["Event map", "Coverage", "Over time", "Storylines"]
    (fig,) = _charts(at)
    assert sum(len(t["hovertext"]) for t in fig["data"]) == 20
    assert {t["type"] for t in fig["data"]} == {"scatter"}  # SVG: few points
    assert "random sample of 20 of 48 articles" in fig["layout"]["title"]["text"]
    assert any("Export page has the map of all" in c.value for c in at.caption)
    # the counts above the charts still cover every shown article
    assert {m.label: m.value for m in at.metric}["Articles"] == "48"

    at = _open(overview_chart="Coverage")
    (fig,) = _charts(at)
    assert fig["layout"]["title"]["text"].startswith("Coverage")
    at = _open(overview_chart="Over time")
    (fig,) = _charts(at)
    assert fig["layout"]["title"]["text"].startswith("Articles over time")


def test_dashboard_large_profiles_draws_one_section_at_a_time(big: Path) -> None:
    at = _open("views/profiles.py")
    assert _one_at_a_time(at)
    (fig,) = _charts(at)
    assert fig["layout"]["title"]["text"].startswith("Framing cues per 1,000 words")
    assert at.selectbox(key="profiles_cell_outlet")  # the cell drill-down is there
    at = _open("views/profiles.py", profiles_part="Distances")
    (fig,) = _charts(at)
    assert fig["layout"]["title"]["text"].startswith("How differently")
    at = _open("views/profiles.py", profiles_part="Over time")
    (fig,) = _charts(at)
    assert fig["layout"]["title"]["text"].startswith("Framing over time")


def test_dashboard_large_limits_leave_a_small_set_as_it_was(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRAMING_DB", str(sample_db))
    common.clear_caches()
    at = _open()
    assert not _one_at_a_time(at) and not at.tabs
    charts = _charts(at)
    assert len(charts) == 4  # map, coverage, over time, storylines
    assert sum(len(t["hovertext"]) for t in charts[0]["data"]) == 48  # every article on the map
    assert "sample" not in charts[0]["layout"]["title"]["text"]
    at = _open("views/profiles.py")
    assert not _one_at_a_time(at) and len(_charts(at)) == 3
