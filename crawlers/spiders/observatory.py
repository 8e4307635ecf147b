"""The observatory spider: polls planned feeds, fetches new articles, discovers council feeds.

One spider (hence one downloader, so "one request in flight per host" holds across feeds,
sitemaps and listing pages of the same site) assembled from the per-kind readers of
:mod:`crawlers.spiders.kinds`. Parsing is delegated to pure functions; each index fetch is
recorded in feed health as it happens; articles leave as items for the pipelines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from scrapy.http.request import NO_CALLBACK
from sqlalchemy import select
from twisted.python.failure import Failure

from crawlers import clock, discovery
from crawlers.dates import parse_date
from crawlers.extract_worker import ExtractionFailed, ExtractionService, ExtractionUnavailable
from crawlers.failures import outcome_of
from crawlers.health import (
    FeedValidators,
    FetchOutcome,
    record_fetch,
    record_page_outcome,
    store_validators,
)
from crawlers.middlewares.errors import SiteChanged
from crawlers.plan import CrawlPlan, DiscoveryTask, FeedTask
from crawlers.quarantine import home_domains, looks_like_html, parking_signature, quarantine_source
from crawlers.records import ArticleItem, FeedEntry
from crawlers.registry import add_discovered_feeds
from crawlers.settings import FEED_MAXSIZE, HTML_MAXSIZE
from crawlers.sitemaps import is_news_sitemap, left_out_note
from crawlers.spiders.kinds import PARSE_ERRORS, READERS
from crawlers.tls import observed_tls
from crawlers.urls import normalize_url
from models import Article, Feed
from storage.engine import make_engine, read_engine, write_session

logger = logging.getLogger(__name__)


class ObservatorySpider(Spider):
    name = "aict"

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
        self.requested: set[str] = set()
        self.outcomes: dict[int, str] = {}
        self.discovered: dict[str, list[tuple[str, str]]] = {}
        self.discovery_failures: dict[str, str] = {}
        self.article_failures: dict[str, int] = {}
        self.quarantined: dict[str, str] = {}  # slug → reason, sources made suspect (A21)
        self.suspect_ids: set[int] = set()
        # A feed's validators (ETag, Last-Modified, body hash) are written only once every
        # article request it gave has been answered and stored, at the end of the crawl: written
        # at fetch time, a crawl killed before its articles were stored made the next crawl see
        # "not modified" and never fetch them (until the feed changed).
        self.pending: Counter[int] = Counter()
        self.validators: dict[int, FeedValidators] = {}
        # Issue 12: a page not extracted for an environment reason (the worker cannot start)
        # is not an answer: its feed keeps its old validators, and the crawl stops.
        self.unextracted_feeds: set[int] = set()
        self.extraction_unavailable: str | None = None
        # Per feed: article pages requested, and those that failed (reason → count, first URL),
        # said in the feed's health at the end: "ok, 3 new" must not hide 3 lost pages.
        self.pages_requested: Counter[int] = Counter()
        self.pages_failed: dict[int, Counter[str]] = {}
        self.first_failed_url: dict[int, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ObservatorySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.db = make_engine(crawler.settings.get("AICT_DATABASE_URL"))
        spider.listing_max_pages = crawler.settings.getint("AICT_LISTING_MAX_PAGES", 3)
        spider.per_feed_cap = crawler.settings.getint("AICT_ARTICLES_PER_FEED", 2000)
        spider.fetch_articles = crawler.settings.getbool("AICT_FETCH_ARTICLES", True)
        if spider.mode == "crawl" and spider.fetch_articles and spider.extraction is None:
            # Not given (the runner always gives one): started now, before the reactor runs;
            # if it cannot work, the first page says so and stops the crawl.
            spider.extraction = ExtractionService(
                crawler.settings.getfloat("AICT_EXTRACT_TIMEOUT", 30.0)
            )
            spider.extraction.start()
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    def _closed(self, reason: str = "finished") -> None:
        # Item pipelines have flushed by now (Scrapy closes them before this signal).
        self._record_failed_pages()
        answered = {
            fid: v
            for fid, v in self.validators.items()
            if self.pending[fid] <= 0 and fid not in self.unextracted_feeds
        }
        if answered:
            with write_session(self.db) as session:
                for feed_id, validators in answered.items():
                    store_validators(session, feed_id, validators)
        held = len(self.validators) - len(answered)
        if held:
            logger.info(
                "%d feed(s) keep their old validators: articles unanswered (%s)", held, reason
            )
        self.db.dispose()
        if self.extraction is not None:
            self.extraction.close()

    # --- requests ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for task in self.plan.feeds:
            yield self._index_request(task, task.url, page=1)
        for site in self.plan.discoveries:
            yield Request(
                site.homepage,
                callback=self.discover,
                errback=self.discovery_failed,
                meta={
                    "site": site,
                    "download_maxsize": HTML_MAXSIZE,
                    "home_domains": site.home_domains,
                },
                dont_filter=True,
            )

    def _index_request(self, task: FeedTask, url: str, page: int) -> Request:
        headers: dict[str, str] = {}
        if page == 1 and task.etag:
            headers["If-None-Match"] = task.etag
        if page == 1 and task.last_modified:
            headers["If-Modified-Since"] = task.last_modified
        return Request(
            url,
            headers=headers,
            callback=self.parse_index,
            errback=self.index_failed,
            meta={
                "task": task,
                "page": page,
                "download_maxsize": READERS[task.kind].maxsize,
                "handle_httpstatus_list": [304],
                "home_domains": task.home_domains,
            },
            dont_filter=page == 1,
        )

    # --- index pages --------------------------------------------------------------------------

    def _record(self, task: FeedTask, outcome: FetchOutcome) -> None:
        self.outcomes[task.feed_id] = outcome.status
        now = clock.utc_now()
        with write_session(self.db) as session:
            record_fetch(session, task.feed_id, task.source_kind, outcome, now)
        if outcome.status not in ("ok", "not_modified"):
            logger.warning(
                "%s %s: %s (%s)", task.source_slug, task.url, outcome.status, outcome.error
            )

    def _known(self, normalized: list[str]) -> dict[str, dt.datetime]:
        """Already-stored normalised URLs among ``normalized`` with their last update."""
        known: dict[str, dt.datetime] = {}
        with read_engine(self.db).connect() as conn:
            for start in range(0, len(normalized), 500):
                chunk = normalized[start : start + 500]
                rows = conn.execute(
                    select(Article.normalized_url, Article.updated_at).where(
                        Article.normalized_url.in_(chunk)
                    )
                )
                known.update({url: updated for url, updated in rows})
        return known

    def _new_entries(self, entries: list[FeedEntry]) -> tuple[list[tuple[FeedEntry, str]], int]:
        keyed: list[tuple[FeedEntry, str]] = []
        for entry in entries:
            try:
                keyed.append((entry, normalize_url(entry.url)))
            except ValueError:
                continue
        known = self._known(sorted({n for _, n in keyed}))
        fresh, seen = [], 0
        for entry, norm in keyed:
            stored = known.get(norm)
            updated = parse_date(entry.updated) if stored else None
            if norm in self.requested or (stored and not (updated and updated > stored)):
                seen += 1
                continue
            self.requested.add(norm)
            fresh.append((entry, norm))
        return fresh, seen

    def parse_index(self, response: Response) -> Iterator[Request]:
        task: FeedTask = response.meta["task"]
        page: int = response.meta["page"]
        latency = int(1000 * response.meta.get("download_latency", 0))
        tls = observed_tls(response.url, response.meta)
        if task.source_id in self.suspect_ids:
            return  # quarantined earlier in this crawl: nothing more from this source
        parked = self._parked(response, task)
        if parked:
            if page == 1:
                self._record(
                    task,
                    FetchOutcome(
                        "error",
                        http_status=response.status,
                        error=f"source quarantined: {parked}",
                        error_kind="suspect",
                        duration_ms=latency,
                        **tls,
                    ),
                )
            return
        body_hash = hashlib.sha256(response.body).hexdigest()
        if page == 1 and (response.status == 304 or body_hash == task.last_hash):
            # A18: a 304 or the same bytes (servers lie about validators) is not re-parsed.
            self._record(
                task,
                FetchOutcome(
                    "not_modified", http_status=response.status, duration_ms=latency, **tls
                ),
            )
            return
        try:
            parsed = READERS[task.kind].read(response, task.last_success_at)
        except PARSE_ERRORS as exc:
            if page == 1:
                self._record(
                    task,
                    FetchOutcome(
                        "error",
                        http_status=response.status,
                        error=str(exc),
                        error_kind="parse",
                        duration_ms=latency,
                        **tls,
                    ),
                )
            return
        if parsed.bozo:
            logger.info("%s: lenient parse of %s (%s)", task.source_slug, response.url, parsed.bozo)
        fresh, seen = self._new_entries(parsed.entries[: self.per_feed_cap])
        if page == 1:
            headers = response.headers
            self.validators[task.feed_id] = FeedValidators(
                etag=(headers.get("ETag") or b"").decode("latin-1") or None,
                last_modified=(headers.get("Last-Modified") or b"").decode("latin-1") or None,
                body_hash=body_hash,
            )
            self._record(
                task,
                FetchOutcome(
                    "ok",
                    http_status=response.status,
                    new_items=len(fresh),
                    seen_items=seen,
                    duration_ms=latency,
                    # "ok, 0 new" must mean nothing new: what the reader left out is said.
                    error="; ".join(filter(None, (parsed.bozo, left_out_note(parsed)))) or None,
                    **tls,
                ),
            )
        if self.fetch_articles:
            for entry, norm in fresh:
                self.pending[task.feed_id] += 1
                self.pages_requested[task.feed_id] += 1
                yield Request(
                    entry.url,
                    callback=self.parse_article,
                    errback=self.article_failed,
                    meta={
                        "task": task,
                        "entry": entry,
                        "normalized": norm,
                        "download_maxsize": HTML_MAXSIZE,
                        "home_domains": task.home_domains,
                    },
                )
        if page < self.listing_max_pages:
            follow = [parsed.next_url] if READERS[task.kind].paginates and fresh else []
            for url in [*follow, *parsed.children][:10]:
                if url:
                    yield self._index_request(task, url, page + 1)

    def index_failed(self, failure: Failure) -> None:
        meta = failure.request.meta if hasattr(failure, "request") else {}
        task: FeedTask | None = meta.get("task")
        if task is None:
            return
        self._site_changed(failure, task)
        if meta.get("page", 1) == 1:
            self._record(task, outcome_of(failure))
        else:
            logger.warning("%s: pagination stopped at %s", task.source_slug, failure.request.url)

    # --- articles -------------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[ArticleItem]:
        task: FeedTask = response.meta["task"]
        try:
            async for item in self._article(response, task):
                yield item
        finally:
            self.pending[task.feed_id] -= 1

    async def _article(self, response: Response, task: FeedTask) -> AsyncIterator[ArticleItem]:
        entry: FeedEntry = response.meta["entry"]
        if task.source_id in self.suspect_ids or self._parked(response, task):
            self.crawler.stats.inc_value("aict/article_suspect")
            return
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("aict/article_not_text")
            return
        try:
            # In the worker process, off the reactor thread, within AICT_EXTRACT_TIMEOUT (B10).
            page = await self.extraction.extract(response.text, response.url)
        except ExtractionUnavailable as exc:
            # Not this page's failure: the feed is not answered, and every next page would
            # fail the same way, so the crawl stops (the CLI exits 1).
            self.unextracted_feeds.add(task.feed_id)
            self.article_failures[exc.status] = self.article_failures.get(exc.status, 0) + 1
            self.crawler.stats.inc_value("aict/article_extraction_unavailable")
            if self.extraction_unavailable is None:
                self.extraction_unavailable = str(exc)
                logger.error("extraction is unavailable, stopping the crawl: %s", exc)
            raise CloseSpider("extraction_unavailable") from None
        except ExtractionFailed as exc:
            self.article_failures[exc.status] = self.article_failures.get(exc.status, 0) + 1
            self._page_failed(task, response.url, exc.status)
            self.crawler.stats.inc_value(f"aict/article_{exc.status.replace(' ', '_')}")
            logger.warning("article %s: %s", response.url[:200], exc)
            return
        if page.unrendered:
            self._unrendered(task, response, page.unrendered)
            return
        yield ArticleItem(
            url=response.url,
            source_id=task.source_id,
            source_kind=task.source_kind,
            group=task.group,
            feed_id=task.feed_id,
            html=response.text,
            encoding=response.encoding,
            http_status=response.status,
            page=page,
            feed_date=entry.published or entry.updated,
            feed_title=entry.title,
            normalized_url=response.meta["normalized"],
        )

    def _unrendered(self, task: FeedTask, response: Response, why: str) -> None:
        """Issue 12: a template or a JavaScript shell is not an article. It is not stored, and
        is counted like a failed page in the crawl summary and, with its URL, in the feed's
        health log (an answered page all the same: the feed's validators are kept)."""
        self.article_failures["unrendered"] = self.article_failures.get("unrendered", 0) + 1
        self.crawler.stats.inc_value("aict/article_unrendered")
        logger.warning("article %s: unrendered (%s), not stored", response.url[:200], why)
        now = clock.utc_now()
        with write_session(self.db) as session:
            record_page_outcome(
                session,
                task.feed_id,
                "unrendered",
                response.url,
                now,
                http_status=response.status,
                reason=why,
            )

    def article_failed(self, failure: Failure) -> None:
        task = failure.request.meta.get("task") if hasattr(failure, "request") else None
        if task is not None:
            self.pending[task.feed_id] -= 1
            self._site_changed(failure, task)
        outcome = outcome_of(failure)
        self.article_failures[outcome.status] = self.article_failures.get(outcome.status, 0) + 1
        self.crawler.stats.inc_value(f"aict/article_{outcome.status}")
        url = failure.request.url if hasattr(failure, "request") else "?"
        logger.warning("article %s: %s (%s)", url[:200], outcome.status, outcome.error)
        if task is not None:
            why = f"HTTP {outcome.http_status}" if outcome.http_status else None
            self._page_failed(task, url, why or outcome.error_kind or outcome.status)

    def _page_failed(self, task: FeedTask, url: str, why: str) -> None:
        self.pages_failed.setdefault(task.feed_id, Counter())[why] += 1
        self.first_failed_url.setdefault(task.feed_id, url)

    def _record_failed_pages(self) -> None:
        """One ``pages_failed`` event per feed whose article pages failed in this crawl."""
        if not self.pages_failed:
            return
        now = clock.utc_now()
        with write_session(self.db) as session:
            for feed_id, reasons in self.pages_failed.items():
                failed = sum(reasons.values())
                detail = ", ".join(f"{n} {why}" for why, n in reasons.most_common())
                record_page_outcome(
                    session,
                    feed_id,
                    "pages_failed",
                    self.first_failed_url[feed_id],
                    now,
                    reason=f"{failed} of {self.pages_requested[feed_id]} article pages "
                    f"not stored: {detail}",
                )

    # --- discovery ------------------------------------------------------------------------------

    async def _probe(self, url: str, **meta: Any) -> Response | None:
        request = Request(
            url,
            callback=NO_CALLBACK,
            dont_filter=True,
            meta={"download_maxsize": FEED_MAXSIZE, **meta},
        )
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - a failed probe is simply not a candidate
            logger.debug("probe %s failed: %s", url, exc)
            return None
        return response if response.status == 200 else None

    async def discover(self, response: Response) -> AsyncIterator[Request]:
        site: DiscoveryTask = response.meta["site"]
        parked = self._parked(response, site)
        if parked:
            self.discovery_failures[site.source_slug] = f"source quarantined: {parked}"
            return
        html = response.text if isinstance(response, TextResponse) else ""
        base = response.url
        found: list[tuple[str, str]] = []
        hashes: set[str] = set()
        declared = discovery.declared_feeds(html, base)
        for url, _kind in declared or [(u, "rss") for u in discovery.probe_urls(base)]:
            probe = await self._probe(url)
            kind = discovery.classify_feed(probe.body) if probe else None
            digest = hashlib.sha256(probe.body).hexdigest() if probe else ""
            if probe and kind and digest not in hashes:
                hashes.add(digest)
                found.append((url, kind))
                if not declared:
                    break  # one conventional path is enough; the others are aliases
        robots = await self._probe(urljoin(base, "/robots.txt"), dont_obey_robotstxt=True)
        robots_txt = robots.text if isinstance(robots, TextResponse) else ""
        for url in discovery.sitemap_urls(base, robots_txt):
            probe = await self._probe(url)
            if probe and discovery.classify_sitemap(probe.body, url):
                if is_news_sitemap(probe.body) or not found:
                    found.append((url, "sitemap"))
                break
        if not any(kind in ("rss", "atom") for _, kind in found):
            for url in discovery.listing_urls(html, base)[:6]:
                probe = await self._probe(url, download_maxsize=HTML_MAXSIZE)
                if isinstance(probe, TextResponse) and discovery.classify_listing(
                    probe.text, probe.url
                ):
                    found.append((url, "listing"))
                    break
        self.discovered[site.source_slug] = found
        if not found:
            self.discovery_failures[site.source_slug] = "no feed, sitemap or listing page found"
            return
        with write_session(self.db) as session:
            add_discovered_feeds(session, site.source_id, site.source_kind, site.departments, found)
        if self.mode != "crawl":
            return
        for task in self._tasks_for(site, [url for url, _ in found]):
            yield self._index_request(task, task.url, page=1)

    def _tasks_for(self, site: DiscoveryTask, urls: list[str]) -> list[FeedTask]:
        home = site.home_domains | home_domains(urls) if site.home_domains else frozenset()
        with read_engine(self.db).connect() as conn:
            rows = conn.execute(select(Feed.id, Feed.url, Feed.kind).where(Feed.url.in_(urls)))
            return [
                FeedTask(
                    fid,
                    url,
                    kind,
                    site.source_id,
                    site.source_slug,
                    site.source_kind,
                    site.group,
                    home_domains=home,
                )
                for fid, url, kind in rows
            ]

    def discovery_failed(self, failure: Failure) -> None:
        site: DiscoveryTask = failure.request.meta["site"]
        self._site_changed(failure, site)
        outcome = outcome_of(failure)
        self.discovery_failures[site.source_slug] = f"{outcome.status}: {outcome.error}"
        logger.warning("discovery of %s failed: %s", site.homepage, outcome.error)

    # --- quarantine (A21) -----------------------------------------------------------------------

    def _quarantine(self, source: FeedTask | DiscoveryTask, reason: str) -> None:
        """Make the source ``suspect`` (once per crawl); its stored articles are left alone."""
        if source.source_id in self.suspect_ids:
            return
        self.suspect_ids.add(source.source_id)
        self.quarantined[source.source_slug] = reason
        self.crawler.stats.inc_value("aict/quarantined")
        now = clock.utc_now()
        with write_session(self.db) as session:
            quarantine_source(session, source.source_id, reason, now)
        logger.warning("%s quarantined (suspect): %s", source.source_slug, reason)

    def _parked(self, response: Response, source: FeedTask | DiscoveryTask) -> str | None:
        """The parking signature of a council page, after quarantining its source; else None."""
        if source.source_kind != "council" or not isinstance(response, TextResponse):
            return None
        if not looks_like_html(response.body, response.headers.get("Content-Type")):
            return None
        signature = parking_signature(response.text)
        if signature:
            self._quarantine(source, f"{signature} at {response.url[:200]}")
        return signature

    def _site_changed(self, failure: Failure, source: FeedTask | DiscoveryTask) -> None:
        if isinstance(failure.value, SiteChanged):
            self._quarantine(source, failure.value.reason)
