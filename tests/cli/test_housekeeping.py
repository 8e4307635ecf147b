"""`aict db retention|vacuum|backup` and `aict jobs prune`: the maintenance DAG's commands, by hand.

Each does its work once (a second run with the same moment changes nothing), says what it did
in one line, and answers bad input with one `aict: error: …` line and exit code 1.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from models.articles import Article, RawPage
from models.sources import Feed, FetchEvent
from storage.engine import make_engine, write_session
from storage.maintenance import integrity_errors
from storage.upserts import upsert_articles
from tests.conftest import copy_sqlite
from tests.support.cli import run_aict
from tests.support.data import add_source, make_article

AT = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def seed(url: str) -> None:
    """One feed with 35 daily fetch events; raw pages 10 and 100 days old."""
    engine = make_engine(url)
    try:
        with write_session(engine) as session:
            source_id = add_source(session)
            feed = Feed(source_id=source_id, url="https://example.org/rss.xml", kind="rss")
            session.add(feed)
            session.flush()
            rows = [
                {"feed_id": feed.id, "fetched_at": AT - i * DAY, "status": "ok"} for i in range(35)
            ]
            session.execute(insert(FetchEvent), rows)
            upsert_articles(session, [make_article(source_id, n) for n in range(2)])
        with write_session(engine) as session:
            ids = sorted(session.scalars(select(Article.id)))
            pages = [
                {"article_id": a, "fetched_at": AT - d * DAY, "body_gz": b"x"}
                for a, d in zip(ids, (10, 100), strict=True)
            ]
            session.execute(insert(RawPage), pages)
    finally:
        engine.dispose()


def one_error_line(result) -> str:  # noqa: ANN001 - CompletedProcess
    assert result.returncode == 1, result.stdout + result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("aict: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return line


def test_db_retention_deletes_old_rows_once(db_url: str) -> None:
    seed(db_url)
    first = run_aict("db", "retention", "--db", db_url, "--at", AT.isoformat())
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (
        "retention as of 2026-11-20 00:00 UTC: deleted 5 fetch events, 1 raw page"
    )
    again = run_aict("db", "retention", "--db", db_url, "--at", "2026-11-20T01:00:00+01:00")
    assert again.returncode == 0, again.stderr
    assert "deleted 0 fetch events, 0 raw pages" in again.stdout


def test_db_vacuum(db_url: str) -> None:
    seed(db_url)
    done = run_aict("db", "vacuum", "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "VACUUM and ANALYZE done"


def test_db_backup_copies_a_sqlite_database_checked(tmp_path: Path, sqlite_template: Path) -> None:
    url = copy_sqlite(sqlite_template, tmp_path / "aict.db")
    seed(url)
    done = run_aict("db", "backup", str(tmp_path / "bk"), "--db", url, "--date", "2026-11-20")
    assert done.returncode == 0, done.stderr
    (copy,) = (tmp_path / "bk").glob("*")
    assert copy.name == "aict-2026-11-20.db" and integrity_errors(copy) == []
    assert done.stdout.strip() == f"backup {copy} (integrity_check ok)"
    env = {"AICT_BACKUP_DIR": str(tmp_path / "env-bk"), "AICT_AS_OF": "2026-11-21"}
    default = run_aict("db", "backup", "--db", url, env=env)
    assert default.returncode == 0, default.stderr
    assert [p.name for p in (tmp_path / "env-bk").iterdir()] == ["aict-2026-11-21.db"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("db", "retention", "--at", "2026-11-20"), "needs a UTC offset"),
        (("db", "retention", "--at", "hier"), "is not an ISO 8601 date and time"),
        (("db", "backup", "DIR", "--date", "20-11"), "expected YYYY-MM-DD"),
        (("db", "backup", "DIR", "--db", "postgresql://u@127.0.0.1/x"), "pg_dump"),
        (("db", "retention", "--db", "sqlite:///{tmp}/none.db"), "not initialised"),
        (("db", "vacuum", "--db", "sqlite:///{tmp}/none.db"), "not initialised"),
        (("db", "backup", "{tmp}/bk", "--db", "sqlite:///{tmp}/none.db"), "no database file"),
        (("jobs", "prune", "--days", "0"), "keep at least 1 day"),
        (("jobs", "prune", "--root", "{tmp}/file"), "is not a directory"),
        (("jobs", "prune", "--at", "2026-11-20T00:00"), "needs a UTC offset"),
    ],
)
def test_bad_input_gives_one_line(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    (tmp_path / "file").write_text("x")
    result = run_aict(*(a.format(tmp=tmp_path) for a in args), cwd=tmp_path)
    assert expected in one_error_line(result)
    assert not (tmp_path / "bk").exists() and not (tmp_path / "none.db").exists()


def _aged(path: Path, days: int) -> None:
    path.mkdir(parents=True)
    for level in (path, path.parent):
        os.utime(level, ((AT - days * DAY).timestamp(),) * 2)


def test_jobs_prune_removes_idle_run_directories(tmp_path: Path) -> None:
    root = tmp_path / "jobs"
    stale, recent = root / "aict_crawl_press" / "old-run", root / "aict_crawl_press" / "new-run"
    _aged(stale / "crawl-0", 8)
    _aged(recent / "crawl-0", 2)
    done = run_aict("jobs", "prune", "--root", str(root), "--at", AT.isoformat())
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"removed {stale}", f"1 run directory removed under {root}"]
    assert not stale.exists() and recent.exists()
    fewer_days = run_aict(
        "jobs", "prune", "--root", str(root), "--at", AT.isoformat(), "--days", "1"
    )
    assert fewer_days.returncode == 0, fewer_days.stderr
    assert not recent.exists()
    nothing = run_aict("jobs", "prune", env={"AICT_JOBS_DIR": str(tmp_path / "none")})
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stdout.strip() == f"0 run directories removed under {tmp_path / 'none'}"
