"""Full-text search: query parsing, whole-word and phrase matching, sentence hits."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.search import SEARCH_COLUMNS, SearchIndex, parse_query, search
from framing.segment import sentences as split

TEXTS = {
    "a1": "The navy held joint drills near the island. Critics called it a provocation.",
    "a2": "Joint-drills resumed on Monday. The provocative war games drew protests.",
    "b1": "Farmers gathered for the harvest. Nobody mentioned the jointly held talks.",
}
ARTICLES = pd.DataFrame(
    [
        {"id": "a1", "outlet": "Alpha", "title": "Drills begin", "published": "2024-01-02"},
        {"id": "a2", "outlet": "Alpha", "title": "War games go on", "published": ""},
        {"id": "b1", "outlet": "Beta", "title": "Harvest festival", "published": "2024-01-03"},
    ]
).assign(event_id=[1, 1, 2])


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Navy", ["navy"]),
        ('"Joint  Drills" island', ["joint drills", "island"]),
        ("provoc* provoc*", ["provoc*"]),
        ('war "games"', ["war", "games"]),
    ],
)
def test_search_parse_query(query: str, terms: list[str]) -> None:
    assert parse_query(query) == terms


@pytest.mark.parametrize("query", ["", "   ", '"unclosed phrase', '""', "* ,"])
def test_search_bad_queries_raise_a_coded_error(query: str) -> None:
    with pytest.raises(FramingError) as err:
        parse_query(query)
    assert err.value.code == "FRM-D742"


def _hits(query: str, **kw) -> pd.DataFrame:
    return search(query, ARTICLES, TEXTS, **kw)


def test_search_phrase_matches_across_spaces_and_hyphens_whole_words_only() -> None:
    hits = _hits('"joint drills"')
    assert list(hits.columns) == SEARCH_COLUMNS
    # "jointly held" in b1 is no match: whole words only
    assert hits["article_id"].tolist() == ["a1", "a2"]
    first = hits.iloc[0]
    text = TEXTS["a1"]
    assert text[first["sentence_start"] : first["sentence_end"]] == first["sentence"]
    assert [text[s:e] for s, e in first["matches"]] == ["joint drills"]
    assert [TEXTS["a2"][s:e] for s, e in hits.iloc[1]["matches"]] == ["Joint-drills"]


def test_search_all_terms_must_be_in_one_sentence() -> None:
    # "navy" and "provocation" are in a1, but in two different sentences
    assert _hits("navy provocation").empty
    hits = _hits("provoc* war")
    assert hits["article_id"].tolist() == ["a2"]
    assert [TEXTS["a2"][s:e] for s, e in hits.iloc[0]["matches"]] == ["provocative", "war"]


def test_search_titles_are_searched_with_their_own_offsets() -> None:
    hits = _hits("harvest")
    assert hits[["article_id", "field"]].values.tolist() == [["b1", "title"], ["b1", "text"]]
    title = hits.iloc[0]
    assert title["sentence"] == "Harvest festival" and title["matches"] == [(0, 7)]


def test_search_uses_stored_sentences_and_the_limit() -> None:
    rows = [
        {"id": i, "field": "text", "start": s.start, "end": s.end, "sentence": s.text}
        for i, t in TEXTS.items()
        for s in split(t)
    ]
    # a stored sentence table that joins a1's two sentences into one span
    rows[0] = {**rows[0], "end": len(TEXTS["a1"]), "sentence": TEXTS["a1"]}
    rows.pop(1)
    hits = _hits("navy provocation", sentences=pd.DataFrame(rows))
    assert hits["article_id"].tolist() == ["a1"]
    assert len(_hits("the", limit=2)) == 2


def test_search_one_index_serves_a_subset_of_its_articles() -> None:
    index = SearchIndex(ARTICLES, TEXTS)
    alpha = ARTICLES[ARTICLES["outlet"] == "Alpha"]
    assert set(search("the", alpha, index=index)["article_id"]) == {"a1", "a2"}
    assert search("harvest", alpha, index=index).empty


def test_search_offsets_hold_when_lower_case_is_longer() -> None:
    # "İ" lower-cases to two characters: offsets after it must still index the text
    text = "İstanbul hosted the talks. The drills went on."
    arts = pd.DataFrame([{"id": "t1", "outlet": "A", "title": "x", "published": "", "event_id": 0}])
    hit = search("drills", arts, {"t1": text}).iloc[0]
    assert [text[s:e] for s, e in hit["matches"]] == ["drills"]
