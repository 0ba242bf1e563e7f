"""Objects the dashboard's caches share between sessions, and keeping them out of GC scans."""

from __future__ import annotations

import gc
import threading
from typing import Any

import plotly.graph_objects as go

# Set when a cache got a new entry. The next script run collects the garbage
# made so far, then freezes what is left: frozen entries are left out of every
# later collection (see common._freeze_long_lived). The dashboard runs without
# Streamlit's full collection after each run, so this one frees what the runs
# that built the entries threw away.
_GREW = threading.Event()


def freeze_new_entries() -> None:
    """Leave cache entries made since the last call out of later cycle collections."""
    if _GREW.is_set():
        _GREW.clear()
        gc.collect()
        gc.freeze()


def grew() -> None:
    """Note that a cache got a new entry (frozen by the next ``freeze_new_entries``)."""
    _GREW.set()


class SharedFigure(go.Figure):
    """A figure shared by every session, read only: ``st.plotly_chart`` calls ``to_dict``
    (a deep copy, most of its work) on every rerun; this one makes it once."""

    def to_dict(self) -> dict:
        made = self.__dict__.get("_shared_dict")
        if made is None:
            made = super().to_dict()
            for trace in made.get("data", []):
                trace.pop("uid", None)  # what plotly's to_json would remove on each call
            self.__dict__["_shared_dict"] = made
        return made


def shareable(value: Any) -> Any:
    """``value`` with its plotly figures (alone or in a tuple) made ``SharedFigure``."""
    if isinstance(value, go.Figure) and not isinstance(value, SharedFigure):
        value.__class__ = SharedFigure  # the cache owns it: no copy (and no re-validation)
        return value
    if isinstance(value, tuple):
        return tuple(shareable(v) for v in value)
    return value
