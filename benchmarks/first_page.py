"""Seconds from ``streamlit run`` to the dashboard's first page drawn, in a real browser.

Run::

    .venv/bin/python benchmarks/first_page.py --db out/framing.sqlite3 [--rounds 3]

Starts the dashboard on 127.0.0.1 (as ``framing dashboard`` does), opens it
in headless Chromium (Debian's ``chromium``), and times: until the server
answers its health check, until the page shows the Overview's metrics, and
until its charts are drawn. Prints JSON with the load average before and
after, and which model packages the server process imported (read from
/proc/PID/maps: a shared library of torch or onnxruntime mapped means the
page loaded them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = {"torch": "libtorch", "onnxruntime": "onnxruntime_pybind11"}


def one_load(db: Path) -> dict:
    """One cold start of the server and one first page load."""
    from playwright.sync_api import sync_playwright

    from framing.devtools.testing import free_port

    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py")]
    cmd += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env={**os.environ, "FRAMING_DB": str(db)}, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"))
                page = browser.new_page()
                while True:
                    try:
                        page.goto(url, wait_until="domcontentloaded", timeout=5_000)
                        break
                    except Exception:  # noqa: BLE001 - the server is not up yet
                        if proc.poll() is not None or time.perf_counter() - t0 > 300:
                            raise
                        time.sleep(0.2)
                served = time.perf_counter() - t0
                page.locator('[data-testid="stMetric"]').first.wait_for(timeout=300_000)
                metrics = time.perf_counter() - t0
                page.locator(".js-plotly-plot").first.wait_for(timeout=300_000)
                charts = time.perf_counter() - t0
                browser.close()
            maps = Path(f"/proc/{proc.pid}/maps").read_text()
            loaded = [name for name, lib in LIBRARIES.items() if lib in maps]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return {"served": served, "metrics_drawn": metrics, "charts_drawn": charts, "loaded": loaded}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a store with an analysed set")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    before = os.getloadavg()
    loads = [one_load(args.db) for _ in range(args.rounds)]
    keys = ("served", "metrics_drawn", "charts_drawn")
    print(
        json.dumps(
            {
                "rounds": loads,
                "median": {k: statistics.median(r[k] for r in loads) for k in keys},
                "load_average_before": before,
                "load_average_after": os.getloadavg(),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
