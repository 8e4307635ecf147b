"""
### aict_tag — tag new articles when a crawl has stored some

**What it does.** Runs whenever `aict_crawl_press` or `aict_crawl_councils` updates its Asset.
It runs `aict tag` in its own process: every article not yet tagged by the current
`nlp_version` gets `is_aict`, objects, actors and partner countries. Then it updates the Asset
`aict://tag/articles`, which starts `aict_measure`.

**Rerun / backfill.** Safe to clear and rerun: already-tagged articles are skipped. To re-tag
everything after a tagger change, run `aict tag --retag` from a shell (not from this DAG).
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from orchestration import policy
from orchestration.assets import COUNCILS_CRAWLED, PRESS_CRAWLED, TAGGED


@dag(
    schedule=(PRESS_CRAWLED | COUNCILS_CRAWLED),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["aict", "nlp"],
    default_args=policy.default_args(),
)
def aict_tag() -> None:
    @task(outlets=[TAGGED], execution_timeout=policy.TAG_TIMEOUT, pool=policy.WRITER_POOL)
    def tag() -> dict[str, object]:
        from orchestration.runner import run_task

        return run_task(["tag"], policy.TAG_TIMEOUT)

    tag()


aict_tag()
