"""One writer per article set: a lock row in the store, taken over when its holder died.

An ingest or an analysis of article set ``mixed`` holds the row ``mixed`` of
the ``locks`` table while it runs. A second writer on the same set stops with
a message naming the holder (process, host, start time). A row left by a
process that no longer exists (killed, crashed) is taken over, so a lock
never blocks forever. The row is committed at once, so other processes see it.
"""

from __future__ import annotations

import functools
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from framing.errors import StoreError
from framing.store.base import StoreBase, _now

T = TypeVar("T")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this host (a zombie, killed but not reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    stat = Path(f"/proc/{pid}/stat")
    try:
        # The state letter follows the command name in parentheses.
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


class LocksMixin(StoreBase):
    """Store methods for the per-article-set writer lock."""

    @contextmanager
    def writer_lock(self, name: str, *, what: str = "analysis") -> Iterator[None]:
        """Hold the writer lock of article set ``name`` for the duration of the block.

        Re-entrant: a block inside a block of the same thread on the same set
        (``framing analyze`` holds the set across its ingest, analysis and
        CSV files) just runs; the outer block releases.

        Args:
            name: the article set (it need not exist yet).
            what: what the holder does (``analysis``, ``ingest``), named in the
                message a second writer gets.

        Raises:
            StoreError: another live process (or another thread of this one)
                holds the lock.
        """
        me = (os.getpid(), socket.gethostname(), threading.get_ident())
        held = self._held_locks
        if (name, me[2]) in held:
            yield
            return
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT pid, host, thread, started_at, what FROM locks WHERE corpus = ?", (name,)
            ).fetchone()
            if row is not None and self._held_by_other(row, me):
                pid, host, _thread, started, held_for = row
                at = started[11:16] if len(started) >= 16 else started
                where = "" if host == me[1] else f" on {host}"
                raise StoreError(
                    f"another {held_for} of '{name}' is running, started {at} UTC by pid {pid}"
                    f"{where} (store {self.path}). Wait for it to finish, then run again.",
                    code="FRM-S605",
                )
            conn.execute(
                "INSERT OR REPLACE INTO locks(corpus, pid, host, thread, what, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, me[0], me[1], me[2], what, _now()),
            )
        held.add((name, me[2]))
        try:
            yield
        finally:
            held.discard((name, me[2]))
            with self.transaction() as conn:
                conn.execute(
                    "DELETE FROM locks WHERE corpus = ? AND pid = ? AND host = ? AND thread = ?",
                    (name, *me),
                )

    @staticmethod
    def _held_by_other(row: tuple, me: tuple[int, str, int]) -> bool:
        pid, host, thread = row[:3]
        if host != me[1]:
            return True  # cannot tell whether a process on another host lives
        if pid == me[0]:
            # Same thread: a block of ours that never released (cannot happen
            # short of a crash inside this process); another thread: a live writer.
            return thread != me[2]
        return _alive(int(pid))

    def lock_holder(self, name: str) -> dict[str, object] | None:
        """The holder of article set ``name``'s writer lock (``pid, host, started_at``), if any."""
        row = self._conn.execute(
            "SELECT pid, host, started_at FROM locks WHERE corpus = ?", (name,)
        ).fetchone()
        return None if row is None else dict(zip(("pid", "host", "started_at"), row, strict=True))


def one_writer(what: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate ``fn(corpus, store, ...)`` to run under the writer lock of ``corpus``.

    Args:
        what: what ``fn`` does (``analysis``, ``ingest``), for the message a
            second writer gets.
    """

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def locked(corpus: str, store: LocksMixin, *args: object, **kwargs: object) -> T:
            with store.writer_lock(corpus, what=what):
                return fn(corpus, store, *args, **kwargs)

        return locked

    return wrap
