"""DatesPipeline on its own: the page's dates first, the feed's date when the page has none,
NULL when nothing parses (P-D3). The rule itself is ``crawlers.dates.choose_published``'s
(``test_dates.py``, ``test_extract_dates.py``)."""

from __future__ import annotations

import datetime as dt

from crawlers.pipelines.dates import DatesPipeline
from crawlers.records import ArticleItem, DateCandidate
from tests.crawlers.pipeline_items import item


def _item(*candidates: DateCandidate, feed_date: str | None = None) -> ArticleItem:
    article = item(1, "https://journal.example/a1", "Conseil municipal")
    article.page.date_candidates = candidates
    article.feed_date = feed_date
    return article


def test_the_page_date_wins_over_the_feed_date() -> None:
    article = _item(
        DateCandidate("jsonld", "2026-03-12T10:00:00+01:00"),
        feed_date="Thu, 12 Mar 2026 18:00:00 +0100",
    )
    assert DatesPipeline().process_item(article).published_at == dt.datetime(
        2026, 3, 12, 9, 0, tzinfo=dt.UTC
    )


def test_the_feed_date_stands_in_for_a_page_without_one() -> None:
    article = _item(feed_date="Thu, 12 Mar 2026 18:00:00 +0100")
    assert DatesPipeline().process_item(article).published_at == dt.datetime(
        2026, 3, 12, 17, 0, tzinfo=dt.UTC
    )
    assert article.page.date_candidates == ()  # the page's own candidates are left as they were


def test_nothing_parseable_leaves_the_date_empty() -> None:
    article = _item(DateCandidate("visible", "bientôt"), feed_date="sans date")
    assert DatesPipeline().process_item(article).published_at is None
