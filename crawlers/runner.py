"""Run one crawl in this process (Twisted's reactor cannot restart: one crawl per process).

The CLI calls :func:`run_crawl` once; DAG tasks and tests call the CLI in a subprocess.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawlers.netpolicy import NetworkPolicy
from crawlers.plan import CrawlPlan
from crawlers.settings import crawl_settings

logger = logging.getLogger(__name__)
FAILED_STATUSES = frozenset({"error", "disallowed", "refused", "backoff"})


@dataclass
class CrawlReport:
    """What the crawl did, for the CLI's summary and exit code."""

    feeds: dict[int, str] = field(default_factory=dict)
    discovered: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    discovery_failures: dict[str, str] = field(default_factory=dict)
    article_failures: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    quarantined: dict[str, str] = field(default_factory=dict)  # slug → reason (A21)

    @property
    def interrupted(self) -> bool:
        """Stopped by a signal (SIGINT/SIGTERM): Scrapy's graceful shutdown, state saved."""
        return self.stats.get("finish_reason") == "shutdown"

    @property
    def finished(self) -> bool:
        return self.stats.get("finish_reason") == "finished"

    @property
    def failed_feeds(self) -> int:
        return sum(1 for status in self.feeds.values() if status in FAILED_STATUSES)

    @property
    def stored(self) -> int:
        return int(self.stats.get("aict/stored", 0))


def run_crawl(
    database_url: str,
    plan: CrawlPlan,
    *,
    mode: str = "crawl",
    overrides: dict[str, Any] | None = None,
    jobdir: Path | None = None,
) -> CrawlReport:
    """Crawl ``plan`` (or only discover, ``mode="discover"``) and return what happened.

    ``jobdir`` (already checked and locked, :mod:`crawlers.jobdir`) makes the crawl resumable;
    the first SIGINT/SIGTERM then stops it gracefully with its pending requests saved there.
    """
    from scrapy.crawler import CrawlerProcess

    from crawlers.spiders.observatory import ObservatorySpider

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
    crawler = process.create_crawler(ObservatorySpider)
    process.crawl(crawler, plan=plan, mode=mode)
    process.start()
    spider: ObservatorySpider = crawler.spider  # type: ignore[assignment]
    return CrawlReport(
        feeds=dict(spider.outcomes),
        discovered=dict(spider.discovered),
        discovery_failures=dict(spider.discovery_failures),
        article_failures=dict(spider.article_failures),
        stats=dict(crawler.stats.get_stats()),
        quarantined=dict(spider.quarantined),
    )
