"""Rfc9309RobotsMiddleware on its own (P-C1, A1–A4): robots.txt fetched once per host, 2xx rules
obeyed, 4xx allows everything, 5xx or a network error disallows everything, Crawl-delay applied
to the host's download slot (capped).

The engine is a stand-in that answers robots.txt from a table and records what was asked.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError

from crawlers.middlewares.errors import RobotsDisallowed
from crawlers.middlewares.robots import Rfc9309RobotsMiddleware

SITE = "http://journal.example"


@dataclass
class Downloader:
    """What the middleware touches of Scrapy's downloader: slots and their settings."""

    slots: dict[str, SimpleNamespace] = field(default_factory=dict)
    per_slot_settings: dict[str, dict[str, float]] = field(default_factory=dict)

    def get_slot_key(self, request: Request) -> str:
        return request.meta.get("download_slot", "journal.example")


@dataclass
class Engine:
    """Answers robots.txt requests: a (status, body) pair, or an exception to raise."""

    answer: tuple[int, str] | Exception
    asked: list[str] = field(default_factory=list)
    downloader: Downloader = field(default_factory=Downloader)

    async def download_async(self, request: Request) -> Response:
        self.asked.append(request.url)
        if isinstance(self.answer, Exception):
            raise self.answer
        status, body = self.answer
        return TextResponse(request.url, status=status, body=body.encode(), encoding="utf-8")


def _crawler(answer: tuple[int, str] | Exception, **settings: object) -> Crawler:
    crawler = get_crawler(settings_dict=settings)
    crawler.engine = Engine(answer)  # type: ignore[assignment]
    return crawler


def _fetch(crawler: Crawler, *paths: str) -> None:
    mw = build_from_crawler(Rfc9309RobotsMiddleware, crawler)

    async def run() -> None:
        for path in paths:
            await mw.process_request(Request(SITE + path))

    asyncio.run(run())


def test_rules_are_obeyed_and_robots_txt_fetched_once() -> None:
    crawler = _crawler((200, "User-agent: *\nDisallow: /prive\n"))
    with pytest.raises(RobotsDisallowed) as refused:
        _fetch(crawler, "/a1", "/a2", "/prive/note")
    assert str(refused.value) == f"forbidden by robots.txt: {SITE}/prive/note"
    assert refused.value.kind == "robots" and refused.value.status == "disallowed"
    assert crawler.engine.asked == [f"{SITE}/robots.txt"]
    assert crawler.stats.get_value("robotstxt/forbidden") == 1


def test_4xx_allows_everything() -> None:
    crawler = _crawler((404, "not found"))
    _fetch(crawler, "/prive/note", "/a1")
    assert crawler.engine.asked == [f"{SITE}/robots.txt"]


@pytest.mark.parametrize("status", [500, 503])
def test_5xx_disallows_everything(status: int) -> None:
    crawler = _crawler((status, "<html>indisponible</html>"))
    with pytest.raises(RobotsDisallowed) as refused:
        _fetch(crawler, "/a1")
    assert str(refused.value) == f"robots.txt answered {status}: complete disallow"
    assert refused.value.kind == "unavailable"


def test_a_network_error_is_reported_as_itself() -> None:
    crawler = _crawler(ConnectionRefusedError("refused"))
    with pytest.raises(ConnectionRefusedError):
        _fetch(crawler, "/a1")
    assert crawler.stats.get_value("robotstxt/unavailable") == 1


def test_only_the_first_512_kib_are_parsed() -> None:
    filler = "# " + "x" * 98 + "\n"
    body = "User-agent: *\n" + filler * 6000 + "Disallow: /late\n"  # the rule after ~600 KiB
    _fetch(_crawler((200, body)), "/late")
    with pytest.raises(RobotsDisallowed):
        _fetch(_crawler((200, body), AICT_ROBOTS_PARSE_LIMIT=1024 * 1024), "/late")


def test_crawl_delay_is_applied_to_the_slot_and_capped() -> None:
    crawler = _crawler((200, "User-agent: *\nCrawl-delay: 90\n"))
    crawler.engine.downloader.slots["journal.example"] = SimpleNamespace(delay=0.5)
    _fetch(crawler, "/a1")
    assert crawler.engine.downloader.slots["journal.example"].delay == 30.0
    assert crawler.engine.downloader.per_slot_settings == {"journal.example": {"delay": 30.0}}


def test_requests_marked_dont_obey_are_not_checked() -> None:
    crawler = _crawler((503, ""))
    mw = build_from_crawler(Rfc9309RobotsMiddleware, crawler)
    request = Request(f"{SITE}/robots.txt", meta={"dont_obey_robotstxt": True})
    asyncio.run(mw.process_request(request))
    assert crawler.engine.asked == []
