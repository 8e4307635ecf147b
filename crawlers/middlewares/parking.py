"""Parking pages of council sites that changed hands (A21), caught as they arrive.

A council's domain that expired is soon a parking or for-sale page. For a request of a council
source (``meta["check_parking"]``), a successful HTML response whose visible text carries a
parking signature (:func:`crawlers.quarantine.parking_signature`) raises :class:`SiteChanged`,
the same exception as a redirect to another domain (:mod:`crawlers.middlewares.redirects`):
the request's errback quarantines the source in one place, and nothing from the page is parsed
or stored. The exception carries the page so the feed's health still records the answer.

Placed below Scrapy's retry (550) and decompression (590) middlewares, since responses climb
from high to low numbers: it sees the final, decoded response the spider would have seen.
Only 2xx responses are checked: any other status reaches the errback as an HTTP error anyway
(a 304 has no body).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawlers.middlewares.errors import SiteChanged
from crawlers.quarantine import looks_like_html, parking_signature


class ParkingPageMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParkingPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get("check_parking") or not 200 <= response.status < 300:
            return response
        if not isinstance(response, TextResponse):
            return response
        if not looks_like_html(response.body, response.headers.get("Content-Type")):
            return response
        signature = parking_signature(response.text)
        if signature is None:
            return response
        self.stats.inc_value("aict/parking_page")
        raise SiteChanged(
            f"source quarantined: {signature}",
            reason=f"{signature} at {response.url[:200]}",
            # Tied to its request here (Scrapy does so only after the middlewares): the
            # health record reads the download time and TLS check from its meta.
            response=response.replace(request=request),
        )
