"""The stored referent corrections applied to an analysis as it is returned (``framing.pipeline``).

Results are stored as the stages made them; the corrections
(``Store.referent_edits``) are a table transformation applied on the way
out, so making, undoing or changing one never invalidates the stored
results or their batches (the analysis key leaves them out), and nothing is
embedded or analysed again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import MutableMapping, Sequence

import pandas as pd

from framing.referents.corrected import corrected_tables
from framing.referents.edits import ReferentEdit, stored_edits
from framing.store import Store


def corrections_key(store: Store, corpus: str) -> str:
    """A digest of the stored corrections of ``corpus`` ("" when it has none), for caches.

    The dashboard keys what it derives from the tables by it, so a
    correction made anywhere (another session, the CLI) shows on the next
    rerun, without the results key changing.
    """
    return edits_digest(stored_edits(store.referent_edits(corpus)))


def edits_digest(edits: Sequence[ReferentEdit]) -> str:
    """The digest ``corrections_key`` gives for ``edits`` ("" for none)."""
    if not edits:
        return ""
    text = json.dumps([(e.seq, e.op, e.payload(), e.undone) for e in edits], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def with_corrections(
    store: Store,
    corpus: str,
    key: str,
    tables: dict[str, pd.DataFrame],
    *,
    edits: Sequence[ReferentEdit] | None = None,
    rows_cache: MutableMapping[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """``tables`` of the analysis ``key`` of ``corpus`` with its stored referent corrections.

    The ``mentions`` table is read from the store when ``tables`` lacks it
    (an analysis read without its per-sentence tables), and the sentences
    of the changed events' articles likewise; ``referent_edits`` says what
    became of each correction. Without corrections, ``tables`` as they are.

    Args:
        edits: the corrections to apply (``None``: those stored now).
        rows_cache: see ``framing.referents.corrected.corrected_tables``.
    """
    if edits is None:
        edits = stored_edits(store.referent_edits(corpus))
    if not edits:
        return tables
    full = dict(tables)
    if "mentions" not in full:
        full.update(store.get_results(corpus, key, tables=["mentions"]))

    def sentences_for(ids: Sequence[str]) -> pd.DataFrame | None:
        wanted = set(ids)
        found = [
            part["sentences"][part["sentences"]["id"].astype(str).isin(wanted)]
            for part in store.iter_parts(corpus, key, ["sentences"])
            if "sentences" in part
        ]
        return pd.concat(found, ignore_index=True) if found else None

    sentences = full.get("sentences")
    return corrected_tables(
        full,
        edits,
        sentences=sentences if sentences is not None else sentences_for,
        rows_cache=rows_cache,
    )
