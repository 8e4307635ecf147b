"""Read-only access for communication officers (reliability.md P-S1, P-S2).

PostgreSQL: :func:`grant_officer` creates (or updates) a login role with SELECT on the officer
views only, no table privileges, and session limits set on the role. Roles are marked with a
comment so ``aict init`` can re-apply grants after migrations (:func:`regrant_officers`).
SQLite: :func:`sqlite_readonly` opens the file read-only with an authorizer that denies
ATTACH and every write; :func:`run_query` caps results at :data:`MAX_ROWS` rows and turns every
database error into a one-line :class:`QueryError` (:class:`WriteRefused` for a write, on both
databases). :func:`describe_views` and :func:`view_columns` answer ``aict sql``'s ``\\d``.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from storage.views import VIEW_NAMES

MAX_ROWS = 10_000
READ_ONLY = "read-only: writes are refused"
ROLE_MARK = "aict officer (read-only views)"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class QueryError(ValueError):
    """An officer query the database refused or could not run (one line)."""


class WriteRefused(QueryError):
    """A write (or ATTACH) in a read-only officer session."""

    def __init__(self) -> None:
        super().__init__(READ_ONLY)


@dataclass(frozen=True)
class OfficerLimits:
    statement_timeout: str = "30s"
    idle_in_transaction_session_timeout: str = "60s"
    temp_file_limit: str = "1GB"
    connection_limit: int = 5


def check_role_name(name: str) -> str:
    """A safe role name (lower-case identifier), or ValueError."""
    if not _ROLE_NAME.match(name):
        raise ValueError(f"invalid role name {name!r}: use lower-case letters, digits and _")
    return name


def _setting(value: str) -> str:
    if not re.match(r"^\d+\s*(ms|s|min|h|kB|MB|GB)?$", value):
        raise ValueError(f"invalid setting value {value!r}")
    return value


def grant_officer(engine: Engine, name: str, limits: OfficerLimits = OfficerLimits()) -> None:
    """Create or update the read-only officer role ``name`` (idempotent)."""
    if engine.dialect.name != "postgresql":
        raise ValueError("grant-officer needs PostgreSQL; on SQLite use `aict sql` (read-only)")
    role = check_role_name(name)
    quoted = engine.dialect.identifier_preparer.quote(role)
    # Identifiers cannot be bound parameters: the name is validated above and quoted.
    statements = [
        f"ALTER ROLE {quoted} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
        f"CONNECTION LIMIT {int(limits.connection_limit)}",
        f"ALTER ROLE {quoted} SET statement_timeout = '{_setting(limits.statement_timeout)}'",
        f"ALTER ROLE {quoted} SET idle_in_transaction_session_timeout = "
        f"'{_setting(limits.idle_in_transaction_session_timeout)}'",
        f"ALTER ROLE {quoted} SET temp_file_limit = '{_setting(limits.temp_file_limit)}'",
        f"ALTER ROLE {quoted} SET default_transaction_read_only = on",
        f"ALTER ROLE {quoted} SET timezone = 'UTC'",
        f"COMMENT ON ROLE {quoted} IS '{ROLE_MARK}'",
    ]
    with engine.begin() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": role}
        ).first()
        if not exists:
            conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
        for statement in statements:
            conn.exec_driver_sql(statement)
        _grant_views(conn, quoted)


def _grant_views(conn: Connection, quoted: str) -> None:
    database = conn.dialect.identifier_preparer.quote(
        conn.execute(text("SELECT current_database()")).scalar_one()
    )
    conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {database} TO {quoted}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}")
    conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {quoted}")
    for view in VIEW_NAMES:
        conn.exec_driver_sql(f"GRANT SELECT ON {view} TO {quoted}")


def regrant_officers(engine: Engine) -> dict[str, int]:
    """Re-apply view grants to every officer role (views may have been recreated)."""
    if engine.dialect.name != "postgresql":
        return {}
    with engine.begin() as conn:
        roles = (
            conn.execute(
                text(
                    "SELECT r.rolname FROM pg_roles r JOIN pg_shdescription d "
                    "ON d.objoid = r.oid AND d.classoid = 'pg_authid'::regclass "
                    "WHERE d.description = :mark"
                ),
                {"mark": ROLE_MARK},
            )
            .scalars()
            .all()
        )
        for role in roles:
            _grant_views(conn, conn.dialect.identifier_preparer.quote(role))
    return {"officer roles": len(roles)} if roles else {}


# --- SQLite ----------------------------------------------------------------------------------

_ALLOWED = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}
_READ_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list"}


def _authorizer(
    action: int, arg1: str | None, arg2: str | None, db: str | None, src: str | None
) -> int:
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg1 in _READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def sqlite_readonly(
    path: str, timeout_s: float = 30.0, denied: list[tuple[int, str | None]] | None = None
) -> sqlite3.Connection:
    """A read-only SQLite connection: ``mode=ro``, writes and ATTACH denied, queries time out.

    ``denied``, when given, collects ``(action, arg1)`` of each denied authorisation, so that
    the caller can tell a write from a read it does not offer.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)

    def _authorize(
        action: int, arg1: str | None, arg2: str | None, db: str | None, src: str | None
    ) -> int:
        verdict = _authorizer(action, arg1, arg2, db, src)
        if verdict != sqlite3.SQLITE_OK and denied is not None:
            denied.append((action, arg1 if arg2 is None else f"{arg1}={arg2}"))
        return verdict

    conn.set_authorizer(_authorize)
    deadline = time.monotonic() + timeout_s

    def _progress() -> int:  # a non-zero return interrupts the running statement
        return 1 if time.monotonic() > deadline else 0

    conn.set_progress_handler(_progress, 10_000)
    return conn


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool


