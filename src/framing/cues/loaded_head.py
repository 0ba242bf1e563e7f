"""The loaded-language classifier head: a calibrated logistic regression on
sentence embeddings plus lexicon features, that can be saved as a small file.

The head is linear in the (standardised) features, so its logit decomposes
over the tokens of a mean-pooled embedding (``framing.cues.loaded_evidence``).
Calibration maps the logit to a probability with a map fitted on
out-of-fold logits from cross-validation grouped by topic, the same thing
``CalibratedClassifierCV(ensemble=False)`` does, except that the map is only
fitted on rows that carry real labels (pairs and hard negatives), not on the
weak distant-supervision rows.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import GroupKFold

HEAD_FORMAT = 1


@dataclass
class LinearHead:
    """A fitted, calibrated linear head.

    Attributes:
        model_id: the embedder the head was trained for (``Embedder.model_id``).
        dim: that embedder's vector size; the features are the vector plus
            ``n_extra`` lexicon features.
        mean, scale: the standardisation of the features.
        coef, intercept: the logistic regression on standardised features.
        calibration: ``"platt"`` (``a * logit + b`` through a sigmoid) or
            ``"isotonic"`` (a step function given by ``cal_x``, ``cal_y``).
        cal_x, cal_y: the calibration map's parameters (Platt: ``[a, b]``, ``[]``).
        meta: how it was trained (free-form, saved as JSON).
    """

    model_id: str
    dim: int
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calibration: str = "platt"
    cal_x: np.ndarray = field(default_factory=lambda: np.array([1.0, 0.0]))
    cal_y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    meta: dict = field(default_factory=dict)

    @property
    def n_extra(self) -> int:
        """Number of features beyond the embedding."""
        return int(self.coef.shape[0] - self.dim)

    @property
    def embedding_weights(self) -> np.ndarray:
        """The logit's weights on the raw (unit-length) embedding."""
        return self.coef[: self.dim] / self.scale[: self.dim]

    def logit(self, X: np.ndarray) -> np.ndarray:
        """Uncalibrated decision value for each row of features."""
        return ((X - self.mean) / self.scale) @ self.coef + self.intercept

    def calibrate(self, z: np.ndarray) -> np.ndarray:
        """Map decision values to calibrated probabilities."""
        z = np.asarray(z, dtype=float)
        if self.calibration == "isotonic":
            return np.interp(z, self.cal_x, self.cal_y)
        a, b = self.cal_x
        return 1.0 / (1.0 + np.exp(-(a * z + b)))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability of loaded wording for each row."""
        return self.calibrate(self.logit(X))

    def save(self, path: str | Path) -> None:
        """Write the head as a compressed ``.npz`` (a few kilobytes)."""
        header = {
            "format": HEAD_FORMAT,
            "model_id": self.model_id,
            "dim": self.dim,
            "intercept": self.intercept,
            "calibration": self.calibration,
            "meta": self.meta,
        }
        np.savez_compressed(
            path,
            header=np.array(json.dumps(header, sort_keys=True)),
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
            coef=self.coef.astype(np.float32),
            cal_x=self.cal_x.astype(np.float64),
            cal_y=self.cal_y.astype(np.float64),
        )

    @classmethod
    def load(cls, path: str | Path) -> LinearHead:
        """Read a head written by ``save``.

        Raises:
            ValueError: the file is not a head of a format this version reads.
        """
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            if header.get("format") != HEAD_FORMAT:
                raise ValueError(f"{path}: loaded-language head of unknown format")
            return cls(
                model_id=header["model_id"],
                dim=int(header["dim"]),
                mean=data["mean"].astype(np.float64),
                scale=data["scale"].astype(np.float64),
                coef=data["coef"].astype(np.float64),
                intercept=float(header["intercept"]),
                calibration=header["calibration"],
                cal_x=data["cal_x"],
                cal_y=data["cal_y"],
                meta=header.get("meta", {}),
            )


def grouped_splits(groups: np.ndarray, n_splits: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """``GroupKFold`` splits of the rows (fewer folds when there are fewer groups)."""
    k = min(n_splits, len(np.unique(groups)))
    if k < 2:
        raise ValueError("grouped cross-validation needs at least two groups")
    return list(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups))


def _fit_logistic(
    X: np.ndarray, y: np.ndarray, weight: np.ndarray, C: float, random_state: int
) -> tuple[np.ndarray, np.ndarray, LogisticRegression]:
    mean = np.average(X, axis=0, weights=weight)
    scale = np.sqrt(np.average((X - mean) ** 2, axis=0, weights=weight))
    scale[scale < 1e-8] = 1.0
    model = LogisticRegression(C=C, max_iter=3000, random_state=random_state)
    model.fit((X - mean) / scale, y, sample_weight=weight)
    return mean, scale, model


def _platt(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(z.reshape(-1, 1), y)
    return np.array([float(lr.coef_[0, 0]), float(lr.intercept_[0])])


def out_of_fold_logits(
    X: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    *,
    weight: np.ndarray | None = None,
    C: float = 0.01,
    n_splits: int = 5,
    random_state: int = 0,
) -> np.ndarray:
    """Logits of every row from a head fitted without its group's fold."""
    weight = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    z = np.zeros(len(y))
    for train, test in grouped_splits(groups, n_splits):
        mean, scale, model = _fit_logistic(X[train], y[train], weight[train], C, random_state)
        z[test] = model.decision_function((X[test] - mean) / scale)
    return z


