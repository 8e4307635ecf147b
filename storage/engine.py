"""Engines and sessions for SQLite (embedded default) and PostgreSQL (psycopg 3).

SQLite is set up for several writer processes (reliability.md P-D5): WAL, ``busy_timeout``
5,000 ms, ``foreign_keys=ON`` and ``BEGIN IMMEDIATE`` for write transactions — a deferred
transaction that reads then writes fails at once with "database is locked" despite the busy
timeout, while ``BEGIN IMMEDIATE`` waits for the lock. Read-only work uses
:func:`read_engine`, whose transactions stay deferred so they never block writers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from storage.environment import DEFAULT_URL as DEFAULT_URL
from storage.environment import StorageSettings
from storage.errors import StorageError, describe

SQLITE_BUSY_TIMEOUT_MS = 5000


def resolve_url(url: str | None = None) -> str:
    """The database URL: ``--db``, else ``AICT_DATABASE_URL``, else ``sqlite:///aict.db``.

    ``postgres://`` and ``postgresql://`` are rewritten to ``postgresql+psycopg://`` (psycopg 3;
    Airflow's ``get_uri()`` returns ``postgres://``, which SQLAlchemy 2 refuses).
    """
    url = url or StorageSettings.from_env().database_url
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Build an engine for ``url`` with the project's connection settings.

    Raises :class:`StorageError` with one readable line for an unsupported or malformed URL.
    """
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise StorageError(f"invalid database URL {_safe(resolved)!r}") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StorageError(
            f"unsupported database URL {_safe(resolved)!r}: use sqlite:///FILE or postgresql://…"
        )
    try:
        if backend == "sqlite":
            engine = create_engine(
                parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
            )
            _setup_sqlite(engine)
        else:
            if parsed.drivername == "postgresql":
                parsed = parsed.set(drivername="postgresql+psycopg")
            connect_args = {"options": "-c timezone=UTC", "connect_timeout": 10}
            engine = create_engine(parsed, connect_args=connect_args, pool_pre_ping=True, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StorageError(f"unsupported database URL {_safe(resolved)!r}: {exc}") from exc
    return engine


NOT_INITIALISED = "database {url} is not initialised{why}: run `aict init` (or pass --db)"


def open_initialised(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for a database that ``aict init`` has set up, for every command that reads it.

    Never creates anything: a missing SQLite file is checked before connecting, and the schema
    check opens SQLite read-only. Raises :class:`StorageError` with one line naming the URL
    (password hidden) and "run `aict init` (or pass --db)" when the file is missing or the
    schema is absent (no ``alembic_version`` row).
    """
    resolved = resolve_url(url)
    parsed = _parse(resolved)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_path(parsed.database, parsed.query)
        if path is not None:
            if not os.path.isfile(path):
                raise StorageError(
                    NOT_INITIALISED.format(url=_safe(resolved), why=" (no such file)")
                )
            if not _sqlite_has_schema(path):
                raise StorageError(NOT_INITIALISED.format(url=_safe(resolved), why=""))
        return make_engine(resolved, **kwargs)
    engine = make_engine(resolved, **kwargs)
    try:
        with engine.connect() as conn:
            initialised = inspect(conn).has_table("alembic_version") and (
                conn.exec_driver_sql("SELECT version_num FROM alembic_version").first() is not None
            )
    except BaseException:
        engine.dispose()
        raise
    if not initialised:
        engine.dispose()
        raise StorageError(NOT_INITIALISED.format(url=_safe(resolved), why=""))
    return engine


def _parse(resolved: str) -> Any:
    try:
        return make_url(resolved)
    except ArgumentError as exc:
        raise StorageError(f"invalid database URL {_safe(resolved)!r}") from exc


def _sqlite_path(database: str | None, query: Any) -> str | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    if not database or database == ":memory:":
        return None
    if str(query.get("uri", "")).lower() in ("true", "1") and database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
        if database.startswith("//"):
            database = database[2:]
        if not database or database == ":memory:" or query.get("mode") == "memory":
            return None
    return database


def _sqlite_has_schema(path: str) -> bool:
    """Whether the SQLite file holds a migrated schema (opened read-only: nothing is written)."""
    import sqlite3
    from pathlib import Path

    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(describe(exc)) from None
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        return found is not None and (
            conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None
        )
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            return False
        raise StorageError(describe(exc)) from None
    finally:
        conn.close()


def _safe(url: str) -> str:
    """The URL with its password hidden (it goes to stderr and logs)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and not engine.url.query.get("mode") == "ro":
                cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("aict_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def read_engine(engine: Engine) -> Engine:
    """The same engine whose SQLite transactions begin deferred (for read-only work)."""
    return engine.execution_options(aict_readonly=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (expire_on_commit off: rows are read after commit)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One write transaction: commits on success, rolls back everything on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session


def affected_rows(result: Result[Any]) -> int:
    """The rows an ``INSERT``, ``UPDATE`` or ``DELETE`` touched.

    ``Session.execute`` is typed as returning a plain ``Result``; for a DML statement it is a
    ``CursorResult``, the one with ``rowcount``.
    """
    return cast(CursorResult[Any], result).rowcount or 0
