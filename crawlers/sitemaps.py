"""News sitemaps (``<urlset>`` with optional ``news:`` and ``lastmod``) and sitemap indexes.

lxml runs without entity resolution, network access or huge trees, so entity bombs and
external DTDs in a sitemap expand to nothing (B2).
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from crawlers.feeds import MAX_ENTRIES
from crawlers.records import FeedEntry, ParsedIndex
from crawlers.urls import is_crawlable

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
}


class NotASitemap(ValueError):
    """The body is not a sitemap."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(node: etree._Element, *names: str) -> str | None:
    for el in node.iter():
        if _local(el.tag) in names and el.text and el.text.strip():
            return el.text.strip()
    return None


def read_sitemap(body: bytes, base_url: str, *, max_entries: int = MAX_ENTRIES) -> ParsedIndex:
    """Entries (``<url>``) or child sitemaps (``<sitemap>``) of a sitemap document."""
    try:
        root = etree.fromstring(body.strip(), parser=etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise NotASitemap(f"not a sitemap ({exc})") from exc
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise NotASitemap("not a sitemap (no urlset or sitemapindex)")
    result = ParsedIndex()
    for node in root:
        loc = _child_text(node, "loc")
        url = urljoin(base_url, loc) if loc else ""
        if not is_crawlable(url):
            result.skipped += 1
        elif _local(node.tag) == "sitemap":
            result.children.append(url)
        elif _local(node.tag) == "url" and len(result.entries) < max_entries:
            result.entries.append(
                FeedEntry(
                    url=url,
                    title=_child_text(node, "title") or "",
                    published=_child_text(node, "publication_date"),
                    updated=_child_text(node, "lastmod"),
                )
            )
        else:
            result.skipped += 1
    return result


def is_news_sitemap(body: bytes) -> bool:
    """True for a sitemap that declares the Google News namespace."""
    return b"sitemap-news" in body[:4096] or b"<news:news" in body[:65536]
