"""Short declarations, one per kind of index page, on the :class:`IndexReader` base.

Each says how big a body may be, how to parse it (pure functions from ``crawlers``) and
whether it paginates. Platform quirks go here as new declarations, never as copied code.
"""

from __future__ import annotations

import datetime as dt

from scrapy.http import Response, TextResponse

from crawlers.feeds import NotAFeed, read_feed
from crawlers.listing import read_listing
from crawlers.records import ParsedIndex
from crawlers.settings import FEED_MAXSIZE, HTML_MAXSIZE
from crawlers.sitemaps import NotASitemap, is_news_sitemap, read_sitemap, select_candidates
from models.vocab import FeedKind


class IndexReader:
    """Base: a kind of page that lists articles."""

    kind = ""
    maxsize = FEED_MAXSIZE
    paginates = False

    def read(self, response: Response, last_success: dt.datetime | None = None) -> ParsedIndex:
        """The page's entries; ``last_success``: the feed's previous successful poll."""
        raise NotImplementedError


class FeedReader(IndexReader):
    """RSS or Atom; a "feed" URL that serves a news sitemap is read as one (B3)."""

    kind = FeedKind.RSS

    def read(self, response: Response, last_success: dt.datetime | None = None) -> ParsedIndex:
        try:
            content_type = response.headers.get("Content-Type") or b""
            return read_feed(
                response.body, response.url, content_type=content_type.decode("latin-1")
            )
        except NotAFeed:
            if b"<urlset" in response.body[:2048]:
                return SitemapReader().read(response, last_success)
            raise


class SitemapReader(IndexReader):
    """News or plain sitemap: the URLs dated within the polling window; indexes list children."""

    kind = FeedKind.SITEMAP

    def read(self, response: Response, last_success: dt.datetime | None = None) -> ParsedIndex:
        parsed = read_sitemap(response.body, response.url)
        news = is_news_sitemap(response.body)
        return select_candidates(parsed, news=news, last_success=last_success)


class ListingReader(IndexReader):
    """A news listing page with bounded pagination."""

    kind = FeedKind.LISTING
    maxsize = HTML_MAXSIZE
    paginates = True

    def read(self, response: Response, last_success: dt.datetime | None = None) -> ParsedIndex:
        if not isinstance(response, TextResponse):
            raise NotASitemap("listing page is not text")
        return read_listing(response.text, response.url)


READERS: dict[str, IndexReader] = {
    FeedKind.RSS: FeedReader(),
    FeedKind.ATOM: FeedReader(),
    FeedKind.SITEMAP: SitemapReader(),
    FeedKind.LISTING: ListingReader(),
}
PARSE_ERRORS = (NotAFeed, NotASitemap)
