"""Discovery probing: which candidate URLs of a council's homepage answer as a feed, a sitemap
or a news listing page.

The candidates and their classification are pure functions of :mod:`crawlers.discovery`; the
:class:`FeedProber` only fetches them, through the download callable it is given. The spider
gives the crawl engine's, so probes obey the same network policy, robots rules and per-host
politeness as the crawl; tests give their own.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.http.request import NO_CALLBACK

from crawlers import discovery
from crawlers.settings import FEED_MAXSIZE, HTML_MAXSIZE
from crawlers.sitemaps import is_news_sitemap
from models.vocab import FeedKind

logger = logging.getLogger(__name__)
Download = Callable[[Request], Awaitable[Response]]
Found = list[tuple[str, str]]  # (url, kind): rss, atom, sitemap or listing
MAX_LISTINGS = 6


class FeedProber:
    """Finds a site's news channels by fetching candidates with ``download``."""

    def __init__(self, download: Download) -> None:
        self.download = download

    async def find(self, homepage: Response) -> Found:
        """Feeds first, then a sitemap, then (without a feed) a listing page."""
        html = homepage.text if isinstance(homepage, TextResponse) else ""
        base = homepage.url
        found = await self._feeds(html, base)
        found += await self._sitemap(base, found)
        if not any(kind in (FeedKind.RSS, FeedKind.ATOM) for _, kind in found):
            found += await self._listing(html, base)
        return found

    async def probe(self, url: str, **meta: Any) -> Response | None:
        """The 200 response at ``url``, else None (a failed probe is simply not a candidate)."""
        request = Request(
            url,
            callback=NO_CALLBACK,
            dont_filter=True,
            meta={"download_maxsize": FEED_MAXSIZE, **meta},
        )
        try:
            response = await self.download(request)
        except Exception as exc:  # noqa: BLE001 - a failed probe is simply not a candidate
            logger.debug("probe %s failed: %s", url, exc)
            return None
        return response if response.status == 200 else None

    async def _feeds(self, html: str, base: str) -> Found:
        """Declared feeds, distinct by content; else the first usual CMS path that answers."""
        found: Found = []
        hashes: set[str] = set()
        declared = discovery.declared_feeds(html, base)
        for url, _kind in declared or [(u, FeedKind.RSS) for u in discovery.probe_urls(base)]:
            probe = await self.probe(url)
            kind = discovery.classify_feed(probe.body) if probe else None
            digest = hashlib.sha256(probe.body).hexdigest() if probe else ""
            if probe and kind and digest not in hashes:
                hashes.add(digest)
                found.append((url, kind))
                if not declared:
                    break  # one conventional path is enough; the others are aliases
        return found

    async def _sitemap(self, base: str, feeds: Found) -> Found:
        """The first sitemap (robots.txt, then usual paths), kept if news or without feeds."""
        robots = await self.probe(urljoin(base, "/robots.txt"), dont_obey_robotstxt=True)
        robots_txt = robots.text if isinstance(robots, TextResponse) else ""
        for url in discovery.sitemap_urls(base, robots_txt):
            probe = await self.probe(url)
            if probe and discovery.classify_sitemap(probe.body, url):
                return [(url, FeedKind.SITEMAP)] if is_news_sitemap(probe.body) or not feeds else []
        return []

    async def _listing(self, html: str, base: str) -> Found:
        """The first candidate page that reads as a news listing."""
        for url in discovery.listing_urls(html, base)[:MAX_LISTINGS]:
            probe = await self.probe(url, download_maxsize=HTML_MAXSIZE)
            if isinstance(probe, TextResponse) and discovery.classify_listing(
                probe.text, probe.url
            ):
                return [(url, FeedKind.LISTING)]
        return []
