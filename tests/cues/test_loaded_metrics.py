"""Calibration, word overlap and bootstrap measures of the loaded score."""

from __future__ import annotations

import numpy as np
import pytest

from framing.cues.loaded_metrics import (
    bootstrap_mean,
    brier,
    expected_calibration_error,
    reliability_table,
    word_prf,
    words_in,
)


def test_loaded_metrics_reliability_table_bins_and_observed_share() -> None:
    y = [0, 0, 1, 1, 1]
    p = [0.05, 0.15, 0.15, 0.95, 1.0]
    table = reliability_table(y, p, n_bins=10)
    assert table["bin"].tolist() == [0, 1, 9]
    assert table["n"].tolist() == [1, 2, 2]
    assert table.loc[1, "observed"] == pytest.approx(0.5)
    assert table.loc[2, "mean_predicted"] == pytest.approx(0.975)


def test_loaded_metrics_ece_and_brier() -> None:
    assert expected_calibration_error([0, 1], [0.0, 1.0]) == pytest.approx(0.0)
    # one bin at 0.8 holding one loaded and one neutral sentence: gap 0.3
    assert expected_calibration_error([0, 1], [0.8, 0.8]) == pytest.approx(0.3)
    assert brier([0, 1], [0.5, 0.5]) == pytest.approx(0.25)


def test_loaded_metrics_word_prf_counts_words_not_characters() -> None:
    text = "The sham vote was rigged."
    assert words_in(text, [(4, 6)]) == {4}
    r = word_prf([text], [[(4, 8), (9, 13)]], [[(4, 8), (18, 24)]])
    assert (r["tp"], r["fp"], r["fn"]) == (1, 1, 1)
    assert r["f1"] == pytest.approx(0.5)
    assert word_prf(["x"], [[]], [[]])["f1"] == 0.0


def test_loaded_metrics_bootstrap_interval_holds_the_mean() -> None:
    values = np.r_[np.zeros(50), np.ones(50)]
    mean, lo, hi = bootstrap_mean(values)
    assert mean == 0.5 and lo < 0.5 < hi and hi - lo < 0.3
    assert np.isnan(bootstrap_mean([])[0])
