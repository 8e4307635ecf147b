"""RetryAfterMiddleware on its own: a 429/503 with Retry-After pauses its host, fails the request
as ``backoff`` and refuses the host's next requests until the pause ends (P-C3, A6)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawlers.middlewares.errors import RetryAfterPause
from crawlers.middlewares.retry_after import RetryAfterMiddleware

FEED = "http://journal.example/rss.xml"


def _mw() -> RetryAfterMiddleware:
    return build_from_crawler(RetryAfterMiddleware, get_crawler())


def _answer(status: int, retry_after: str | None = None, url: str = FEED) -> Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Response(url, status=status, headers=headers)


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_pauses_the_host_and_fails_the_request(status: int) -> None:
    mw = _mw()
    with pytest.raises(RetryAfterPause) as paused:
        mw.process_response(Request(FEED), _answer(status, "120"))
    assert paused.value.seconds == 120 and paused.value.http_status == status
    assert paused.value.status == "backoff"
    assert str(paused.value) == f"HTTP {status} with Retry-After 120 s"
    with pytest.raises(RetryAfterPause) as refused:
        mw.process_request(Request("http://journal.example/a1"))
    assert refused.value.http_status is None and 0 < refused.value.seconds <= 120
    assert mw.crawler.stats.get_value("aict/retry_after") == 1
    assert mw.crawler.stats.get_value("aict/retry_after_skipped") == 1


def test_other_hosts_are_not_paused() -> None:
    mw = _mw()
    with pytest.raises(RetryAfterPause):
        mw.process_response(Request(FEED), _answer(429, "60"))
    assert mw.process_request(Request("http://autre.example/rss.xml")) is None


@pytest.mark.parametrize(
    "status, retry_after", [(200, "120"), (500, "120"), (429, None), (503, "bientôt")]
)
def test_without_a_usable_retry_after_the_response_passes(
    status: int, retry_after: str | None
) -> None:
    mw = _mw()
    response = _answer(status, retry_after)
    assert mw.process_response(Request(FEED), response) is response
    assert mw.process_request(Request(FEED)) is None


def test_the_pause_ends() -> None:
    mw = _mw()
    with pytest.raises(RetryAfterPause):
        mw.process_response(Request(FEED), _answer(429, "0"))
    assert mw.process_request(Request(FEED)) is None
