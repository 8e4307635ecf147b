"""
### aict_discover_sources — find feeds of council websites every week

**What it does.** Takes every enabled council with a homepage, in at most 500 batches sorted by
département, and runs `aict sources discover --only …` per batch in its own process. Feeds,
news sitemaps and listing pages it finds are added to the registry (never deleted), and the
next `aict_crawl_councils` run polls them.

**Failures.** A site that cannot be read is recorded and the batch exits with code 3: the
batch stays green, `report_failed_sources` and `watcher` make the run red.

**Resume.** Each site's result is stored as its discovery ends: a batch retried after a
timeout, a stop or a lost worker runs `--skip-since <the run's listing time>` and probes only
the sites not yet settled (nothing shared between workers but the database).

**Rerun / backfill.** Safe to clear and rerun: discovery upserts feeds by URL, and a cleared
run lists its batches again, so every site is discovered again. No catch-up.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from orchestration import policy
from orchestration.fanout import discovery_report, fan_out


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
    def list_batches() -> list[dict[str, object]]:
        from orchestration.batches import discovery_batches
        from orchestration.connections import observatory_engine

        with observatory_engine() as engine:
            return discovery_batches(engine, min_size=20)

    @task(
        execution_timeout=policy.CRAWL_TIMEOUT,
        max_active_tis_per_dag=policy.MAX_ACTIVE_CRAWLS,
        pool=policy.WRITER_POOL,
    )
    def discover(batch: dict[str, object]) -> dict[str, object]:
        from orchestration.batches import discovery_args
        from orchestration.runner import run_task

        # A retry skips the sites this run already settled (--skip-since its listing time).
        return run_task(discovery_args(batch), policy.CRAWL_TIMEOUT)

    fan_out(list_batches, discover, discovery_report)


aict_discover_sources()
