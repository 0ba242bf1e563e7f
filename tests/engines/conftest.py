"""One real local Ray cluster for the engine tests (started once, shut down at the end)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def ray_module():
    """``ray``; a skip without it, a failure where CI requires it (``FRAMING_REQUIRE_RAY``)."""
    if os.environ.get("FRAMING_REQUIRE_RAY"):
        import ray

        return ray
    return pytest.importorskip("ray")


@pytest.fixture(scope="session")
def ray_cluster(ray_module):
    """A real two-CPU Ray cluster on this machine, shared by the whole session."""
    if not ray_module.is_initialized():
        ray_module.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray_module
    ray_module.shutdown()
