"""What the dashboard hands out: CSV exports, the event report, the classroom lesson.

- ``csv``: spreadsheet-safe CSV files and ZIPs of them.
- ``page``: the offline HTML page shell, and a figure as a standalone page.
- ``event_report`` (with ``event_sections``): the offline HTML event report.
- ``classroom`` (with ``anonymise`` and ``quiz``): the guided lesson and its scoring.
- ``handout``: the lesson as a printable HTML handout.
- ``highlight``: article text with its cues marked, as escaped HTML.

The figures these pages show are drawn in ``framing.viz``. Import the modules
themselves (``from framing.reports import classroom``): this package imports
nothing on its own, so reading one report does not load plotly for the rest.
"""

from __future__ import annotations
