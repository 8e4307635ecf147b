"""Run one crawl in this process (Twisted's reactor cannot restart: one crawl per process).

The CLI calls :func:`run_crawl` once; DAG tasks and tests call the CLI in a subprocess.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
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
) -> CrawlReport:
    """Crawl ``plan`` (or only discover, ``mode="discover"``) and return what happened."""
    from scrapy.crawler import CrawlerProcess

    from crawlers.spiders.observatory import ObservatorySpider

    policy = NetworkPolicy.from_env()
    settings = crawl_settings(database_url, policy, overrides)
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
    )
