"""Airflow on a temporary AIRFLOW_HOME with SQLite, set before anything imports airflow.

Each test parses its DAG file afresh (``run_conf`` given to one ``dag.test()`` leaks into later
calls on the same DAG object) and sets retries to 0 where a failure is the point, because
``dag.test()`` waits out real retry delays.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"
AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="aict-airflow-home-"))
atexit.register(shutil.rmtree, AIRFLOW_HOME, ignore_errors=True)
AIRFLOW_ENV = {
    "AIRFLOW_HOME": str(AIRFLOW_HOME),
    "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
}
os.environ.update(AIRFLOW_ENV)


def airflow_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The ``airflow`` command of this virtualenv on the temporary home."""
    airflow = Path(sys.executable).with_name("airflow")
    return subprocess.run(
        [str(airflow), *args],
        env={**os.environ, **AIRFLOW_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """The temporary home with its metadata database migrated (once per session)."""
    done = airflow_cli("db", "migrate")
    assert done.returncode == 0, done.stderr[-2000:]
    return AIRFLOW_HOME


def load_dag(dag_id: str, *, retries: int | None = None):  # noqa: ANN201 - airflow types
    """Parse ``dags/<dag_id>.py`` afresh; optionally force every task's retries."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS / f"{dag_id}.py"))
    assert not bag.import_errors, bag.import_errors
    dag = bag.dags[dag_id]
    if retries is not None:
        for task in dag.tasks:
            task.retries = retries
    return dag


def task_states(run) -> dict[str, list[str]]:  # noqa: ANN001
    """``task_id → [state of each (mapped) instance]`` of a finished ``dag.test()`` run."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.execute(
            select(TaskInstance.task_id, TaskInstance.state).where(
                TaskInstance.dag_id == run.dag_id, TaskInstance.run_id == run.run_id
            )
        ).all()
    states: dict[str, list[str]] = {}
    for task_id, state in rows:
        states.setdefault(task_id, []).append(str(state))
    return states


@pytest.fixture
def observatory(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh migrated SQLite observatory, handed to the DAGs through AICT_DATABASE_URL."""
    path = tmp_path / "aict.db"
    with sqlite3.connect(sqlite_template) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("AICT_DATABASE_URL", url)
    return url


@pytest.fixture
def no_network_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Crawls may reach the demo web's loopback block only."""
    monkeypatch.setenv("AICT_ALLOW_NETWORKS", "127.0.10.0/24")
    yield
