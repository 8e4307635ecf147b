"""Every DAG parses, documents itself and carries the retry/timeout policy (reliability.md C5, C7)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.dags.conftest import DAGS, airflow_cli, load_dag

DAG_IDS = (
    "aict_crawl_press",
    "aict_crawl_councils",
    "aict_discover_sources",
    "aict_tag",
    "aict_measure",
    "aict_weekly_digest",
    "aict_maintenance",
)


def test_one_file_per_dag_and_no_import_errors(airflow_db: Path) -> None:
    assert sorted(p.stem for p in DAGS.glob("*.py")) == sorted(DAG_IDS)
    listed = airflow_cli("dags", "list-import-errors", "--local")
    assert listed.returncode == 0, listed.stdout + listed.stderr


@pytest.mark.parametrize("dag_id", DAG_IDS)
def test_dag_has_docs_tags_owner_retries_and_timeouts(dag_id: str) -> None:
    dag = load_dag(dag_id)
    assert dag.doc_md and dag.doc_md.strip().startswith(f"### {dag_id}")
    assert "rerun" in dag.doc_md.lower()
    assert "aict" in dag.tags and len(dag.tags) >= 2
    assert dag.catchup is False
    for task in dag.tasks:
        assert task.owner == "aict-observatory", task.task_id
        assert task.execution_timeout is not None, task.task_id
        assert task.execution_timeout <= dt.timedelta(hours=2), task.task_id
        if task.task_id in ("send_digest", "watcher", "report_failed_sources"):
            assert task.retries == 0, task.task_id
        else:
            assert task.retries >= 2 and task.retry_exponential_backoff, task.task_id
            assert task.max_retry_delay <= dt.timedelta(minutes=30)


@pytest.mark.parametrize(
    ("dag_id", "command"),
    [
        ("aict_crawl_press", "crawl"),
        ("aict_crawl_councils", "crawl"),
        ("aict_discover_sources", "discover"),
    ],
)
def test_mapped_crawls_are_bounded_and_watched(dag_id: str, command: str) -> None:
    dag = load_dag(dag_id)
    mapped = dag.get_task(command)
    assert mapped.max_active_tis_per_dag <= 16
    assert mapped.pool == "aict_db_writer"
    watcher = dag.get_task("watcher")
    assert str(watcher.trigger_rule) in ("one_failed", "TriggerRule.ONE_FAILED")
    assert command in watcher.upstream_task_ids
    assert "report_failed_sources" in watcher.upstream_task_ids


def test_asset_chain_crawl_tag_measure() -> None:
    press = load_dag("aict_crawl_press").get_task("publish")
    tag = load_dag("aict_tag")
    measure = load_dag("aict_measure")
    assert [a.uri for a in press.outlets] == ["aict://crawl/press"]
    assert "aict://crawl/press" in repr(tag.timetable.asset_condition)
    assert "aict://crawl/councils" in repr(tag.timetable.asset_condition)
    assert [a.uri for a in tag.get_task("tag").outlets] == ["aict://tag/articles"]
    assert "aict://tag/articles" in repr(measure.timetable.asset_condition)


@pytest.mark.parametrize(
    "after",
    [
        dt.datetime(2026, 11, 18, tzinfo=dt.UTC),  # an ordinary week
        dt.datetime(2026, 3, 25, tzinfo=dt.UTC),  # the week spring forward (29 March)
        dt.datetime(2026, 10, 21, tzinfo=dt.UTC),  # the week fall back (25 October)
    ],
)
def test_weekly_digest_interval_is_exactly_seven_days(after: dt.datetime) -> None:
    from airflow.serialization.encoders import coerce_to_core_timetable
    from airflow.timetables.base import TimeRestriction

    from orchestration.rundates import digest_week
    from storage.timeutil import PARIS, iso_week, week_bounds

    dag = load_dag("aict_weekly_digest")
    # The scheduler works on the core form of the timetable the DAG declares.
    info = coerce_to_core_timetable(dag.timetable).next_dagrun_info(
        last_automated_data_interval=None,
        restriction=TimeRestriction(earliest=after, latest=None, catchup=True),
    )
    start, end = info.data_interval.start, info.data_interval.end
    assert end - start == dt.timedelta(days=7)
    fires = end.astimezone(PARIS)
    assert (fires.isoweekday(), fires.hour, fires.minute) == (1, 7, 0)
    # The digest covers the Paris week before the Monday it fires on (167–169 h long).
    week = digest_week(start)
    assert week == iso_week(end - dt.timedelta(days=1))
    week_start, week_end = week_bounds(week)
    assert week_end.astimezone(PARIS) <= fires
    assert dt.timedelta(hours=167) <= week_end - week_start <= dt.timedelta(hours=169)


SECRET_PATTERNS = [
    re.compile(r"password\s*[=:]\s*['\"][^'\"]+['\"]", re.I),
    re.compile(r"://[^/\s:@'\"]+:[^@\s'\"]+@"),  # credentials inside a URL
    re.compile(r"AIRFLOW_CONN_|AICT_SMTP_URL\s*="),
]


def test_no_secret_in_dag_files() -> None:
    for path in DAGS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in SECRET_PATTERNS:
            assert not pattern.search(text), (path.name, pattern.pattern)
        # Nothing read at parse time: connections and variables only inside tasks.
        top_level = [line for line in text.splitlines() if not line.startswith((" ", "\t"))]
        calls = ("Variable.get(", "Connection.get(", "make_engine(", "database_url(")
        assert not any(call in line for line in top_level for call in calls), path.name


def test_backfill_of_one_digest_week_creates_one_run(airflow_db: Path) -> None:
    """reliability.md C6: the backfill command the operations guide documents, dry run."""
    assert airflow_cli("dags", "reserialize").returncode == 0
    dry = airflow_cli(
        "backfill", "create", "--dag-id", "aict_weekly_digest", "--from-date", "2026-03-30",
        "--to-date", "2026-03-31", "--reprocess-behavior", "none", "--dry-run",
    )  # fmt: skip
    assert dry.returncode == 0, dry.stderr[-2000:]
    runs = [line for line in dry.stdout.splitlines() if line.startswith("| 2026-")]
    assert len(runs) == 1 and runs[0].startswith("| 2026-03-23 05:00:00+00:00"), dry.stdout
