"""Retention, VACUUM/ANALYZE and the online SQLite backup, alone and through the DAG."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from models.articles import Article, RawPage
from models.sources import Feed, FetchEvent
from storage.engine import make_engine, write_session
from storage.maintenance import (
    BackupError,
    apply_retention,
    backup_sqlite,
    integrity_errors,
    sqlite_path,
    vacuum_analyze,
)
from storage.upserts import upsert_articles
from tests.dags.conftest import load_dag, task_states
from tests.support.data import add_source, make_article

AT = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def seed_history(engine: Engine, feeds: int = 2, events: int = 45, pages: int = 10) -> None:
    """``events`` fetch events per feed (one a day) and ``pages`` raw pages 30 days apart."""
    with write_session(engine) as session:
        source_id = add_source(session)
        feed_ids = []
        for n in range(feeds):
            feed = Feed(source_id=source_id, url=f"https://example.org/{n}.xml", kind="rss")
            session.add(feed)
            session.flush()
            feed_ids.append(feed.id)
        session.execute(
            insert(FetchEvent),
            [
                {"feed_id": f, "fetched_at": AT - i * DAY, "status": "ok", "new_items": i}
                for f in feed_ids
                for i in range(events)
            ],
        )
        upsert_articles(session, [make_article(source_id, n) for n in range(pages)])
    with write_session(engine) as session:
        article_ids = sorted(session.scalars(select(Article.id)))
        session.execute(
            insert(RawPage),
            [
                {"article_id": a, "fetched_at": AT - (30 * n) * DAY, "body_gz": b"x"}
                for n, a in enumerate(article_ids)
            ],
        )


def counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        events = conn.scalar(select(func.count()).select_from(FetchEvent))
        newest = conn.scalar(
            select(func.count())
            .select_from(FetchEvent)
            .where(FetchEvent.fetched_at >= AT - 29 * DAY)
        )
        pages = conn.scalar(select(func.count()).select_from(RawPage))
    return events, newest, pages


def test_retention_keeps_30_events_per_feed_and_90_days_of_html(engine: Engine) -> None:
    seed_history(engine)
    report = apply_retention(engine, AT)
    assert (report.fetch_events_deleted, report.raw_pages_deleted) == (2 * 15, 10 - 4)
    events, newest, pages = counts(engine)
    assert events == newest == 2 * 30  # the 30 most recent of each feed survive
    assert pages == 4  # 0, 30, 60 and 90 days old: kept (the cut is strictly before 90 days)
    again = apply_retention(engine, AT)
    assert (again.fetch_events_deleted, again.raw_pages_deleted) == (0, 0)
    vacuum_analyze(engine)
    assert counts(engine) == (events, newest, pages)


def test_online_backup_while_writing_passes_integrity_check(tmp_path: Path, db_url: str) -> None:
    source = sqlite_path(db_url)
    if source is None:
        pytest.skip("PostgreSQL is backed up with pg_dump, not by this helper")
    engine = make_engine(db_url)
    seed_history(engine, events=5, pages=3)
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            with write_session(engine) as session:
                session.execute(
                    insert(FetchEvent), [{"feed_id": 1, "status": "ok", "fetched_at": AT + n * DAY}]
                )
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [backup_sqlite(source, tmp_path / "bk", f"2026-11-2{i}") for i in range(3)]
    finally:
        stop.set()
        thread.join()
        engine.dispose()
    for copy in copies:
        assert integrity_errors(copy) == []
        with sqlite3.connect(copy) as conn:
            assert conn.execute("SELECT count(*) FROM fetch_events").fetchone()[0] >= 10
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == [c.name for c in copies]


def test_corrupt_copy_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"garbage" * 200)
    with pytest.raises((BackupError, sqlite3.DatabaseError)):
        backup_sqlite(bad, tmp_path / "bk", "x")
    assert not list((tmp_path / "bk").glob("*.db"))
    with pytest.raises(BackupError):
        backup_sqlite(tmp_path / "missing.db", tmp_path / "bk", "x")


def test_maintenance_dag_prunes_and_backs_up(
    airflow_db: Path, observatory: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(observatory)
    seed_history(engine)
    monkeypatch.setenv("AICT_BACKUP_DIR", str(tmp_path / "backups"))
    jobs = tmp_path / "jobs" / "aict_crawl_press"
    stale, live = jobs / "stale-run" / "crawl-0", jobs / "live-run" / "crawl-0"
    stale.mkdir(parents=True)
    live.mkdir(parents=True)
    for path in (stale, stale.parent):
        os.utime(path, ((AT - 8 * DAY).timestamp(),) * 2)
    monkeypatch.setenv("AICT_JOBS_DIR", str(tmp_path / "jobs"))
    run = load_dag("aict_maintenance", retries=0).test(logical_date=AT)
    assert str(run.state) == "success", task_states(run)
    events, _, pages = counts(engine)
    engine.dispose()
    assert (events, pages) == (60, 4)
    (copy,) = (tmp_path / "backups").glob("*.db")
    assert copy.name == "aict-2026-11-20.db" and integrity_errors(copy) == []
    assert not stale.parent.exists() and live.exists()  # job directories idle for 7 days


def test_maintenance_dag_on_postgresql_through_the_aict_db_connection(
    airflow_db: Path,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Connection ``aict_db`` wins over AICT_DATABASE_URL; its password never reaches the logs."""
    from sqlalchemy.engine import make_url

    if not db_url.startswith("postgresql"):
        pytest.skip("the SQLite case runs through AICT_DATABASE_URL above")
    engine = make_engine(db_url)
    seed_history(engine)
    token = "pw-4b1d9e7c-never-logged"  # the test server trusts loopback; the token is ignored
    url = make_url(db_url).set(drivername="postgresql", password=token)
    # Airflow spells it postgres://, which the helpers must rewrite for SQLAlchemy 2.
    monkeypatch.setenv(
        "AIRFLOW_CONN_AICT_DB", url.render_as_string(False).replace("postgresql://", "postgres://")
    )
    monkeypatch.setenv("AICT_DATABASE_URL", "sqlite:////nonexistent/not-this-one.db")
    run = load_dag("aict_maintenance", retries=0).test(logical_date=AT)
    states = task_states(run)
    assert str(run.state) == "success", states
    assert states["retention"] == ["success"] and states["backup"] == ["skipped"]
    assert counts(engine)[::2] == (60, 4)
    engine.dispose()
    logs = capfd.readouterr()
    assert token not in logs.out and token not in logs.err
