"""crawlers.environment: the crawler's settings from the environment, read at call time."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.environment import CrawlerSettings


def test_defaults() -> None:
    settings = CrawlerSettings.from_env({})
    assert settings == CrawlerSettings()
    assert (settings.allow_networks, settings.scrapy_overrides) == ("", "")
    assert settings.log_level == "WARNING"
    assert settings.jobs_dir == Path("aict-jobs")


def test_overrides() -> None:
    settings = CrawlerSettings.from_env(
        {
            "AICT_ALLOW_NETWORKS": "127.0.30.0/24",
            "AICT_SCRAPY_SETTINGS": '{"DOWNLOAD_DELAY": 0}',
            "AICT_LOG_LEVEL": "DEBUG",
            "AICT_JOBS_DIR": "/srv/jobs",
            "AIRFLOW_HOME": "/opt/airflow",
        }
    )
    assert settings.allow_networks == "127.0.30.0/24"
    assert settings.scrapy_overrides == '{"DOWNLOAD_DELAY": 0}'
    assert settings.log_level == "DEBUG"
    assert settings.jobs_dir == Path("/srv/jobs")


def test_jobs_beside_airflow_home() -> None:
    assert CrawlerSettings.from_env({"AIRFLOW_HOME": "/opt/a"}).jobs_dir == Path("/opt/a/aict-jobs")


def test_read_at_call_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from crawlers.jobdir import jobs_root
    from crawlers.netpolicy import NetworkPolicy
    from crawlers.settings import base_settings, env_overrides

    monkeypatch.setenv("AICT_JOBS_DIR", str(tmp_path))
    monkeypatch.setenv("AICT_LOG_LEVEL", "INFO")
    monkeypatch.setenv("AICT_ALLOW_NETWORKS", "127.0.0.0/8")
    monkeypatch.setenv("AICT_SCRAPY_SETTINGS", '{"DOWNLOAD_DELAY": 3}')
    assert jobs_root() == tmp_path
    assert base_settings()["LOG_LEVEL"] == "INFO"
    assert NetworkPolicy.from_env().covers_loopback_only()
    assert env_overrides() == {"DOWNLOAD_DELAY": 3}
