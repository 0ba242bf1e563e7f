"""Referents: the people, groups, places, things and actions of an event, and
every outlet's words for them.

- ``mentions``: tagged mentions (noun phrases, chains of names, action
  phrases) with their voice and speaker.
- ``group``: mentions of one event grouped into referents (``ReferentGrouper``).
- ``rows``: the referent x outlet ``alignment`` table built from a (possibly
  edited) mentions table.
- ``corpus``: an outlet's labels for an actor that recurs across events.
- ``aligner``: the ``CueEngine`` stage that does all of it for a batch.

The columns of the ``mentions`` table are ``MENTION_COLUMNS`` (documented in
docs/cues.md).
"""

from __future__ import annotations

MENTION_COLUMNS = [
    "event_id",
    "referent_id",
    "id",
    "outlet",
    "field",
    "start",
    "end",
    "text",
    "norm",
    "head",
    "kind",
    "voice",
    "speaker",
    "loaded",
]
KINDS = ("person", "group", "place", "thing", "action")

__all__ = ["KINDS", "MENTION_COLUMNS"]
