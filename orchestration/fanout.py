"""The fan-out the batch DAGs share: list batches → expand → report failed sources → watcher.

The two crawl DAGs and the discovery DAG have the same shape (issue 14 item 3): a task lists
the run's batches, one mapped task per batch runs an ``aict`` command in its own process,
``report_failed_sources`` fails (never retried) when some sources failed, and ``watcher``
fails whenever any task failed, so the run shows red. A crawl DAG also announces its Asset in
``publish`` once every batch is done, failed ones included (the others stored their articles).
:func:`fan_out` wires that shape from the DAG's own tasks; the verdict and watcher tasks are
here. Task ids keep their names (no group prefix), so the UI, the logs and the tests see
``list_batches``, ``crawl``, ``report_failed_sources``, ``publish`` and ``watcher``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from airflow.sdk import TriggerRule, task, task_group

#: A function building the verdict task from the listed batches and the mapped results.
Report = Callable[[Any, Any], Any]


# A verdict, not work: retrying it would only delay the red run.
@task(task_id="report_failed_sources", trigger_rule=TriggerRule.ALL_DONE, retries=0)
def report_crawl_failures(listed: list[dict[str, object]]) -> None:
    """Fail with which source failed, why and since when, read from source health."""
    from orchestration.batches import run_verdict
    from orchestration.connections import observatory_engine

    with observatory_engine() as engine:
        failed = run_verdict(engine, list(listed))
    if failed:
        raise RuntimeError(failed)


@task(task_id="report_failed_sources", trigger_rule=TriggerRule.ALL_DONE, retries=0)
def report_failed_batches(results: list[dict[str, object]]) -> None:
    """Fail with the commands that exited with code 3 (some sites failed)."""
    from orchestration.runner import failed_commands

    failed = failed_commands(list(results))
    if failed:
        raise RuntimeError(f"{len(failed)} batch(es) reported failed sites: {failed}")


def crawl_report(listed: Any, results: Any) -> Any:
    """The crawl DAGs' verdict: read from source health, it only waits for the crawls."""
    return report_crawl_failures(listed)


def discovery_report(listed: Any, results: Any) -> Any:
    """The discovery DAG's verdict: read from the batches' exit codes."""
    return report_failed_batches(results)


@task(task_id="watcher", trigger_rule=TriggerRule.ONE_FAILED, retries=0)
def watcher() -> None:
    """Fail the run whenever an upstream task failed."""
    raise RuntimeError("an upstream task failed; this run is marked failed on purpose")


def fan_out(
    list_batches: Callable[[], Any],
    work: Any,
    report: Report,
    *,
    publish: Callable[[], Any] | None = None,
    group_id: str = "fan_out",
) -> Any:
    """Wire the fan-out in the DAG being defined and return its task group.

    ``list_batches``: a task returning the run's batches; ``work``: a task mapped over its
    parameter ``batch``; ``report``: :func:`crawl_report` or :func:`discovery_report`;
    ``publish``: the task announcing the DAG's Asset, when it has one.
    """

    @task_group(group_id=group_id, prefix_group_id=False)
    def batches_fan_out() -> None:
        listed = list_batches()
        results = work.expand(batch=listed)
        verdict = report(listed, results)
        results >> verdict
        done = [publish()] if publish is not None else []
        if done:
            results >> done[0]
        [results, *done, verdict] >> watcher()

    return batches_fan_out()
