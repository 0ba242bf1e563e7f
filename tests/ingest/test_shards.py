from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.errors import InputError
from framing.ingest import read_inputs, read_uploads
from framing.ingest.shards import iter_shards, shard_paths
from framing.schema import ARTICLE_COLUMNS


def _article(i: int, outlet: str = "Wire") -> dict:
    return {
        "id": f"s{i}",
        "outlet": outlet,
        "title": f"Harbour flood day {i}",
        "text": f"Story number {i}: the harbour flooded and boats sank.",
        "published": f"2024-03-{i + 1:02d}",
    }


def _parquet(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _jsonl(path: Path, lines: list[str | dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join((json.dumps(x) if isinstance(x, dict) else x) + "\n" for x in lines)
    path.write_text(text, encoding="utf-8")
    return path


def _all(source, **kwargs) -> tuple[pd.DataFrame, list, list]:
    batches = list(iter_shards(source, **kwargs))
    articles = pd.concat([b.articles for b in batches], ignore_index=True)
    issues = [i for b in batches for i in b.issues]
    duplicates = [d for b in batches for d in b.duplicates]
    return articles, issues, duplicates


def test_shards_parquet_and_jsonl_are_read_in_bounded_batches(tmp_path) -> None:
    # other column names, as exports have them; a timestamp column for the date
    _parquet(
        tmp_path / "a" / "part-1.parquet",
        [
            {
                "headline": a["title"],
                "body": a["text"],
                "publisher": a["outlet"],
                "date": datetime(2024, 3, i + 1, 9, 30),
                "article_id": a["id"],
                "extra": [1, 2],  # not an article field: not even read
            }
            for i, a in enumerate(_article(i) for i in range(3))
        ],
    )
    _jsonl(tmp_path / "b" / "part-2.jsonl", [_article(i) for i in range(3, 5)])
    batches = iter_shards(tmp_path, batch_rows=2)
    first = next(batches)
    # the first batch is handed over before the second shard is opened
    assert first.files_read == ["a/part-1.parquet"] and len(first.articles) == 2
    rest = list(batches)
    assert all(len(b.articles) <= 2 for b in rest)
    articles = pd.concat([first.articles, *(b.articles for b in rest)], ignore_index=True)
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert articles["id"].tolist() == [f"s{i}" for i in range(5)]
    assert articles["published"].tolist() == [f"2024-03-{i + 1:02d}" for i in range(5)]
    assert articles["source"].iloc[0] == "a/part-1.parquet:row 1"
    assert articles["source"].iloc[4] == "b/part-2.jsonl:line 2"
    assert not [i for b in [first, *rest] for i in b.issues if i.severity == "error"]


def test_shards_bad_rows_are_located_and_the_good_ones_kept(tmp_path) -> None:
    rows = [_article(0), {**_article(1), "text": ""}, _article(2)]
    _parquet(tmp_path / "p1.parquet", rows)
    _jsonl(tmp_path / "p2.jsonl", [_article(3), "{not json", {"outlet": "Wire", "title": "x"}])
    with open(tmp_path / "p2.jsonl", "ab") as fh:
        fh.write(b'{"outlet": "Wire", "title": "caf\xe9", "text": "latin-1 here"}\n')
        fh.write((json.dumps(_article(4)) + "\n").encode())
    _parquet(tmp_path / "p3.parquet", [{"title": "no text column", "outlet": "Wire"}])
    (tmp_path / "p4.parquet").write_bytes(b"PAR1 this is not parquet")
    articles, issues, _ = _all(tmp_path, batch_rows=2)
    assert articles["id"].tolist() == ["s0", "s2", "s3", "s4"]
    where = {(i.source, i.location, i.field) for i in issues if i.severity == "error"}
    assert ("p1.parquet", "row 2", "text") in where
    assert ("p2.jsonl", "line 2", "") in where  # not JSON
    assert ("p2.jsonl", "line 3", "text") in where  # no text key
    assert ("p2.jsonl", "line 4", "") in where  # not UTF-8
    assert ("p3.parquet", "header", "text") in where
    assert ("p4.parquet", "file", "") in where
    rejected = next(i for i in issues if i.location == "row 2")
    assert json.loads(rejected.raw)["id"] == "s1"  # the rejected row is kept in the issue


def test_shards_duplicates_and_id_clashes_are_caught_across_batches(tmp_path) -> None:
    _jsonl(tmp_path / "1.jsonl", [_article(0), _article(1)])
    clash = {**_article(2), "id": "s0"}  # another article under a used id
    _jsonl(tmp_path / "2.jsonl", [{**_article(1), "id": "other"}, clash, _article(3)])
    articles, issues, duplicates = _all(tmp_path, batch_rows=1)
    assert articles["id"].tolist() == ["s0", "s1", "s3"]
    assert duplicates == [
        {"source": "2.jsonl:line 1", "duplicate_of": "s1", "kept_source": "1.jsonl"}
    ]
    clashes = [i for i in issues if i.field == "id"]
    assert len(clashes) == 1 and clashes[0].location == "line 2" and "1.jsonl" in clashes[0].message
    # without the index, only duplicates inside one batch are caught
    loose, _, none = _all(tmp_path, batch_rows=1, dedupe=False)
    assert len(loose) == 5 and none == []


def test_shards_sources_are_folders_patterns_or_files(tmp_path) -> None:
    _jsonl(tmp_path / "x" / "2024-01.jsonl", [_article(0)])
    _jsonl(tmp_path / "x" / "2024-02.jsonl", [_article(1)])
    _jsonl(tmp_path / "x" / ".hidden.jsonl", [_article(2)])
    (tmp_path / "x" / "notes.txt").write_text("not a shard")
    names = [p.name for p in shard_paths(tmp_path / "x")]
    assert names == ["2024-01.jsonl", "2024-02.jsonl"]
    assert [p.name for p in shard_paths(str(tmp_path / "x" / "*-02.jsonl"))] == ["2024-02.jsonl"]
    with pytest.raises(InputError) as err:
        shard_paths(tmp_path / "missing")
    assert err.value.code == "FRM-I101"
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError) as err:
        list(iter_shards(tmp_path / "empty"))
    assert err.value.code == "FRM-I151"


def test_shards_parquet_files_are_read_by_every_ingest(tmp_path) -> None:
    path = _parquet(tmp_path / "in" / "news.parquet", [_article(0), {**_article(1), "outlet": ""}])
    report = read_inputs([tmp_path / "in"])
    assert report.articles["id"].tolist() == ["s0"]
    assert [(i.source, i.location, i.field) for i in report.errors] == [
        ("in/news.parquet", "row 2", "outlet")
    ]
    uploaded = read_uploads([("news.parquet", path.read_bytes())])
    assert uploaded.articles["id"].tolist() == ["s0"]
    broken = read_uploads([("bad.parquet", io.BytesIO(b"nope").getvalue())])
    assert broken.n_accepted == 0 and broken.errors[0].location == "file"
