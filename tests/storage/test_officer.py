"""Officer access: the PostgreSQL read-only role and the SQLite read-only `aict sql`."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from storage.engine import make_engine
from storage.officer import MAX_ROWS, OfficerLimits, grant_officer, regrant_officers, run_query
from tests.support.cli import run_aict


@pytest.fixture
def pg_officer(db_url: str):  # type: ignore[no-untyped-def]
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL roles")
    role = f"officer_{uuid.uuid4().hex[:8]}"
    admin = make_engine(db_url)
    grant_officer(admin, role, OfficerLimits(statement_timeout="2s"))
    grant_officer(admin, role, OfficerLimits(statement_timeout="2s"))  # idempotent
    officer = create_engine(db_url.replace("postgres@", f"{role}@", 1))
    yield admin, officer, role
    officer.dispose()
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP OWNED BY "{role}"')
        conn.exec_driver_sql(f'DROP ROLE "{role}"')
    admin.dispose()


def test_officer_reads_views_only(pg_officer) -> None:  # type: ignore[no-untyped-def]
    _, officer, _ = pg_officer
    with officer.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM v_relay")).scalar() == 0
    for statement in (
        "SELECT * FROM articles",
        "UPDATE sources SET name = 'x'",
        "DELETE FROM countries",
        "DROP VIEW v_relay",
        "CREATE TABLE officer_scratch (a int)",
        "INSERT INTO sources (slug, name, kind) VALUES ('x', 'x', 'press')",
    ):
        with officer.connect() as conn, pytest.raises(DBAPIError):
            conn.exec_driver_sql(statement)


def test_officer_runaway_query_is_cancelled(pg_officer) -> None:  # type: ignore[no-untyped-def]
    _, officer, _ = pg_officer
    with officer.connect() as conn, pytest.raises(DBAPIError, match="statement timeout"):
        conn.exec_driver_sql(
            "SELECT COUNT(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b"
        )


def test_officer_role_settings_and_regrant(pg_officer) -> None:  # type: ignore[no-untyped-def]
    admin, officer, role = pg_officer
    with admin.connect() as conn:
        settings = (
            conn.execute(
                text(
                    "SELECT unnest(setconfig) FROM pg_db_role_setting s JOIN pg_roles r "
                    "ON r.oid = s.setrole WHERE r.rolname = :r"
                ),
                {"r": role},
            )
            .scalars()
            .all()
        )
        limit = conn.execute(
            text("SELECT rolconnlimit FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).scalar()
    assert "idle_in_transaction_session_timeout=60s" in settings
    assert "temp_file_limit=1GB" in settings and "statement_timeout=2s" in settings
    assert limit == 5
    assert OfficerLimits().statement_timeout == "30s"
    # Views recreated by a migration lose their grants; init re-applies them.
    with admin.begin() as conn:
        conn.exec_driver_sql(f'REVOKE SELECT ON v_relay FROM "{role}"')
    assert regrant_officers(admin)["officer roles"] >= 1
    with officer.connect() as conn:
        conn.execute(text("SELECT COUNT(*) FROM v_relay"))


def test_grant_officer_refuses_bad_names_and_sqlite(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        grant_officer(engine, 'x"; DROP TABLE articles; --')


def test_sqlite_sql_is_read_only_and_capped(tmp_path, engine) -> None:  # type: ignore[no-untyped-def]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite read-only mode")
    url = str(engine.url)
    assert run_query(engine, "SELECT COUNT(*) FROM v_articles").rows == [(0,)]
    capped = run_query(
        engine,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        "SELECT x FROM c LIMIT 20000",
    )
    assert len(capped.rows) == MAX_ROWS and capped.truncated
    for statement in (
        "DELETE FROM countries",
        "UPDATE sources SET name = 'x'",
        f"ATTACH '{tmp_path / 'other.db'}' AS other",
        "CREATE TABLE scratch (a)",
        "PRAGMA journal_mode = DELETE",
    ):
        result = run_aict("sql", "--db", url, statement)
        assert result.returncode == 1, statement
        assert result.stderr == "aict: error: read-only: writes are refused\n", statement
    result = run_aict("sql", "--db", url, "PRAGMA table_list")
    assert result.returncode == 1
    assert result.stderr.startswith("aict: error: refused or failed: PRAGMA table_list")
    assert not (tmp_path / "other.db").exists()


def test_report_since_is_validated_not_injected(engine) -> None:  # type: ignore[no-untyped-def]
    url = str(engine.url.render_as_string(hide_password=False))
    for evil in ("2026-01-01'; DROP TABLE articles; --", "1 OR 1=1"):
        result = run_aict("report", "--db", url, "--since", evil)
        assert result.returncode == 1 and "invalid date" in result.stderr
    assert run_aict("report", "--db", url, "--format", "json").returncode == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM countries")).scalar() >= 240
