"""cli.environment: the traceback switch and the SQL session's history file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.environment import CliSettings


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = CliSettings.from_env({})
    assert settings.debug is False
    assert settings.history_path() == tmp_path / ".local/share/aict/sql_history"


def test_overrides(tmp_path: Path) -> None:
    settings = CliSettings.from_env({"AICT_DEBUG": "1", "XDG_DATA_HOME": f" {tmp_path} "})
    assert settings.debug is True
    assert settings.history_path() == tmp_path / "aict" / "sql_history"
    history = CliSettings.from_env({"AICT_SQL_HISTORY": " /dev/null ", "XDG_DATA_HOME": "/x"})
    assert history.history_path() == Path("/dev/null")


def test_history_read_at_call_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from cli.sqlshell import history_path

    monkeypatch.setenv("AICT_SQL_HISTORY", str(tmp_path / "h"))
    assert history_path() == tmp_path / "h"
