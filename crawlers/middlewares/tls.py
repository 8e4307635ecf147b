"""Record whether each HTTPS response came from a server whose certificate verifies (A19).

For the final response of a request over HTTPS (redirects are resolved below this middleware),
the server (host name, connected address, port) is checked once per crawl with
:func:`crawlers.tls.check_certificate` in a worker thread; the answer goes to
``request.meta["tls_verified"]`` (True, False, or None when the check got no answer), which the
spider writes to ``feeds.tls_verified``. The download is never refused on that account.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from crawlers.tls import TlsCheck, check_certificate, default_context

logger = logging.getLogger(__name__)
CHECK_TIMEOUT = 10.0


class TlsCheckMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.timeout = min(CHECK_TIMEOUT, crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 30))
        self.context = default_context()
        # One check per server and crawl, shared by concurrent responses of that server.
        self._checks: dict[tuple[str, str, int], asyncio.Future[TlsCheck]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TlsCheckMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Response:
        parts = urlparse_cached(request)
        address = response.ip_address
        if parts.scheme != "https" or address is None or not parts.hostname:
            return response
        key = (parts.hostname, str(address), parts.port or 443)
        check = self._checks.get(key)
        if check is None:
            loop = asyncio.get_running_loop()
            check = loop.run_in_executor(None, check_certificate, *key, self.timeout, self.context)
            self._checks[key] = check
            first = True
        else:
            first = False
        # shield: a cancelled download must not cancel the check other responses wait for.
        result = await asyncio.shield(check)
        request.meta["tls_verified"] = result.verified
        if first:
            self.crawler.stats.inc_value(f"aict/tls_checked/{result.verified}")
            if result.verified is False:
                logger.warning(
                    "TLS certificate of %s not verified (%s); crawled anyway, recorded (A19)",
                    parts.hostname,
                    result.detail,
                )
        return response
