"""Upserts: idempotent, concurrent-safe, UTC-only timestamps; SQLite connection settings."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from models import Article, ArticleVersion, DigestOutbox, Feed, FeedHealthDaily
from storage.engine import make_engine, write_session
from storage.upserts import (
    upsert_article_versions,
    upsert_articles,
    upsert_feed_health,
    upsert_feeds,
    upsert_outbox,
)
from tests.storage.workers import upsert_same_articles
from tests.support.data import BASE_TIME, add_source, make_article


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model))


def test_same_articles_twice_gives_one_row_each(engine) -> None:
    with write_session(engine) as s:
        sid = add_source(s)
        upsert_articles(s, [make_article(sid, n) for n in range(50)])
    with write_session(engine) as s:
        upsert_articles(s, [make_article(sid, n) for n in range(50)])
    assert _count(engine, Article) == 50


def test_first_seen_kept_and_late_date_fills_null(engine) -> None:
    later = BASE_TIME + dt.timedelta(days=3)
    with write_session(engine) as s:
        sid = add_source(s)
        upsert_articles(s, [make_article(sid, 1, published_at=None, first_seen_at=BASE_TIME)])
    with write_session(engine) as s:
        upsert_articles(
            s, [make_article(sid, 1, published_at=BASE_TIME, first_seen_at=later, title="Nouveau")]
        )
    with write_session(engine) as s:
        art = s.scalars(select(Article)).one()
        assert art.first_seen_at == BASE_TIME
        assert art.published_at == BASE_TIME
        assert art.title == "Nouveau"
        assert art.published_at.tzinfo is not None


def test_versions_and_outbox_do_nothing_on_repeat(engine) -> None:
    with write_session(engine) as s:
        sid = add_source(s)
        row = make_article(sid, 7)
        upsert_articles(s, [row])
        version = {"article_id": row["id"], "content_hash": row["content_hash"], "text": "x"}
        upsert_article_versions(s, [version, version])
        outbox = {"week": "2026-W47", "recipient": "a@example.org", "message_id": "<m@x>"}
        upsert_outbox(s, [outbox])
    with write_session(engine) as s:
        upsert_outbox(s, [{**outbox, "state": "pending", "message_id": "<other@x>"}])
    assert _count(engine, ArticleVersion) == 1
    with write_session(engine) as s:
        assert s.scalars(select(DigestOutbox)).one().message_id == "<m@x>"


def test_feed_reload_keeps_fetch_state_and_health_accumulates(engine) -> None:
    with write_session(engine) as s:
        sid = add_source(s)
        upsert_feeds(s, [{"source_id": sid, "url": "https://a.fr/rss", "kind": "rss"}])
        feed = s.scalars(select(Feed)).one()
        feed.etag = '"abc"'
        feed.failures = 1.5
    with write_session(engine) as s:
        upsert_feeds(s, [{"source_id": sid, "url": "https://a.fr/rss", "kind": "atom"}])
        day = dt.date(2026, 11, 2)
        row = {"feed_id": feed.id, "day": day, "week": "2026-W45", "fetches": 1, "successes": 1}
        upsert_feed_health(s, [row])
        upsert_feed_health(s, [row])
    with write_session(engine) as s:
        feed = s.scalars(select(Feed)).one()
        assert (feed.kind, feed.etag, feed.failures) == ("atom", '"abc"', 1.5)
        assert s.scalars(select(FeedHealthDaily)).one().fetches == 2


def test_naive_datetime_is_refused(engine) -> None:
    with pytest.raises(Exception, match="naive datetime"), write_session(engine) as s:
        sid = add_source(s)
        upsert_articles(s, [make_article(sid, 1, published_at=dt.datetime(2026, 1, 1))])
    assert _count(engine, Article) == 0  # nothing half-written


def test_failed_batch_writes_nothing(engine) -> None:
    with write_session(engine) as s:
        sid = add_source(s)
    rows = [make_article(sid, n) for n in range(10)]
    rows[5]["source_id"] = 999_999  # violates the foreign key
    with pytest.raises(IntegrityError), write_session(engine) as s:
        upsert_articles(s, rows)
    assert _count(engine, Article) == 0


def test_eight_processes_upsert_the_same_thousand_articles(db_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(8) as pool:
        errors = pool.starmap(upsert_same_articles, [(db_url,)] * 8)
    assert errors == [None] * 8, [e for e in errors if e]
    engine = make_engine(db_url)
    assert _count(engine, Article) == 1000
    engine.dispose()


def test_sqlite_connection_settings(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
