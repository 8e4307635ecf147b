"""Publication date: JSON-LD, page meta, feed date, ``<time>``, htmldate — first that parses.

Naive times are Paris time; nothing parseable leaves ``published_at`` NULL and the article is
placed in time by ``first_seen_at`` (P-D3).
"""

from __future__ import annotations

from crawlers.dates import first_date
from crawlers.records import ArticleItem


class DatesPipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        jsonld, meta, time_tag, htmldate = item.page.date_candidates
        item.published_at = first_date(jsonld, meta, item.feed_date, time_tag, htmldate)
        return item
