"""Issue 16 items 3 and 6, offline: the Celery settings have one home, deploy/airflow.env, that
docker-compose.yml and scripts/airflow-celery.sh both read; crawl state survives a worker
(a volume every worker mounts); the lost-worker delays are the documented ones and Celery's
visibility timeout is above the longest task. The running stack: test_airflow_celery.py."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from orchestration import policy
from orchestration.hostname import worker_hostname
from orchestration.runner import default_grace
from tests.dags.test_deployment import REPO, config  # noqa: F401 - the compose fixture

ENV_FILE = REPO / "deploy" / "airflow.env"
SCRIPT = REPO / "scripts" / "airflow-celery.sh"
AIRFLOW_SERVICES = ("airflow-init", "airflow-apiserver", "airflow-scheduler",
                    "airflow-dag-processor", "airflow-triggerer", "airflow-worker")  # fmt: skip


def _bash_reads(path: Path) -> dict[str, str]:
    """What `set -a; . FILE` exports, as the script reads it."""
    done = subprocess.run(
        ["bash", "-c", f'set -a; . "{path}"; env -0'],
        env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    pairs = (item.split("=", 1) for item in done.stdout.split("\0") if "=" in item)
    return {k: v for k, v in pairs if k.startswith(("AIRFLOW", "AICT"))}


def test_one_env_file_read_by_compose_and_the_local_script(config: dict) -> None:  # noqa: F811
    shared = _bash_reads(ENV_FILE)
    assert shared["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    for name in AIRFLOW_SERVICES:
        env = config["services"][name]["environment"]
        assert {k: env.get(k) for k in shared} == shared, name  # compose reads the same values
    text = SCRIPT.read_text(encoding="utf-8")
    assert '. "$repo/deploy/airflow.env"' in text and "set -a" in text
    assert subprocess.run(["bash", "-n", str(SCRIPT)], check=False).returncode == 0
    # The compose topology: four components and two workers with host names of their own.
    for component in ("scheduler", "dag-processor", "triggerer", "api-server"):
        assert component in text
    assert "workers=(worker-1 worker-2)" in text and '--celery-hostname "$name@%h"' in text
    assert "airflow-celery:" in (REPO / "Makefile").read_text(encoding="utf-8")
    assert ".airflow-celery/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()


def test_crawl_state_is_on_a_volume_every_worker_mounts(config: dict) -> None:  # noqa: F811
    for name in AIRFLOW_SERVICES:
        service = config["services"][name]
        root = service["environment"]["AICT_JOBS_DIR"]
        mounts = {v["target"]: v for v in service["volumes"]}
        assert mounts[root]["type"] == "volume" and mounts[root]["source"] == "aict-jobs", name
    assert "aict-jobs" in config["volumes"]
    # Private to the Airflow user: the job directories hold pickles.
    init = " ".join(config["services"]["airflow-init"]["command"])
    assert "chmod 0700 /opt/airflow/aict-jobs" in init


def test_lost_worker_delays_and_visibility_timeout() -> None:
    shared = _bash_reads(ENV_FILE)
    heartbeat = int(shared["AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT"])
    visibility = int(shared["AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT"])
    assert heartbeat == 120  # docs/operations.md, "A lost worker"
    timeouts = [getattr(policy, n) for n in dir(policy) if n.endswith("_TIMEOUT")]
    longest = max(t.total_seconds() for t in timeouts)
    assert longest == policy.CRAWL_TIMEOUT.total_seconds()
    # Above the longest task and its grace: a running task is never handed to a second worker.
    assert visibility > longest + default_grace(longest)
    assert visibility < 86400  # below Celery's default, which made every worker warn
    docs = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    assert "## A lost worker" in docs and "=120" in docs and "=10800" in docs


def test_worker_hostname(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("AICT_WORKER_HOSTNAME", "worker-2")
    assert worker_hostname() == "worker-2"
    monkeypatch.delenv("AICT_WORKER_HOSTNAME")
    assert worker_hostname() and worker_hostname() != "worker-2"
    assert os.environ.get("AICT_WORKER_HOSTNAME") is None
