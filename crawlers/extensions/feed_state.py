"""The crawl's feed state: one Scrapy extension owning the crawl process's single database
engine and what the crawl remembers about its feeds and sources between callbacks.

The spider tells it each index fetch (recorded in feed health at once), asks it which feed
entries are new (URLs already stored or already requested in this crawl are not), and tells it
each article page requested, answered or lost, each discovery, and each failure that says a
source changed hands: quarantine (A21) is decided here, for the redirect and parking checks
alike. What the crawl report needs is written to the crawl's stats (:mod:`crawlers.report`). The item pipelines borrow its engine (:func:`engine_of`) instead of opening their own.

A feed's validators (ETag, Last-Modified, body hash) are written only at ``spider_closed`` —
after the pipelines have flushed — and only for feeds whose article requests were all answered:
written at fetch time, a crawl killed before its articles were stored made the next crawl see
"not modified" and never fetch them. At the same moment each feed whose article pages failed
gets one ``pages_failed`` event ("ok, 3 new" must not hide 3 lost pages); then the engine is
disposed of.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from sqlalchemy import Engine, select
from twisted.python.failure import Failure

from crawlers import clock
from crawlers.dates import parse_date
from crawlers.extract_worker import ExtractionFailed, ExtractionUnavailable
from crawlers.failures import outcome_of, response_outcome
from crawlers.health import (
    FeedValidators,
    FetchOutcome,
    record_fetch,
    record_page_outcome,
    store_validators,
)
from crawlers.middlewares.errors import SiteChanged
from crawlers.plan import DiscoveryTask, FeedTask
from crawlers.quarantine import home_domains, quarantine_source
from crawlers.records import FeedEntry, ParsedIndex
from crawlers.registry import add_discovered_feeds, mark_discovered
from crawlers.report import (
    ARTICLE_FAILED,
    DISCOVERED,
    DISCOVERY_FAILED,
    EXTRACTION_UNAVAILABLE,
    FEED_STATUS,
    QUARANTINED,
    UNEXTRACTED,
)
from crawlers.sitemaps import left_out_note
from crawlers.urls import normalize_url
from models import Article, Feed
from models.vocab import SUCCESS_STATUSES, FetchStatus
from storage.engine import make_engine, read_engine, write_session

logger = logging.getLogger(__name__)
Source = FeedTask | DiscoveryTask
KNOWN_CHUNK = 500  # URLs per IN (...) query: well under SQLite's bound-parameter limit


class _KnownUrls:
    """Which feed entries are new: not requested earlier in this crawl, nor stored already."""

    db: Engine
    requested: set[str]

    def new_entries(self, entries: list[FeedEntry]) -> tuple[list[tuple[FeedEntry, str]], int]:
        """Entries worth fetching with their normalised URL, and how many were seen before.

        An entry is seen when requested earlier in this crawl or stored already, unless its
        feed date says it was updated since it was stored.
        """
        keyed: list[tuple[FeedEntry, str]] = []
        for entry in entries:
            try:
                keyed.append((entry, normalize_url(entry.url)))
            except ValueError:
                continue
        known = self._known(sorted({norm for _, norm in keyed}))
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

    def _known(self, normalized: list[str]) -> dict[str, dt.datetime]:
        """Already-stored normalised URLs among ``normalized`` with their last update."""
        known: dict[str, dt.datetime] = {}
        with read_engine(self.db).connect() as conn:
            for start in range(0, len(normalized), KNOWN_CHUNK):
                chunk = normalized[start : start + KNOWN_CHUNK]
                query = select(Article.normalized_url, Article.updated_at)
                rows = conn.execute(query.where(Article.normalized_url.in_(chunk)))
                known.update({url: updated for url, updated in rows})
        return known


class _Sources:
    """Sources that changed hands (quarantine, A21) and councils' sites discovered."""

    stats: StatsCollector
    db: Engine
    suspect_ids: set[int]

    def is_suspect(self, source_id: int) -> bool:
        """Quarantined earlier in this crawl: nothing more is taken from the source."""
        return source_id in self.suspect_ids

    def site_changed(self, source: Source, failure: Failure) -> bool:
        """Quarantine the source when a failure says its site changed hands (A21).

        True for a parking page of a source quarantined earlier in this crawl: ignored, like
        every later page of that source.
        """
        exc = failure.value
        if not isinstance(exc, SiteChanged):
            return False
        if exc.parked and self.is_suspect(source.source_id):
            return True
        self.quarantine(source, exc.reason)
        return False

    def quarantine(self, source: Source, reason: str) -> None:
        """Make the source ``suspect`` (once per crawl); its stored articles are left alone."""
        if source.source_id in self.suspect_ids:
            return
        self.suspect_ids.add(source.source_id)
        self.stats.set_value(f"{QUARANTINED}{source.source_slug}", reason)
        self.stats.inc_value("aict/quarantined")
        with write_session(self.db) as session:
            quarantine_source(session, source.source_id, reason, clock.utc_now())
        logger.warning("%s quarantined (suspect): %s", source.source_slug, reason)

    def discovery_failed(self, site: DiscoveryTask, failure: Failure) -> None:
        """A council's homepage that got no page: why, in the report."""
        self.site_changed(site, failure)
        if _parked(failure):
            self._discovery_failed(site, str(failure.value))
            return
        outcome = outcome_of(failure)
        self._discovery_failed(site, f"{outcome.status}: {outcome.error}")
        logger.warning("discovery of %s failed: %s", site.homepage, outcome.error)

    def _discovery_failed(self, site: DiscoveryTask, why: str) -> None:
        self.stats.set_value(f"{DISCOVERY_FAILED}{site.source_slug}", why)
        with write_session(self.db) as session:
            mark_discovered(session, site.source_id, clock.utc_now())

    def discovered(self, site: DiscoveryTask, found: list[tuple[str, str]]) -> list[FeedTask]:
        """What a council's site offers: registered as its feeds; their crawl tasks."""
        self.stats.set_value(f"{DISCOVERED}{site.source_slug}", found)
        if not found:
            self._discovery_failed(site, "no feed, sitemap or listing page found")
            return []
        with write_session(self.db) as session:  # the feeds and "settled" in one transaction
            add_discovered_feeds(session, site.source_id, site.source_kind, site.departments, found)
            mark_discovered(session, site.source_id, clock.utc_now())
        urls = [url for url, _ in found]
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


