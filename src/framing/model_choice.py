"""Which embedding model an analysis uses: ``auto`` by set size, and the stored one."""

from __future__ import annotations

from framing.config import DEFAULT_MODEL
from framing.store import Store

# Above this many articles the fast static model is proposed (and ``auto``
# picks it): MiniLM then needs minutes where the static model needs seconds.
FAST_PATH_THRESHOLD = 5000


def choose_model(model: str, n_articles: int) -> str:
    """Resolve ``auto``: the fast model from ``FAST_PATH_THRESHOLD`` articles, else MiniLM."""
    if model != "auto":
        return model
    return "fast" if n_articles >= FAST_PATH_THRESHOLD else DEFAULT_MODEL


def model_choices(model: str, n_articles: int) -> tuple[list[str], str]:
    """The models to offer for a set of ``n_articles``, and the one to propose.

    Offered: the settings' model (``auto`` on no articles is MiniLM) and the
    fast model; proposed: what ``auto`` picks for a set of this size.
    """
    choices = list(dict.fromkeys([choose_model(model, 0), "fast"]))
    return choices, choose_model("auto", n_articles)


def stored_model(corpus: str, store: Store) -> str | None:
    """The model the stored analysis of ``corpus`` used, or ``None`` when there is none."""
    if corpus not in set(store.corpora()["name"]):
        return None
    key = store.results_key(corpus)
    run = store.get_results(corpus, key, tables=["run"]).get("run") if key else None
    return str(run["model"].iloc[0]) if run is not None and len(run) else None


def stored_model_id(corpus: str, store: Store) -> str | None:
    """The ``model_id`` (model name and digest) the stored analysis of ``corpus`` used.

    Stored vectors are keyed by it (``framing.embed.cache.stored_vectors``).
    ``None`` when there is no stored analysis.
    """
    if corpus not in set(store.corpora()["name"]):
        return None
    key = store.results_key(corpus)
    run = store.get_results(corpus, key, tables=["run"]).get("run") if key else None
    return str(run["model_id"].iloc[0]) if run is not None and len(run) else None
