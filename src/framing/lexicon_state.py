"""Which lexicon each article set's results were scored with, and which sets are out of date.

Every analysis that scores cues stores a digest of its lexicon in its ``run``
table (``lexicon`` column). After a lexicon edit, the sets whose digest
differs from the lexicon in use were scored with the old one: they are out of
date until re-scored (``framing.rescore.rescore``).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from framing.cues.lexicon import Lexicon, load_lexicon
from framing.store import Store

__all__ = [
    "SetLexicon",
    "engine_lexicon",
    "is_stale",
    "lexicon_digest",
    "set_lexicons",
    "stale_sets",
    "stored_digest",
]


def lexicon_digest(lexicon: Lexicon) -> str:
    """A short digest of what the lexicon matches and scores (its TOML text).

    Kept on the (frozen) lexicon once made: writing out 500 cues took a few
    milliseconds, and the dashboard asks for the digest of the same shared
    lexicon several times on every rerun.
    """
    made = lexicon.__dict__.get(_DIGEST)
    if made is None:
        made = hashlib.sha256(lexicon.to_toml().encode("utf-8")).hexdigest()[:16]
        object.__setattr__(lexicon, _DIGEST, made)  # frozen: its fields never change
    return made


_DIGEST = "_digest"


def engine_lexicon(engine: object) -> Lexicon:
    """The lexicon a cue engine scores with (its matcher's; built-in when unset)."""
    matcher = getattr(engine, "matcher", None)
    lexicon = getattr(matcher, "lexicon", None)
    return lexicon if isinstance(lexicon, Lexicon) else load_lexicon()


# One row per stored set: ``corpus``, ``lexicon`` (the stored digest; "" when
# the set was analysed without cues, ``None`` when its results predate the
# digest) and ``stale`` (scored with another lexicon than the one given).
SetLexicon = pd.DataFrame


def set_lexicons(store: Store, lexicon: Lexicon) -> SetLexicon:
    """Every stored set with results, the digest they were scored with, and whether it is stale.

    Sets analysed without cues are never stale (no lexicon was used); sets
    whose results were stored before digests were kept count as stale, since
    nothing says which lexicon scored them.
    """
    current = lexicon_digest(lexicon)
    rows = []
    for name in store.corpora()["name"]:
        if store.results_key(name) is None:
            continue
        digest = stored_digest(store, name)
        rows.append({"corpus": name, "lexicon": digest, "stale": digest not in ("", current)})
    return pd.DataFrame(rows, columns=["corpus", "lexicon", "stale"])


def stored_digest(store: Store, corpus: str) -> str | None:
    """The lexicon digest stored with the set's results ("" without cues; ``None``: unknown)."""
    key = store.results_key(corpus)
    if key is None:
        return None
    run = store.get_results(corpus, key, tables=["run"]).get("run")
    if run is None or not len(run) or "lexicon" not in run.columns:
        return None
    return str(run["lexicon"].iloc[0])


def is_stale(store: Store, corpus: str, lexicon: Lexicon) -> bool:
    """Whether the set's stored results were scored with another lexicon (see ``set_lexicons``)."""
    if store.results_key(corpus) is None:
        return False
    return stored_digest(store, corpus) not in ("", lexicon_digest(lexicon))


def stale_sets(store: Store, lexicon: Lexicon) -> list[str]:
    """Names of the sets scored with another lexicon than ``lexicon`` (see ``set_lexicons``)."""
    table = set_lexicons(store, lexicon)
    return table.loc[table["stale"].astype(bool), "corpus"].tolist()
