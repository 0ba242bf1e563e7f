"""Speakers, verbs and kinds of quotations and reported speech, on hand-made texts."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.cues.sources import SOURCE_COLUMNS, SourceFinder
from framing.cues.voice import VOICE_COLUMNS


@pytest.fixture(scope="module")
def finder() -> SourceFinder:
    return SourceFinder().fit()


def _rows(finder: SourceFinder, text: str, title: str = "") -> pd.DataFrame:
    arts = pd.DataFrame(
        [{"id": "a", "outlet": "Wire", "event_id": 0, "title": title, "text": text}]
    )
    sources, voices = finder.transform(arts)
    assert list(sources.columns) == SOURCE_COLUMNS and list(voices.columns) == VOICE_COLUMNS
    return sources


@pytest.mark.parametrize(
    ("text", "quote", "kind", "speaker", "verb"),
    [
        ('"We will not back down," said Kim Yo Jong, the sister of the leader.',
         "We will not back down,", "direct", "Kim Yo Jong", "said"),
        ('"It is over," the official told reporters.', "It is over,", "direct", "the official",
         "told reporters"),
        ("\u201cWe will win,\u201d Trump insisted on Tuesday.", "We will win,", "direct", "Trump",
         "insisted"),
        ('The minister said: "There will be no deal."', "There will be no deal.", "direct",
         "The minister", "said"),
        ('Mr. Kim called the drills "a rehearsal for invasion."', "a rehearsal for invasion.",
         "partial", "Mr. Kim", "called"),
        ("The mayor \u2014 \u201cwe are ready,\u201d she said \u2014 smiled.", "we are ready,",
         "partial", "she", "said"),
    ],
)  # fmt: skip
def test_sources_direct_and_partial_quotations(finder, text, quote, kind, speaker, verb) -> None:
    rows = _rows(finder, text)
    row = rows.iloc[0]
    assert text[row.quote_start : row.quote_end] == quote
    assert (row.kind, row.speaker, row.verb) == (kind, speaker, verb)
    assert text[row.speaker_start : row.speaker_end] == speaker
    assert text[row.verb_start : row.verb_end] == verb


def test_sources_reported_speech_and_according_to(finder) -> None:
    text = (
        "A senior administration official claimed the talks had collapsed. "
        "The talks failed, according to Reuters."
    )
    rows = _rows(finder, text).set_index("kind")
    reported = rows.loc["reported"]
    assert text[reported.quote_start : reported.quote_end] == "the talks had collapsed"
    assert (reported.speaker_type, reported.verb, reported.verb_class) == (
        "anonymous",
        "claimed",
        "doubt",
    )
    according = rows.loc["according_to"]
    assert text[according.quote_start : according.quote_end] == "The talks failed"
    assert (according.speaker, according.speaker_type) == ("Reuters", "media")


def test_sources_scare_quotes_have_no_speaker(finder) -> None:
    text = 'The so-called "peace plan" and the "experts" failed. "It failed badly," he said.'
    rows = _rows(finder, text)
    assert rows["kind"].tolist() == ["scare", "scare", "direct"]
    assert rows["speaker"].tolist()[:2] == ["", ""]


def test_sources_speakers_are_chained_within_an_article(finder) -> None:
    text = (
        "President Donald Trump spoke on Monday. \u201cWe will see,\u201d Trump said. "
        "\u201cMaybe,\u201d he added.\n\n\u201cNo more,\u201d said Mr. Trump."
    )
    rows = _rows(finder, text)
    direct = rows[rows["kind"] == "direct"]
    assert direct["speaker"].tolist() == ["Trump", "he", "Mr. Trump"]
    assert set(direct["speaker_norm"]) == {"Donald Trump"}
    assert set(direct["speaker_type"]) == {"official"}


def test_sources_a_place_before_a_name_is_not_a_first_name(finder) -> None:
    # Related-link clutter runs a place into a name; the chain must not take it.
    text = (
        "Trump takes pandemic fight to Michigan Trump to celebrate Memorial Day\n\n"
        "\u201cWe will see,\u201d Trump said."
    )
    rows = _rows(finder, text)
    assert rows[rows["kind"] == "direct"]["speaker_norm"].tolist() == ["Trump"]


@pytest.mark.parametrize(
    ("first", "later", "full"),
    [
        ("House Speaker John Boehner", "Boehner", "John Boehner"),
        ("Secretary of State Mike Pompeo", "Pompeo", "Mike Pompeo"),
        ("Police Chief Rashall Brackney", "Brackney", "Rashall Brackney"),
        ("Charles D. Ellison", "Ellison", "Charles D. Ellison"),
    ],
)
def test_sources_chained_full_names_drop_titles_and_keep_initials(
    finder, first: str, later: str, full: str
) -> None:
    text = f"{first} spoke on Monday.\n\n\u201cWe are done,\u201d {later} said."
    rows = _rows(finder, text)
    assert rows[rows["kind"] == "direct"]["speaker_norm"].tolist() == [full]


def test_sources_continued_quotation_keeps_its_speaker(finder) -> None:
    text = '"We tried," she said. "We failed."'
    rows = _rows(finder, text)
    assert rows["speaker"].tolist() == ["she", "she"]


def test_sources_headline_speaker_before_a_colon(finder) -> None:
    rows = _rows(finder, "No quotes here.", title="Trump: 'We will win big'")
    title = rows[rows["field"] == "title"].iloc[0]
    assert (title.kind, title.speaker) == ("direct", "Trump")


def test_sources_affiliation_from_the_apposition(finder) -> None:
    text = '"No talks," said Kim Yo Jong, the sister of North Korean leader Kim Jong Un.'
    row = _rows(finder, text).iloc[0]
    assert (row.affiliation, row.speaker_type) == ("North Korea", "official")


WORDS = ['"', "\u201c", "\u201d", "'", "said", "Kim", "the", "official", "claimed", "that",
         "according", "to", ",", ".", ":", "\n\n", "He", "so-called", "Reuters"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_sources_offsets_always_index_the_field(words: list[str]) -> None:
    finder = SourceFinder().fit()
    text = " ".join(words)
    arts = pd.DataFrame([{"id": "a", "outlet": "W", "event_id": 0, "title": "", "text": text}])
    sources, voices = finder.transform(arts)
    for row in sources.itertuples(index=False):
        assert 0 <= row.quote_start <= row.quote_end <= len(text)
        if row.speaker:
            assert text[row.speaker_start : row.speaker_end] == row.speaker
        if row.verb_start >= 0:
            assert text[row.verb_start : row.verb_end] == row.verb
    body = voices[voices["field"] == "text"]
    assert "".join(text[a:b] for a, b in zip(body["start"], body["end"], strict=True)) == text


def test_sources_lead_in_sentence_attributes_the_quotation_after_it(finder) -> None:
    text = (
        "Senator Jane Roe said as much on Tuesday. \u201cWe will repeal it.\u201d\n\n"
        'The group posted this message on Facebook:\n\n"We lost, but we go on."'
    )
    rows = _rows(finder, text)
    assert rows["speaker"].tolist() == ["Senator Jane Roe", "The group"]
    assert rows["speaker_norm"].tolist()[0] == "Jane Roe"


def test_sources_type_from_the_first_full_mention(finder) -> None:
    text = "Ed Gillespie, the Republican nominee, spoke. \u201cWe won,\u201d Gillespie said."
    row = _rows(finder, text).iloc[0]
    assert (row.speaker_norm, row.speaker_type, row.affiliation) == (
        "Ed Gillespie",
        "official",
        "Republican",
    )
