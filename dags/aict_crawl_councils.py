"""
### aict_crawl_councils — crawl council websites once a day

**What it does.** Lists enabled council sources with a feed due at the end of the data
interval (or with no feed yet: their crawl starts with discovery), sorts them by département
and cuts them into at most 500 batches, so the ~35,000 communes never exceed Airflow's
mapping limit. Each batch runs one `aict crawl --due-at <that moment> --only …` in its own
process, which fetches only the feeds due then (one "due" rule, `crawlers.plan.is_due`). News items,
fetch events and feed health go to the observatory database; the Asset
`aict://crawl/councils` then starts `aict_tag`.

**Failures.** One failing site never stops the others. Exit code 3 (some sites failed, see
`v_source_health`) keeps the batch green; `report_failed_sources` fails with which council
failed, why and since when (read from source health), and `watcher` turns the run red.

**Rerun / backfill.** The run's batches (councils, their due feeds, those to discover) are
recorded in the run's directory: clearing the run redoes them, feeds no longer due included,
and the verdict judges only that try's fetches. Writes are upserts, reruns add no duplicates.
No catch-up: the next run crawls whatever is due. A batch that timed out or lost its worker
resumes on retry from its job directory (`AICT_JOBS_DIR`, default `$AIRFLOW_HOME/aict-jobs`,
one per task instance) instead of starting over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from airflow.sdk import TriggerRule, dag, task

from orchestration import policy
from orchestration.assets import COUNCILS_CRAWLED
from orchestration.fanout import crawl_report, fan_out


@dag(
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["aict", "crawl", "councils"],
    default_args=policy.default_args(),
)
def aict_crawl_councils() -> None:
    @task
    def list_batches(ti=None, data_interval_end=None, dag_run=None) -> list[dict[str, object]]:
        from orchestration.batches import run_batches
        from orchestration.connections import observatory_engine
        from orchestration.jobs import task_rundir
        from orchestration.rundates import run_clock

        # Recorded in the run's directory: a cleared run redoes the same batches (issue 16).
        at = run_clock(data_interval_end, dag_run)
        with observatory_engine() as engine:
            return run_batches(engine, "council", at, task_rundir(ti), min_size=20)

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

    @task(outlets=[COUNCILS_CRAWLED], trigger_rule=TriggerRule.ALL_DONE)
    def publish() -> None:
        """Announce new items even when some batches failed: the others were stored."""

    fan_out(list_batches, crawl, crawl_report, publish=publish)


aict_crawl_councils()
