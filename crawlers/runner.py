"""Run crawls in this process (Twisted's reactor cannot restart: one reactor per process).

The CLI calls :func:`run_crawl` once; DAG tasks and tests call the CLI in a subprocess.
:func:`run_rounds` runs several crawls one after the other in the same reactor, each on a
simulated clock (:mod:`crawlers.clock`): the demo replays its weeks of polling that way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawlers import clock
from crawlers.extract_worker import ExtractionService
from crawlers.netpolicy import NetworkPolicy
from crawlers.plan import CrawlPlan
from crawlers.report import CrawlReport
from crawlers.settings import AICT_SETTINGS, crawl_settings, env_overrides

if TYPE_CHECKING:
    from scrapy.crawler import CrawlerProcess

logger = logging.getLogger(__name__)


def start_extraction(
    mode: str = "crawl", overrides: dict[str, Any] | None = None
) -> ExtractionService | None:
    """The extraction worker of a crawl that extracts articles, spawned (not yet checked);
    None for discovery or ``AICT_FETCH_ARTICLES`` off. Check it with ``.check()`` before the
    crawl writes or requests anything (issue 12): its start-up overlaps the caller's work."""
    settings = {**AICT_SETTINGS, **env_overrides(), **(overrides or {})}
    if mode != "crawl" or not settings["AICT_FETCH_ARTICLES"]:
        return None
    service = ExtractionService(float(settings["AICT_EXTRACT_TIMEOUT"]))
    service.start()
    return service


def run_crawl(
    database_url: str,
    plan: CrawlPlan,
    *,
    mode: str = "crawl",
    overrides: dict[str, Any] | None = None,
    jobdir: Path | None = None,
    extraction: ExtractionService | None = None,
) -> CrawlReport:
    """Crawl ``plan`` (or only discover, ``mode="discover"``) and return what happened.

    ``jobdir`` (already checked and locked, :mod:`crawlers.jobdir`) makes the crawl resumable;
    the first SIGINT/SIGTERM then stops it gracefully with its pending requests saved there.
    ``extraction``: a worker from :func:`start_extraction`; without one it is started here.
    Either way it is checked before the first request and the crawl owns it from then on:
    :class:`~crawlers.extract_worker.ExtractionUnavailable` when extraction cannot work.
    """
    from crawlers.spiders.observatory import ObservatorySpider

    if extraction is None:
        extraction = start_extraction(mode, overrides)
    _check(extraction)
    process = _process(database_url, overrides, jobdir)
    crawler = process.create_crawler(ObservatorySpider)
    try:
        process.crawl(crawler, plan=plan, mode=mode, extraction=extraction)
        process.start()
    finally:
        if extraction is not None:
            extraction.close()  # the spider closes it at the end; a no-op then
    return _report(crawler)


def _report(crawler: Any) -> CrawlReport:
    """What a finished crawler recorded in its stats."""
    return CrawlReport.from_stats(crawler.stats.get_stats())


class _Borrowed:
    """An extraction service lent to one crawl of a series: the spider's ``close()`` at the
    end of its crawl must not stop the worker the next round uses."""

    def __init__(self, service: ExtractionService) -> None:
        self._service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    def close(self) -> None:
        """Kept open for the next round; :func:`run_rounds` closes the real service."""


def _stop_reactor(_: object) -> None:
    from twisted.internet import reactor

    # Twisted types the reactor by zope interfaces, whose methods mypy (without the mypy-zope
    # plugin) reads as functions lacking ``self``.
    reactor.stop()  # type: ignore[misc]


