"""Canonical URL: the normalised key (one article per normalised URL) and a clean canonical."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawlers.records import ArticleItem
from crawlers.urls import is_crawlable, normalize_url


class CanonicalUrlPipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        try:
            item.normalized_url = item.normalized_url or normalize_url(item.url)
        except ValueError as exc:
            raise DropItem(str(exc)) from None
        canonical = item.page.canonical_url
        item.page.canonical_url = canonical if canonical and is_crawlable(canonical) else None
        return item
