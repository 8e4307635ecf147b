"""digest.environment: the mail settings of ``aict digest`` and the digest DAG's fallbacks."""

from __future__ import annotations

import pytest

from digest.environment import DigestSettings


def test_defaults() -> None:
    settings = DigestSettings.from_env({})
    assert settings == DigestSettings(smtp_url="", sender="", subscriptions=None)


def test_overrides() -> None:
    settings = DigestSettings.from_env(
        {
            "AICT_SMTP_URL": "smtps://u:p@mail.example.org:465",
            "AICT_DIGEST_FROM": "veille@example.org",
            "AICT_SUBSCRIPTIONS": "/etc/aict/subscriptions.yaml",
        }
    )
    assert settings.smtp_url == "smtps://u:p@mail.example.org:465"
    assert settings.sender == "veille@example.org"
    assert settings.subscriptions == "/etc/aict/subscriptions.yaml"


def test_orchestration_falls_back_to_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from orchestration import connections

    monkeypatch.setattr(connections, "_connection", lambda conn_id: None)
    monkeypatch.setenv("AICT_SMTP_URL", "smtp://127.0.0.1:2525")
    monkeypatch.setenv("AICT_DIGEST_FROM", "veille@example.org")
    monkeypatch.setenv("AICT_SUBSCRIPTIONS", "subs.yaml")
    assert connections.smtp_settings() == ("smtp://127.0.0.1:2525", "veille@example.org")
    assert connections.subscriptions_path() == "subs.yaml"
