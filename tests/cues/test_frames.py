from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.cues.frames import FrameScorer, frame_shares, load_frames


def test_cues_frames_definitions_cover_the_codebook() -> None:
    frames = load_frames()
    assert len(frames) == 15
    assert frames[0].key == "economic" and frames[-1].key == "other"
    assert all(f.prototypes and f.explain for f in frames)


def test_cues_frames_shares_are_mean_probabilities() -> None:
    probs = np.array([[0.8, 0.2], [0.4, 0.6], [1.0, 0.0]])
    groups = pd.DataFrame({"outlet": ["A", "A", "B"]})
    table = frame_shares(probs, groups, ["x", "y"]).set_index(["outlet", "frame"])
    assert table.loc[("A", "x"), "share"] == pytest.approx(0.6)
    assert table.loc[("A", "y"), "share"] == pytest.approx(0.4)
    assert table.loc[("A", "x"), "confidence"] == pytest.approx(0.7)
    assert table.loc[("B", "x"), "n_sentences"] == 1


def test_cues_frames_probabilities_sum_to_one_and_prefer_prototypes() -> None:
    class Echo:
        """Embeds a text as a one-hot of its frame prototype (exact match)."""

        model_id = "echo"

        def __init__(self, texts: list[str]) -> None:
            self.index = {t: i for i, t in enumerate(texts)}

        def encode(self, texts, *, progress=None):
            out = np.zeros((len(texts), len(self.index)), dtype=np.float32)
            for r, t in enumerate(texts):
                out[r, self.index[t]] = 1.0
            return out

    prototypes = [p for f in load_frames() for p in f.prototypes]
    emb = Echo(prototypes)
    scorer = FrameScorer(emb, top_k=1).fit()
    vectors = emb.encode([load_frames()[7].prototypes[0]])
    p = scorer.probabilities(vectors)
    assert p.sum() == pytest.approx(1.0)
    assert scorer.assign(vectors)["frame"].iloc[0] == load_frames()[7].key
