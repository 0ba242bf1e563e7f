"""Word-level counts and the skip path of the real-news loaded-language evaluation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.cues.lexicon import parse_lexicon
from framing.cues.match import LexiconMatcher

_SPEC = importlib.util.spec_from_file_location(
    "benchmarks_loaded_abp_eval",
    Path(__file__).resolve().parents[1] / "benchmarks" / "loaded_abp_eval.py",
)
evaluation = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_loaded_abp_eval"] = evaluation
_SPEC.loader.exec_module(evaluation)

MINI = """
version = "t"
[categories.x]
label = "X"
[[cue]]
phrase = "slammed"
category = "x"
weight = 0.5
rationale = "r"
inflect = false
[[cue]]
phrase = "plan"
category = "x"
weight = 0.5
rationale = "r"
inflect = false
"""


def test_word_counts_count_tokens_and_spans() -> None:
    text = "The mayor slammed the radical plan."
    gold = [(10, 17), (22, 29)]  # "slammed", "radical"
    pred = [(10, 17), (30, 34)]  # "slammed", "plan"
    c = evaluation.word_counts(text, gold, pred)
    assert (c["tok_tp"], c["tok_pred"], c["tok_gold"]) == (1, 2, 2)
    assert (c["span_pred_ok"], c["span_gold_found"]) == (1, 1)


def test_prf_is_zero_where_undefined() -> None:
    assert evaluation.prf(0, 0, 3) == (0.0, 0.0, 0.0)
    p, r, f = evaluation.prf(1, 2, 4)
    assert (p, r) == (0.5, 0.25) and f == pytest.approx(1 / 3)


def test_word_table_groups_by_voice() -> None:
    frame = pd.DataFrame(
        {
            "text": ["The mayor slammed it.", "He said the plan failed."],
            "words": [[(10, 17)], []],
            "voice": ["outlet", "quote"],
            "label": [1, 0],
        }
    )
    table = evaluation.word_table(frame, LexiconMatcher(parse_lexicon(MINI, "mini")).fit())
    rows = table.set_index("voice")
    assert rows.loc["outlet", "token_P"] == 1.0 and rows.loc["outlet", "token_R"] == 1.0
    assert rows.loc["all", "token_P"] == 0.5  # "plan" is a false positive
    assert rows.loc["quote", "marked_spans"] == 0


def test_without_the_data_set_it_skips(monkeypatch, capsys) -> None:
    monkeypatch.delenv("FRAMING_ABP_DIR", raising=False)
    assert evaluation.main(["--no-model"]) == 0
    assert "skipped" in capsys.readouterr().out


def test_models_option_names_what_it_accepts(capsys) -> None:
    with pytest.raises(SystemExit):
        evaluation.main(["--models", "fp16"])
    assert "choose from fp32, int8" in capsys.readouterr().err


def test_sentence_scores_give_one_loaded_score_per_model(monkeypatch) -> None:
    from framing.cues.lexicon import builtin_lexicon
    from framing.embed import HashingEmbedder

    asked = []
    monkeypatch.setattr(
        "framing.stages.make_embedder", lambda s: asked.append(s.model) or HashingEmbedder()
    )
    frame = pd.DataFrame({"text": ["The regime's thugs stormed the town.", "Rain fell."]})
    scores = evaluation.sentence_scores(
        frame, builtin_lexicon(), model=True, models=("fp32", "int8")
    )
    assert set(scores) == {"lexicon only", "loaded score fp32", "loaded score int8"}
    assert asked == [evaluation.MODELS["fp32"], evaluation.MODELS["int8"]]
