"""Which sources of a crawl failed, why and since when, read from source health (issue 16).

The red verdict of a crawl DAG says it in one line an operator can act on:
``2 sources failed: le-mistral — HTTP 500 since 2026-12-01 09:30 UTC (3 failures); avignon —
robots.txt answered 503: complete disallow``. Everything comes from the database the crawl
wrote (each feed's status and last error, its fetch events for the run of failures), never
from command lines or exit codes, so a cleared and rerun crawl is judged on its own fetches:
only feeds fetched at or after ``since`` count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from models import Feed, FetchEvent, Source
from models.vocab import PAGE_STATUSES, QUIET_STATUSES, SUCCESS_STATUSES
from storage.engine import read_engine

_REASON_CHARS = 160


@dataclass(frozen=True)
class SourceFailure:
    """One failed source: its worst feed's last error and how long that feed has failed."""

    slug: str
    reason: str
    since: dt.datetime | None = None
    failures: int = 1
    failing_feeds: int = 1

    def describe(self) -> str:
        """``slug — reason since YYYY-MM-DD HH:MM UTC (N failures)``; a first failure is bare."""
        text = f"{self.slug} — {self.reason}"
        if self.failures > 1 and self.since is not None:
            text += f" since {_utc(self.since):%Y-%m-%d %H:%M} UTC ({self.failures} failures)"
        if self.failing_feeds > 1:
            text += f", {self.failing_feeds} feeds failing"
        return text


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back; the observatory stores UTC everywhere.
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _streak(statuses: Sequence[tuple[str, dt.datetime]]) -> tuple[int, dt.datetime | None]:
    """Consecutive failed fetches from the newest event back, and when the first of them was.

    Article-page events (PAGE_STATUSES) are notes in the feed's log, not fetches: skipped.
    """
    count, since = 0, None
    for status, fetched_at in statuses:
        if status in PAGE_STATUSES:
            continue
        if status in SUCCESS_STATUSES:
            break
        count, since = count + 1, fetched_at
    return count, since


def _feed_failure(session: Session, slug: str, feed: Feed) -> SourceFailure:
    """The failure of one red feed, with its streak read from its fetch events (last 30)."""
    query = (
        select(FetchEvent.status, FetchEvent.fetched_at)
        .where(FetchEvent.feed_id == feed.id)
        .order_by(FetchEvent.fetched_at.desc(), FetchEvent.id.desc())
    )
    count, since = _streak([(status, at) for status, at in session.execute(query)])
    reason = (feed.last_error or feed.status).splitlines()[0][:_REASON_CHARS]
    return SourceFailure(slug, reason, since, max(count, 1))


def failed_sources(
    engine: Engine,
    feed_ids: Collection[int],
    since: dt.datetime,
    *,
    sources: Collection[str] = (),
) -> list[SourceFailure]:
    """Sources with a feed among ``feed_ids`` (or any feed of ``sources``, just discovered)
    fetched at or after ``since`` that failed.

    One entry per source, sorted by slug; its reason is that of the feed failing longest.
    """
    if not feed_ids and not sources:
        return []
    chosen = or_(Feed.id.in_(list(feed_ids)), Source.slug.in_(list(sources)))
    query = (
        select(Source.slug, Feed)
        .join(Source, Feed.source_id == Source.id)
        .where(chosen, Feed.last_fetch_at >= since, Feed.status.not_in(QUIET_STATUSES))
    )
    by_source: dict[str, list[SourceFailure]] = {}
    with read_engine(engine).connect() as conn:
        session = Session(bind=conn)
        for slug, feed in session.execute(query).all():
            by_source.setdefault(slug, []).append(_feed_failure(session, slug, feed))
    return [_worst(failures) for _, failures in sorted(by_source.items())]


def _worst(failures: list[SourceFailure]) -> SourceFailure:
    """A source's longest-failing feed, with the number of its feeds failing."""
    worst = max(failures, key=lambda f: f.failures)
    return SourceFailure(worst.slug, worst.reason, worst.since, worst.failures, len(failures))


def undiscovered(engine: Engine, slugs: Collection[str]) -> list[SourceFailure]:
    """Sources in ``slugs`` (sent to discovery) that still have no feed: discovery failed."""
    if not slugs:
        return []
    query = (
        select(Source.slug)
        .outerjoin(Feed, Feed.source_id == Source.id)
        .where(Source.slug.in_(list(slugs)), Feed.id.is_(None))
        .order_by(Source.slug)
    )
    with read_engine(engine).connect() as conn:
        missing = list(conn.scalars(query))
    why = "discovery found no feed, sitemap or listing page"
    return [SourceFailure(slug, why) for slug in missing]


def verdict(failures: Sequence[SourceFailure]) -> str | None:
    """``N sources failed: a — why; b — why``, or None when none failed."""
    if not failures:
        return None
    noun = "source" if len(failures) == 1 else "sources"
    return f"{len(failures)} {noun} failed: " + "; ".join(f.describe() for f in failures)