class _PageOutcomes(_Sources):
    """Article pages requested, answered and lost, counted per feed for the end of the crawl
    (a failure may say that the site changed hands: :meth:`_Sources.site_changed`)."""

    pending: Counter[int]
    unextracted: set[int]
    pages_requested: Counter[int]
    pages_failed: dict[int, Counter[str]]
    first_failed_url: dict[int, str]

    def article_requested(self, feed_id: int) -> None:
        self.pending[feed_id] += 1
        self.pages_requested[feed_id] += 1

    def article_answered(self, feed_id: int) -> None:
        """An article request of the feed got its callback or errback (stored or not)."""
        self.pending[feed_id] -= 1

    def extraction_unavailable(self, task: FeedTask, exc: ExtractionUnavailable) -> None:
        """Not this page's failure: its feed is not answered (old validators kept), and the
        first time, why extraction stopped goes to the report (the spider stops the crawl)."""
        self.unextracted.add(task.feed_id)
        self.stats.set_value(f"{UNEXTRACTED}{task.feed_id}", 1)
        self.article_lost(exc.status)
        if self.stats.get_value(EXTRACTION_UNAVAILABLE) is None:
            self.stats.set_value(EXTRACTION_UNAVAILABLE, str(exc))
            logger.error("extraction is unavailable, stopping the crawl: %s", exc)

    def extraction_failed(self, task: FeedTask, url: str, exc: ExtractionFailed) -> None:
        self.article_lost(exc.status)
        self.page_failed(task.feed_id, url, exc.status)
        logger.warning("article %s: %s", url[:200], exc)

    def article_failed(self, task: FeedTask | None, url: str, failure: Failure) -> None:
        """An article request that got no page (``task`` None: a request of unknown origin)."""
        if task is not None:
            self.article_answered(task.feed_id)
            self.site_changed(task, failure)
            if _parked(failure):  # a parked site, not a lost page: counted apart
                self.stats.inc_value("aict/article_suspect")
                return
        outcome = outcome_of(failure)
        self.article_lost(outcome.status)
        logger.warning("article %s: %s (%s)", url[:200], outcome.status, outcome.error)
        if task is not None:
            why = f"HTTP {outcome.http_status}" if outcome.http_status else None
            self.page_failed(task.feed_id, url, why or outcome.error_kind or outcome.status)

    def article_lost(self, status: str) -> None:
        """An article page not stored, counted by status for the crawl summary."""
        self.stats.inc_value(f"{ARTICLE_FAILED}{status}")
        self.stats.inc_value(f"aict/article_{status.replace(' ', '_')}")

    def page_failed(self, feed_id: int, url: str, why: str) -> None:
        self.pages_failed.setdefault(feed_id, Counter())[why] += 1
        self.first_failed_url.setdefault(feed_id, url)

    def page_unrendered(self, task: FeedTask, url: str, status: int, why: str) -> None:
        """Issue 12: a template or a JavaScript shell is not an article. It is not stored, is
        counted as a lost page, and is logged in the feed's health with its URL (an answered
        page all the same: the feed's validators are kept)."""
        self.article_lost(FetchStatus.UNRENDERED)
        logger.warning("article %s: unrendered (%s), not stored", url[:200], why)
        with write_session(self.db) as session:
            record_page_outcome(
                session,
                task.feed_id,
                FetchStatus.UNRENDERED,
                url,
                clock.utc_now(),
                http_status=status,
                reason=why,
            )