def fit_head(
    X: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    *,
    model_id: str,
    dim: int,
    weight: np.ndarray | None = None,
    calibrate_on: np.ndarray | None = None,
    C: float = 0.01,
    calibration: str = "auto",
    n_splits: int = 5,
    random_state: int = 0,
    meta: dict | None = None,
) -> LinearHead:
    """Fit a logistic head on all rows and its calibration on out-of-fold logits.

    Args:
        X: features (embedding then lexicon columns); y: 0/1 labels.
        groups: the cross-validation groups (topics; outlets for weak rows).
        model_id, dim: the embedder the features came from.
        weight: per-row sample weight (weak rows weigh less).
        calibrate_on: boolean mask of the rows the calibration map is fitted
            on (``None``: all).
        C: inverse regularisation strength.
        calibration: ``"platt"``, ``"isotonic"`` or ``"auto"`` (the one with
            the lower Brier score in a second grouped split of the
            out-of-fold logits).
    """
    y = np.asarray(y, dtype=int)
    weight = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    mask = np.ones(len(y), bool) if calibrate_on is None else np.asarray(calibrate_on, bool)
    z = out_of_fold_logits(
        X, y, groups, weight=weight, C=C, n_splits=n_splits, random_state=random_state
    )
    zc, yc, gc = z[mask], y[mask], np.asarray(groups)[mask]
    if calibration == "auto":
        calibration = _pick_calibration(zc, yc, gc, n_splits)
    if calibration == "isotonic":
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(zc, yc)
        cal_x, cal_y = iso.X_thresholds_, iso.y_thresholds_
    elif calibration == "platt":
        cal_x, cal_y = _platt(zc, yc), np.zeros(0)
    else:
        raise ValueError(f"calibration must be platt, isotonic or auto, not {calibration!r}")
    mean, scale, model = _fit_logistic(X, y, weight, C, random_state)
    return LinearHead(
        model_id=model_id,
        dim=dim,
        mean=mean,
        scale=scale,
        coef=model.coef_[0].astype(np.float64),
        intercept=float(model.intercept_[0]),
        calibration=calibration,
        cal_x=np.asarray(cal_x, dtype=float),
        cal_y=np.asarray(cal_y, dtype=float),
        meta={**(meta or {}), "C": C, "n_train": int(len(y))},
    )


def recalibrate(head: LinearHead, z: np.ndarray, y: np.ndarray, *, source: str) -> LinearHead:
    """The same head with a Platt map fitted on ``(z, y)``: logits and labels of another set.

    The pairs are half loaded and written to differ; news is mostly neutral,
    and its plain reporting reads as more loaded than the pairs' neutral side.
    A calibration map fitted on labelled news (never the evaluation set)
    makes a score read as a frequency there. Only the two Platt parameters
    are fitted, so the ranking of sentences (AUROC) does not change.

    Args:
        head: the fitted head.
        z: ``head.logit`` of the calibration sentences.
        y: their 0/1 labels.
        source: a few words naming the calibration set (kept in ``meta``).
    """
    y = np.asarray(y, dtype=int)
    if len(np.unique(y)) < 2:
        raise ValueError("the calibration set needs loaded and neutral sentences")
    a, b = _platt(np.asarray(z, dtype=float), y)
    if a <= 0:
        raise ValueError("on the calibration set a higher logit is not more often loaded")
    meta = {**head.meta, "calibrated_on": source, "n_calibration": int(len(y))}
    return dataclasses.replace(
        head, calibration="platt", cal_x=np.array([a, b]), cal_y=np.zeros(0), meta=meta
    )


def _pick_calibration(z: np.ndarray, y: np.ndarray, groups: np.ndarray, n_splits: int) -> str:
    briers = {"platt": [], "isotonic": []}
    for train, test in grouped_splits(groups, n_splits):
        a, b = _platt(z[train], y[train])
        briers["platt"].append(brier_score_loss(y[test], 1 / (1 + np.exp(-(a * z[test] + b)))))
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(z[train], y[train])
        briers["isotonic"].append(brier_score_loss(y[test], iso.predict(z[test])))
    # Ties go to Platt: it keeps the ranking of the logits (isotonic steps tie them).
    return min(briers, key=lambda k: (np.mean(briers[k]), k != "platt"))
