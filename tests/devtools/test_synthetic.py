from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date

import pandas as pd
import pytest

from framing.config import IngestLimits
from framing.devtools._fill import _new_number as new_number
from framing.devtools._templates import _split_sentences as split_sentences
from framing.devtools.synthetic import (
    SYNTHETIC_COLUMNS,
    default_days,
    generate_corpus,
    source_articles,
    write_jsonl_shards,
)
from framing.ingest import read_inputs

# Proper names of the hand-written articles, written by hand from reading them:
# places, people, organisations and acronyms the generator must replace.
SOURCE_NAMES = [
    "Velmont", "Carvania", "Carvanian", "Seoul", "Pyongyang", "Kishida", "Biden", "Xi",
    "Kim", "Haldermark", "Sulawesi", "Peru", "Tokyo", "Beijing", "Washington", "Japan",
    "China", "Korea", "Korean", "Halvor", "Nimbrel", "Plath", "NASA", "KCNA", "JCS",
    "Artemis", "Bali", "Bangkok", "Ulleung", "Hokkaido", "Lusonia", "Kessel", "Rieger",
    "Yoon", "Jinping", "Hwasong", "Sharm", "Brennick", "Grauwald", "Dornau",
]  # fmt: skip
WORD = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return generate_corpus(2000, random_state=7)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return source_articles()


