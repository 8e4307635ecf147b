"""Downloader middleware applying :mod:`crawlers.netpolicy` to every request, redirects included.

Redirect targets and robots.txt fetches re-enter the downloader middleware chain, so each hop
is checked here on the addresses its host resolves to, before any connection is made. The
resolved address also names the request's download slot (politeness per server, A5).
"""

from __future__ import annotations

import asyncio
import socket
import time

from scrapy import Request
from scrapy.crawler import Crawler
from twisted.internet.error import DNSLookupError

from crawlers.middlewares.errors import PolicyRefused
from crawlers.netpolicy import NetworkPolicy, PolicyError, check_url, literal_ip

_CACHE_SECONDS = 300.0


class NetworkPolicyMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.policy = NetworkPolicy.from_env()
        self.dns_timeout = crawler.settings.getfloat("DNS_TIMEOUT", 10)
        self._resolved: dict[str, tuple[float, list[str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetworkPolicyMiddleware:
        return cls(crawler)

    async def _addresses(self, host: str) -> list[str]:
        literal = literal_ip(host)
        if literal:
            return [literal]
        cached = self._resolved.get(host)
        if cached and time.monotonic() - cached[0] < _CACHE_SECONDS:
            return cached[1]
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), self.dns_timeout
            )
        except (OSError, TimeoutError) as exc:
            raise DNSLookupError(f"{host}: {exc}") from None
        addresses = sorted({str(info[4][0]) for info in infos})
        self._resolved[host] = (time.monotonic(), addresses)
        return addresses

    async def process_request(self, request: Request) -> None:
        try:
            host = check_url(request.url)
            addresses = await self._addresses(host)
            self.policy.check_addresses(host, addresses)
        except PolicyError as exc:
            self.crawler.stats.inc_value("aict/policy_refused")
            raise PolicyRefused(f"refused {request.url[:200]}: {exc}") from None
        # A5: commune sites often share one hosting server; keying the download slot by the
        # resolved address keeps "one request in flight" per server, not per host name
        # (CONCURRENT_REQUESTS_PER_IP is deprecated). Crawl-delay follows the same slot.
        request.meta["download_slot"] = addresses[0]  # per hop: a redirect may change server
