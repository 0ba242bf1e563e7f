"""``framing events ...``: fix events from the command line (hashing embedder, no model load)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import framing.pipeline
from framing.cli import main
from framing.config import Settings
from framing.embed import HashingEmbedder
from framing.pipeline import ingest
from framing.store import Store

TOPICS = [
    ("Storm floods Riverton harbour", "Heavy rain flooded Riverton harbour and boats sank."),
    ("Central bank raises rates", "The central bank raised its interest rate to fight inflation."),
    ("Cup final ends in penalties", "The football cup final was decided by a penalty shoot-out."),
]


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A tiny article set analysed by ``framing analyze`` (no cues); paths by name."""
    monkeypatch.setattr(framing.pipeline, "make_embedder", lambda settings: HashingEmbedder())
    monkeypatch.delenv("FRAMING_DB", raising=False)
    lines = ["id,outlet,title,text,published"]
    for t, (title, text) in enumerate(TOPICS):
        for outlet in ["Wire", "Daily"]:
            lines.append(f"t{t}-{outlet},{outlet},{title},{text},2024-03-0{t + 1}")
    csv = tmp_path / "tiny.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths = {"csv": str(csv), "db": str(tmp_path / "s.sqlite3"), "out": str(tmp_path / "out")}
    assert _analyze(paths) == 0
    return paths


def _analyze(paths: dict[str, str], *extra: str) -> int:
    return main(
        ["analyze", paths["csv"], "--out", paths["out"], "--db", paths["db"], "--corpus", "tiny"]
        + ["--no-cues", *extra]
    )


def _events(paths: dict[str, str], action: str, *args: str) -> int:
    return main(["events", action, "--corpus", "tiny", "--db", paths["db"], *args])


def _event_of(paths: dict[str, str]) -> dict[str, int]:
    articles = pd.read_csv(Path(paths["out"]) / "articles.csv", keep_default_na=False)
    return dict(zip(articles["id"], articles["event_id"], strict=True))


def test_cli_events_merge_is_kept_through_analyze_and_force(tiny, capsys) -> None:
    event = _event_of(tiny)
    a, b = event["t0-Wire"], event["t1-Wire"]
    assert a != b
    capsys.readouterr()
    assert _events(tiny, "merge", str(a), str(b)) == 0
    out, err = capsys.readouterr()
    assert "Kept edit #1: merge the events of" in err
    assert "0 texts embedded, the rest from the store" in err
    assert "'tiny' now has 2 events; its articles are in event" in out
    for extra in ((), ("--force",)):
        assert _analyze(tiny, *extra) == 0
        after = _event_of(tiny)
        assert after["t0-Wire"] == after["t1-Wire"] == after["t0-Daily"] == after["t1-Daily"]
        assert after["t2-Wire"] != after["t0-Wire"]
        edits = pd.read_csv(Path(tiny["out"]) / "event_edits.csv", keep_default_na=False)
        assert edits[["seq", "op", "status"]].values.tolist() == [[1, "merge", "applied"]]
        assert "event_edits.csv" in capsys.readouterr().out
    events = pd.read_csv(Path(tiny["out"]) / "events.csv")
    assert len(events) == 2


def test_cli_events_split_move_rename_list_and_undo(tiny, capsys) -> None:
    event = _event_of(tiny)
    assert _events(tiny, "split", str(event["t2-Wire"]), "--articles", "t2-Daily") == 0
    assert _analyze(tiny) == 0
    after = _event_of(tiny)
    assert after["t2-Wire"] != after["t2-Daily"] and len(set(after.values())) == 4
    assert _events(tiny, "move", "t0-Daily", "--to", str(after["t1-Wire"])) == 0
    assert _events(tiny, "rename", str(after["t1-Wire"]), "Rates and floods") == 0
    assert _analyze(tiny) == 0
    moved = _event_of(tiny)
    assert moved["t0-Daily"] == moved["t1-Wire"]
    events = pd.read_csv(Path(tiny["out"]) / "events.csv").set_index("event_id")
    assert events.loc[moved["t1-Wire"], "label"] == "Rates and floods"
    capsys.readouterr()
    assert _events(tiny, "list") == 0
    listed = capsys.readouterr().out
    assert "split t2-Daily off into a new event" in listed
    assert "move t0-Daily to the event of" in listed and "'Rates and floods'" in listed
    assert listed.count("applied") == 3

    assert _events(tiny, "undo") == 0  # the rename
    assert "Undid edit #3: rename" in capsys.readouterr().err
    assert _events(tiny, "undo") == 0  # the move
    assert _analyze(tiny) == 0
    back = _event_of(tiny)
    assert back == after
    assert _events(tiny, "list") == 0
    assert capsys.readouterr().out.count("undone") == 2
    assert _events(tiny, "undo") == 0
    assert _events(tiny, "undo") == 2
    assert "FRM-D728" in capsys.readouterr().err
    assert _analyze(tiny) == 0
    assert _event_of(tiny) == event
    edits = pd.read_csv(Path(tiny["out"]) / "event_edits.csv", keep_default_na=False)
    assert edits[["op", "status"]].values.tolist() == [
        ["split", "undone"],
        ["move", "undone"],
        ["rename", "undone"],
    ]


@pytest.mark.parametrize(
    ("args", "code", "names"),
    [
        (["merge", "0", "99"], "FRM-D722", "events: 0, 1, 2"),
        (["merge", "1", "1"], "FRM-D724", "two or more"),
        (["split", "0", "--articles", "zz"], "FRM-D723", "Its articles are:"),
        (["split", "EVENT_OF_t0-Wire", "--articles", "t0-Wire,t0-Daily"], "FRM-D725", "not all"),
        (["move", "zz", "--to", "0"], "FRM-D723", "articles include t0-Wire"),
        (["move", "t0-Wire", "--to", "EVENT_OF_t0-Wire"], "FRM-D726", "already in event"),
        (["rename", "0", "  "], "FRM-D727", "empty"),
        (["undo"], "FRM-D728", "no event edit left"),
    ],
)
def test_cli_events_bad_edits_exit_2_saying_what_exists(tiny, capsys, args, code, names) -> None:
    event = _event_of(tiny)
    args = [
        str(event[a.removeprefix("EVENT_OF_")]) if a.startswith("EVENT_OF_") else a for a in args
    ]
    capsys.readouterr()
    assert _events(tiny, *args) == 2
    err = capsys.readouterr().err
    assert code in err and names in err and "Traceback" not in err
    assert _events(tiny, "list") == 0
    assert "No event edits" in capsys.readouterr().out  # nothing was kept


def test_cli_events_unknown_or_unanalysed_article_set_exits_2(tiny, capsys) -> None:
    assert main(["events", "list", "--corpus", "nope", "--db", tiny["db"]]) == 2
    err = capsys.readouterr().err
    assert "FRM-S603" in err and "no article set named 'nope'" in err and "tiny" in err
    with Store(tiny["db"]) as store:
        ingest([tiny["csv"]], "raw", store, Settings())
    assert main(["events", "merge", "--corpus", "raw", "--db", tiny["db"], "0", "1"]) == 2
    assert "FRM-D721" in capsys.readouterr().err


@pytest.mark.parametrize("action", ["merge", "split", "move", "rename", "list", "undo"])
def test_cli_events_help_works_on_every_action(action: str, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["events", action, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "usage: framing events" in out and "--corpus" in out and "--db" in out
