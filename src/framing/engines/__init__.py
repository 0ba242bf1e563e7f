"""Engines that run the pipeline's heavy stages: ``local`` (``framing.runner``) and ``ray``.

The local engine needs nothing beyond framing's own dependencies. The Ray
engine (``framing.engines.ray_engine``) needs the ``ray`` extra; it is imported
only when a run asks for it, so the default install never loads Ray.
"""

from __future__ import annotations

from types import ModuleType

from framing.errors import FramingError


def require_ray() -> ModuleType:
    """The ``ray`` module, or ``FramingError`` FRM-R901 saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (the embedding stage's actor pool)
    except ImportError as exc:
        raise FramingError(
            f"the Ray engine needs Ray, which is not installed ({exc}). Install it with "
            "`pip install 'framing-dashboard[ray]'`, or run with `--engine local`.",
            code="FRM-R901",
        ) from exc
    return ray