@pytest.mark.parametrize("n", [0, 1, 2, 30, 257])
def test_synthetic_exact_rows_and_columns(n):
    df = generate_corpus(n, random_state=1)
    assert len(df) == n
    assert list(df.columns) == SYNTHETIC_COLUMNS
    assert df["id"].is_unique
    assert df["published"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (df["text"].str.len() > 200).all()
    assert (df["title"].str.len() > 10).all()


def test_synthetic_ids_unique_and_rows_in_date_order(corpus):
    assert corpus["id"].is_unique
    assert corpus["published"].is_monotonic_increasing
    assert corpus["url"].is_unique
    assert corpus["url"].str.startswith("https://").all()


def test_synthetic_same_seed_same_table_other_seed_other_table(corpus):
    again = generate_corpus(2000, random_state=7)
    pd.testing.assert_frame_equal(corpus, again)
    other = generate_corpus(2000, random_state=8)
    assert not set(other["text"]) & set(corpus["text"])
    assert other["outlet"].tolist() != corpus["outlet"].tolist()


def test_synthetic_each_event_has_one_template_and_spans_a_few_days(corpus):
    per_event = corpus.groupby("event").agg(
        templates=("template", "nunique"),
        first=("published", "min"),
        last=("published", "max"),
        size=("id", "size"),
    )
    assert (per_event["templates"] == 1).all()
    span = pd.to_datetime(per_event["last"]) - pd.to_datetime(per_event["first"])
    assert span.dt.days.max() <= 3
    assert per_event["size"].max() <= 12
    # Only the last event can be cut short to hit the exact row count.
    assert (per_event["size"] < 2).sum() <= 1
    assert 4.5 <= per_event["size"].mean() <= 7.5
    assert sorted(corpus["event"].unique()) == list(range(len(per_event)))
    assert corpus["template"].nunique() == 23


def test_synthetic_event_dates_spread_over_the_default_days(corpus):
    days = (date.fromisoformat(corpus["published"].max()) - date.fromisoformat("2015-01-01")).days
    assert default_days(2000) - 10 <= days <= default_days(2000) + 3
    assert corpus["published"].min() >= "2015-01-01"


def test_synthetic_source_names_are_replaced(corpus, sources):
    pattern = re.compile(r"\b(?:" + "|".join(SOURCE_NAMES) + r")\b")
    in_sources = sum(bool(pattern.search(t)) for t in sources["text"])
    assert in_sources == len(sources)  # every source article names one of them
    hits = Counter(m for t in corpus["text"] for m in pattern.findall(t))
    hits.update(m for t in corpus["title"] for m in pattern.findall(t))
    assert sum(hits.values()) == 0, hits.most_common(5)
    source_outlets = set(sources["outlet"])
    assert not source_outlets & set(corpus["outlet"])
    assert not any(o in t for t in corpus["text"].head(300) for o in source_outlets)


def test_synthetic_names_are_consistent_within_an_event(corpus, sources):
    vocabulary = {w for t in sources["text"] for w in WORD.findall(t)}
    vocabulary |= {w for t in sources["title"] for w in WORD.findall(t)}
    shares = []
    for _, event in corpus.groupby("event"):
        if len(event) < 3:
            continue
        fictional = [set(WORD.findall(t)) - vocabulary for t in event["text"]]
        counts = Counter(w for names in fictional for w in names)
        name, n = counts.most_common(1)[0]
        shares.append(n / len(event))
    # The main fictional names of an event run through most of its articles.
    assert min(shares) >= 0.5
    assert sum(shares) / len(shares) >= 0.9


def test_synthetic_events_of_one_template_use_different_names(corpus, sources):
    vocabulary = {w for t in sources["text"] for w in WORD.findall(t)}

    def names(event: pd.DataFrame) -> set[str]:
        return {w for t in event["text"] for w in WORD.findall(t)} - vocabulary

    for _, same_template in corpus.groupby("template"):
        events = [names(e) for _, e in same_template.groupby("event")][:6]
        for a in range(len(events)):
            for b in range(a + 1, len(events)):
                overlap = len(events[a] & events[b]) / len(events[a] | events[b])
                assert overlap < 0.2


def test_synthetic_texts_are_rewritten_not_copied(corpus, sources):
    assert not set(corpus["text"]) & set(sources["text"])
    # Two outlets may run the same copy of a short article (as wire copy is rerun),
    # but rarely, and one outlet never twice (ingest would merge the two).
    assert corpus["text"].duplicated().mean() < 0.01
    assert not corpus.duplicated(["outlet", "text"]).any()
    # Sentences are dropped: articles are shorter than their sources on average.
    source_words = sources.groupby("event")["text"].apply(lambda s: s.str.split().str.len().mean())
    ratio = corpus["text"].str.split().str.len() / corpus["template"].map(source_words)
    assert 0.65 <= ratio.mean() <= 0.95
    # Paragraphs survive, and no placeholder or marker leaks into the text.
    assert corpus["text"].str.contains("\n\n").mean() > 0.9
    leaks = corpus["text"].str.contains(r"[{}\ue000-\ue00f]") | corpus["title"].str.contains(
        r"[{}\ue000-\ue00f]"
    )
    assert not leaks.any()


def test_synthetic_many_outlets_each_with_a_style():
    small = generate_corpus(30, random_state=2)
    assert 2 <= small["outlet"].nunique() <= 12
    large = generate_corpus(6000, random_state=2)
    assert large["outlet"].nunique() > 30


def test_synthetic_round_trip_through_jsonl_shards(tmp_path):
    df = generate_corpus(450, random_state=4)
    paths = write_jsonl_shards(df, tmp_path, per_file=200)
    assert [p.name for p in paths] == ["part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl"]
    report = read_inputs([tmp_path / "articles"], IngestLimits())
    assert report.n_rejected == 0 and not report.issues and not report.duplicates
    got = report.articles
    assert got["id"].tolist() == df["id"].tolist()
    assert got["text"].tolist() == df["text"].tolist()
    assert got["title"].tolist() == df["title"].tolist()
    assert got["published"].tolist() == df["published"].tolist()
    assert got["outlet"].tolist() == df["outlet"].tolist()
    gold = pd.read_csv(tmp_path / "gold.csv", dtype={"id": str, "template": str})
    assert list(gold.columns) == ["id", "event", "template"]
    assert gold["id"].tolist() == df["id"].tolist()
    assert gold["event"].tolist() == df["event"].tolist()


def test_synthetic_shards_stay_under_the_byte_limit(tmp_path):
    df = generate_corpus(120, random_state=5)
    paths = write_jsonl_shards(df, tmp_path, max_file_bytes=60_000)
    assert len(paths) > 2
    assert all(p.stat().st_size <= 60_000 for p in paths)
    limits = IngestLimits(max_file_bytes=60_000)
    assert read_inputs(paths, limits).n_accepted == 120
    # Writing again replaces the shards instead of adding to them.
    assert len(write_jsonl_shards(df.head(10), tmp_path)) == 1
    assert len(list((tmp_path / "articles").iterdir())) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_articles": -1}, "0 or more"),
        ({"n_articles": 5, "days": 0}, "at least 1"),
        ({"n_articles": 5, "start": "01/02/2015"}, "ISO date"),
    ],
)
def test_synthetic_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        generate_corpus(**kwargs)


@pytest.mark.parametrize(
    ("token", "shape"),
    [
        ("7,800", r"\d{1,3}(,\d{3})+|\d{1,3}"),
        ("4.5", r"\d+\.\d"),
        ("240", r"\d*0"),
        ("23", r"\d+"),
        ("3", r"\d+"),
    ],
)
def test_synthetic_numbers_change_but_keep_their_shape(token, shape):
    rng = random.Random(0)
    for _ in range(50):
        new = new_number(token, rng)
        assert new != token
        assert re.fullmatch(shape, new), new


def test_synthetic_sentence_split_keeps_abbreviations_and_quotes():
    paragraph = (
        'Mr. Rieger said U.S. forces left at 8 a.m. on Nov. 2. "We are done. Go home," '
        "he said. The end."
    )
    assert split_sentences(paragraph) == [
        "Mr. Rieger said U.S. forces left at 8 a.m. on Nov. 2.",
        '"We are done. Go home," he said.',
        "The end.",
    ]
