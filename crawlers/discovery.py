"""Discovery of a council site's news channels from its homepage (pure functions).

Order of trust: feeds the page declares (``<link rel=alternate>``), then the usual CMS feed
paths (WordPress ``/feed/``, Drupal ``/rss.xml``, SPIP ``spip.php?page=backend``, Joomla
``?format=feed&type=rss``), sitemaps named in robots.txt or at the usual paths, and news
listing pages (``/actualites`` and links labelled "Actualités"). The spider fetches the
candidates through the same policy and robots rules as the crawl and keeps what classifies.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import feedparser
from parsel import Selector

from crawlers.listing import read_listing
from crawlers.sitemaps import NotASitemap, is_news_sitemap, looks_like_article, read_sitemap
from crawlers.urls import is_crawlable, same_site
from models.vocab import FeedKind

FEED_TYPES = {
    "application/rss+xml": FeedKind.RSS,
    "application/atom+xml": FeedKind.ATOM,
    "application/rdf+xml": FeedKind.RSS,
    "application/feed+json": None,
}
#: Feed paths of the CMSs councils use, tried when the page declares none.
FEED_PATHS = (
    "/feed/",  # WordPress
    "/rss.xml",  # Drupal 7, many static generators
    "/spip.php?page=backend",  # SPIP
    "/?format=feed&type=rss",  # Joomla
    "/rss",
)
SITEMAP_PATHS = ("/sitemap-news.xml", "/news-sitemap.xml", "/sitemap_news.xml", "/sitemap.xml")
LISTING_PATHS = ("/actualites", "/actualites/", "/actualite", "/actus", "/news")
_LISTING_LABEL = re.compile(r"^(toutes les )?(actualit[ée]s?|actus?|news|à la une|infos?)\b", re.I)
#: Minimum item links for a page to count as a news listing.
MIN_LISTING_ITEMS = 3


def declared_feeds(html: str, base_url: str) -> list[tuple[str, str]]:
    """(url, kind) of ``<link rel="alternate">`` feeds in the page head."""
    sel = Selector(text=html or "<html></html>")
    found: list[tuple[str, str]] = []
    for link in sel.xpath(
        "//link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
    ):
        kind = FEED_TYPES.get((link.attrib.get("type") or "").split(";")[0].strip().lower())
        url = urljoin(base_url, link.attrib["href"].strip())
        if kind and is_crawlable(url) and (url, kind) not in found:
            found.append((url, kind))
    return found


def probe_urls(homepage: str) -> list[str]:
    """Conventional CMS feed URLs on the site of ``homepage``."""
    return [urljoin(homepage, path) for path in FEED_PATHS]


def robots_sitemaps(robots_txt: str, homepage: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt that point at the same site."""
    urls = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        url = value.strip()
        if key.strip().lower() == "sitemap" and is_crawlable(url) and same_site(url, homepage):
            urls.append(url)
    return urls


def sitemap_urls(homepage: str, robots_txt: str = "") -> list[str]:
    """Candidate sitemaps: robots.txt first, then the usual paths."""
    urls = robots_sitemaps(robots_txt, homepage)
    for path in SITEMAP_PATHS:
        url = urljoin(homepage, path)
        if url not in urls:
            urls.append(url)
    return urls


def listing_urls(html: str, homepage: str) -> list[str]:
    """Links labelled like a news section, then the usual listing paths."""
    sel = Selector(text=html or "<html></html>")
    urls: list[str] = []
    for anchor in sel.xpath("//a[@href]"):
        label = anchor.xpath("normalize-space(.)").get("")
        url = urljoin(homepage, anchor.attrib["href"].strip()).split("#", 1)[0]
        if _LISTING_LABEL.match(label) and is_crawlable(url) and same_site(url, homepage):
            if url not in urls:
                urls.append(url)
    for path in LISTING_PATHS:
        url = urljoin(homepage, path)
        if url not in urls and url.rstrip("/") not in [u.rstrip("/") for u in urls]:
            urls.append(url)
    return urls


def classify_feed(body: bytes) -> str | None:
    """``rss`` or ``atom`` when the body is a feed with entries, else None."""
    parsed = feedparser.parse(body)
    version = parsed.get("version") or ""
    if not version or not parsed.entries:
        return None
    return FeedKind.ATOM if version.startswith("atom") else FeedKind.RSS


def classify_sitemap(body: bytes, base_url: str) -> bool:
    """True for a news sitemap, a sitemap index, or a plain sitemap with news in it.

    A poll takes every URL a sitemap dates within its window (crawlers/sitemaps.py), so the
    news-path heuristic decides here which sitemap is worth polling: a plain one needs at
    least MIN_LISTING_ITEMS article-like URLs (a council's sitemap of service pages has none).
    """
    try:
        parsed = read_sitemap(body, base_url)
    except NotASitemap:
        return False
    if parsed.children or (parsed.entries and is_news_sitemap(body)):
        return True
    return sum(looks_like_article(e.url) for e in parsed.entries) >= MIN_LISTING_ITEMS


def classify_listing(html: str, url: str) -> bool:
    """True when the page links at least MIN_LISTING_ITEMS news items."""
    return len(read_listing(html, url).entries) >= MIN_LISTING_ITEMS
