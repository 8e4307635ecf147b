"""
### aict_discover_sources — find feeds of council websites every week

**What it does.** Takes every enabled council with a homepage, in at most 500 batches sorted by
département, and runs `aict sources discover --only …` per batch in its own process. Feeds,
news sitemaps and listing pages it finds are added to the registry (never deleted), and the
next `aict_crawl_councils` run polls them.

**Failures.** A site that cannot be read is recorded and the batch exits with code 3: the
batch stays green, `report_failed_sources` and `watcher` make the run red.

**Rerun / backfill.** Safe to clear and rerun: discovery upserts feeds by URL. No catch-up.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import TriggerRule, dag, task

from cli.ops import policy


@dag(
    schedule="@weekly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["aict", "discovery", "councils"],
    default_args=policy.default_args(),
)
def aict_discover_sources() -> None:
    @task
    def list_batches() -> list[list[str]]:
        from cli.ops.batches import batches, council_sources
        from cli.ops.connections import database_url
        from storage.engine import make_engine

        engine = make_engine(database_url())
        try:
            return batches(council_sources(engine), min_size=20)
        finally:
            engine.dispose()

    @task(
        execution_timeout=policy.CRAWL_TIMEOUT,
        max_active_tis_per_dag=policy.MAX_ACTIVE_CRAWLS,
        pool=policy.WRITER_POOL,
    )
    def discover(slugs: list[str]) -> dict[str, object]:
        from cli.ops.connections import database_url
        from cli.ops.runner import only_args, run_aict

        args = only_args(["sources", "discover"], slugs)
        return run_aict(
            args, database_url(), timeout_s=policy.seconds(policy.CRAWL_TIMEOUT)
        ).as_xcom()

    # A verdict, not work: retrying it would only delay the red run.
    @task(trigger_rule=TriggerRule.ALL_DONE, retries=0)
    def report_failed_sources(results: list[dict[str, object]]) -> None:
        from cli.ops.runner import failed_commands

        failed = failed_commands(list(results))
        if failed:
            raise RuntimeError(f"{len(failed)} batch(es) reported failed sites: {failed}")

    @task(trigger_rule=TriggerRule.ONE_FAILED, retries=0)
    def watcher() -> None:
        raise RuntimeError("an upstream task failed; this run is marked failed on purpose")

    results = discover.expand(slugs=list_batches())
    report = report_failed_sources(results)
    [results, report] >> watcher()


aict_discover_sources()
