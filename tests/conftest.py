"""Shared fixtures: migrated databases on SQLite and PostgreSQL.

PostgreSQL tests use ``AICT_TEST_POSTGRES_URL`` (default: the machine's server, database
``test``, trust auth). Each test session creates a migrated template database once (schema +
reference data) and every test gets a fresh copy (``CREATE DATABASE … TEMPLATE``), dropped
afterwards. When ``CI`` is set an unreachable server fails the run; elsewhere PostgreSQL tests
skip with the reason.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from storage.bootstrap import init_database
from storage.engine import make_engine, resolve_url

PG_ADMIN_URL = os.environ.get(
    "AICT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DIALECTS = ["sqlite", "postgresql"]


def _pg_admin() -> Engine:
    return make_engine(resolve_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT")


def _pg_reachable() -> str | None:
    try:
        engine = _pg_admin()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return str(exc).splitlines()[0]


def require_postgres() -> None:
    """Skip (outside CI) or fail (in CI) when the PostgreSQL server cannot be reached."""
    problem = _pg_reachable()
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL must run in CI but is unreachable: {problem}")
    pytest.skip(f"PostgreSQL not reachable (set CI to make this a failure): {problem}")


def pg_url_for(dbname: str) -> str:
    return make_url(resolve_url(PG_ADMIN_URL)).set(database=dbname).render_as_string(False)


def create_pg_database(name: str, template: str | None = None) -> str:
    admin = _pg_admin()
    with admin.connect() as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    admin.dispose()
    return pg_url_for(name)


def drop_pg_database(name: str) -> None:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with reference data, copied for each test."""
    path = tmp_path_factory.mktemp("tmpl") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    init_database(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(run_id: str) -> Iterator[str]:
    """A migrated PostgreSQL template database with reference data, for this test session."""
    require_postgres()
    name = f"aict_tmpl_{run_id}"
    url = create_pg_database(name)
    engine = make_engine(url)
    init_database(engine)
    engine.dispose()
    yield name
    drop_pg_database(name)


def copy_sqlite(template: Path, path: Path) -> str:
    """A copy of the migrated SQLite ``template`` at ``path``; returns its URL."""
    with sqlite3.connect(template) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    return f"sqlite:///{path}"


def query_db(url: str, sql: str, **params: object) -> list:
    """Rows of ``sql`` on the database at ``url`` (a short-lived engine: crawls run in
    subprocesses, so tests read what they wrote through a fresh connection)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


@contextmanager
def fresh_database(request: pytest.FixtureRequest, tmp: Path, prefix: str) -> Iterator[str]:
    """A fresh migrated database with reference data on ``request.param``'s dialect.

    For fixtures parametrised over :data:`DIALECTS`, including module-scoped ones that crawl
    once and assert many times; a PostgreSQL copy is dropped on exit.
    """
    if request.param == "sqlite":
        yield copy_sqlite(request.getfixturevalue("sqlite_template"), tmp / "aict.db")
        return
    name = f"aict_{prefix}_{uuid.uuid4().hex[:10]}"
    url = create_pg_database(name, template=request.getfixturevalue("pg_template"))
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(params=DIALECTS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, run_id: str) -> Iterator[str]:
    """URL of a fresh migrated database with reference data, on each dialect."""
    with fresh_database(request, tmp_path, f"t_{run_id}") as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on :func:`db_url`."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(params=DIALECTS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path, run_id: str) -> Iterator[str]:
    """URL of an empty database (no schema), on each dialect."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    require_postgres()
    name = f"aict_e_{run_id}_{uuid.uuid4().hex[:8]}"
    url = create_pg_database(name)
    yield url
    drop_pg_database(name)
