"""Progress of ``framing analyze`` on the terminal: one line per stage.

On a terminal each stage's line is redrawn in place as the stage advances and
left standing when it finishes. Into a file or a pipe, plain lines are written:
each stage's start and finish, and an advance at most every ``interval``
seconds, so a log stays readable.
"""

from __future__ import annotations

import sys
from typing import TextIO

from framing.progress import ProgressEvent, describe

__all__ = ["ProgressLines"]


class ProgressLines:
    """A progress sink (``framing.progress.ProgressSink``) that writes lines.

    Args:
        stream: where the lines go (default: standard error).
        tty: whether to redraw lines in place; default: whether ``stream`` is a terminal.
        interval: when not redrawing, seconds between two advance lines of a stage.
    """

    def __init__(
        self, stream: TextIO | None = None, *, tty: bool | None = None, interval: float = 5.0
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = interval
        self._open: tuple[str, str] | None = None  # the stage of the line being redrawn
        self._printed: dict[tuple[str, str], float] = {}

    def __call__(self, event: ProgressEvent) -> None:
        text = "  " * (event.depth + 1) + describe(event)
        key = (event.stage, event.label)
        if self.tty:
            self._redraw(key, text, done=event.kind == "finish")
            return
        last = self._printed.get(key)
        if event.kind == "advance" and last is not None and event.elapsed - last < self.interval:
            return
        self._printed[key] = event.elapsed
        self.stream.write(text + "\n")
        self.stream.flush()

    def _redraw(self, key: tuple[str, str], text: str, *, done: bool) -> None:
        if self._open is not None and self._open != key:
            self.stream.write("\n")
        # \r and "erase to end of line": the stage's line is written over.
        self.stream.write("\r\x1b[K" + text)
        if done:
            self.stream.write("\n")
        self._open = None if done else key
        self.stream.flush()

    def note(self, message: str) -> None:
        """Write a message on a line of its own (after a line being redrawn)."""
        if self._open is not None:
            self.stream.write("\n")
            self._open = None
        self.stream.write(message + "\n")
        self.stream.flush()
