"""Redirects that fail loudly (A11): a loop or too long a chain reaches the errback.

Scrapy drops a loop A→B→A through its duplicate filter with no callback and no errback; here
a target already in the chain raises :class:`RedirectFailure`, as does passing
REDIRECT_MAX_TIMES. Redirect targets skip the duplicate filter so nothing vanishes silently.
A request carrying ``meta["home_domains"]`` (council sites, A21) that is sent from one of those
registered domains to another raises :class:`SiteChanged` instead: the foreign site is never
contacted, and the spider quarantines the source.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

from crawlers.middlewares.errors import RedirectFailure, SiteChanged
from crawlers.quarantine import leaves_home


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            self.crawler.stats.inc_value("aict/redirect_loop")
            hops = " -> ".join([*chain, redirected.url][-4:])
            raise RedirectFailure(f"redirect loop: {hops}")
        foreign = leaves_home(
            chain[0], redirected.url, request.meta.get("home_domains") or frozenset()
        )
        if foreign:
            self.crawler.stats.inc_value("aict/redirect_off_site")
            reason = f"redirected to another domain: {chain[0][:200]} -> {redirected.url[:200]}"
            raise SiteChanged(f"{reason} (not followed)", reason=reason)
        try:
            result = super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            self.crawler.stats.inc_value("aict/redirect_too_long")
            raise RedirectFailure(
                f"more than {self.max_redirect_times} redirects from {chain[0][:200]}"
            ) from None
        result.dont_filter = True
        return result
