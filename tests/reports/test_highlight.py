"""framing.reports.highlight: escaped cue marks, and quoted text shown as quoted."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from framing.reports.highlight import (
    VOICE_STYLES,
    highlight_html,
    legend_html,
    spans_in,
    voices_present,
)

TEXT = 'Officials said "the drills are a provocation" today.\n\nA so-called "peace plan" <b>.'


def _span(part: str, category: str = "c", *, text: str = TEXT) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "category": category,
            "rationale": "why", "weight": 1.0}  # fmt: skip


def _voices(text: str = TEXT) -> pd.DataFrame:
    """Outlet voice around a quotation and a scare quote, covering every character."""
    q = text.index('"the')
    q_end = text.index('" today') + 1
    s = text.index('"peace')
    s_end = s + len('"peace plan"')
    cuts = [(0, q, "outlet"), (q, q_end, "quoted"), (q_end, s, "outlet"), (s, s_end, "scare")]
    cuts.append((s_end, len(text), "outlet"))
    return pd.DataFrame(cuts, columns=["start", "end", "voice"])


class _Tags(HTMLParser):
    """Checks that tags nest and collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ok = True
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        self.ok &= bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data) -> None:
        self.text.append(data)


def _parse(fragment: str) -> _Tags:
    tags = _Tags()
    tags.feed(fragment)
    assert tags.ok and not tags.stack, fragment
    return tags


def test_highlight_marks_quoted_and_scare_quoted_text_distinctly() -> None:
    out = highlight_html(TEXT, None, {}, paragraphs=False, voices=_voices())
    quoted = re.search(r'<span class="voice voice-quoted"[^>]*>(.*?)</span>', out)
    scare = re.search(r'<span class="voice voice-scare"[^>]*>(.*?)</span>', out)
    assert quoted and html.unescape(quoted.group(1)) == '"the drills are a provocation"'
    assert scare and html.unescape(scare.group(1)) == '"peace plan"'
    # told apart by shape, not by colour alone, and each says whose words they are
    assert "font-style:italic" in VOICE_STYLES["quoted"] and "border-left" in VOICE_STYLES["quoted"]
    assert "dotted" in VOICE_STYLES["scare"]
    assert 'title="Quoted speech: ' in out and 'title="Scare quotes: ' in out
    assert "".join(_parse(out).text) == TEXT  # nothing lost, everything escaped
    assert "<b>" not in out


def test_highlight_a_cue_across_a_voice_boundary_is_cut_so_tags_nest() -> None:
    cue = _span('said "the drills')
    out = highlight_html(TEXT, pd.DataFrame([cue]), {}, paragraphs=False, voices=_voices())
    _parse(out)
    assert out.count('<mark class="cue cue-c"') == 2  # one piece outside, one inside
    inside = re.search(r'voice-quoted"[^>]*><mark[^>]*>(.*?)</mark>', out)
    assert inside and html.unescape(inside.group(1)) == '"the drills'


@pytest.mark.parametrize("paragraphs", [True, False])
def test_highlight_without_voices_is_unchanged_and_outlet_voice_is_unmarked(
    paragraphs: bool,
) -> None:
    cues = pd.DataFrame([_span("provocation")])
    plain = highlight_html(TEXT, cues, {}, paragraphs=paragraphs)
    outlet_only = pd.DataFrame([(0, len(TEXT), "outlet")], columns=["start", "end", "voice"])
    assert highlight_html(TEXT, cues, {}, paragraphs=paragraphs, voices=outlet_only) == plain
    assert "voice-" not in plain


def test_highlight_a_quotation_over_two_paragraphs_is_marked_in_each() -> None:
    text = '"First part of it.\n\n"Second part," she said.'
    voices = pd.DataFrame(
        [(0, 18, "quoted"), (18, 20, "outlet"), (20, 34, "quoted"), (34, len(text), "outlet")],
        columns=["start", "end", "voice"],
    )
    out = highlight_html(text, None, {}, voices=voices)
    assert out.count("<p>") == 2 and out.count("voice-quoted") == 2
    _parse(out)


def test_highlight_show_false_renders_plain_text_even_with_voices() -> None:
    out = highlight_html(TEXT, None, {}, show=False, voices=_voices())
    assert "voice-" not in out and "<mark" not in out


def test_highlight_spans_in_shifts_rows_into_a_sentence_window() -> None:
    voices = _voices()
    start = TEXT.index("A so-called")
    window = spans_in(voices, start, len(TEXT))
    assert window["start"].min() == 0 and window["end"].max() == len(TEXT) - start
    sentence = TEXT[start:]
    out = highlight_html(sentence, None, {}, paragraphs=False, voices=window)
    assert "voice-scare" in out and "voice-quoted" not in out
    assert spans_in(None, 0, 5) is None


def test_highlight_legend_adds_the_voice_entries() -> None:
    assert voices_present(_voices()) == ["quoted", "scare"]
    legend = legend_html([], voices=voices_present(_voices()))
    assert "Quoted speech" in legend and "Scare quotes" in legend
    assert 'class="voice voice-quoted"' in legend
    assert legend_html([], voices=["outlet"]) == ""
