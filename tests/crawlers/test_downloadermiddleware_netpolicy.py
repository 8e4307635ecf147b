"""NetworkPolicyMiddleware on its own: every request's address checked before any connection,
refusals counted, and the download slot named after the resolved address (A5, A12, A13)."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawlers.middlewares.errors import PolicyRefused
from crawlers.middlewares.netpolicy import NetworkPolicyMiddleware
from tests.support.sites import FORBIDDEN_ADDRESS, TEST_NETWORK, loopback_address


@pytest.fixture
def crawler(monkeypatch: pytest.MonkeyPatch) -> Crawler:
    monkeypatch.setenv("AICT_ALLOW_NETWORKS", TEST_NETWORK)
    return get_crawler()


def _process(crawler: Crawler, url: str) -> Request:
    request = Request(url)
    middleware = build_from_crawler(NetworkPolicyMiddleware, crawler)
    asyncio.run(middleware.process_request(request))
    return request


def test_an_allow_listed_address_passes_and_names_the_download_slot(crawler: Crawler) -> None:
    address = loopback_address()
    request = _process(crawler, f"http://{address}:8080/rss.xml")
    assert request.meta["download_slot"] == address
    assert crawler.stats.get_value("aict/policy_refused") is None


@pytest.mark.parametrize(
    "url, why",
    [
        (f"http://{FORBIDDEN_ADDRESS}/secret", "non-public address"),
        ("http://10.1.2.3/intranet", "non-public address"),
        ("ftp://example.org/file", "scheme 'ftp' refused"),
        ("http://example.org/" + "a" * 3000, "URL longer than"),
    ],
)
def test_refused_requests_raise_and_are_counted(crawler: Crawler, url: str, why: str) -> None:
    with pytest.raises(PolicyRefused) as refused:
        _process(crawler, url)
    assert str(refused.value).startswith("refused ") and why in str(refused.value)
    assert refused.value.status == "refused" and refused.value.kind == "policy"
    assert crawler.stats.get_value("aict/policy_refused") == 1


def test_loopback_is_refused_unless_allow_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AICT_ALLOW_NETWORKS", raising=False)
    with pytest.raises(PolicyRefused, match="non-public address"):
        _process(get_crawler(), f"http://{loopback_address()}/rss.xml")
