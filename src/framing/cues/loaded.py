"""A loaded-language score per sentence, from 0 (neutral) to 1 (loaded).

Method (see docs/cues.md): a calibrated logistic regression on the sentence
embedding plus the lexicon's evidence (``framing.cues.loaded_head``). It is
trained on the bundled labelled sentences (``training_sentences``): original
pairs of a neutral and a loaded wording of the same fact across many topics,
and single sentences that are hard negatives (neutral reports of violent or
emotional events, boilerplate, numbers, quoted loaded words) or positives.
Because the pairs differ only in wording, the classifier learns the direction
in embedding space that separates loaded from neutral wording of one fact.

For the bundled MiniLM, the head trained by ``benchmarks/train_loaded.py``
(pairs, hard negatives and, when the development news set was present,
distant supervision from partisan against centre outlets) ships as
``data/loaded_head.npz``; it is used only when the embedder's ``model_id``
and vector size are the ones it was trained for. Any other embedder gets a
head trained on first use from the bundled sentences.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone

from framing.cues.loaded_head import LinearHead, fit_head
from framing.cues.match import LexiconMatcher
from framing.embed.base import Embedder
from framing.embed.cache import embed_texts

TRAIN_COLUMNS = ["topic", "sentence", "label", "kind", "file"]
BUNDLED_HEAD = "loaded_head.npz"
# Heads trained here on the bundled sentences, by (model_id, C, lexicon weight,
# seed, active lexicon): training embeds and fits ~10,000 sentences, and every
# CueEngine.fit for the same embedder would otherwise do it again.
_TRAINED: dict[tuple, tuple[LinearHead, int]] = {}


def _read_tsv(name: str, text: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    for k, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"{name}, line {k}: wrong number of tab-separated fields")
    return rows


def _data_files() -> list[tuple[str, str]]:
    data = resources.files("framing.cues").joinpath("data")
    files = [("loaded_train.tsv", data.joinpath("loaded_train.tsv").read_text("utf-8"))]
    folder = data.joinpath("loaded_pairs")
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".tsv"):
                files.append((f"loaded_pairs/{entry.name}", entry.read_text("utf-8")))
    return files


def training_pairs() -> pd.DataFrame:
    """Every bundled pair: columns ``topic, neutral, loaded`` (duplicates dropped)."""
    rows = []
    for name, text in _data_files():
        for row in _read_tsv(name, text):
            if "neutral" in row and "loaded" in row:
                rows.append({k: row[k].strip() for k in ("topic", "neutral", "loaded")})
    out = pd.DataFrame(rows, columns=["topic", "neutral", "loaded"])
    return out.drop_duplicates(["neutral", "loaded"]).reset_index(drop=True)


def training_sentences() -> pd.DataFrame:
    """Every bundled labelled sentence, one row each.

    Columns ``TRAIN_COLUMNS``: ``kind`` is ``pair`` for either side of a
    pair and ``single`` for the hard negatives and single positives
    (files with ``topic, sentence, label`` columns); ``label`` is 1 for loaded.
    A sentence given twice is kept once (its first label).
    """
    rows = []
    for name, text in _data_files():
        for row in _read_tsv(name, text):
            if "neutral" in row and "loaded" in row:
                for side, label in (("neutral", 0), ("loaded", 1)):
                    rows.append((row["topic"], row[side], label, "pair", name))
            elif {"sentence", "label"} <= row.keys():
                label = row["label"].strip().lower()
                if label not in ("0", "1", "neutral", "loaded"):
                    raise ValueError(f"{name}: label {row['label']!r} is not 0/1/neutral/loaded")
                rows.append(
                    (row.get("topic", ""), row["sentence"], int(label in ("1", "loaded")),
                     "single", name)
                )  # fmt: skip
    out = pd.DataFrame(rows, columns=TRAIN_COLUMNS)
    out["topic"] = out["topic"].str.strip()
    out["sentence"] = out["sentence"].str.strip()
    out = out[out["sentence"] != ""]
    return out.drop_duplicates("sentence").reset_index(drop=True)


def lexicon_evidence(sentences: Sequence[str], matcher: LexiconMatcher) -> np.ndarray:
    """Per sentence: summed cue weights (capped at 2) and number of categories hit."""
    out = np.zeros((len(sentences), 2))
    for i, s in enumerate(sentences):
        hits = matcher.find(s)
        out[i, 0] = min(sum(c.weight for _, _, c in hits), 2.0)
        out[i, 1] = len({c.category for _, _, c in hits})
    return out


def bundled_head() -> LinearHead | None:
    """The shipped head, or None when the package has none."""
    ref = resources.files("framing.cues").joinpath("data", BUNDLED_HEAD)
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return LinearHead.load(path)


def head_fits(head: LinearHead | None, embedder: Embedder, dim: int | None = None) -> bool:
    """Whether ``head`` was trained for this embedder (same ``model_id`` and size).

    A quantised model names the model it was made from (``source_model_id``):
    its vectors are that model's within rounding, so the same head applies.
    """
    ids = {getattr(embedder, "model_id", None), getattr(embedder, "source_model_id", None)}
    if head is None or head.model_id not in ids - {None}:
        return False
    if dim is None:
        dim = int(np.asarray(embedder.encode(["a"])).shape[1])
    return head.dim == dim and head.n_extra == 2


class LoadedScorer(BaseEstimator):
    """Score how loaded each sentence's wording is (a calibrated probability).

    Args:
        embedder: sentence embedder (the same one the pipeline uses).
        matcher: a ``LexiconMatcher`` (its hits are features); ``None``: the
            built-in lexicon. A fitted one is used as it is.
        C: inverse regularisation strength of the logistic regression when a
            head is trained here (chosen by cross-validation grouped by topic
            in ``benchmarks/train_loaded.py``, never on the evaluation sets).
        lexicon_weight: scale of the lexicon features relative to the
            embedding (a trained head has it built in; 0 trains without them).
        use_bundled: use the shipped head when it fits the embedder.
        random_state: seed for the solver.

    Attributes:
        head_: the ``LinearHead`` in use.
        source_: ``"bundled"`` or ``"trained"``.
        n_train_: number of training sentences behind the head.
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        matcher: LexiconMatcher | None = None,
        *,
        C: float = 0.01,
        lexicon_weight: float = 1.0,
        use_bundled: bool = True,
        random_state: int = 0,
    ) -> None:
        self.embedder = embedder
        self.matcher = matcher
        self.C = C
        self.lexicon_weight = lexicon_weight
        self.use_bundled = use_bundled
        self.random_state = random_state

    def features(
        self,
        sentences: Sequence[str],
        vectors: np.ndarray | None = None,
        evidence: np.ndarray | None = None,
    ) -> np.ndarray:
        """The head's input: the embedding, then the weighted lexicon evidence."""
        if vectors is None:
            vectors, _ = embed_texts(list(sentences), self.embedder)
        if evidence is None:
            evidence = lexicon_evidence(sentences, self.matcher_)
        return np.hstack([np.asarray(vectors, dtype=float), evidence * self.lexicon_weight])

    def fit(self, sentences: pd.DataFrame | None = None, y: None = None) -> LoadedScorer:
        """Use the shipped head, or train one on ``sentences`` (default: the bundled ones).

        Args:
            sentences: ``training_sentences``-like rows (``topic, sentence,
                label``), or pairs (``topic, neutral, loaded``); given, a
                head is always trained on them.
        """
        matcher = self.matcher if self.matcher is not None else LexiconMatcher()
        # A matcher given already fitted (the engine's) is used as it is.
        self.matcher_ = matcher if hasattr(matcher, "patterns_") else clone(matcher).fit()
        if sentences is None and self.use_bundled and self.lexicon_weight == 1.0:
            head = bundled_head()
            if head_fits(head, self.embedder):
                self.head_, self.source_ = head, "bundled"
                self.n_train_ = int(head.meta.get("n_train", 0))
                return self
        model_id = str(getattr(self.embedder, "model_id", ""))
        key = (model_id, self.C, self.lexicon_weight, self.random_state,
               tuple(self.matcher_.lexicon_.active))  # fmt: skip
        if sentences is None and model_id and key in _TRAINED:
            self.head_, self.n_train_ = _TRAINED[key]
            self.source_ = "trained"
            return self
        data = training_sentences() if sentences is None else sentences
        if "neutral" in data.columns:
            data = pd.concat(
                [
                    pd.DataFrame({"topic": data["topic"], "sentence": data[side], "label": lab})
                    for side, lab in (("neutral", 0), ("loaded", 1))
                ],
                ignore_index=True,
            )
        texts = data["sentence"].tolist()
        X = self.features(texts)
        self.head_ = fit_head(
            X,
            data["label"].to_numpy(),
            data["topic"].to_numpy(),
            model_id=model_id,
            dim=X.shape[1] - 2,
            C=self.C,
            calibration="platt",
            random_state=self.random_state,
        )
        self.source_ = "trained"
        self.n_train_ = len(texts)
        if sentences is None and model_id:
            _TRAINED[key] = (self.head_, self.n_train_)
        return self

    def logit(
        self,
        sentences: Sequence[str],
        vectors: np.ndarray | None = None,
        *,
        evidence: np.ndarray | None = None,
    ) -> np.ndarray:
        """The uncalibrated decision value of each sentence (what the evidence explains)."""
        if len(sentences) == 0:
            return np.zeros(0)
        return self.head_.logit(self.features(sentences, vectors, evidence))

    def score(
        self,
        sentences: Sequence[str],
        vectors: np.ndarray | None = None,
        *,
        evidence: np.ndarray | None = None,
    ) -> np.ndarray:
        """Calibrated loaded score in [0, 1] for each sentence.

        Args:
            sentences: the sentences.
            vectors: their embeddings when already computed (saves a pass).
            evidence: their ``lexicon_evidence`` when already known (from
                the article's cue spans), which saves matching every sentence again.
        """
        return self.head_.calibrate(self.logit(sentences, vectors, evidence=evidence))