def run_query(engine: Engine, query: str, timeout_s: float = 30.0) -> QueryResult:
    """Run one officer query read-only and return at most :data:`MAX_ROWS` rows.

    Raises :class:`WriteRefused` for a write and :class:`QueryError` (one line) for any other
    error the database reports; the session stays usable after either.
    """
    if engine.dialect.name == "sqlite":
        denied: list[tuple[int, str | None]] = []
        conn = sqlite_readonly(engine.url.database or "", timeout_s, denied)
        try:
            cursor = conn.execute(query)
            rows = cursor.fetchmany(MAX_ROWS + 1)
            columns = [d[0] for d in cursor.description or []]
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, denied) from None
        finally:
            conn.close()
    else:
        import psycopg

        with engine.connect() as pg:
            pg.exec_driver_sql("SET TRANSACTION READ ONLY")
            pg.exec_driver_sql(f"SET LOCAL statement_timeout = '{int(timeout_s * 1000)}ms'")
            # The driver's own cursor with no parameters, so a '%' in LIKE '%x%' stays literal.
            pg_cursor = pg.connection.cursor()
            try:
                pg_cursor.execute(query)
                columns = [d[0] for d in pg_cursor.description or []]
                rows = [tuple(r) for r in pg_cursor.fetchmany(MAX_ROWS + 1)] if columns else []
            except psycopg.Error as exc:
                pg.rollback()
                if exc.sqlstate == _PG_READ_ONLY:
                    raise WriteRefused() from None
                raise QueryError(_first_line(exc)) from None
            finally:
                pg_cursor.close()
            pg.rollback()
    return QueryResult(columns, [tuple(r) for r in rows[:MAX_ROWS]], len(rows) > MAX_ROWS)


_PG_READ_ONLY = "25006"  # read_only_sql_transaction


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _sqlite_error(exc: sqlite3.Error, denied: list[tuple[int, str | None]]) -> QueryError:
    message = _first_line(exc)
    if "readonly database" in message:
        return WriteRefused()
    if denied:
        action, what = denied[0]
        if action == sqlite3.SQLITE_PRAGMA and what is not None and "=" not in what:
            return QueryError(f"PRAGMA {what} is not offered (read-only session)")
        return WriteRefused()
    return QueryError(message)


def _view_names(engine: Engine) -> list[str]:
    """The officer views present in this database, in design order."""
    if engine.dialect.name == "sqlite":
        found = run_query(engine, "SELECT name FROM sqlite_master WHERE type = 'view'")
    else:
        found = run_query(
            engine,
            "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()",
        )
    present = {row[0] for row in found.rows}
    return [name for name in VIEW_NAMES if name in present]


def view_columns(engine: Engine, name: str) -> list[tuple[str, str]]:
    """``(column, type)`` of the officer view ``name``; QueryError when there is no such view."""
    if name not in _view_names(engine):
        raise QueryError(f"no view named {name!r} (\\d lists them)")
    if engine.dialect.name == "sqlite":
        # Identifiers cannot be bound: ``name`` is one of VIEW_NAMES, checked above.
        rows = run_query(engine, f"PRAGMA table_info({name})").rows
        return [(row[1], row[2] or "") for row in rows]
    # run_query takes no parameters; ``name`` is one of VIEW_NAMES (checked above).
    rows = run_query(
        engine,
        "SELECT column_name, data_type FROM information_schema.columns "  # noqa: S608
        f"WHERE table_schema = current_schema() AND table_name = '{name}' "
        "ORDER BY ordinal_position",
    ).rows
    return [(row[0], row[1]) for row in rows]


def describe_views(engine: Engine) -> list[tuple[str, str]]:
    """``(view, its columns comma-separated)`` for every officer view in the database."""
    return [
        (name, ", ".join(column for column, _ in view_columns(engine, name)))
        for name in _view_names(engine)
    ]
