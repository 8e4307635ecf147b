"""Issue 13 item 4: a database that is not initialised gets one line, and readers create no file.

Each reading command is run without ``--db`` (nor ``AICT_DATABASE_URL``) in an empty folder:
exit 1, one stderr line naming the URL and "run `aict init` (or pass --db)", no traceback and
nothing left in the folder. An existing SQLite file without a schema gets the same line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.cli import run_aict

READERS = [
    ("report",),
    ("digest",),
    ("sql", "SELECT 1"),
    ("measure", "--as-of", "2025-11-29"),
    ("tag",),
]
NO_URL = {"AICT_DATABASE_URL": ""}


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("args", READERS, ids=[a[0] for a in READERS])
def test_missing_default_database_gives_one_line_and_creates_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run_aict(*args, env=NO_URL, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert "sqlite:///aict.db" in line
    assert "run `aict init` (or pass --db)" in line
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("args", READERS, ids=[a[0] for a in READERS])
def test_file_without_schema_gives_the_same_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "aict.db").write_bytes(b"")
    result = run_aict(*args, env=NO_URL, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert "sqlite:///aict.db" in line and "aict init" in line
    assert sorted(os.listdir(tmp_path)) == ["aict.db"]
    assert (tmp_path / "aict.db").read_bytes() == b""


def test_missing_file_named_by_db_is_reported_with_its_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'x.db'}"
    result = run_aict("report", "--db", url, cwd=tmp_path)
    assert result.returncode == 1
    assert url in _one_line(result.stderr) and "aict init" in result.stderr
    assert os.listdir(tmp_path) == []


def test_empty_postgres_database_is_named_with_password_masked() -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import create_pg_database, drop_pg_database, require_postgres

    require_postgres()
    name = f"aict_noinit_{os.getpid()}"
    drop_pg_database(name)
    url = create_pg_database(name)
    try:
        parsed = make_url(url)
        if parsed.password is None:  # trust authentication ignores it; it must not be printed
            url = parsed.set(password="s3cret-pw").render_as_string(hide_password=False)
        result = run_aict("report", "--db", url)
        assert result.returncode == 1, result.stderr
        line = _one_line(result.stderr)
        assert name in line and "run `aict init` (or pass --db)" in line
        assert "s3cret-pw" not in line and "***" in line
    finally:
        drop_pg_database(name)
