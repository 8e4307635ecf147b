"""robots.txt with RFC 9309 semantics, replacing Scrapy's RobotsTxtMiddleware (P-C1, A1–A4).

Scrapy treats an unreachable robots.txt as "allow everything"; RFC 9309 §2.3.1.4 says a 5xx or
network error means complete disallow. Here: 2xx → Protego rules (first 512 KiB parsed, §2.5);
4xx → allow all (§2.3.1.3); 5xx or any download error → disallow all, asked again after 1 h;
every answer cached at most 24 h (§2.4). ``Crawl-delay`` is applied to the host's download
slot, capped at 30 s (Scrapy parses it but never applies it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from protego import Protego
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawlers.middlewares.errors import RobotsDisallowed


@dataclass
class RobotsRules:
    """The state of one host's robots.txt."""

    expires: float
    parser: Protego | None = None  # None with disallow_all False: allow everything
    disallow_all: bool = False
    reason: str = ""
    crawl_delay: float | None = None
    error: Exception | None = None  # the download error behind a disallow, re-raised as is


class Rfc9309RobotsMiddleware:
    PRIORITY = 1000

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.user_agent = settings.get("USER_AGENT")
        self.cache_seconds = settings.getfloat("AICT_ROBOTS_CACHE_SECONDS", 86400)
        self.error_seconds = settings.getfloat("AICT_ROBOTS_ERROR_RETRY_SECONDS", 3600)
        self.parse_limit = settings.getint("AICT_ROBOTS_PARSE_LIMIT", 512 * 1024)
        self.delay_cap = settings.getfloat("AICT_CRAWL_DELAY_CAP", 30.0)
        self._rules: dict[str, RobotsRules | Deferred[RobotsRules]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Rfc9309RobotsMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        rules = await self._rules_for(request)
        stats = self.crawler.stats
        if rules.disallow_all:
            stats.inc_value("robotstxt/forbidden")
            if rules.error is not None:
                # The host did not answer at all: report the network error itself (a dead
                # host is an error, not a robots decision), still without touching the page.
                raise rules.error
            raise RobotsDisallowed(rules.reason, unavailable=True)
        if rules.parser is not None and not rules.parser.can_fetch(request.url, self.user_agent):
            stats.inc_value("robotstxt/forbidden")
            raise RobotsDisallowed(f"forbidden by robots.txt: {request.url[:200]}")
        if rules.crawl_delay:
            self._apply_delay(request, rules.crawl_delay)

    def _apply_delay(self, request: Request, delay: float) -> None:
        # AutoThrottle may lower a slot's delay; re-assert the host's Crawl-delay on each request.
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None and slot.delay < delay:
            slot.delay = delay
        downloader.per_slot_settings.setdefault(key, {})["delay"] = delay

    async def _rules_for(self, request: Request) -> RobotsRules:
        parts = urlparse_cached(request)
        key = f"{parts.scheme}://{parts.netloc}"
        cached = self._rules.get(key)
        if isinstance(cached, Deferred):
            # Another request is fetching this robots.txt. A Deferred hands its result to the
            # first waiter only, so read the rules from the cache, filled before it fired.
            await maybe_deferred_to_future(cached)
            rules = self._rules[key]
            assert isinstance(rules, RobotsRules)
            return rules
        if cached is not None and cached.expires > time.monotonic():
            return cached
        pending: Deferred[RobotsRules] = Deferred()
        self._rules[key] = pending
        rules = await self._fetch(f"{key}/robots.txt")
        self._rules[key] = rules
        pending.callback(rules)
        return rules

    async def _fetch(self, url: str) -> RobotsRules:
        now = time.monotonic()
        robots_request = Request(
            url,
            priority=self.PRIORITY,
            meta={"dont_obey_robotstxt": True, "download_maxsize": 4 * 1024 * 1024},
            callback=NO_CALLBACK,
            dont_filter=True,
        )
        stats = self.crawler.stats
        stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robots_request)
        except Exception as exc:  # noqa: BLE001 - any failure to fetch means disallow (RFC 9309)
            stats.inc_value("robotstxt/unavailable")
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            return RobotsRules(
                now + self.error_seconds,
                disallow_all=True,
                reason=f"robots.txt unavailable ({reason}): complete disallow",
                error=exc if not isinstance(exc, IgnoreRequest) else None,
            )
        stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        return self._answered_rules(response, now)

    def _answered_rules(self, response: Response, now: float) -> RobotsRules:
        """The rules an answered robots.txt gives (RFC 9309: 5xx and loops disallow all, 4xx
        allows all)."""
        if response.status >= 500:
            return RobotsRules(
                now + self.error_seconds,
                disallow_all=True,
                reason=f"robots.txt answered {response.status}: complete disallow",
            )
        if response.status >= 400:
            return RobotsRules(now + self.cache_seconds)
        if response.status >= 300:  # a redirect beyond REDIRECT_MAX_TIMES
            return RobotsRules(
                now + self.error_seconds,
                disallow_all=True,
                reason="robots.txt redirects too often: complete disallow",
            )
        body = response.body[: self.parse_limit].decode("utf-8", errors="replace")
        parser = Protego.parse(body)
        delay = parser.crawl_delay(self.user_agent)
        return RobotsRules(
            now + self.cache_seconds,
            parser=parser,
            crawl_delay=min(float(delay), self.delay_cap) if delay else None,
        )
