"""TlsCheckMiddleware on its own: each HTTPS server's certificate is checked once per crawl, the
answer lands in ``meta["tls_verified"]`` and the response always passes (A19).

The certificate check itself (:func:`crawlers.tls.check_certificate`, real handshakes) is tested
in ``test_quarantine.py`` and end to end in ``test_crawl_tls.py``; here it is replaced by a
recording stand-in.
"""

from __future__ import annotations

import asyncio
from ipaddress import ip_address

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawlers.middlewares import tls as tls_middleware
from crawlers.middlewares.tls import TlsCheckMiddleware
from crawlers.tls import TlsCheck

ADDRESS = ip_address("192.0.2.10")


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    """The servers checked, in order; every certificate fails verification."""
    calls: list[tuple[str, str, int]] = []

    def check(hostname: str, address: str, port: int, *_: object) -> TlsCheck:
        calls.append((hostname, address, port))
        return TlsCheck(False, "self-signed certificate")

    monkeypatch.setattr(tls_middleware, "check_certificate", check)
    return calls


def _fetch(mw: TlsCheckMiddleware, url: str, address: object = ADDRESS) -> Request:
    request = Request(url)
    response = Response(url, request=request, ip_address=address)  # type: ignore[arg-type]
    assert asyncio.run(mw.process_response(request, response)) is response
    return request


def test_https_response_records_the_check_once_per_server(
    checked: list[tuple[str, str, int]],
) -> None:
    mw = build_from_crawler(TlsCheckMiddleware, get_crawler())
    first = _fetch(mw, "https://mairie.example/rss.xml")
    again = _fetch(mw, "https://mairie.example/actualites/1")
    other_port = _fetch(mw, "https://mairie.example:8443/rss.xml")
    assert first.meta["tls_verified"] is False and again.meta["tls_verified"] is False
    assert other_port.meta["tls_verified"] is False
    assert checked == [
        ("mairie.example", "192.0.2.10", 443),
        ("mairie.example", "192.0.2.10", 8443),
    ]
    assert mw.crawler.stats.get_value("aict/tls_checked/False") == 2


@pytest.mark.parametrize(
    "url, address",
    [("http://mairie.example/rss.xml", ADDRESS), ("https://mairie.example/rss.xml", None)],
)
def test_plain_http_or_no_connected_address_is_not_checked(
    checked: list[tuple[str, str, int]], url: str, address: object
) -> None:
    request = _fetch(build_from_crawler(TlsCheckMiddleware, get_crawler()), url, address)
    assert "tls_verified" not in request.meta and checked == []


def test_the_check_waits_at_most_the_download_timeout() -> None:
    crawler = get_crawler(settings_dict={"DOWNLOAD_TIMEOUT": 3})
    assert build_from_crawler(TlsCheckMiddleware, crawler).timeout == 3
    assert build_from_crawler(TlsCheckMiddleware, get_crawler()).timeout == 10
