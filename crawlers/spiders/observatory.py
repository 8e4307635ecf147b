"""The observatory spider: polls planned feeds, fetches new articles, discovers council feeds.

One spider, hence one downloader: "one request in flight per host" holds across feeds, sitemaps
and listing pages of a site. It only sends requests (:mod:`crawlers.spiders.build`) and answers
callbacks; pages are read by the per-kind readers of :mod:`crawlers.spiders.kinds`, and what the
crawl remembers is the feed-state extension's (:mod:`crawlers.extensions.feed_state`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Iterator
from functools import cached_property
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.extensions.feed_state import FeedState, feed_state_of
from crawlers.extract_worker import ExtractionService
from crawlers.failures import response_outcome
from crawlers.plan import CrawlPlan, DiscoveryTask, FeedTask
from crawlers.records import ArticleItem, FeedEntry, ParsedIndex
from crawlers.spiders import build
from crawlers.spiders.articles import extract_article
from crawlers.spiders.kinds import PARSE_ERRORS, READERS
from crawlers.spiders.probing import FeedProber
from models.vocab import FetchStatus

logger = logging.getLogger(__name__)


class ObservatorySpider(Spider):
    name = "aict"
    # From the crawl's settings, set by from_crawler.
    listing_max_pages: int
    per_feed_cap: int
    fetch_articles: bool

    def __init__(
        self,
        plan: CrawlPlan,
        mode: str = "crawl",
        extraction: ExtractionService | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.mode = mode  # "crawl" or "discover" (discovery only, no article fetches)
        # Started and checked by the runner before the first request (issue 12).
        self.extraction = extraction

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ObservatorySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.listing_max_pages = crawler.settings.getint("AICT_LISTING_MAX_PAGES", 3)
        spider.per_feed_cap = crawler.settings.getint("AICT_ARTICLES_PER_FEED", 2000)
        spider.fetch_articles = crawler.settings.getbool("AICT_FETCH_ARTICLES", True)
        if spider.mode == "crawl" and spider.fetch_articles and spider.extraction is None:
            # Not given (the runner always gives one): started now, before the reactor runs.
            spider.extraction = ExtractionService.started(crawler.settings)
        return spider

    @cached_property
    def feed_state(self) -> FeedState:
        # An extension, built after the spider. Not "state": SpiderState's dict (JOBDIR) is.
        return feed_state_of(self.crawler)

    def closed(self, reason: str) -> None:
        if self.extraction is not None:
            self.extraction.close()

    async def start(self) -> AsyncIterator[Request]:
        for task in self.plan.feeds:
            yield build.index_request(task, task.url, 1, self.parse_index, self.index_failed)
        for site in self.plan.discoveries:
            yield build.discovery_request(site, self.discover, self.discovery_failed)

    def parse_index(self, response: Response) -> Iterator[Request]:
        task: FeedTask = response.meta["task"]
        page: int = response.meta["page"]
        if self.feed_state.is_suspect(task.source_id):
            return  # quarantined earlier in this crawl: nothing more from this source
        same = hashlib.sha256(response.body).hexdigest() == task.last_hash
        if page == 1 and (response.status == 304 or same):
            # A18: a 304 or the same bytes (servers lie about validators) is not re-parsed.
            self.feed_state.record(task, response_outcome(response, FetchStatus.NOT_MODIFIED))
            return
        try:
            parsed = READERS[task.kind].read(response, task.last_success_at)
        except PARSE_ERRORS as exc:
            outcome = response_outcome(
                response, FetchStatus.ERROR, error=str(exc), error_kind="parse"
            )
            if page == 1:
                self.feed_state.record(task, outcome)
            return
        if parsed.bozo:
            logger.info("%s: lenient parse of %s (%s)", task.source_slug, response.url, parsed.bozo)
        fresh, seen = self.feed_state.new_entries(parsed.entries[: self.per_feed_cap])
        if page == 1:
            self.feed_state.index_answered(task, response, parsed, len(fresh), seen)
        yield from self._follow(task, parsed, page, fresh)

    def _follow(
        self, task: FeedTask, parsed: ParsedIndex, page: int, fresh: list[tuple[FeedEntry, str]]
    ) -> Iterator[Request]:
        """The articles to fetch, then the next index pages (up to AICT_LISTING_MAX_PAGES)."""
        for entry, norm in fresh if self.fetch_articles else []:
            self.feed_state.article_requested(task.feed_id)
            yield build.article_request(task, entry, norm, self.parse_article, self.article_failed)
        if page >= self.listing_max_pages:
            return
        follow = [parsed.next_url] if READERS[task.kind].paginates and fresh else []
        for url in [*follow, *parsed.children][:10]:
            if url:
                yield build.index_request(task, url, page + 1, self.parse_index, self.index_failed)

    def index_failed(self, failure: Failure) -> None:
        meta = failure.request.meta if hasattr(failure, "request") else {}
        if meta.get("task") is not None:
            self.feed_state.index_failed(meta["task"], meta.get("page", 1), failure)

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        task: FeedTask = response.meta["task"]
        assert self.extraction is not None  # from_crawler starts one when articles are fetched
        try:  # answered once the item has left (or there is none): validators wait for it
            page = await extract_article(response, task, self.extraction, self.feed_state)
            if page is not None:
                yield build.article_item(response, task, page)
        finally:
            self.feed_state.article_answered(task.feed_id)

    def article_failed(self, failure: Failure) -> None:
        task = failure.request.meta.get("task") if hasattr(failure, "request") else None
        url = failure.request.url if hasattr(failure, "request") else "?"
        self.feed_state.article_failed(task, url, failure)

    @cached_property
    def prober(self) -> FeedProber:
        # Probes go through the crawl's engine: same policy, robots rules and politeness.
        return FeedProber(self.crawler.engine.download_async)

    async def discover(self, response: Response) -> AsyncIterator[Request]:
        site: DiscoveryTask = response.meta["site"]
        found = await self.prober.find(response)
        if self._stopping(site):
            return
        tasks = self.feed_state.discovered(site, found)
        for task in tasks if self.mode == "crawl" else []:
            yield build.index_request(task, task.url, 1, self.parse_index, self.index_failed)

    def discovery_failed(self, failure: Failure) -> None:
        # Scrapy sets ``request`` on the failures it hands to errbacks; Failure does not declare it.
        site: DiscoveryTask = failure.request.meta["site"]  # type: ignore[attr-defined]
        if not self._stopping(site):
            self.feed_state.discovery_failed(site, failure)

    def _stopping(self, site: DiscoveryTask) -> bool:
        """True once a stop signal reached the crawl: a discovery ending now may have lost
        probes to the stop, so it is not recorded (the site is left to the resumed run)."""
        if self.crawler.engine.running:
            return False
        logger.info("discovery of %s cut short by the stop: left for the next run", site.homepage)
        return True
