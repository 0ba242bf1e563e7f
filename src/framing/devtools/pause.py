"""A test-only pause at a stage boundary, so a test can kill a run at a known moment.

Set ``FRAMING_TEST_PAUSE_AT`` to a stage name (``ingest``, ``embed``,
``cues``) and a run that reaches that point prints
``FRAMING_TEST_PAUSED <stage>`` on stderr, then sleeps (up to
``FRAMING_TEST_PAUSE_S`` seconds, default 60) for the test to kill it, or
until the file named by ``FRAMING_TEST_RESUME_FILE`` exists; it pauses there
once per process. The
points sit where a kill must leave the store sound:

- ``ingest``: inside the transaction that writes the articles, before it commits;
- ``embed``: after the first batch of new vectors is committed;
- ``cues``: after the first batch of cue tables is committed.

Unset (always, outside tests), ``pause_at`` only reads one variable.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_ENV = "FRAMING_TEST_PAUSE_AT"
_paused: set[str] = set()


def pause_at(stage: str) -> None:
    """Pause here when ``FRAMING_TEST_PAUSE_AT`` names ``stage`` (test-only, see module)."""
    if os.environ.get(PAUSE_ENV) != stage or stage in _paused:
        return
    _paused.add(stage)
    print(f"FRAMING_TEST_PAUSED {stage}", file=sys.stderr, flush=True)
    deadline = time.monotonic() + float(os.environ.get("FRAMING_TEST_PAUSE_S", "60"))
    resume = os.environ.get("FRAMING_TEST_RESUME_FILE")
    while time.monotonic() < deadline and not (resume and os.path.exists(resume)):
        time.sleep(0.05)
