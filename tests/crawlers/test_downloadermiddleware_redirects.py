"""LoopAwareRedirectMiddleware on its own: redirects are followed past the duplicate filter, and a
loop, too long a chain or a council's fetch sent to another domain fail loudly (A11, A21)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawlers.middlewares.errors import RedirectFailure, SiteChanged
from crawlers.middlewares.redirects import LoopAwareRedirectMiddleware
from crawlers.quarantine import home_domains

HOME = "https://www.ville-test.fr"


def _mw(**settings: object) -> LoopAwareRedirectMiddleware:
    return build_from_crawler(LoopAwareRedirectMiddleware, get_crawler(settings_dict=settings))


def _moved(request: Request, location: str, status: int = 301) -> Response:
    return Response(request.url, status=status, headers={"Location": location})


def test_a_redirect_is_followed_and_skips_the_duplicate_filter() -> None:
    request = Request(f"{HOME}/rss")
    followed = _mw().process_response(request, _moved(request, f"{HOME}/feed/"))
    assert isinstance(followed, Request)
    assert followed.url == f"{HOME}/feed/" and followed.dont_filter
    assert followed.meta["redirect_urls"] == [f"{HOME}/rss"]


def test_a_loop_is_a_failure_naming_its_hops() -> None:
    mw = _mw()
    first = Request(f"{HOME}/a")
    second = mw.process_response(first, _moved(first, f"{HOME}/b", 302))
    with pytest.raises(RedirectFailure) as loop:
        mw.process_response(second, _moved(second, f"{HOME}/a", 302))
    assert str(loop.value) == f"redirect loop: {HOME}/a -> {HOME}/b -> {HOME}/a"
    assert loop.value.kind == "redirect"
    assert mw.crawler.stats.get_value("aict/redirect_loop") == 1


def test_too_long_a_chain_is_a_failure() -> None:
    mw = _mw(REDIRECT_MAX_TIMES=2)
    request = Request(f"{HOME}/0")
    for n in range(1, 3):
        request = mw.process_response(request, _moved(request, f"{HOME}/{n}"))
    with pytest.raises(RedirectFailure, match=f"more than 2 redirects from {HOME}/0"):
        mw.process_response(request, _moved(request, f"{HOME}/3"))
    assert mw.crawler.stats.get_value("aict/redirect_too_long") == 1


def test_a_council_sent_to_another_domain_has_changed_hands() -> None:
    mw = _mw()
    request = Request(f"{HOME}/rss", meta={"home_domains": home_domains([HOME])})
    with pytest.raises(SiteChanged) as changed:
        mw.process_response(request, _moved(request, "https://casino-test.com/rss"))
    assert changed.value.reason == (
        f"redirected to another domain: {HOME}/rss -> https://casino-test.com/rss"
    )
    assert not changed.value.parked and str(changed.value).endswith("(not followed)")
    assert mw.crawler.stats.get_value("aict/redirect_off_site") == 1


def test_within_home_or_without_home_domains_a_redirect_is_followed() -> None:
    mw = _mw()
    home = Request(f"{HOME}/rss", meta={"home_domains": home_domains([HOME])})
    assert isinstance(mw.process_response(home, _moved(home, "https://ville-test.fr/rss")), Request)
    press = Request("https://journal.example/a1")  # no home domains: press, partner links
    assert isinstance(mw.process_response(press, _moved(press, "https://cdn.example/a1")), Request)
