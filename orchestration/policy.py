"""Retry, timeout and pool settings every DAG shares (reliability.md P-A1, P-A3).

Kept here, not in each DAG file, so the numbers have one home and a test can check them.
Airflow's own defaults are no retries and no timeout.
"""

from __future__ import annotations

from datetime import timedelta

OWNER = "aict-observatory"
#: The writer pool: 1 slot on SQLite (one writer at a time), more on PostgreSQL.
WRITER_POOL = "aict_db_writer"
#: Crawl tasks running at once per DAG, whatever the number of workers.
MAX_ACTIVE_CRAWLS = 16

CRAWL_TIMEOUT = timedelta(hours=2)
PARSE_TIMEOUT = timedelta(minutes=10)
TAG_TIMEOUT = timedelta(hours=1)
MEASURE_TIMEOUT = timedelta(minutes=30)
MAINTENANCE_TIMEOUT = timedelta(hours=1)
SEND_TIMEOUT = timedelta(minutes=30)


def default_args() -> dict[str, object]:
    """Task defaults: 3 retries with exponential backoff capped at 30 minutes, a timeout."""
    return {
        "owner": OWNER,
        "retries": 3,
        "retry_delay": timedelta(minutes=1),
        # A float multiplier in Airflow 3 (True meant 2.0 in Airflow 2).
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": PARSE_TIMEOUT,
    }


def seconds(delta: timedelta, margin: float = 0.95) -> float:
    """A subprocess timeout a little under the task's, so the child dies first and is reported."""
    return delta.total_seconds() * margin
