"""Run the real ``framing`` command line with the hashing embedder, for subprocess tests.

``python tests/store/fast_cli.py analyze ...`` is ``framing analyze ...``
except that the embedding model is ``HashingEmbedder`` (no model to load,
so a run takes seconds), the event map uses PCA (t-SNE alone takes
seconds), and new vectors are committed 16 at a time (so a tiny corpus has
several embedding batches). Everything else, the store
included, is the code a user runs.
"""

from __future__ import annotations

import sys

import framing.events.layout
import framing.pipeline
from framing.cli import main
from framing.embed import CachingEmbedder, HashingEmbedder

framing.pipeline.make_embedder = lambda settings: HashingEmbedder(256)
CachingEmbedder.store_batch = 16
framing.events.layout.TSNE_MAX = 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
