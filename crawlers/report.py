"""The crawl report: what one crawl did, read from the crawler's stats once it has finished.

Components write their part as stats while the crawl runs, under the keys below (beside
Scrapy's own counters): feed statuses and quarantines by the feed-state extension
(:mod:`crawlers.extensions.feed_state`), discoveries, article failures and an unavailable
extraction by the spider. Stats are the crawl's one shared ledger, so the report needs no
reference to the spider or its attributes; the CLI turns it into its summary and exit code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.vocab import FAILED_STATUSES

FEED_STATUS = "aict/feed_status/"  # + feed id → status of its last recorded fetch
DISCOVERED = "aict/discovered/"  # + source slug → [(url, kind)] found on its site
DISCOVERY_FAILED = "aict/discovery_failed/"  # + source slug → why nothing was found
ARTICLE_FAILED = "aict/article_failed/"  # + status → article pages lost that way
QUARANTINED = "aict/quarantined/"  # + source slug → quarantine reason (A21)
UNEXTRACTED = "aict/unextracted_feed/"  # + feed id → 1: a page not extracted (issue 12)
EXTRACTION_UNAVAILABLE = "aict/extraction_unavailable_why"  # → why extraction stopped


def _under(stats: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    return {key[len(prefix) :]: value for key, value in stats.items() if key.startswith(prefix)}


@dataclass
class CrawlReport:
    """What the crawl did, for the CLI's summary and exit code."""

    feeds: dict[int, str] = field(default_factory=dict)
    discovered: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    discovery_failures: dict[str, str] = field(default_factory=dict)
    article_failures: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    quarantined: dict[str, str] = field(default_factory=dict)  # slug → reason (A21)
    # Issue 12: feeds with a page that could not be extracted for an environment reason (their
    # validators were not saved), and why extraction stopped working (the crawl was stopped).
    unextracted_feeds: set[int] = field(default_factory=set)
    extraction_unavailable: str | None = None

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> CrawlReport:
        """The report of a finished crawl from its ``crawler.stats.get_stats()``."""
        return cls(
            feeds={int(fid): status for fid, status in _under(stats, FEED_STATUS).items()},
            discovered=_under(stats, DISCOVERED),
            discovery_failures=_under(stats, DISCOVERY_FAILED),
            article_failures=_under(stats, ARTICLE_FAILED),
            stats=dict(stats),
            quarantined=_under(stats, QUARANTINED),
            unextracted_feeds={int(fid) for fid in _under(stats, UNEXTRACTED)},
            extraction_unavailable=stats.get(EXTRACTION_UNAVAILABLE),
        )

    @property
    def interrupted(self) -> bool:
        """Stopped by a signal (SIGINT/SIGTERM): Scrapy's graceful shutdown, state saved."""
        return self.stats.get("finish_reason") == "shutdown"

    @property
    def finished(self) -> bool:
        return self.stats.get("finish_reason") == "finished"

    @property
    def failed_feeds(self) -> int:
        failed = {fid for fid, status in self.feeds.items() if status in FAILED_STATUSES}
        return len(failed | self.unextracted_feeds)

    @property
    def stored(self) -> int:
        return int(self.stats.get("aict/stored", 0))
