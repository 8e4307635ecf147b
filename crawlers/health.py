"""Per-feed state after each fetch: feed row, fetch event (last 30 kept), daily health sums.

One call per fetch, inside the caller's write transaction: the feed's status, conditional-GET
validators, body hash, failures and next poll are updated; a ``fetch_events`` row is added
and older ones trimmed to 30; ``feed_health_daily`` gains the fetch for its Paris day.

An article page of a feed that was fetched but is not stored for a reason an operator must
see (``unrendered``: template markup or a JavaScript shell, issue 12) is one more event in the
feed's log, with its URL (:func:`record_page_outcome`); the feed's status is not touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crawlers import schedule
from models import Feed, FetchEvent
from models.vocab import PAGE_STATUSES, SUCCESS_STATUSES
from storage.timeutil import PARIS, iso_week_of_date
from storage.upserts import upsert_feed_health

KEEP_EVENTS = 30


@dataclass
class FetchOutcome:
    """What one fetch of a feed gave."""

    status: str  # a fetch's FetchStatus: ok, not_modified, error, disallowed, refused, backoff
    http_status: int | None = None
    new_items: int = 0
    seen_items: int = 0
    error: str | None = None
    error_kind: str | None = None  # dns | timeout | connection | http | parse | policy
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    retry_after: float | None = None
    duration_ms: int | None = None
    #: A19: True/False over HTTPS, None over http or when the check got no answer; applied to
    #: the feed only when ``tls_observed`` (the spider saw the response's transport).
    tls_verified: bool | None = None
    tls_observed: bool = False


@dataclass(frozen=True)
class FeedValidators:
    """What tells the next fetch of a feed that nothing changed (A18)."""

    etag: str | None
    last_modified: str | None
    body_hash: str | None

    @classmethod
    def of(cls, headers: Mapping[bytes | str, Any], body_hash: str) -> FeedValidators:
        """The validators a response's headers (Scrapy's, bytes values) and body give."""
        etag = (headers.get("ETag") or b"").decode("latin-1") or None
        last_modified = (headers.get("Last-Modified") or b"").decode("latin-1") or None
        return cls(etag=etag, last_modified=last_modified, body_hash=body_hash)


def store_validators(session: Session, feed_id: int, validators: FeedValidators) -> None:
    """Keep a feed's validators once the articles its fetch announced are stored.

    Kept apart from :func:`record_fetch`: a crawl that stops before its articles are stored
    must leave the old validators, so the next crawl re-reads the feed and fetches what is
    missing instead of finding it "not modified".
    """
    feed = session.get(Feed, feed_id)
    if feed is None:
        return
    feed.etag = validators.etag or feed.etag
    feed.last_modified = validators.last_modified or feed.last_modified
    feed.last_hash = validators.body_hash or feed.last_hash


def _next_poll(feed: Feed, outcome: FetchOutcome, source_kind: str, now: dt.datetime) -> None:
    bounds = schedule.bounds_for(source_kind, feed.kind)
    if outcome.status in SUCCESS_STATUSES:
        feed.failures = 0.0
        total = outcome.new_items + outcome.seen_items
        feed.poll_minutes = schedule.adapt_interval(
            feed.poll_minutes or bounds.default, outcome.new_items, total, bounds
        )
        feed.next_fetch_at = now + dt.timedelta(minutes=feed.poll_minutes)
        return
    feed.failures = (feed.failures or 0.0) + schedule.failure_weight(
        outcome.http_status if outcome.error_kind == "http" else None, outcome.error_kind
    )
    delay = schedule.backoff_delay(feed.poll_minutes or bounds.default, feed.failures)
    if outcome.retry_after is not None:
        delay = max(
            delay, schedule.retry_after_delay(outcome.retry_after, outcome.http_status or 0)
        )
    feed.next_fetch_at = now + delay


def _update_feed(feed: Feed, outcome: FetchOutcome, now: dt.datetime) -> None:
    """The feed's status, TLS check, last success or error, and validators kept on success."""
    feed.status = outcome.status
    feed.last_fetch_at = now
    if outcome.tls_observed:
        feed.tls_verified = outcome.tls_verified
    if outcome.status in SUCCESS_STATUSES:
        feed.last_success_at = now
        feed.last_error = None
        feed.etag = outcome.etag or feed.etag
        feed.last_modified = outcome.last_modified or feed.last_modified
        feed.last_hash = outcome.body_hash or feed.last_hash
    else:
        feed.last_error = (outcome.error or outcome.status)[:2000]


def record_fetch(
    session: Session, feed_id: int, source_kind: str, outcome: FetchOutcome, now: dt.datetime
) -> None:
    """Apply one fetch outcome to the feed, its events and its day of health."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        return
    _update_feed(feed, outcome, now)
    _next_poll(feed, outcome, source_kind, now)
    session.add(
        FetchEvent(
            feed_id=feed_id,
            fetched_at=now,
            status=outcome.status,
            http_status=outcome.http_status,
            new_items=outcome.new_items,
            seen_items=outcome.seen_items,
            duration_ms=outcome.duration_ms,
            error=outcome.error,
        )
    )
    _trim_events(session, feed_id)
    day = now.astimezone(PARIS).date()
    upsert_feed_health(
        session,
        [
            {
                "feed_id": feed_id,
                "day": day,
                "week": iso_week_of_date(day),
                "fetches": 1,
                "successes": int(outcome.status in SUCCESS_STATUSES),
                "new_items": outcome.new_items,
            }
        ],
    )


def _trim_events(session: Session, feed_id: int) -> None:
    session.flush()
    keep = (
        select(FetchEvent.id)
        .where(FetchEvent.feed_id == feed_id)
        .order_by(FetchEvent.fetched_at.desc(), FetchEvent.id.desc())
        .limit(KEEP_EVENTS)
    )
    session.execute(
        delete(FetchEvent).where(FetchEvent.feed_id == feed_id, FetchEvent.id.not_in(keep))
    )


def record_page_outcome(
    session: Session,
    feed_id: int,
    status: str,
    url: str,
    now: dt.datetime,
    *,
    http_status: int | None = None,
    reason: str | None = None,
) -> None:
    """Log an article page of the feed that was not stored (``status`` in PAGE_STATUSES).

    The event's ``error`` names the page (``unrendered: <url> (why)``) so that the operator
    can open it; the feed's status, schedule and daily sums are a matter of feed fetches only.
    """
    if status not in PAGE_STATUSES:
        raise ValueError(f"not a page status: {status!r}")
    if session.get(Feed, feed_id) is None:
        return
    detail = f"{status}: {url}" + (f" ({reason})" if reason else "")
    session.add(
        FetchEvent(
            feed_id=feed_id,
            fetched_at=now,
            status=status,
            http_status=http_status,
            error=detail[:2000],
        )
    )
    _trim_events(session, feed_id)
