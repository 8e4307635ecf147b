"""storage.environment: the storage settings, the shared default-directory rule and the warning
about unknown ``AICT_*`` variables (every layer's settings go through it)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from storage import environment
from storage.environment import StorageSettings, default_dir, read_environment, unknown_variables

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no name warned about yet."""
    monkeypatch.setattr(environment, "_warned", set())


def test_defaults_from_an_empty_environment() -> None:
    settings = StorageSettings.from_env({})
    assert settings == StorageSettings()
    assert settings.database_url == "sqlite:///aict.db"
    assert settings.as_of is None
    assert settings.backup_dir == Path("backups")


def test_overrides() -> None:
    settings = StorageSettings.from_env(
        {
            "AICT_DATABASE_URL": "postgresql://db/aict",
            "AICT_AS_OF": "2026-11-02",
            "AICT_BACKUP_DIR": "/srv/backups",
            "AIRFLOW_HOME": "/opt/airflow",
        }
    )
    assert settings.database_url == "postgresql://db/aict"
    assert settings.as_of == "2026-11-02"
    assert settings.backup_dir == Path("/srv/backups")


def test_empty_values_mean_unset() -> None:
    settings = StorageSettings.from_env({"AICT_DATABASE_URL": "", "AICT_AS_OF": ""})
    assert settings.database_url == "sqlite:///aict.db"
    assert settings.as_of is None


def test_backups_beside_airflow_home() -> None:
    settings = StorageSettings.from_env({"AIRFLOW_HOME": "/opt/airflow"})
    assert settings.backup_dir == Path("/opt/airflow/backups")


def test_default_dir_rule() -> None:
    assert default_dir("/x", "/home", "jobs") == Path("/x")
    assert default_dir("", "/home", "jobs") == Path("/home/jobs")
    assert default_dir(None, None, "jobs") == Path("jobs")


def test_read_at_call_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from storage.engine import resolve_url
    from storage.maintenance import backup_dir
    from storage.timeutil import paris_today

    monkeypatch.setenv("AICT_DATABASE_URL", "postgres://h/db")
    monkeypatch.setenv("AICT_AS_OF", "2026-03-01")
    monkeypatch.setenv("AICT_BACKUP_DIR", str(tmp_path))
    assert resolve_url() == "postgresql+psycopg://h/db"
    assert paris_today().isoformat() == "2026-03-01"
    assert backup_dir() == tmp_path


def test_unknown_aict_variable_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    env = {"AICT_DATABSE_URL": "sqlite:///x.db", "AICT_AS_OF": "2026-01-05", "HOME": "/root"}
    with caplog.at_level(logging.WARNING, logger="storage.environment"):
        StorageSettings.from_env(env)
        StorageSettings.from_env(env)
        read_environment(env)
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "AICT_DATABSE_URL" in warnings[0]


def test_known_and_foreign_variables_do_not_warn(caplog: pytest.LogCaptureFixture) -> None:
    env = {
        "AICT_DATABASE_URL": "sqlite:///x.db",
        "AICT_CV_STACKER_C": "2",
        "AICT_TEST_POSTGRES_URL": "postgresql://localhost/test",
        "AIRFLOW_HOME": "/opt/airflow",
        "PATH": "/usr/bin",
    }
    with caplog.at_level(logging.WARNING, logger="storage.environment"):
        StorageSettings.from_env(env)
    assert caplog.records == []
    assert unknown_variables(env) == []


def test_every_documented_or_scripted_variable_is_known() -> None:
    """The README's configuration table, the scripts and docker-compose name no variable the
    settings would call a typo."""
    texts = [ROOT / "README.md", ROOT / "docker-compose.yml", *sorted(ROOT.glob("scripts/*"))]
    names = {
        name
        for path in texts
        if path.is_file()
        for name in re.findall(r"\bAICT_[A-Z0-9_]*[A-Z0-9]\b", path.read_text(encoding="utf-8"))
    }
    assert names, "no AICT_ variable found: the scan reads the wrong files"
    scrapy_keys = {"AICT_EXTRACT_TIMEOUT"}  # a key of AICT_SCRAPY_SETTINGS, not a variable
    assert unknown_variables(dict.fromkeys(names - scrapy_keys, "")) == []
