"""
### aict_maintenance — retention, backup and VACUUM/ANALYZE every night

**What it does.**
1. `retention`: keeps the last 30 fetch events of every feed (per-day feed health keeps the
   sums) and deletes raw HTML older than 90 days before the end of the data interval;
   articles and their texts are kept.
2. `vacuum_analyze`: reclaims space and refreshes the planner statistics.
3. `backup`: for a SQLite database, an online copy with SQLite's backup API into
   `AICT_BACKUP_DIR` (default `$AIRFLOW_HOME/backups`), named after the run's date and checked
   with `PRAGMA integrity_check`; a copy that fails the check is deleted and the task fails.
   A PostgreSQL database is skipped here: back it up with `pg_dump` (see docs/operations.md).
4. `prune_job_dirs`: removes the crawl job directories (`AICT_JOBS_DIR`, default
   `$AIRFLOW_HOME/aict-jobs`) that nothing touched for 7 days before the end of the data
   interval; a directory a crawl still holds is kept. It sees the job directories of the
   worker it runs on (or of the volume `AICT_JOBS_DIR` shares between workers).

**Rerun / backfill.** Safe: retention cut-offs come from the run's data interval, so a rerun
deletes nothing more; the backup of a rerun replaces the same file; pruning again finds
nothing more to remove.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from cli.ops import policy


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
    def retention(data_interval_end=None, dag_run=None) -> dict[str, int]:
        from cli.ops.connections import database_url
        from cli.ops.maintenance import apply_retention
        from cli.ops.rundates import run_clock
        from storage.engine import make_engine

        engine = make_engine(database_url())
        try:
            report = apply_retention(engine, run_clock(data_interval_end, dag_run))
        finally:
            engine.dispose()
        return {"fetch_events": report.fetch_events_deleted, "raw_pages": report.raw_pages_deleted}

    @task(execution_timeout=policy.MAINTENANCE_TIMEOUT, pool=policy.WRITER_POOL)
    def vacuum_analyze() -> None:
        from cli.ops.connections import database_url
        from cli.ops.maintenance import vacuum_analyze
        from storage.engine import make_engine

        engine = make_engine(database_url())
        try:
            vacuum_analyze(engine)
        finally:
            engine.dispose()

    @task(execution_timeout=policy.MAINTENANCE_TIMEOUT)
    def backup(data_interval_end=None, dag_run=None) -> str:
        from airflow.sdk.exceptions import AirflowSkipException

        from cli.ops.backup import backup_dir, backup_sqlite, sqlite_path
        from cli.ops.connections import database_url
        from cli.ops.rundates import paris_date, run_clock

        source = sqlite_path(database_url())
        if source is None:
            raise AirflowSkipException("not a SQLite database: back it up with pg_dump")
        stamp = paris_date(run_clock(data_interval_end, dag_run)).isoformat()
        return str(backup_sqlite(source, backup_dir(), stamp))

    @task(execution_timeout=policy.MAINTENANCE_TIMEOUT)
    def prune_job_dirs(data_interval_end=None, dag_run=None) -> int:
        from cli.ops.jobs import jobs_root, prune_jobdirs
        from cli.ops.rundates import run_clock

        return len(prune_jobdirs(jobs_root(), run_clock(data_interval_end, dag_run)))

    retention() >> vacuum_analyze() >> backup()
    prune_job_dirs()


aict_maintenance()
