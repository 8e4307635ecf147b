"""
### aict_crawl_press — crawl the regional press every 30 minutes

**What it does.** Lists the enabled press sources with at least one feed due at the end of
the data interval, cuts them into batches (at most 500 mapped tasks) and runs one
`aict crawl --due-at <that moment> --only …` per batch, each in its own process: a batch
fetches only the feeds due then, so each feed keeps its own adaptive interval (one "due" rule,
`crawlers.plan.is_due`, for the listing, the batches and `aict crawl`). New articles, fetch events and
per-day feed health go to the observatory database. When the crawl is done (even partly) it
updates the Asset `aict://crawl/press`, which starts `aict_tag`.

**Failures.** A failing source never stops the others. A batch whose crawl exits with code 3
(some feeds failed, recorded in source health) succeeds; `report_failed_sources` then fails
with one line read from source health, e.g. `1 source failed: le-mistral — HTTP 500 since
2026-12-01 09:30 UTC (3 failures)`, so the run shows red, and `watcher` fails the run whenever
any task failed. In the crawl batch's log each failing feed is a WARNING line.

**Rerun / backfill.** `list_batches` records the run's batches (sources and the ids of their
feeds due at the run's clock) in the run's directory; clearing the run reads them back and
each batch fetches its feeds again (`--feed`), so the run redoes its own interval, and the
verdict judges only that try's fetches. Writes are upserts keyed by normalised URL: reruns add
no duplicates. No catch-up: missed slots are not replayed, the next run crawls whatever is due.
A batch that timed out or lost its worker resumes on retry from its job directory
(`AICT_JOBS_DIR`, default `$AIRFLOW_HOME/aict-jobs`, one per task instance) instead of
starting over.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from airflow.sdk import TriggerRule, dag, task

from orchestration import policy
from orchestration.assets import PRESS_CRAWLED
from orchestration.fanout import crawl_report, fan_out


@dag(
    schedule=timedelta(minutes=30),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["aict", "crawl", "press"],
    default_args=policy.default_args(),
)
def aict_crawl_press() -> None:
    @task
    def list_batches(ti=None, data_interval_end=None, dag_run=None) -> list[dict[str, object]]:
        from orchestration.batches import run_batches
        from orchestration.connections import observatory_engine
        from orchestration.jobs import task_rundir
        from orchestration.rundates import run_clock

        # Recorded in the run's directory: a cleared run redoes the same batches (issue 16).
        at = run_clock(data_interval_end, dag_run)
        with observatory_engine() as engine:
            return run_batches(engine, "press", at, task_rundir(ti), min_size=5)

    @task(
        execution_timeout=policy.CRAWL_TIMEOUT,
        max_active_tis_per_dag=policy.MAX_ACTIVE_CRAWLS,
        pool=policy.WRITER_POOL,
    )
    def crawl(batch: dict[str, Any], ti=None) -> dict[str, object]:
        from orchestration.batches import batch_crawl_args
        from orchestration.jobs import task_jobdir
        from orchestration.runner import run_task

        # One job directory per task instance: a retry resumes where the last try stopped.
        # The batch names the run's clock and its feeds: only those are fetched.
        args = batch_crawl_args(task_jobdir(ti, batch["slugs"]), batch)
        return run_task(args, policy.CRAWL_TIMEOUT)

    @task(outlets=[PRESS_CRAWLED], trigger_rule=TriggerRule.ALL_DONE)
    def publish() -> None:
        """Announce new articles even when some batches failed: the others were stored."""

    fan_out(list_batches, crawl, crawl_report, publish=publish)


aict_crawl_press()
