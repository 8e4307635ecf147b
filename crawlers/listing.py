"""News listing pages ("/actualites" and the like): article links and the next page.

Sites without a feed or sitemap still list their news; we keep links inside the main content
(not header, nav, aside or footer) that look like news items, and follow ``rel=next`` or a
"page suivante" link for a bounded number of pages (the spider owns the bound).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawlers.records import FeedEntry, ParsedIndex
from crawlers.urls import is_crawlable, same_site

#: Path fragments that mark a news item (French council CMSs and press).
NEWS_PATH = re.compile(
    r"/(actualites?|actus?|news|articles?|breves?|communiques?|a-la-une|agenda|"
    r"presse|informations?|node|spip\.php\?article|\d{4}/\d{2})(/|-|$|\?|\d)",
    re.IGNORECASE,
)
NEXT_TEXTS = frozenset({"suivant", "suivante", "page suivante", "next", "›", "»", ">", ">>"})
_BOILERPLATE = "ancestor::header or ancestor::nav or ancestor::footer or ancestor::aside"
_PAGINATION = re.compile(r"[?&](page|p|start|pg)=\d+|/page/\d+", re.IGNORECASE)


def _is_item_link(url: str, listing_url: str, in_article: bool) -> bool:
    if not is_crawlable(url) or not same_site(url, listing_url):
        return False
    path = urlsplit(url).path.rstrip("/")
    base = urlsplit(listing_url).path.rstrip("/")
    if path == base or _PAGINATION.search(url) or not path:
        return False
    if in_article or (base and path.startswith(base + "/")):
        return True
    slug = path.rsplit("/", 1)[-1]
    return bool(NEWS_PATH.search(url)) and (path.count("/") >= 2 or "-" in slug)


def _next_page(sel: Selector, base_url: str) -> str | None:
    href = sel.xpath("//a[@rel='next']/@href | //link[@rel='next']/@href").get()
    if not href:
        for anchor in sel.xpath("//a[@href]"):
            label = " ".join(anchor.xpath("normalize-space(.)").get("").lower().split())
            title = (anchor.attrib.get("title") or anchor.attrib.get("aria-label") or "").lower()
            if label in NEXT_TEXTS or "page suivante" in title:
                href = anchor.attrib["href"]
                break
    url = urljoin(base_url, href) if href else None
    return url if url and is_crawlable(url) and url != base_url else None


def read_listing(html: str, base_url: str) -> ParsedIndex:
    """News item links of one listing page (deduplicated, in page order) and its next page."""
    sel = Selector(text=html or "<html></html>")
    result = ParsedIndex(next_url=_next_page(sel, base_url))
    seen: set[str] = set()
    for anchor in sel.xpath(f"//body//a[@href][not({_BOILERPLATE})]"):
        url = urljoin(base_url, anchor.attrib["href"].strip()).split("#", 1)[0]
        in_article = bool(anchor.xpath("ancestor::article"))
        if url in seen or url == result.next_url:
            continue
        if not _is_item_link(url, base_url, in_article):
            if not is_crawlable(url):
                result.skipped += 1
            continue
        seen.add(url)
        title = anchor.xpath("normalize-space(.)").get("")
        result.entries.append(FeedEntry(url=url, title=title[:500]))
    return result
