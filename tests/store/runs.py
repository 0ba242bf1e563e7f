"""Tiny article sets and subprocess runs of ``framing`` shared by the store's process tests."""

from __future__ import annotations

import csv
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAST_CLI = Path(__file__).with_name("fast_cli.py")
TOPICS = [
    "harbour ferry strike dockworkers wages union",
    "volcano eruption ash flights cancelled airport",
    "football cup final penalty stadium fans",
    "election recount ballots court district mayor",
    "drought reservoir water rationing farmers crops",
    "museum theft painting guards gallery police",
]
OUTLETS = ["Alpha", "Beta", "Gamma", "Delta"]


def write_set(path: Path, n_events: int, *, tag: str = "") -> Path:
    """A CSV of ``n_events`` events, each told by four outlets (``4 * n_events`` articles)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "outlet", "title", "text"])
        for e in range(n_events):
            words = TOPICS[e % len(TOPICS)]
            for k, outlet in enumerate(OUTLETS):
                text = (
                    f"{words.capitalize()} {tag}. Officials said the {words} story went on "
                    f"for {k + 2} days. Critics called it a reckless {words} disaster."
                )
                out.writerow([f"{tag}e{e}-{outlet}", outlet, f"{words} {tag} report", text])
    return path


def config(tmp: Path) -> Path:
    """Settings with small cue batches (several per tiny set) and one worker."""
    path = tmp / "settings.toml"
    path.write_text("batch_articles = 4\nworkers = 1\n", encoding="utf-8")
    return path


def env(**extra: str) -> dict[str, str]:
    """The environment of a ``fast_cli`` run: this checkout's sources first."""
    paths = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p), **extra}


def start(args: list[str], **extra: str) -> subprocess.Popen:
    """Start ``framing ARGS`` (hashing embedder) with its stderr piped."""
    return subprocess.Popen(
        [sys.executable, str(FAST_CLI), *args],
        env=env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(args: list[str], timeout: float = 60, **extra: str) -> subprocess.CompletedProcess:
    """Run ``framing ARGS`` (hashing embedder) to the end."""
    return subprocess.run(
        [sys.executable, str(FAST_CLI), *args],
        env=env(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_paused(proc: subprocess.Popen, stage: str, timeout: float = 120) -> list[str]:
    """Read ``proc``'s stderr until it pauses at ``stage``; the lines read so far.

    A reader thread does the reading, so a run that hangs silently fails the
    test after ``timeout`` seconds instead of blocking it.
    """
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in proc.stderr:
            lines.put(line)
            if line.strip() == f"FRAMING_TEST_PAUSED {stage}":
                return
        lines.put("")  # end of output: the run ended without pausing

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if line.strip() == f"FRAMING_TEST_PAUSED {stage}":
            return seen
        if not line:
            break
    proc.kill()
    proc.wait()
    raise AssertionError(f"the run never paused at {stage}:\n{''.join(seen)}")


def kill9(proc: subprocess.Popen) -> None:
    """SIGKILL ``proc`` and reap it."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
