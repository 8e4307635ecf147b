"""
### aict_maintenance — retention, backup and VACUUM/ANALYZE every night

**What it does.** Each task runs one `aict` command in its own process, like every other
DAG; the same commands run by hand without Airflow (docs/operations.md).
1. `retention` (`aict db retention --at <end of the data interval>`): keeps the last 30 fetch
   events of every feed (per-day feed health keeps the sums) and deletes raw HTML older than
   90 days before the end of the data interval; articles and their texts are kept.
2. `vacuum_analyze` (`aict db vacuum`): reclaims space and refreshes the planner statistics.
3. `backup` (`aict db backup --date <run date>`): for a SQLite database, an online copy
   with SQLite's backup API into `AICT_BACKUP_DIR` (default `$AIRFLOW_HOME/backups`), named
   after the run's date and checked with `PRAGMA integrity_check`; a copy that fails the check
   is deleted and the task fails. A PostgreSQL database is skipped here: back it up with
   `pg_dump` (see docs/operations.md).
4. `prune_job_dirs` (`aict jobs prune --at <end of the data interval>`): removes the crawl job
   directories (`AICT_JOBS_DIR`, default `$AIRFLOW_HOME/aict-jobs`) that nothing touched for
   7 days before the end of the data interval; a directory a crawl still holds is kept. It
   sees the job directories of the worker it runs on (or of the volume `AICT_JOBS_DIR` shares
   between workers).

**Rerun / backfill.** Safe: retention cut-offs come from the run's data interval, so a rerun
deletes nothing more; the backup of a rerun replaces the same file; pruning again finds
nothing more to remove.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from orchestration import policy


@dag(
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["aict", "maintenance"],
    default_args=policy.default_args(),
)
def aict_maintenance() -> None:
    @task(execution_timeout=policy.MAINTENANCE_TIMEOUT, pool=policy.WRITER_POOL)
    def retention(data_interval_end=None, dag_run=None) -> dict[str, object]:
        from orchestration.rundates import run_clock
        from orchestration.runner import run_task

        at = run_clock(data_interval_end, dag_run).isoformat()
        return run_task(["db", "retention", "--at", at], policy.MAINTENANCE_TIMEOUT)

    @task(execution_timeout=policy.MAINTENANCE_TIMEOUT, pool=policy.WRITER_POOL)
    def vacuum_analyze() -> dict[str, object]:
        from orchestration.runner import run_task

        return run_task(["db", "vacuum"], policy.MAINTENANCE_TIMEOUT)

    @task(execution_timeout=policy.MAINTENANCE_TIMEOUT)
    def backup(data_interval_end=None, dag_run=None) -> dict[str, object]:
        from airflow.sdk.exceptions import AirflowSkipException

        from orchestration.connections import database_url
        from orchestration.rundates import paris_date, run_clock
        from orchestration.runner import run_task
        from storage.maintenance import sqlite_path

        if sqlite_path(database_url()) is None:
            raise AirflowSkipException("not a SQLite database: back it up with pg_dump")
        # Into AICT_BACKUP_DIR, else $AIRFLOW_HOME/backups, read by the command itself.
        stamp = paris_date(run_clock(data_interval_end, dag_run)).isoformat()
        return run_task(["db", "backup", "--date", stamp], policy.MAINTENANCE_TIMEOUT)

    @task(execution_timeout=policy.MAINTENANCE_TIMEOUT)
    def prune_job_dirs(data_interval_end=None, dag_run=None) -> dict[str, object]:
        from orchestration.rundates import run_clock
        from orchestration.runner import run_task

        # The root: AICT_JOBS_DIR, else $AIRFLOW_HOME/aict-jobs, read by the command itself.
        at = run_clock(data_interval_end, dag_run).isoformat()
        return run_task(["jobs", "prune", "--at", at], policy.MAINTENANCE_TIMEOUT)

    retention() >> vacuum_analyze() >> backup()
    prune_job_dirs()


aict_maintenance()
