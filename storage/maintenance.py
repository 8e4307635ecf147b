"""Housekeeping of the observatory database: retention, VACUUM/ANALYZE, online SQLite backup.

What ``aict db retention``, ``aict db vacuum`` and ``aict db backup`` run (the maintenance DAG
runs those commands). Retention (design.md "Health and completeness"): fetch events keep the
last 30 per feed in detail (the per-day health rows keep the sums forever); raw HTML is kept
90 days so texts can be re-extracted. Cut-offs come from a given moment (the DAG run's data
interval), never from ``now()`` inside, so a rerun deletes the same rows (zero the second time).

Backup: copying the ``.db`` file while a crawl writes can give a corrupt copy (the WAL is not
in it); ``sqlite3.Connection.backup`` copies a consistent snapshot while writers go on
(reliability.md D4). The copy is checked with ``integrity_check`` before it counts as a backup;
a failed check removes it. PostgreSQL is backed up with ``pg_dump`` by the deployment.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.engine import make_url

from models.articles import RawPage
from models.sources import FetchEvent
from storage.engine import affected_rows, write_session
from storage.environment import StorageSettings

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
        return affected_rows(result)


def prune_raw_pages(engine: Engine, before: dt.datetime) -> int:
    """Delete raw HTML fetched before ``before`` (articles and their texts are kept)."""
    with write_session(engine) as session:
        result = session.execute(delete(RawPage).where(RawPage.fetched_at < before))
        return affected_rows(result)


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
            raw = cast(sqlite3.Connection, conn.connection.driver_connection)
            raw.execute("VACUUM")
            raw.execute("ANALYZE")
        else:
            conn.execute(text("VACUUM (ANALYZE)"))


class BackupError(RuntimeError):
    """The backup could not be made or did not pass its integrity check."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a ``sqlite:///…`` URL, or None for another backend or memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def integrity_errors(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a database file; empty when it is sound."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def backup_sqlite(source: Path, dest_dir: Path, stamp: str) -> Path:
    """Copy ``source`` online to ``dest_dir/<stem>-<stamp>.db`` and check the copy.

    ``stamp`` comes from the run (its logical date), so a rerun overwrites its own backup.
    """
    if not source.exists():
        raise BackupError(f"no database file at {source}")
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / f"{source.stem}-{stamp}.db"
    partial = target.with_suffix(".db.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        # One step: the copy reads one consistent WAL snapshot while writers go on. Copying in
        # small steps restarts whenever another connection writes, so a busy database could
        # never finish (seen with a continuous writer).
        src.backup(dst)
        # The copy inherits WAL mode; a self-contained file restores by a plain copy.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    errors = integrity_errors(partial)
    if errors:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source.name} failed integrity_check: {errors[0]}")
    partial.replace(target)
    return target


def backup_dir() -> Path:
    """``AICT_BACKUP_DIR``, else ``$AIRFLOW_HOME/backups``, else ``./backups``."""
    return StorageSettings.from_env().backup_dir
