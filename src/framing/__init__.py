"""framing: compare how news outlets frame the same events.

The public API: read articles (``read_inputs``), keep them in a ``Store``,
``analyze`` a corpus (embed, group into events) and score the grouping
(``bcubed``).
"""

from __future__ import annotations

__version__ = "0.1.0"

from framing.config import IngestLimits, Settings, load_settings
from framing.errors import (
    ConfigError,
    FramingError,
    InputError,
    LimitExceededError,
    ModelError,
    ModelIntegrityError,
    StoreError,
)
from framing.events import EventGrouper
from framing.ingest import read_inputs, read_uploads
from framing.metrics import bcubed
from framing.pipeline import Analysis, analyze, ingest, load_analysis
from framing.schema import IngestReport, Issue
from framing.store import Store

__all__ = [
    "Analysis",
    "ConfigError",
    "EventGrouper",
    "FramingError",
    "IngestLimits",
    "IngestReport",
    "InputError",
    "Issue",
    "LimitExceededError",
    "ModelError",
    "ModelIntegrityError",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "analyze",
    "bcubed",
    "ingest",
    "load_analysis",
    "load_settings",
    "read_inputs",
    "read_uploads",
]
