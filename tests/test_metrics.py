from __future__ import annotations

import pytest

from framing.metrics import bcubed


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ([0, 0, 1, 1], ["a", "a", "b", "b"], (1.0, 1.0, 1.0)),
        # everything in one cluster: precision = mean over items of 2/4
        ([0, 0, 0, 0], ["a", "a", "b", "b"], (0.5, 1.0, 2 / 3)),
        # all singletons: recall = mean of 1/2
        ([0, 1, 2, 3], ["a", "a", "b", "b"], (1.0, 0.5, 2 / 3)),
        # hand-computed: cluster {a,a,b} and {b}
        ([0, 0, 0, 1], ["a", "a", "b", "b"], ((2 / 3 * 3 - 2 / 3 + 1 / 3 + 1) / 4, 0.75, None)),
    ],
)
def test_metrics_bcubed_known_values(pred, gold, expected) -> None:
    p, r, f = bcubed(pred, gold)
    assert p == pytest.approx(expected[0])
    assert r == pytest.approx(expected[1])
    if expected[2] is not None:
        assert f == pytest.approx(expected[2])
    else:
        assert f == pytest.approx(2 * p * r / (p + r))


def test_metrics_bcubed_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="pred has 2 items but gold has 3"):
        bcubed([0, 1], ["a", "b", "c"])
