"""orchestration.environment: what the Airflow side reads from the environment itself."""

from __future__ import annotations

from orchestration.environment import OrchestrationSettings


def test_defaults_and_override() -> None:
    assert OrchestrationSettings.from_env({}).worker_hostname is None
    assert OrchestrationSettings.from_env({"AICT_WORKER_HOSTNAME": ""}).worker_hostname is None
    named = OrchestrationSettings.from_env({"AICT_WORKER_HOSTNAME": "worker-1"})
    assert named.worker_hostname == "worker-1"
