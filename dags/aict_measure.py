"""
### aict_measure — relay linking and metrics after each tagging run

**What it does.** Runs when `aict_tag` updates its Asset. It runs
`aict measure --as-of DATE` in its own process, DATE being the run's date in Paris time:
council AICT items are linked to the press articles that relay them, and the metrics behind
the officer views (`v_relay`, `v_silent_actions`, `v_weekly_coverage`, …) are recomputed as
of that date. Then it updates the Asset `aict://measure/metrics`.

**Rerun / backfill.** Measures are keyed by their `as_of` date: rerunning a run rewrites the
same rows. To measure a past date, trigger the DAG with a logical date on that day, or run
`aict measure --as-of YYYY-MM-DD` from a shell.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from orchestration import policy
from orchestration.assets import MEASURED, TAGGED


@dag(
    schedule=TAGGED,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["aict", "measure"],
    default_args=policy.default_args(),
)
def aict_measure() -> None:
    @task(outlets=[MEASURED], execution_timeout=policy.MEASURE_TIMEOUT, pool=policy.WRITER_POOL)
    def measure(data_interval_end=None, dag_run=None) -> dict[str, object]:
        from orchestration.rundates import paris_date, run_clock
        from orchestration.runner import run_task

        as_of = paris_date(run_clock(data_interval_end, dag_run)).isoformat()
        return run_task(["measure", "--as-of", as_of], policy.MEASURE_TIMEOUT)

    measure()


aict_measure()
