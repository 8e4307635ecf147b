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
`v_source_health`) keeps the batch green; `report_failed_sources` and `watcher` turn the run
red so the operator sees it.

**Rerun / backfill.** Clear the run or one mapped batch: writes are upserts, reruns add no
duplicates. No catch-up: the next run crawls whatever is due. A batch that timed out or lost
its worker resumes on retry from its job directory (`AICT_JOBS_DIR`, default
`$AIRFLOW_HOME/aict-jobs`, one per task instance) instead of starting over.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import TriggerRule, dag, task

from cli.ops import policy
from cli.ops.assets import COUNCILS_CRAWLED


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
    def list_batches(data_interval_end=None, dag_run=None) -> list[list[str]]:
        from cli.ops.batches import batches, due_sources
        from cli.ops.connections import database_url
        from cli.ops.rundates import run_clock
        from storage.engine import make_engine

        engine = make_engine(database_url())
        try:
            due = due_sources(engine, "council", run_clock(data_interval_end, dag_run))
            return batches(due, min_size=20)
        finally:
            engine.dispose()

    @task(
        execution_timeout=policy.CRAWL_TIMEOUT,
        max_active_tis_per_dag=policy.MAX_ACTIVE_CRAWLS,
        pool=policy.WRITER_POOL,
    )
    def crawl(slugs: list[str], ti=None, data_interval_end=None, dag_run=None) -> dict[str, object]:
        from cli.ops.batches import crawl_args
        from cli.ops.connections import database_url
        from cli.ops.jobs import task_jobdir
        from cli.ops.rundates import run_clock
        from cli.ops.runner import run_aict

        # One job directory per task instance: a retry resumes where the last try stopped.
        # The run's clock again: the batch crawls only the feeds due then, not its sources' all.
        at = run_clock(data_interval_end, dag_run)
        args = crawl_args(task_jobdir(ti, slugs), slugs, at)
        return run_aict(
            args, database_url(), timeout_s=policy.seconds(policy.CRAWL_TIMEOUT)
        ).as_xcom()

    @task(outlets=[COUNCILS_CRAWLED], trigger_rule=TriggerRule.ALL_DONE)
    def publish() -> None:
        """Announce new items even when some batches failed: the others were stored."""

    # A verdict, not work: retrying it would only delay the red run.
    @task(trigger_rule=TriggerRule.ALL_DONE, retries=0)
    def report_failed_sources(results: list[dict[str, object]]) -> None:
        from cli.ops.runner import failed_commands

        failed = failed_commands(list(results))
        if failed:
            raise RuntimeError(f"{len(failed)} batch(es) reported failed sources: {failed}")

    @task(trigger_rule=TriggerRule.ONE_FAILED, retries=0)
    def watcher() -> None:
        raise RuntimeError("an upstream task failed; this run is marked failed on purpose")

    results = crawl.expand(slugs=list_batches())
    done = publish()
    results >> done
    report = report_failed_sources(results)
    [results, done, report] >> watcher()


aict_crawl_councils()
