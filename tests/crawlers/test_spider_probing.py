"""FeedProber on its own: candidates fetched through a given download callable."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse

from crawlers.spiders.probing import FeedProber

HOME = "http://mairie.example/"
RSS = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Actus</title><item>"
    b"<title>Un</title><link>http://mairie.example/a1</link></item></channel></rss>"
)
NEWS_SITEMAP = (
    b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
    b"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'><url>"
    b"<loc>http://mairie.example/a1</loc><news:news><news:publication_date>2026-11-02"
    b"</news:publication_date><news:title>Un</news:title></news:news></url></urlset>"
)


class Site:
    """A download callable answering from a dict of URL → (class, body); 404 elsewhere."""

    def __init__(self, pages: dict[str, tuple[type[Response], bytes]]) -> None:
        self.pages = pages
        self.asked: list[Request] = []

    async def __call__(self, request: Request) -> Response:
        self.asked.append(request)
        cls, body = self.pages.get(request.url, (TextResponse, b""))
        status = 200 if request.url in self.pages else 404
        kwargs = {"encoding": "utf-8"} if issubclass(cls, TextResponse) else {}
        return cls(request.url, status=status, body=body, request=request, **kwargs)


def _home(html: str) -> HtmlResponse:
    return HtmlResponse(HOME, body=html.encode(), encoding="utf-8")


def test_declared_feed_and_news_sitemap_from_robots() -> None:
    site = Site(
        {
            "http://mairie.example/flux.xml": (XmlResponse, RSS),
            "http://mairie.example/robots.txt": (
                TextResponse,
                b"Sitemap: http://mairie.example/news.xml\n",
            ),
            "http://mairie.example/news.xml": (XmlResponse, NEWS_SITEMAP),
        }
    )
    home = _home('<link rel="alternate" type="application/rss+xml" href="/flux.xml">')
    found = asyncio.run(FeedProber(site).find(home))
    assert found == [
        ("http://mairie.example/flux.xml", "rss"),
        ("http://mairie.example/news.xml", "sitemap"),
    ]
    robots = next(r for r in site.asked if r.url.endswith("/robots.txt"))
    assert robots.meta["dont_obey_robotstxt"] is True  # robots.txt itself is always readable


def test_failed_and_non_200_probes_are_not_candidates() -> None:
    async def broken(request: Request) -> Response:
        raise ConnectionError("refused")

    assert asyncio.run(FeedProber(broken).probe("http://mairie.example/feed/")) is None
    assert asyncio.run(FeedProber(Site({})).find(_home("<p>Bienvenue</p>"))) == []
