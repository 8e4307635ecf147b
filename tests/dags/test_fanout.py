"""The batch DAGs' fan-out task group (orchestration/fanout.py), on a DAG of its own.

`dag.test()` runs only DAGs of the DAG folder, so its behaviour at run time (a batch with failed
sources turns the run red, the others still publish) is tested through the real DAGs in
`test_pipeline_dags.py` and `test_crawl_verdict.py`; here, its wiring.
"""

from __future__ import annotations

import datetime as dt

from tests.dags.conftest import load_dag


def toy_dag(with_publish: bool):  # noqa: ANN201 - airflow types
    """A DAG wired by :func:`fan_out` from trivial tasks: batch 2 reports failed sources."""
    from airflow.sdk import DAG, TriggerRule, task

    from orchestration.fanout import discovery_report, fan_out

    with DAG(
        f"toy_fan_out_{int(with_publish)}", schedule=None, start_date=dt.datetime(2026, 1, 1)
    ) as dag:

        @task
        def list_batches() -> list[list[str]]:
            return [["a"], ["b"]]

        @task
        def work(batch: list[str]) -> dict[str, object]:
            return {
                "command": f"aict x {batch[0]}",
                "returncode": 0,
                "sources_failed": batch == ["b"],
            }

        @task(trigger_rule=TriggerRule.ALL_DONE)
        def publish() -> None:
            pass

        fan_out(list_batches, work, discovery_report, publish=publish if with_publish else None)
    return dag


def test_fan_out_wires_list_expand_report_publish_and_watcher() -> None:
    dag = toy_dag(with_publish=True)
    assert set(dag.task_ids) == {
        "list_batches",
        "work",
        "report_failed_sources",
        "publish",
        "watcher",
    }
    assert dag.get_task("work").upstream_task_ids == {"list_batches"}
    assert "work" in dag.get_task("report_failed_sources").upstream_task_ids
    assert dag.get_task("publish").upstream_task_ids == {"work"}
    watcher = dag.get_task("watcher")
    assert watcher.upstream_task_ids == {"work", "publish", "report_failed_sources"}
    assert str(watcher.trigger_rule) in ("one_failed", "TriggerRule.ONE_FAILED")
    for task_id in ("watcher", "report_failed_sources"):
        assert dag.get_task(task_id).retries == 0


def test_fan_out_without_publish() -> None:
    dag = toy_dag(with_publish=False)
    assert "publish" not in dag.task_ids
    assert dag.get_task("watcher").upstream_task_ids == {"work", "report_failed_sources"}


def test_the_three_batch_dags_use_it() -> None:
    for dag_id, work in (
        ("aict_crawl_press", "crawl"),
        ("aict_crawl_councils", "crawl"),
        ("aict_discover_sources", "discover"),
    ):
        dag = load_dag(dag_id)
        group = dag.get_task(work).task_group
        assert group is not None and group.group_id == "fan_out", dag_id
