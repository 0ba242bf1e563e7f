"""The calibrated linear head: fitting, calibration, saving and loading."""

from __future__ import annotations

import numpy as np
import pytest

from framing.cues.loaded_head import LinearHead, fit_head, grouped_splits, recalibrate


def _data(n: int = 240, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = np.r_[np.zeros(n // 2), np.ones(n // 2)].astype(int)
    X = rng.normal(size=(n, 6))
    X[:, 0] += 1.5 * y
    groups = np.array([f"t{i % 8}" for i in range(n)])
    return X, y, groups


def test_loaded_head_fits_a_separable_signal_and_is_calibrated() -> None:
    X, y, groups = _data()
    head = fit_head(X, y, groups, model_id="m", dim=4, C=1.0, calibration="platt")
    p = head.predict_proba(X)
    assert ((p > 0.5) == y).mean() > 0.7
    # Calibrated: the mean prediction matches the base rate.
    assert p.mean() == pytest.approx(y.mean(), abs=0.05)
    assert head.n_extra == 2 and head.calibration == "platt"


def test_loaded_head_isotonic_maps_into_unit_interval_and_is_monotone() -> None:
    X, y, groups = _data()
    head = fit_head(X, y, groups, model_id="m", dim=6, C=1.0, calibration="isotonic")
    z = np.linspace(-10, 10, 50)
    p = head.calibrate(z)
    assert (np.diff(p) >= 0).all() and p.min() >= 0 and p.max() <= 1


def test_loaded_head_calibrates_only_on_the_rows_given() -> None:
    X, y, groups = _data()
    # Weak rows labelled at random: they must not move the calibration map.
    rng = np.random.default_rng(1)
    weak_X = rng.normal(size=(400, 6))
    weak_y = rng.integers(0, 2, 400)
    allX, ally = np.vstack([X, weak_X]), np.r_[y, weak_y]
    allg = np.r_[groups, np.array([f"o{i % 5}" for i in range(400)])]
    mask = np.r_[np.ones(len(y), bool), np.zeros(400, bool)]
    weight = np.r_[np.ones(len(y)), np.full(400, 0.01)]
    only = fit_head(allX, ally, allg, model_id="m", dim=6, weight=weight, calibrate_on=mask, C=1.0)
    p = only.predict_proba(X)
    assert ((p > 0.5) == y).mean() > 0.7


def test_loaded_head_embedding_weights_reproduce_the_logit() -> None:
    X, y, groups = _data()
    head = fit_head(X, y, groups, model_id="m", dim=4, C=1.0, calibration="platt")
    w = head.embedding_weights
    shifted = X.copy()
    shifted[:, :4] += 0.3
    # The logit moves by w . delta when only the embedding part changes.
    assert np.allclose(head.logit(shifted) - head.logit(X), 0.3 * w.sum())


def test_loaded_head_save_load_round_trip(tmp_path) -> None:
    X, y, groups = _data()
    head = fit_head(X, y, groups, model_id="m@1", dim=4, C=1.0, meta={"note": "x"})
    head.save(tmp_path / "h.npz")
    back = LinearHead.load(tmp_path / "h.npz")
    assert back.model_id == "m@1" and back.dim == 4 and back.meta["note"] == "x"
    assert np.allclose(back.predict_proba(X), head.predict_proba(X), atol=1e-5)


def test_loaded_head_load_refuses_another_format(tmp_path) -> None:
    np.savez(tmp_path / "bad.npz", header=np.array('{"format": 99}'))
    with pytest.raises(ValueError, match="unknown format"):
        LinearHead.load(tmp_path / "bad.npz")


def test_loaded_head_grouped_splits_keep_groups_apart() -> None:
    groups = np.array(["a", "a", "b", "b", "c", "c"])
    for train, test in grouped_splits(groups, 5):
        assert not set(groups[train]) & set(groups[test])
    with pytest.raises(ValueError, match="two groups"):
        grouped_splits(np.array(["a", "a"]))


def test_loaded_head_recalibrate_matches_a_rarer_base_rate_and_keeps_the_ranking() -> None:
    X, y, groups = _data()
    head = fit_head(X, y, groups, model_id="m", dim=4, C=1.0, calibration="platt")
    # Another set: the same signal, but only one row in five is positive.
    rng = np.random.default_rng(1)
    y2 = (rng.random(500) < 0.2).astype(int)
    X2 = rng.normal(size=(500, 6))
    X2[:, 0] += 1.5 * y2
    before = head.predict_proba(X2)
    assert before.mean() > 0.3  # trained on a half-positive mix, it over-predicts here
    moved = recalibrate(head, head.logit(X2), y2, source="test set")
    after = moved.predict_proba(X2)
    assert after.mean() == pytest.approx(y2.mean(), abs=0.03)
    assert np.array_equal(np.argsort(before, kind="stable"), np.argsort(after, kind="stable"))
    assert moved.meta["calibrated_on"] == "test set" and moved.meta["n_calibration"] == 500
    assert head.calibration == "platt" and head.cal_x is not moved.cal_x  # the original kept


def test_loaded_head_recalibrate_refuses_a_one_class_set() -> None:
    X, y, groups = _data()
    head = fit_head(X, y, groups, model_id="m", dim=4, C=1.0, calibration="platt")
    with pytest.raises(ValueError, match="loaded and neutral"):
        recalibrate(head, head.logit(X), np.zeros(len(y)), source="x")
