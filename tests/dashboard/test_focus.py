"""The focus: another page opens one sentence on Event comparison (dashboard/focus.py)."""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dashboard"))
import focus  # noqa: E402
from framing.cues.lexicon import load_lexicon  # noqa: E402
from framing.pipeline import load_analysis  # noqa: E402
from framing.store import Store  # noqa: E402

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
EVENTS = "views/events.py"


class _InFocus(HTMLParser):
    """Collects the text inside the element with the focus anchor."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == focus.ANCHOR:
            self.depth = 1

    def handle_endtag(self, tag) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data) -> None:
        if self.depth:
            self.text.append(data)


def test_focus_marks_exactly_the_sentence_and_keeps_its_cues() -> None:
    text = "First line.\n\nThe regime staged a <provocation> today. Last one."
    start = text.index("The regime")
    end = text.index(" Last")
    spans = pd.DataFrame(
        [
            {"start": 4 + start, "end": 10 + start, "category": "delegitimising_label",
             "rationale": "", "weight": 1.0},
            {"start": text.index("Last"), "end": text.index("Last") + 4,
             "category": "hedging_distancing", "rationale": "", "weight": 1.0},
        ]
    )  # fmt: skip
    out = focus.focused_text(text, spans, load_lexicon().categories, start, end)
    reader = _InFocus()
    reader.feed(out)
    assert "".join(reader.text) == text[start:end]
    assert "&lt;provocation&gt;" in out  # escaped
    assert out.count("<mark") == 2  # the cue inside the sentence and the one after it
    assert "white-space:pre-wrap" in out  # the paragraphs stay apart


def test_focus_offsets_past_the_text_are_clipped() -> None:
    out = focus.focused_text("Short.", pd.DataFrame(), {}, 2, 500)
    reader = _InFocus()
    reader.feed(out)
    assert "".join(reader.text) == "ort."


# -- on the page (AppTest, the shared hashed sample) ----------------------------------------


@pytest.fixture(scope="module")
def sample(hashed_sample: Path):
    with Store(hashed_sample) as store:
        return load_analysis("sample", store)


def _open(page: str, outlets: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "sample"
    if outlets is not None:
        at.session_state["outlets"] = outlets
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _multi_outlet_events(sample) -> list[int]:
    ev = sample.events
    return ev.loc[ev["n_outlets"] >= 2, "event_id"].astype(int).tolist()


def _focus_request(sample) -> dict:
    sents = sample.tables["sentences"]
    arts = sample.articles.set_index("id")
    # a text sentence of an event with two outlets or more, not the first event
    events = _multi_outlet_events(sample)[1:]
    row = next(
        r
        for r in sents.itertuples(index=False)
        if r.field == "text" and int(arts.loc[r.id, "event_id"]) in events and len(r.sentence) > 40
    )
    return {
        "focus_event_id": int(arts.loc[row.id, "event_id"]),
        "focus_article_id": row.id,
        "focus_start": int(row.start),
        "focus_end": int(row.start) + len(row.sentence),
        "sentence": row.sentence,
    }


def test_dashboard_events_opens_the_focus_another_page_asked_for(sample_db: Path, sample) -> None:
    ask = _focus_request(sample)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["corpus"] = "sample"
    at.run()
    for key in ("focus_event_id", "focus_article_id", "focus_start", "focus_end"):
        at.session_state[key] = ask[key]
    at.switch_page(EVENTS).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="event_id").value == ask["focus_event_id"]
    box = next(h.value for h in at.html if 'class="focus-article"' in h.value)
    after = box[box.index('<span id="framing-focus"') :]
    assert _text(after).startswith(ask["sentence"])  # the marked span opens on the sentence
    assert any("scrollIntoView" in h.value for h in at.html)
    # the request is taken: its keys are gone
    for key in ("focus_event_id", "focus_article_id", "focus_start", "focus_end"):
        assert key not in at.session_state
    # another interaction keeps the sentence shown, without scrolling again
    at.pills(key="event_cue_sources").set_value(["lexicon"]).run()
    assert any('id="framing-focus"' in h.value for h in at.html)
    assert not any("scrollIntoView" in h.value for h in at.html)
    # another event: the focus is forgotten
    other = next(e for e in _multi_outlet_events(sample) if e != ask["focus_event_id"])
    at.selectbox(key="event_id").set_value(other).run()
    assert not any('id="framing-focus"' in h.value for h in at.html)


def test_dashboard_events_focus_on_a_hidden_event_says_so(sample_db: Path, sample) -> None:
    ask = _focus_request(sample)
    arts = sample.articles
    outlet = arts.loc[arts["id"] == ask["focus_article_id"], "outlet"].iloc[0]
    others = sorted(
        set(arts["outlet"]) - set(arts.loc[arts["event_id"] == ask["focus_event_id"], "outlet"])
    )
    if not others:
        pytest.skip("every outlet covers the event")
    at = _open(EVENTS, outlets=others)
    for key in ("focus_event_id", "focus_article_id", "focus_start", "focus_end"):
        at.session_state[key] = ask[key]
    at.run()
    assert not at.exception
    assert outlet not in others
    assert any("hidden by the sidebar filters" in i.value for i in at.info)
