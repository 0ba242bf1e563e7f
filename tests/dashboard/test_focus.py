"""The focused article: one sentence marked and anchored, its cues still highlighted."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dashboard"))
import focus  # noqa: E402
from framing.cues.lexicon import load_lexicon  # noqa: E402


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
