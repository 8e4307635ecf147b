"""Retention and housekeeping of the observatory database (design.md "Health and completeness").

Fetch events keep the last 30 per feed in detail (the per-day health rows keep the sums
forever); raw HTML is kept 90 days so texts can be re-extracted. Cut-offs come from the run's
data interval, never from ``now()``, so a rerun deletes the same rows (zero the second time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select, text

from models.articles import RawPage
from models.sources import FetchEvent
from storage.engine import write_session

KEEP_FETCH_EVENTS = 30
KEEP_RAW_DAYS = 90


@dataclass(frozen=True)
class RetentionReport:
    fetch_events_deleted: int
    raw_pages_deleted: int


def prune_fetch_events(engine: Engine, keep: int = KEEP_FETCH_EVENTS) -> int:
    """Delete all but the ``keep`` most recent fetch events of every feed; rows deleted."""
    ranked = select(
        FetchEvent.id,
        func.row_number()
        .over(
            partition_by=FetchEvent.feed_id,
            order_by=(FetchEvent.fetched_at.desc(), FetchEvent.id.desc()),
        )
        .label("rank"),
    ).subquery()
    old = select(ranked.c.id).where(ranked.c.rank > keep)
    with write_session(engine) as session:
        result = session.execute(delete(FetchEvent).where(FetchEvent.id.in_(old)))
        return result.rowcount or 0


def prune_raw_pages(engine: Engine, before: dt.datetime) -> int:
    """Delete raw HTML fetched before ``before`` (articles and their texts are kept)."""
    with write_session(engine) as session:
        result = session.execute(delete(RawPage).where(RawPage.fetched_at < before))
        return result.rowcount or 0


def apply_retention(
    engine: Engine, at: dt.datetime, raw_days: int = KEEP_RAW_DAYS
) -> RetentionReport:
    """Both retention rules, as of ``at`` (the run's data-interval end)."""
    events = prune_fetch_events(engine)
    pages = prune_raw_pages(engine, at - dt.timedelta(days=raw_days))
    return RetentionReport(events, pages)


def vacuum_analyze(engine: Engine) -> None:
    """Reclaim space and refresh planner statistics (``VACUUM`` then ``ANALYZE``).

    Both refuse to run inside a transaction, hence the autocommit connection.
    """
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if engine.dialect.name == "sqlite":
            # The project's SQLite engine begins every transaction itself (BEGIN IMMEDIATE);
            # VACUUM needs the raw driver connection outside any transaction.
            raw = conn.connection.driver_connection
            raw.execute("VACUUM")
            raw.execute("ANALYZE")
        else:
            conn.execute(text("VACUUM (ANALYZE)"))
