"""ParkingPageMiddleware on its own: a council's parking page raises SiteChanged, with the page."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawlers.failures import outcome_of
from crawlers.middlewares.errors import SiteChanged
from crawlers.middlewares.parking import ParkingPageMiddleware

PARKED = b"<html><body><h1>Ce domaine est \xc3\xa0 vendre</h1></body></html>"
NEWS = b"<html><body><h1>Conseil municipal du 3 mars</h1><p>Ordre du jour.</p></body></html>"
URL = "http://mairie.example/actualites"


def _mw() -> ParkingPageMiddleware:
    return build_from_crawler(ParkingPageMiddleware, get_crawler())


def _exchange(
    body: bytes, *, council: bool = True, status: int = 200
) -> tuple[Request, HtmlResponse]:
    request = Request(URL, meta={"check_parking": council, "download_latency": 0.25})
    response = HtmlResponse(URL, status=status, body=body, encoding="utf-8")
    return request, response


def test_parking_page_of_a_council_raises_site_changed_with_the_page() -> None:
    request, response = _exchange(PARKED)
    with pytest.raises(SiteChanged) as caught:
        _mw().process_response(request, response)
    exc = caught.value
    assert exc.parked and "parking page" in exc.reason and URL in exc.reason
    assert str(exc).startswith("source quarantined: parking page")
    # The health record of the fetch keeps the answer's status and download time.
    outcome = outcome_of(exc)
    assert (outcome.status, outcome.error_kind, outcome.http_status) == ("error", "suspect", 200)
    assert outcome.duration_ms == 250 and outcome.error == str(exc)


def test_ordinary_page_passes() -> None:
    request, response = _exchange(NEWS)
    assert _mw().process_response(request, response) is response


@pytest.mark.parametrize("council, status", [(False, 200), (True, 404), (True, 503)])
def test_press_sites_and_non_2xx_answers_are_not_checked(council: bool, status: int) -> None:
    request, response = _exchange(PARKED, council=council, status=status)
    assert _mw().process_response(request, response) is response


def test_a_feed_is_never_a_parking_page() -> None:
    request = Request(URL, meta={"check_parking": True})
    feed = TextResponse(
        URL,
        body=b"<?xml version='1.0'?><rss><channel><title>Ce domaine est a vendre</title>"
        b"</channel></rss>",
        headers={"Content-Type": "application/rss+xml"},
        encoding="utf-8",
    )
    assert _mw().process_response(request, feed) is feed


def test_redirect_site_changed_is_not_parked() -> None:
    assert not SiteChanged("moved", reason="redirected elsewhere").parked
