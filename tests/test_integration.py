"""End-to-end checks with the real bundled model on the sample corpus."""

from __future__ import annotations

import shutil
import tomllib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.embed import SentenceTransformerEmbedder
from framing.embed.st import BUNDLED_SHA256, bundled_model_path, verify_weights
from framing.errors import ModelIntegrityError
from framing.metrics import bcubed

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_articles"
NEWSDESK = ROOT / "tests" / "data" / "grouping" / "newsdesk.jsonl"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    code = main(
        [
            "analyze",
            str(SAMPLE),
            "--out",
            str(out / "out"),
            "--db",
            str(out / "store.sqlite3"),
            "--corpus",
            "sample",
        ]
    )
    assert code == 0
    return out


def test_integration_cli_writes_articles_and_events(sample_run: Path) -> None:
    articles = pd.read_csv(sample_run / "out" / "articles.csv", keep_default_na=False)
    events = pd.read_csv(sample_run / "out" / "events.csv", keep_default_na=False)
    assert len(articles) == 48
    for col in ["id", "outlet", "title", "published", "event_id", "event_label"]:
        assert col in articles.columns
    # ids are the ones given in the input headers
    assert "barrage-hanbit" in set(articles["id"])
    assert set(articles["event_id"]) == set(events["event_id"])
    assert events["n_articles"].sum() == 48
    assert (events["label"].str.len() > 5).all()


def test_integration_sample_grouping_meets_bcubed_bar(sample_run: Path) -> None:
    articles = pd.read_csv(sample_run / "out" / "articles.csv", keep_default_na=False)
    gold = tomllib.loads((SAMPLE / "gold.toml").read_text())["events"]
    p, r, f = bcubed(articles["event_id"].tolist(), [gold[i] for i in articles["id"]])
    print(f"\nsample corpus B-cubed: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    assert f >= 0.95


def test_integration_reanalysis_uses_the_embedding_cache(sample_run: Path, capsys) -> None:
    code = main(
        [
            "analyze",
            str(SAMPLE),
            "--out",
            str(sample_run / "again"),
            "--db",
            str(sample_run / "store.sqlite3"),
            "--corpus",
            "sample",
        ]
    )
    assert code == 0
    assert "stored results reused: nothing recomputed" in capsys.readouterr().out
    assert (sample_run / "again" / "sentences.csv").stat().st_size > 10_000
    code = main(
        [
            "analyze",
            str(SAMPLE),
            "--out",
            str(sample_run / "forced"),
            "--db",
            str(sample_run / "store.sqlite3"),
            "--corpus",
            "sample",
            "--force",
        ]
    )
    assert code == 0
    assert "0 texts embedded" in capsys.readouterr().out
    for name in ("cues.csv", "sentences.csv", "alignment.csv"):
        again = pd.read_csv(sample_run / "again" / name)
        forced = pd.read_csv(sample_run / "forced" / name)
        pd.testing.assert_frame_equal(again, forced)


def test_integration_newsdesk_grouping(tmp_path: Path) -> None:
    code = main(
        [
            "analyze",
            str(NEWSDESK),
            "--out",
            str(tmp_path / "out"),
            "--db",
            str(tmp_path / "s.sqlite3"),
        ]
    )
    assert code == 0
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", keep_default_na=False)
    gold = pd.read_json(NEWSDESK, lines=True, dtype=False).set_index("id")["event"]
    p, r, f = bcubed(articles["event_id"].tolist(), gold.loc[articles["id"]].tolist())
    print(f"\nnewsdesk B-cubed: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    assert f >= 0.90


def test_integration_bundled_weights_are_verified(tmp_path: Path) -> None:
    verify_weights(bundled_model_path(), BUNDLED_SHA256)
    fake = tmp_path / "model"
    shutil.copytree(bundled_model_path(), fake)
    with (fake / "model.safetensors").open("r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00\x01\x02")
    with pytest.raises(ModelIntegrityError, match="SHA-256 is .* expected 53aa5117"):
        verify_weights(fake, BUNDLED_SHA256)
    with pytest.raises(ModelIntegrityError, match="refuses"):
        SentenceTransformerEmbedder(expected_sha256="0" * 64).encode(["x"])


def test_integration_local_folder_model_and_unit_vectors() -> None:
    emb = SentenceTransformerEmbedder(str(bundled_model_path()))
    vectors = emb.encode(["North Korea fired missiles.", "Joint drills began."])
    assert vectors.shape == (2, 384)
    assert abs(float((vectors**2).sum(axis=1)[0]) - 1.0) < 1e-4
    assert emb.model_id.startswith("model@")


def test_integration_unknown_model_folder_fails_plainly(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.csv").write_text("outlet,title,text\nX,T,Some text here.\n")
    code = main(
        [
            "analyze",
            str(tmp_path / "a.csv"),
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "s.sqlite3"),
            "--model",
            str(tmp_path),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot load the sentence-transformers local folder" in err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.csv", b"outlet,title,body2\nA,B,C\n", "no column for 'text'"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file"),
        ("broken.zip", b"PK\x03\x04 this is not really a zip", "not a readable ZIP archive"),
    ],
)
def test_integration_cli_unusable_input_exits_with_located_error(
    tmp_path: Path, capsys, name: str, content: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(content)
    code = main(
        [
            "analyze",
            str(tmp_path / name),
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "s.sqlite3"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert name in err and expected in err


def test_integration_cli_keeps_good_rows_beside_bad_ones(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.csv").write_text(
        "id,outlet,title,text,published\n"
        "g1,Wire,Drills start,Joint drills started on Monday near the coast.,2022-10-31\n"
        ",Wire,,Empty-title row with text.,2022-10-31\n"
        "g3,,No outlet,This row has no outlet.,2022-10-31\n"
    )
    (folder / "missing.csv").write_text("outlet,title\nA,B\n")
    (folder / "latin.txt").write_bytes(
        b"Outlet: Caf\xe9 Times\nTitle: Caf\xe9 story\nDate: 2022-11-02\n\n"
        b"A story from the caf\xe9.\n"
    )
    with zipfile.ZipFile(folder / "more.zip", "w") as zf:
        zf.writestr("x.jsonl", '{"outlet": "Z", "title": "T", "text": "Zipped text."}\n{bad json\n')
    code = main(
        ["analyze", str(folder), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.sqlite3")]
    )
    err = capsys.readouterr().err
    assert code == 0
    articles = pd.read_csv(tmp_path / "o" / "articles.csv", keep_default_na=False)
    assert sorted(articles["outlet"]) == ["Café Times", "Wire", "Wire", "Z"]
    issues = pd.read_csv(tmp_path / "o" / "ingest_issues.csv", keep_default_na=False)
    errors = issues[issues["severity"] == "error"]
    assert len(errors) == 3  # no outlet, missing text column, bad JSON line
    assert "row 3" in " ".join(errors["location"])
    assert "in/more.zip/x.jsonl" in " ".join(errors["source"])
    assert "Windows-1252" in err


@pytest.mark.parametrize("command", [[], ["analyze"], ["dashboard"], ["corpora"]])
def test_integration_help_works_on_every_command(command: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: framing" in capsys.readouterr().out
