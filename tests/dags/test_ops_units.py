"""Pure helpers behind the DAGs: batching, connection mapping, command runner, run dates."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.plan import batches
from orchestration.batches import MAX_MAPPED
from orchestration.connections import smtp_url_from_fields
from orchestration.rundates import digest_week, run_clock
from orchestration.runner import CommandFailed, child_env, failed_commands, only_args, run_aict


def test_35000_communes_fit_in_500_batches_grouped_by_departement() -> None:
    sources = [(f"commune-{i:05d}", f"{i % 101:02d}") for i in range(35_000)]
    cut = batches(sources, min_size=20)
    assert len(cut) <= MAX_MAPPED < 1024
    assert sorted(s for b in cut for s in b) == sorted(s for s, _ in sources)
    dept_of = dict(sources)
    # Sorted by département: a batch spans at most two of them.
    assert all(len({dept_of[s] for s in b}) <= 2 for b in cut)


def test_small_lists_keep_the_minimum_batch_size_and_empty_maps_to_nothing() -> None:
    assert batches([]) == []
    cut = batches([(f"p{i}", "69") for i in range(12)], min_size=5)
    assert [len(b) for b in cut] == [5, 5, 2]


def test_smtp_connection_fields_follow_the_provider_conventions() -> None:
    plain = {"disable_ssl": "true", "disable_tls": "true"}
    assert smtp_url_from_fields("127.0.0.1", 2525, None, None, plain) == "smtp://127.0.0.1:2525"
    starttls = smtp_url_from_fields("mx", 587, "u@x", "p:w/d", {"disable_ssl": True})
    assert starttls == "smtp://u%40x:p%3Aw%2Fd@mx:587?starttls=true"
    assert smtp_url_from_fields("mx", None, None, None, {}) == "smtps://mx"


def test_database_url_reaches_the_child_by_environment_only(tmp_path) -> None:  # noqa: ANN001
    env = child_env("postgresql+psycopg://u:secret@db/aict")
    assert env["AICT_DATABASE_URL"].endswith("@db/aict")
    assert only_args(["crawl"], ["a", "b"]) == ["crawl", "--only", "a", "--only", "b"]
    db = f"sqlite:///{tmp_path / 'none' / 'x.db'}"
    with pytest.raises(CommandFailed) as failure:
        run_aict(["crawl", "--only", "nope"], db, timeout_s=60)
    assert "exit code 1" in str(failure.value) and "secret" not in str(failure.value)


def test_exit_code_3_is_reported_not_raised() -> None:
    results = [
        {"command": "aict crawl --only a", "returncode": 0, "sources_failed": False},
        {"command": "aict crawl --only b", "returncode": 3, "sources_failed": True},
        None,
    ]
    assert failed_commands(results) == ["aict crawl --only b"]


def test_run_dates() -> None:
    monday = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)  # 07:00 in Paris
    assert digest_week(monday - dt.timedelta(days=7)) == "2026-W47"

    class Run:
        run_after = monday

    assert run_clock(None, Run()) == monday
    assert run_clock(monday - dt.timedelta(hours=1), Run()) == monday - dt.timedelta(hours=1)
    with pytest.raises(ValueError):
        run_clock(None, None)
