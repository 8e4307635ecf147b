"""Why a request was not downloaded: IgnoreRequest subclasses that reach the request's errback.

Each carries what the feed's health record needs (status, failure kind) so a refused address,
a robots block, a Retry-After pause or a redirect loop is recorded, never dropped silently.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from models.vocab import FetchStatus


class CrawlRefusal(IgnoreRequest):
    """Base: ``status`` is a v_source_health status, ``kind`` feeds the failure weight."""

    status: str = FetchStatus.ERROR
    kind = "policy"


class PolicyRefused(CrawlRefusal):
    """Scheme, length or resolved address refused by the network policy (A12, A13)."""

    status = FetchStatus.REFUSED
    kind = "policy"


class RobotsDisallowed(CrawlRefusal):
    """robots.txt forbids the URL, or is unavailable (5xx, network error: complete disallow)."""

    status = FetchStatus.DISALLOWED

    def __init__(self, message: str, *, unavailable: bool = False) -> None:
        super().__init__(message)
        self.kind = "unavailable" if unavailable else "robots"


class RetryAfterPause(CrawlRefusal):
    """The host asked us to wait (429/503 with Retry-After), or we are still waiting (A6)."""

    status = FetchStatus.BACKOFF
    kind = "http"

    def __init__(self, message: str, *, seconds: float, http_status: int | None) -> None:
        super().__init__(message)
        self.seconds = seconds
        self.http_status = http_status


class RedirectFailure(CrawlRefusal):
    """A redirect loop or a chain longer than REDIRECT_MAX_TIMES (A11)."""

    status = FetchStatus.ERROR
    kind = "redirect"


class SiteChanged(CrawlRefusal):
    """A council site changed hands (A21): a fetch redirected to another registered domain (not
    followed), or a parking page answered (``response``: that page, never parsed or stored).

    ``reason`` is what the source's quarantine records.
    """

    status = FetchStatus.ERROR
    kind = "suspect"

    def __init__(self, message: str, *, reason: str, response: Response | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.response = response

    @property
    def parked(self) -> bool:
        """True for a parking page (the site answered), False for a redirect elsewhere."""
        return self.response is not None
