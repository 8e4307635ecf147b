"""Publication date: the page's own dates, htmldate, then the feed's, by the documented rule.

The rule (visible "Publié le" day first, structured dates by trust and agreement, a day alone
is its Paris day) lives in :func:`crawlers.dates.choose_published`. Nothing parseable leaves
``published_at`` NULL and the article is placed in time by ``first_seen_at`` (P-D3).
"""

from __future__ import annotations

from crawlers.dates import FEED, choose_published
from crawlers.records import ArticleItem, DateCandidate


class DatesPipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        candidates = list(item.page.date_candidates)
        if item.feed_date:
            candidates.append(DateCandidate(FEED, item.feed_date))
        item.published_at = choose_published(candidates)
        return item