def run_rounds(
    database_url: str,
    moments: Sequence[dt.datetime],
    plan_at: Callable[[dt.datetime], CrawlPlan],
    *,
    before: Callable[[dt.datetime], None] | None = None,
    overrides: dict[str, Any] | None = None,
) -> list[tuple[dt.datetime, CrawlReport]]:
    """One crawl per moment, in order, in this process, with the crawler's clock at that moment.

    ``plan_at(moment)`` gives each round's plan (usually :func:`crawlers.plan.build_plan` with
    ``now=moment``, so the schedule decides what is due); ``before(moment)`` runs first (the
    demo web moves its own clock). One extraction worker serves every round. A round whose plan
    is empty is skipped. Stops early, like a single crawl, when extraction becomes unavailable
    or a signal interrupts a round.
    """
    from scrapy.crawler import CrawlerProcess
    from twisted.internet import defer

    extraction = _checked_extraction(overrides)
    policy = NetworkPolicy.from_env()
    process = CrawlerProcess(crawl_settings(database_url, policy, overrides))
    rounds = _Rounds(process, extraction)
    try:
        # The first crawl installs the reactor the settings ask for (asyncio) and returns at its
        # first wait; the reactor then runs every round and stops after the last one.
        done = defer.inlineCallbacks(rounds.run)(moments, plan_at, before)
        if not done.called:
            done.addBoth(_stop_reactor)
            process.start(stop_after_crawl=False)
    finally:
        if extraction is not None:
            extraction.close()
    if rounds.failure:
        raise rounds.failure[0]
    return rounds.reports


def _checked_extraction(overrides: dict[str, Any] | None) -> ExtractionService | None:
    """The rounds' one extraction worker, checked before any round (closed if it fails)."""
    extraction = start_extraction("crawl", overrides)
    _check(extraction)
    return extraction


def _check(extraction: ExtractionService | None) -> None:
    """The worker checked before the first request; closed when it cannot work."""
    if extraction is not None:
        try:
            extraction.check()
        except BaseException:
            extraction.close()
            raise


def _process(
    database_url: str, overrides: dict[str, Any] | None, jobdir: Path | None
) -> CrawlerProcess:
    """The crawl's Scrapy process: its settings, resumable with ``jobdir``."""
    from scrapy.crawler import CrawlerProcess

    policy = NetworkPolicy.from_env()
    settings = crawl_settings(database_url, policy, overrides)
    if jobdir is not None:
        # SCHEDULER_DEBUG: a request that cannot be pickled would silently stay in memory
        # and be lost on interruption; say so in the log instead.
        settings.update({"JOBDIR": str(jobdir), "SCHEDULER_DEBUG": True})
    process = CrawlerProcess(settings)
    if policy.covers_loopback_only():
        logger.warning(
            "loopback profile: politeness delays relaxed (allow-list %s)",
            ", ".join(str(n) for n in policy.allow),
        )
    return process


class _Rounds:
    """The rounds of :func:`run_rounds` as one Twisted coroutine, their reports and failure."""

    def __init__(self, process: CrawlerProcess, extraction: ExtractionService | None) -> None:
        self.process, self.extraction = process, extraction
        self.reports: list[tuple[dt.datetime, CrawlReport]] = []
        self.failure: list[BaseException] = []

    def run(
        self,
        moments: Sequence[dt.datetime],
        plan_at: Callable[[dt.datetime], CrawlPlan],
        before: Callable[[dt.datetime], None] | None,
    ) -> Any:
        from crawlers.spiders.observatory import ObservatorySpider

        process, extraction = self.process, self.extraction
        try:
            for moment in moments:
                with clock.simulated(moment):
                    if before is not None:
                        before(moment)
                    plan = plan_at(moment)
                    if plan.is_empty():
                        continue
                    crawler = process.create_crawler(ObservatorySpider)
                    lent = _Borrowed(extraction) if extraction is not None else None
                    yield process.crawl(crawler, plan=plan, mode="crawl", extraction=lent)
                    report = _report(crawler)
                    self.reports.append((moment, report))
                    if report.extraction_unavailable or report.interrupted:
                        break
        except BaseException as exc:  # raised again once the reactor has stopped
            self.failure.append(exc)
