"""`aict init` and `aict --version` through the real console script."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run_aict


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


def test_init_with_a_sources_file_loads_it_instead_of_the_bundled_registry(tmp_path: Path) -> None:
    """Issue 16 item 5: `make airflow-demo`'s database holds the demo registry only, so a demo
    council sharing a real slug keeps its demo homepage however often `aict init` runs."""
    import sqlite3

    demo = tmp_path / "demo-sources.yaml"
    demo.write_text(
        "sources:\n- slug: ville-de-brest\n  name: Ville de Brest\n  kind: council\n"
        "  collectivite: commune:29019\n  homepage: http://127.0.10.21:8780/\n"
        "  departments: ['29']\n  feeds:\n  - url: http://127.0.10.21:8780/feed/\n    kind: rss\n",
        encoding="utf-8",
    )
    db = tmp_path / "demo.db"
    for _ in range(2):  # every start of `make airflow-demo` runs it again
        result = run_aict("init", "--db", f"sqlite:///{db}", "--sources", str(demo))
        assert result.returncode == 0, result.stderr
    assert "1 registry sources" in result.stdout
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT slug, homepage FROM sources").fetchall()
    assert rows == [("ville-de-brest", "http://127.0.10.21:8780/")]


def test_init_with_a_bad_sources_file_gives_one_line(tmp_path: Path) -> None:
    result = run_aict("init", "--db", f"sqlite:///{tmp_path / 'a.db'}",
                      "--sources", str(tmp_path / "missing.yaml"))  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"aict: error: sources file not found: {tmp_path / 'missing.yaml'}"
    ]
