"""Re-export of :func:`crawlers.plan.batches` for ``benchmarks/bench_scale.py`` (see the package)."""

from __future__ import annotations

from crawlers.plan import batches

__all__ = ["batches"]
