"""Validation and text hygiene: crawlable URL, cleaned title/text (no C1), something to keep."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawlers.records import ArticleItem
from crawlers.texthygiene import clean_line, clean_text
from crawlers.urls import is_crawlable
from models.vocab import SourceKind


class ValidationPipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        if not is_crawlable(item.url):
            raise DropItem(f"not a crawlable URL: {item.url[:120]}")
        page = item.page
        page.title = clean_line(page.title or item.feed_title)
        page.text = clean_text(page.text)
        page.lead = clean_line(page.lead) or None
        if not page.title and not page.text:
            raise DropItem(f"nothing extracted from {item.url[:120]}")
        if item.source_kind == SourceKind.PRESS and len(page.text) < 250 and not page.paywalled:
            # A press page this short is a teaser: keep it, flagged (B8).
            page.text_truncated = True
        return item
