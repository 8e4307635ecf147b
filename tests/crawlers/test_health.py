"""Feed health bookkeeping on both databases: events trimmed to 30, daily sums, backoff."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select, text

from crawlers.health import FetchOutcome, record_fetch
from models import Feed, FeedHealthDaily, FetchEvent
from storage.engine import write_session
from storage.upserts import upsert_feeds
from tests.support.data import add_source

NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def _feed(engine: Engine) -> int:
    with write_session(engine) as session:
        source_id = add_source(session, "le-test")
        upsert_feeds(
            session,
            [
                {
                    "source_id": source_id,
                    "url": "https://j.fr/rss",
                    "kind": "rss",
                    "departments": "",
                    "poll_minutes": 30,
                }
            ],
        )
        return session.scalar(select(Feed.id).where(Feed.url == "https://j.fr/rss"))


def test_events_trimmed_and_daily_sums(engine: Engine) -> None:
    feed_id = _feed(engine)
    for i in range(35):
        with write_session(engine) as session:
            record_fetch(
                session,
                feed_id,
                "press",
                FetchOutcome("ok", http_status=200, new_items=2, seen_items=8),
                NOW + dt.timedelta(minutes=i),
            )
    with write_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(FetchEvent)) == 30
        day = session.get(FeedHealthDaily, (feed_id, dt.date(2026, 11, 2)))
        assert (day.fetches, day.successes, day.new_items, day.week) == (35, 35, 70, "2026-W45")
        feed = session.get(Feed, feed_id)
        assert feed.status == "ok" and 10 <= feed.poll_minutes <= 360


def test_failures_back_off_and_show_in_view(engine: Engine) -> None:
    feed_id = _feed(engine)
    outcomes = [
        FetchOutcome("error", http_status=404, error="HTTP 404", error_kind="http"),
        FetchOutcome("error", error="timeout", error_kind="timeout"),
        FetchOutcome("refused", error="refused 10.0.0.1", error_kind="policy"),
    ]
    for outcome in outcomes:
        with write_session(engine) as session:
            record_fetch(session, feed_id, "press", outcome, NOW)
    with write_session(engine) as session:
        feed = session.get(Feed, feed_id)
        assert feed.failures == 0.5 + 0.25 + 1.0
        assert feed.next_fetch_at == NOW + dt.timedelta(minutes=30 * 1.75)
        day = session.get(FeedHealthDaily, (feed_id, dt.date(2026, 11, 2)))
        assert (day.fetches, day.successes) == (3, 0)
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT status, failures, last_error FROM v_source_health "
                "WHERE source_slug = 'le-test'"
            )
        ).one()
    assert row.status == "refused" and row.failures == 1.75 and "10.0.0.1" in row.last_error


def test_retry_after_pushes_next_fetch(engine: Engine) -> None:
    feed_id = _feed(engine)
    with write_session(engine) as session:
        record_fetch(
            session,
            feed_id,
            "press",
            FetchOutcome("backoff", http_status=503, error_kind="http", retry_after=7200),
            NOW,
        )
        feed = session.get(Feed, feed_id)
        assert feed.status == "backoff"
        assert feed.next_fetch_at == NOW + dt.timedelta(hours=2)
