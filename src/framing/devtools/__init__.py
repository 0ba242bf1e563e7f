"""Tools for developing framing, used by tests and benchmarks, never by the app.

- ``framing.devtools.synthetic``: corpora of any size with gold events, grown
  from the bundled articles (``generate_corpus``, ``write_jsonl_shards``).
- ``framing.devtools.testing``: run the dashboard in a real browser
  (``serve_dashboard``, ``settle``, ``CHROMIUM_FLAGS``).
- ``framing.devtools.pause``: the one exception to "never by the app": the
  stages call its ``pause_at`` at their boundaries, a no-op unless a test sets
  ``FRAMING_TEST_PAUSE_AT`` (the kill tests pause a run there to kill it).

The submodules are not imported here, so that importing one does not load the other.
"""

from __future__ import annotations
