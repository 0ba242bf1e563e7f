"""A worker node of a real two-node Ray cluster dies mid-run: nothing is lost.

Runs after ``test_ray_engine.py`` (it stops the session's cluster to start
its own, and shuts that down at the end).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from framing.config import Settings
from framing.devtools.engine_check import (
    HASHED_GROUPING,
    assert_same_results,
    ingested_store,
    stored_analysis,
)
from framing.embed import HashingEmbedder
from framing.pipeline import analyze
from framing.progress import ProgressEvent
from framing.store import Store


def _alive_nodes(ray_module, within_s: float = 90.0) -> int:
    """Alive nodes once the cluster has noticed a dead one (its health check
    takes seconds, and a short run can finish first)."""
    deadline = time.monotonic() + within_s
    while True:
        alive = len([n for n in ray_module.nodes() if n["Alive"]])
        if alive <= 1 or time.monotonic() > deadline:
            return alive
        time.sleep(0.5)


pytestmark = pytest.mark.ray

SAMPLE = Path(__file__).resolve().parents[2] / "sample_articles"


def test_ray_engine_run_survives_a_worker_node_killed_mid_run(ray_module, tmp_path) -> None:
    from ray._private.state import available_resources_per_node
    from ray.cluster_utils import Cluster

    ray_module.shutdown()  # the session's single-node cluster, if it runs
    cluster = Cluster(
        initialize_head=True,
        head_node_args={
            "num_cpus": 1,
            "include_dashboard": False,
            # a dead node noticed in about a second, not Ray's default 15 s
            "_system_config": {"health_check_period_ms": 300, "health_check_failure_threshold": 3},
        },
    )
    worker = cluster.add_node(num_cpus=2)
    try:
        ray_module.init(address=cluster.address, log_to_driver=False)
        cluster.wait_for_nodes()
        assert len([n for n in ray_module.nodes() if n["Alive"]]) == 2
        killed: list[int] = []
        stored: list[int] = []
        busy_on_worker: list[float] = []

        def kill_after_first_batch(event: ProgressEvent) -> None:
            if event.stage == "cues" and event.done >= 1 and not killed:
                # The first batch is stored and more run on both nodes: the
                # worker node goes, without warning, as a machine does.
                free = available_resources_per_node()[worker.node_id].get("CPU", 0)
                busy_on_worker.append(2 - free)
                cluster.remove_node(worker, allow_graceful=False)
                killed.append(event.done)
            if event.stage == "cues":
                stored.append(event.done)

        settings = Settings(db_path=None, engine="ray", batch_articles=4, **HASHED_GROUPING)
        on_ray = ingested_store(tmp_path / "ray.sqlite3", [SAMPLE], "sample")
        with Store(on_ray) as store:
            analyze(
                "sample",
                store,
                settings.replace(db_path=on_ray),
                embedder=HashingEmbedder(),
                on_progress=kill_after_first_batch,
            )
        assert killed and _alive_nodes(ray_module) == 1
        assert busy_on_worker[0] > 0  # it died with batches running on it
        assert max(stored) > killed[0]  # batches went on after the node died
    finally:
        ray_module.shutdown()
        cluster.shutdown()
    local = ingested_store(tmp_path / "local.sqlite3", [SAMPLE], "sample")
    with Store(local) as store:
        analyze(
            "sample",
            store,
            settings.replace(db_path=local, engine="local"),
            embedder=HashingEmbedder(),
        )
    assert_same_results(stored_analysis(local, "sample"), stored_analysis(on_ray, "sample"))
