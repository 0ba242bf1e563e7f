"""Article dates set by a user: validation, storage, re-ingest, re-analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.config import Settings
from framing.dates import article_dates, parse_article_date, set_article_date, stale_dates
from framing.embed import HashingEmbedder
from framing.errors import FramingError
from framing.pipeline import analyze, ingest
from framing.store import Store

CSV = (
    "id,outlet,title,text,published\n"
    "a1,Alpha,Drills begin,The navy held drills near the island on a calm day.,2024-01-02\n"
    "a2,Beta,Drills go on,The navy kept up its drills near the island.,\n"
    "a3,Beta,Harvest,Farmers brought in the harvest in the valley.,not a date\n"
)


@pytest.fixture
def store(tmp_path: Path):
    src = tmp_path / "in.csv"
    src.write_text(CSV)
    with Store(tmp_path / "s.sqlite3") as s:
        ingest([src], "news", s, Settings(db_path=tmp_path / "s.sqlite3"))
        yield s, src


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "15/03/2024", "20240315", "soon"])
def test_dates_invalid_values_raise_a_located_error(value: str) -> None:
    with pytest.raises(FramingError) as err:
        parse_article_date(value, where="article 'a2' in set 'news'")
    assert err.value.code == "FRM-D743"
    assert "article 'a2' in set 'news'" in str(err.value) and value in str(err.value)


def test_dates_set_correct_and_remove(store) -> None:
    s, _ = store
    assert set_article_date(s, "news", "a2", " 2024-01-03 ") == "2024-01-03"
    assert set_article_date(s, "news", "a1", "2024-01-05") == "2024-01-05"
    table = article_dates(s, "news").set_index("id")
    assert table.loc["a2", "published"] == "2024-01-03" and table.loc["a2", "ingested"] == ""
    assert table.loc["a1", "published"] == "2024-01-05"
    assert table.loc["a1", "ingested"] == "2024-01-02" and bool(table.loc["a1", "edited"])
    assert table.loc["a3", "published_raw"] == "not a date" and not table.loc["a3", "edited"]
    assert set_article_date(s, "news", "a1", "") is None
    assert s.articles("news").set_index("id").loc["a1", "published"] == "2024-01-02"


def test_dates_unknown_article_and_bad_date_store_nothing(store) -> None:
    s, _ = store
    with pytest.raises(FramingError) as err:
        set_article_date(s, "news", "zz", "2024-01-01")
    assert err.value.code == "FRM-D744" and "'a1'" in str(err.value)
    with pytest.raises(FramingError):
        set_article_date(s, "news", "a2", "2024-02-30")
    assert s.date_edits("news").empty


def test_dates_survive_a_reingest(store, tmp_path: Path) -> None:
    s, src = store
    set_article_date(s, "news", "a2", "2024-01-03")
    settings = Settings(db_path=tmp_path / "s.sqlite3")
    ingest([src], "news", s, settings)  # the same files again
    assert s.articles("news").set_index("id").loc["a2", "published"] == "2024-01-03"
    src.write_text(CSV.replace("kept up its drills", "kept up the drills"))
    ingest([src], "news", s, settings)  # a new version of the article replaces it
    assert s.articles("news").set_index("id").loc["a2", "published"] == "2024-01-03"


def test_dates_a_date_edit_makes_the_next_analysis_use_it(store, tmp_path: Path) -> None:
    s, _ = store
    settings = Settings(db_path=tmp_path / "s.sqlite3")
    first = analyze("news", s, settings, embedder=HashingEmbedder(), cues=False)
    assert stale_dates(first.articles, s, "news").empty
    set_article_date(s, "news", "a2", "2024-01-03")
    stale = stale_dates(first.articles, s, "news")
    assert stale.values.tolist() == [["a2", "", "2024-01-03"]]
    again = analyze("news", s, settings, embedder=HashingEmbedder(), cues=False)
    assert again.key != first.key
    assert again.articles.set_index("id").loc["a2", "published"] == "2024-01-03"
    assert stale_dates(again.articles, s, "news").empty
