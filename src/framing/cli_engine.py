"""``framing analyze --engine ray --ray-address ...``: which engine runs the heavy stages.

The options live here because ``framing.cli`` is full; ``framing.cli`` adds
them to its ``analyze`` parser and reads them into the settings.
"""

from __future__ import annotations

import argparse

from framing.config import ENGINES


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--engine`` and ``--ray-address`` to ``parser``."""
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        help="local (default: this machine, no Ray needed) or ray (embedding, grouping and "
        "cue scoring on a Ray cluster; needs `pip install 'framing-dashboard[ray]'`; "
        "env FRAMING_ENGINE; see docs/scale-out.md)",
    )
    parser.add_argument(
        "--ray-address",
        metavar="ADDRESS",
        help="the Ray cluster to join: auto (the one `ray start` runs on this machine) or "
        "ray://HOST:10001; default: start a private one on this machine "
        "(env FRAMING_RAY_ADDRESS)",
    )


def engine_settings(args: argparse.Namespace) -> dict[str, str | None]:
    """The settings ``--engine`` and ``--ray-address`` change (``None``: not given)."""
    return {
        "engine": getattr(args, "engine", None),
        "ray_address": getattr(args, "ray_address", None),
    }
