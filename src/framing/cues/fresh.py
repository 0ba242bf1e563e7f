"""Unfitted copies of pipeline stages, with defaults for the parameters left ``None``."""

from __future__ import annotations

from sklearn.base import BaseEstimator


def fresh(stage: BaseEstimator, **defaults: object) -> BaseEstimator:
    """An unfitted copy of ``stage``; each of ``defaults`` fills a parameter left ``None``.

    The engine's embedder and fitted matcher reach its scorers this way, and
    the stage the caller gave is never fitted or changed.
    """
    params = stage.get_params(deep=False)
    for name, value in defaults.items():
        if params.get(name) is None:
            params[name] = value
    return type(stage)(**params)
