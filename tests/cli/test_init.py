"""`aict init` and `aict --version` through the real console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

AICT = [sys.executable, "-m", "cli"]


def run_aict(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AICT, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )


def test_version() -> None:
    result = run_aict("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("aict ") and "nlp_version" in result.stdout


def test_init_twice_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    first = run_aict("init", "--db", url)
    assert first.returncode == 0, first.stderr
    second = run_aict("init", "--db", url)
    assert second.returncode == 0, second.stderr
    assert "34,875" not in second.stderr


def test_database_url_from_environment(tmp_path: Path) -> None:
    result = run_aict("init", env={"AICT_DATABASE_URL": f"sqlite:///{tmp_path / 'env.db'}"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("nonsense://x", "unsupported database URL"),
        ("postgresql://postgres@127.0.0.1:5999/test", "database unreachable"),
        ("postgresql://no_such_role_aict@127.0.0.1:5432/test", "refused the connection"),
        ("sqlite:////proc/aict-readonly/aict.db", "cannot open the SQLite file"),
        ("sqlite:///file:{tmp}/ro.db?mode=ro&uri=true", "aict: error:"),
    ],
)
def test_bad_databases_give_one_clear_line(tmp_path: Path, url: str, expected: str) -> None:
    if "5432" in url:
        from tests.conftest import require_postgres

        require_postgres()
    result = run_aict("init", "--db", url.format(tmp=tmp_path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
