"""The weekly digest DAG sends once per recipient, however often it runs (reliability.md F5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from digest import outbox
from storage.engine import make_engine
from tests.dags.conftest import load_dag, task_states
from tests.digest.smtp_server import PASSWORD, USER, smtp_server

MONDAY_0700_PARIS = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)
WEEK = "2026-W47"
SENDER = "veille@example.org"
RECIPIENTS = ("elue@example.org", "adjoint@example.org")


def subscriptions(tmp_path: Path) -> Path:
    path = tmp_path / "subscriptions.yaml"
    lines = ["subscriptions:"] + [f"  - email: {r}" for r in RECIPIENTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_digest_dag_run_twice_sends_once(
    airflow_db: Path,
    observatory: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    with smtp_server(auth=True) as (capture, url):
        port = url.rsplit(":", 1)[1]
        # The SMTP provider's conventions; the password only ever lives in the connection.
        monkeypatch.setenv(
            "AIRFLOW_CONN_AICT_SMTP",
            f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}"
            f"?disable_ssl=true&disable_tls=true&from_email={SENDER.replace('@', '%40')}",
        )
        monkeypatch.setenv("AIRFLOW_VAR_AICT_SUBSCRIPTIONS", str(subscriptions(tmp_path)))
        monkeypatch.delenv("AICT_SMTP_URL", raising=False)
        runs = [
            load_dag("aict_weekly_digest").test(logical_date=MONDAY_0700_PARIS) for _ in range(2)
        ]
    for run in runs:
        assert str(run.state) == "success", task_states(run)
        interval = run.data_interval_end - run.data_interval_start
        assert interval == dt.timedelta(days=7)
    for recipient in RECIPIENTS:
        assert len(capture.to(recipient)) == 1, recipient
    assert len(capture.received) == len(RECIPIENTS)
    engine: Engine = make_engine(observatory)
    try:
        assert outbox.states(engine, WEEK) == dict.fromkeys(RECIPIENTS, "sent")
    finally:
        engine.dispose()
    logs = capfd.readouterr()
    assert PASSWORD not in logs.out and PASSWORD not in logs.err
    assert f"digest {WEEK}: 0 sent, {len(RECIPIENTS)} already sent" in logs.out + logs.err
