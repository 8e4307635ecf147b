"""Issue 16 items 1 and 4: a red crawl run says which source failed, why and since when; a
cleared run redoes its own interval and is judged on its own fetches.

Two loopback press titles: ``le-mistral`` whose feed answers HTTP 500 (it failed twice
before, from 2026-12-01 09:30), ``avignon`` whose robots.txt answers 503. Runs of
``aict_crawl_press`` go through ``dag.test()``; a second ``dag.test()`` at the same logical
date is the same run id, which is what "clear the whole run" gives in production.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dags.conftest import load_dag, task_states
from tests.support.sites import TEST_NETWORK, FixtureSite, article_html, rss
from tests.support.sources import source_entry, write_sources

TEXT = (
    "La commune a accueilli une délégation de Tombouctou pour le point annuel du jumelage et "
    "du programme d'assainissement financé avec l'agence de l'eau depuis 2021."
)
#: The run's clock, five hours before the real fetches (a run executes after its date).
RUN = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=5)
FIRST_FAILURE = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def _feed(site: FixtureSite, ok: bool) -> None:
    """``/une.xml``: an RSS feed of one article, or HTTP 500."""
    link = site.url("/jumelage.html")
    site.route("/jumelage.html", article_html("Jumelage avec Tombouctou", TEXT))
    if ok:
        site.route(
            "/une.xml",
            rss([{"title": "Jumelage", "link": link}]),
            content_type="application/rss+xml",
        )
    else:
        site.route("/une.xml", "boom", status=500)


@pytest.fixture
def press(
    airflow_db: Path, observatory: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[FixtureSite, FixtureSite, str]]:
    from sqlalchemy import select

    from crawlers.registry import read_registry, store_registry
    from models import Feed, FetchEvent
    from storage.engine import make_engine, write_session

    monkeypatch.setenv("AICT_ALLOW_NETWORKS", TEST_NETWORK)
    monkeypatch.setenv(
        "AICT_SCRAPY_SETTINGS", json.dumps({"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0})
    )
    monkeypatch.setenv("AICT_JOBS_DIR", str(tmp_path / "jobs"))
    with (
        FixtureSite(lifetime=240) as mistral,
        FixtureSite(lifetime=240) as avignon,
    ):
        _feed(mistral, ok=False)
        _feed(avignon, ok=True)
        avignon.route("/robots.txt", "down", status=503)
        sources = [
            source_entry(slug, [{"url": site.url("/une.xml"), "kind": "rss", "departments": ["84"]}],
                         name=slug.title())
            for slug, site in (("le-mistral", mistral), ("avignon", avignon))
        ]  # fmt: skip
        path = write_sources(tmp_path / "sources.yaml", sources)
        engine = make_engine(observatory)
        store_registry(engine, read_registry(path))
        # le-mistral's feed already failed twice: the streak starts at FIRST_FAILURE.
        with write_session(engine) as session:
            feed = session.scalars(select(Feed).where(Feed.url == mistral.url("/une.xml"))).one()
            feed.status, feed.last_error, feed.failures = "error", "HTTP 500", 2.0
            for n in range(2):
                at = FIRST_FAILURE + n * dt.timedelta(hours=1)
                session.add(FetchEvent(feed_id=feed.id, fetched_at=at, status="error"))
        engine.dispose()
        yield mistral, avignon, observatory


def _run(capfd: pytest.CaptureFixture[str]) -> tuple[dict[str, list[str]], str]:
    # run_after fixes the run id (manual__<RUN>): a second test() is the same run, cleared.
    run = load_dag("aict_crawl_press", retries=0).test(logical_date=RUN, run_after=RUN)
    out, err = capfd.readouterr()
    return task_states(run) | {"_run": [str(run.state)]}, out + err


def test_the_red_verdict_names_each_source_why_and_since_when(
    press: tuple[FixtureSite, FixtureSite, str], capfd: pytest.CaptureFixture[str]
) -> None:
    states, log = _run(capfd)
    assert states["report_failed_sources"] == ["failed"], log[-5000:]
    assert states["_run"] == ["failed"]
    # Before issue 16: "1 batch(es) reported failed sources: ['aict crawl --jobdir … --only …']".
    assert "2 sources failed: avignon — robots.txt answered 503: complete disallow; " in log
    assert "le-mistral — HTTP 500 since 2026-12-01 09:30 UTC (3 failures)" in log
    assert "batch(es) reported failed sources" not in log


def test_a_cleared_run_redoes_its_interval_and_is_judged_on_its_own_fetches(
    press: tuple[FixtureSite, FixtureSite, str], capfd: pytest.CaptureFixture[str]
) -> None:
    mistral, avignon, db = press
    first, _ = _run(capfd)
    assert first["_run"] == ["failed"]
    assert mistral.hits["/une.xml"] == 1
    # The sites are repaired; the operator clears the run (same run id, same logical date).
    _feed(mistral, ok=True)
    avignon.route("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    again, log = _run(capfd)
    # Before issue 16 nothing was due any more: no batch, no fetch, the failures stayed.
    assert mistral.hits["/une.xml"] == 2, "the cleared run did not redo its fetches"
    assert avignon.hits["/une.xml"] == 1
    assert again["crawl"] == ["success"], again
    assert again["report_failed_sources"] == ["success"], log[-3000:]
    assert again["_run"] == ["success"]


def test_failing_feeds_keep_their_level_in_the_task_log(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The crawl's WARNING and ERROR lines reach the task log as such, not as INFO prints."""
    import logging
    import sys

    from orchestration import runner

    lines = [
        "2026-12-04 10:00:00 [crawlers.extensions.feed_state] WARNING: le-mistral "
        "http://x/une.xml: error (HTTP 500)",
        "2026-12-04 10:00:01 [scrapy.core.scraper] ERROR: Spider error processing <GET x>",
        "aict: 1 source or feed failed (see `aict sources health`)",
    ]
    script = "import sys\nprint('crawled 2 feeds, 1 failed')\n" + "".join(
        f"print({line!r}, file=sys.stderr)\n" for line in lines
    )
    monkeypatch.setattr(runner, "aict_argv", lambda args: [sys.executable, "-c", script])
    with caplog.at_level(logging.INFO, logger=runner.CHILD_LOGGER):
        runner.run_aict(["crawl"], "sqlite://", timeout_s=30)
    levels = {r.getMessage(): r.levelno for r in caplog.records if r.name == runner.CHILD_LOGGER}
    assert levels[lines[0]] == logging.WARNING
    assert levels[lines[1]] == logging.ERROR
    assert levels[lines[2]] == logging.WARNING
    # The summary stays a plain line of the log (Airflow records prints at INFO).
    assert "crawled 2 feeds, 1 failed" not in levels
    assert "crawled 2 feeds, 1 failed" in capsys.readouterr().out


def test_a_failure_reads_as_one_sentence() -> None:
    from crawlers.healthreport import SourceFailure, _streak, verdict

    since = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    events = [
        ("error", since + dt.timedelta(hours=2)),
        ("pages_failed", since + dt.timedelta(hours=1)),  # a note, not a fetch
        ("error", since),
        ("ok", since - dt.timedelta(hours=1)),
        ("error", since - dt.timedelta(hours=2)),
    ]
    assert _streak(events) == (2, since)
    two = SourceFailure("le-mistral", "HTTP 500", since, 2, failing_feeds=2)
    first = SourceFailure("avignon", "robots.txt answered 503: complete disallow", since)
    assert verdict([]) is None
    assert verdict([first]) == (
        "1 source failed: avignon — robots.txt answered 503: complete disallow"
    )
    assert verdict([first, two]).endswith(
        "; le-mistral — HTTP 500 since 2026-12-01 09:30 UTC (2 failures), 2 feeds failing"
    )
