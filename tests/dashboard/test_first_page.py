"""The dashboard's first page does not wait for work it does not need: no model is imported.

Run in a fresh process: within the test session another test may already
have imported torch, which would hide an import the first page makes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
MODELS = ("torch", "sentence_transformers", "transformers", "onnxruntime", "model2vec")
PROBE = f"""
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({APP!r}, default_timeout=300).run()
print(json.dumps({{
    "exception": [e.value for e in at.exception],
    "metrics": [m.label for m in at.metric],
    "loaded": [m for m in {MODELS!r} if m in sys.modules],
}}))
"""


def test_first_page_overview_imports_no_embedding_model(sample_db: Path) -> None:
    # sample_db was analysed under the default model's name (the int8 MiniLM),
    # so a page that made the stored model's embedder would import it here.
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["exception"] == []
    assert "Articles" in got["metrics"]  # the Overview page was drawn
    assert got["loaded"] == []
