"""Honour ``Retry-After`` on 429 and 503 (P-C3, A6): no request to that host until it passes.

Scrapy's RetryMiddleware retries at once (scrapy#3849). This middleware sits nearer the
downloader, so it sees the response first: it pauses the host (capped at 24 h), fails the
request with :class:`RetryAfterPause` (recorded as ``backoff``; the feed's next poll is pushed
past the pause, with jitter after a 429) and refuses further requests to the host meanwhile.
"""

from __future__ import annotations

import email.utils
import time

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from crawlers.middlewares.errors import RetryAfterPause
from crawlers.schedule import RETRY_AFTER_CAP

PAUSE_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP-date), capped."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    cap = RETRY_AFTER_CAP.total_seconds()
    if text.isdigit():
        return min(float(text), cap)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    wait = when.timestamp() - (now if now is not None else time.time())
    return min(max(wait, 0.0), cap)


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._paused: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        until = self._paused.get(host)
        if until is not None and time.monotonic() < until:
            self.crawler.stats.inc_value("aict/retry_after_skipped")
            raise RetryAfterPause(
                f"{host} asked to wait (Retry-After)",
                seconds=until - time.monotonic(),
                http_status=None,
            )

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in PAUSE_STATUSES:
            return response
        seconds = retry_after_seconds(response.headers.get("Retry-After"))
        if seconds is None:
            return response
        host = urlparse_cached(request).netloc
        self._paused[host] = time.monotonic() + seconds
        self.crawler.stats.inc_value("aict/retry_after")
        raise RetryAfterPause(
            f"HTTP {response.status} with Retry-After {int(seconds)} s",
            seconds=seconds,
            http_status=response.status,
        )
