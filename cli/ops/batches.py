"""Which sources a scheduled run crawls, cut into batches a DAG can map over.

Airflow fails a mapped task past ``[core] max_map_length`` (1,024); the project keeps each
mapping at 500 items or fewer (reliability.md P-A1). Sources are sorted by their first
département so a batch stays local (one hosting region, one press group) where it can.
"Due" is decided at the run's clock (its data-interval end), never at ``now()``, so a rerun of
the same logical date sees the same clock; and it is decided by the crawl planner's own rule,
twice: when the run lists its due sources, and again inside each batch's ``aict crawl
--due-at``, which fetches only the due feeds of the sources it is given. A batch is a unit of
work, never a unit of scheduling.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine, select

from cli.ops.runner import only_args
from crawlers.plan import build_plan
from models.sources import Source
from storage.engine import read_engine

MAX_MAPPED = 500


def due_sources(engine: Engine, kind: str, at: dt.datetime) -> list[tuple[str, str]]:
    """``(slug, first département)`` of enabled sources of ``kind`` with work due at ``at``.

    Exactly the sources :func:`crawlers.plan.build_plan` would crawl at ``at``: one of their
    feeds is due, or (a council without any feed) their crawl starts with discovery.
    """
    plan = build_plan(engine, kind=kind, now=at, due_only=True, discover="missing")
    due = {t.source_slug for t in plan.feeds} | {d.source_slug for d in plan.discoveries}
    query = select(Source.slug, Source.departments).where(Source.kind == kind)
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query).all()
    return sorted((slug, (depts or "").split(",")[0]) for slug, depts in rows if slug in due)


def crawl_args(jobdir: Path, slugs: Sequence[str], at: dt.datetime) -> list[str]:
    """``crawl --jobdir DIR --due-at AT --only …`` for one batch of a run whose clock is ``at``.

    ``--due-at`` makes the batch fetch only what is due at the run's clock: with ``--only``
    alone every feed of the named sources would be fetched, bypassing their own intervals.
    """
    return only_args(["crawl", "--jobdir", str(jobdir), "--due-at", at.isoformat()], slugs)


def council_sources(engine: Engine) -> list[tuple[str, str]]:
    """``(slug, first département)`` of every enabled council with a homepage (discovery)."""
    query = (
        select(Source.slug, Source.departments)
        .where(Source.kind == "council", Source.enabled.is_(True), Source.homepage.is_not(None))
        .order_by(Source.slug)
    )
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query).all()
    return [(slug, (depts or "").split(",")[0]) for slug, depts in rows]


def batches(
    sources: Sequence[tuple[str, str]], *, min_size: int = 1, max_batches: int = MAX_MAPPED
) -> list[list[str]]:
    """Slugs in at most ``max_batches`` batches of at least ``min_size`` (but the last).

    Sorted by (département, slug), so each département's sources sit together.
    """
    if not sources:
        return []
    ordered = [slug for _, slug in sorted((dept, slug) for slug, dept in sources)]
    size = max(min_size, math.ceil(len(ordered) / max_batches))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]
