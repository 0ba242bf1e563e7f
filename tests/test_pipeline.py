from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.pipeline import _map_2d, chronological


@pytest.mark.parametrize(
    ("labels", "dates", "expected"),
    [
        ([0, 0, 1, 1, 2], ["2022-11-05", "2022-11-01", "2022-10-30", "", ""], [1, 1, 0, 0, 2]),
        ([0, 1], ["", ""], [0, 1]),  # no dates: the grouper's order stays
        ([2, 1, 0], ["2024-01-03", "2024-01-02", "2024-01-01"], [2, 1, 0]),
    ],
)
def test_pipeline_events_are_numbered_by_first_date(labels, dates, expected) -> None:
    got = chronological(np.array(labels), pd.Series(dates))
    assert got.tolist() == expected


@pytest.mark.parametrize("n", [0, 1, 2, 5, 40])
def test_pipeline_map_is_deterministic_and_two_dimensional(n: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(n, 16)).astype(np.float32)
    first, second = _map_2d(x), _map_2d(x)
    assert first.shape == (n, 2)
    assert np.allclose(first, second)