class FeedState(_KnownUrls, _PageOutcomes):
    """Crawl-wide feed and source state, and the crawl's one database engine."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.db: Engine = make_engine(crawler.settings.get("AICT_DATABASE_URL"))
        self.requested: set[str] = set()  # normalised article URLs requested in this crawl
        self.suspect_ids: set[int] = set()
        self.pending: Counter[int] = Counter()  # feed → article requests not yet answered
        self.validators: dict[int, FeedValidators] = {}
        # Issue 12: a page not extracted for an environment reason (the worker cannot start)
        # is not an answer: its feed keeps its old validators.
        self.unextracted: set[int] = set()
        self.pages_requested: Counter[int] = Counter()
        self.pages_failed: dict[int, Counter[str]] = {}
        self.first_failed_url: dict[int, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedState:
        state = cls(crawler)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        return state

    def record(self, task: FeedTask, outcome: FetchOutcome) -> None:
        """One fetch of a feed, in its health now (the report's feed status too)."""
        self.stats.set_value(f"{FEED_STATUS}{task.feed_id}", outcome.status)
        with write_session(self.db) as session:
            record_fetch(session, task.feed_id, task.source_kind, outcome, clock.utc_now())
        if outcome.status not in SUCCESS_STATUSES:
            logger.warning(
                "%s %s: %s (%s)", task.source_slug, task.url, outcome.status, outcome.error
            )

    def index_answered(
        self, task: FeedTask, response: Response, parsed: ParsedIndex, new: int, seen: int
    ) -> None:
        """A feed's first page read: its outcome now, its validators held for the end."""
        body_hash = hashlib.sha256(response.body).hexdigest()
        self.validators[task.feed_id] = FeedValidators.of(response.headers, body_hash)
        # "ok, 0 new" must mean nothing new: what the reader left out is said.
        note = "; ".join(filter(None, (parsed.bozo, left_out_note(parsed)))) or None
        self.record(
            task,
            response_outcome(response, FetchStatus.OK, new_items=new, seen_items=seen, error=note),
        )

    def index_failed(self, task: FeedTask, page: int, failure: Failure) -> None:
        """An index request that got no page: in the feed's health if it was the first."""
        if self.site_changed(task, failure):
            return
        if page == 1:
            self.record(task, outcome_of(failure))
        elif not _parked(failure):
            # Scrapy sets ``request`` on errback failures; Failure does not declare it.
            url = failure.request.url  # type: ignore[attr-defined]
            logger.warning("%s: pagination stopped at %s", task.source_slug, url)

    def spider_closed(self, reason: str = "finished") -> None:
        # Item pipelines have flushed by now (Scrapy closes them before this signal).
        self._record_failed_pages()
        self._store_validators(reason)
        self.db.dispose()

    def _store_validators(self, reason: str) -> None:
        answered = {
            fid: v
            for fid, v in self.validators.items()
            if self.pending[fid] <= 0 and fid not in self.unextracted
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

    def _record_failed_pages(self) -> None:
        """One ``pages_failed`` event per feed whose article pages failed in this crawl."""
        if not self.pages_failed:
            return
        now = clock.utc_now()
        with write_session(self.db) as session:
            for feed_id, reasons in self.pages_failed.items():
                failed = sum(reasons.values())
                detail = ", ".join(f"{n} {why}" for why, n in reasons.most_common())
                reason = (
                    f"{failed} of {self.pages_requested[feed_id]} article pages "
                    f"not stored: {detail}"
                )
                url = self.first_failed_url[feed_id]
                record_page_outcome(
                    session, feed_id, FetchStatus.PAGES_FAILED, url, now, reason=reason
                )


def feed_state_of(crawler: Crawler) -> FeedState:
    """The crawl's :class:`FeedState` (enabled in settings.EXTENSIONS)."""
    state = crawler.get_extension(FeedState)
    if state is None:
        raise NotConfigured("the FeedState extension is not enabled (EXTENSIONS)")
    return state


def engine_of(crawler: Crawler) -> Engine:
    """The crawl's one database engine, for the item pipelines (the extension disposes of it)."""
    return feed_state_of(crawler).db


def _parked(failure: Failure) -> bool:
    """The request was answered by a parking page (:mod:`crawlers.middlewares.parking`)."""
    return isinstance(failure.value, SiteChanged) and failure.value.parked
