"""Read-only access for communication officers (reliability.md P-S1, P-S2).

PostgreSQL: :func:`grant_officer` creates (or updates) a login role with SELECT on the officer
views only, no table privileges, and session limits set on the role. Roles are marked with a
comment so ``aict init`` can re-apply grants after migrations (:func:`regrant_officers`).
SQLite: :func:`sqlite_readonly` opens the file read-only with an authorizer that denies
ATTACH and every write; :func:`run_query` caps results at :data:`MAX_ROWS` rows.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from storage.views import VIEW_NAMES

MAX_ROWS = 10_000
ROLE_MARK = "aict officer (read-only views)"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


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


def _grant_views(conn, quoted: str) -> None:  # type: ignore[no-untyped-def]
    database = conn.dialect.identifier_preparer.quote(
        conn.execute(text("SELECT current_database()")).scalar()
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


def sqlite_readonly(path: str, timeout_s: float = 30.0) -> sqlite3.Connection:
    """A read-only SQLite connection: ``mode=ro``, writes and ATTACH denied, queries time out."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    conn.set_authorizer(_authorizer)
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
    """Run one officer query read-only and return at most :data:`MAX_ROWS` rows."""
    if engine.dialect.name == "sqlite":
        conn = sqlite_readonly(engine.url.database or "", timeout_s)
        try:
            cursor = conn.execute(query)
            rows = cursor.fetchmany(MAX_ROWS + 1)
            columns = [d[0] for d in cursor.description or []]
        finally:
            conn.close()
    else:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            conn.exec_driver_sql(f"SET LOCAL statement_timeout = '{int(timeout_s * 1000)}ms'")
            # The driver's own cursor with no parameters, so a '%' in LIKE '%x%' stays literal.
            cursor = conn.connection.cursor()
            try:
                cursor.execute(query)
                columns = [d[0] for d in cursor.description or []]
                rows = [tuple(r) for r in cursor.fetchmany(MAX_ROWS + 1)] if columns else []
            finally:
                cursor.close()
            conn.rollback()
    return QueryResult(columns, [tuple(r) for r in rows[:MAX_ROWS]], len(rows) > MAX_ROWS)
