"""Which sources a scheduled run crawls, cut into batches a DAG can map over.

Airflow fails a mapped task past ``[core] max_map_length`` (1,024); the project keeps each
mapping at 500 items or fewer (reliability.md P-A1). Sources are sorted by their first
département so a batch stays local (one hosting region, one press group) where it can.
"Due" is decided at the run's data-interval end, never at ``now()``, so a rerun of the same
logical date sees the same clock.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from sqlalchemy import Engine, exists, or_, select

from models.sources import Feed, Source
from storage.engine import read_engine

MAX_MAPPED = 500


def due_sources(engine: Engine, kind: str, at: dt.datetime) -> list[tuple[str, str]]:
    """``(slug, first département)`` of enabled sources of ``kind`` with work due at ``at``.

    A source is due when one of its feeds was never fetched or is due; a council without any
    feed is due too, because its crawl starts with discovery.
    """
    feed_due = exists().where(
        Feed.source_id == Source.id,
        or_(Feed.next_fetch_at.is_(None), Feed.next_fetch_at <= at),
    )
    no_feed = ~exists().where(Feed.source_id == Source.id)
    wants = feed_due if kind == "press" else or_(feed_due, no_feed)
    query = (
        select(Source.slug, Source.departments)
        .where(Source.kind == kind, Source.enabled.is_(True), wants)
        .order_by(Source.slug)
    )
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query).all()
    return [(slug, (depts or "").split(",")[0]) for slug, depts in rows]


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
