"""What becomes of an article page: extracted in the worker process, or told why not.

The spider hands each article response here; a page worth storing comes back as an
:class:`ExtractedPage`, anything else is counted and logged through the feed state and gives
None. An extraction that cannot work at all stops the crawl (issue 12).
"""

from __future__ import annotations

from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse

from crawlers.extensions.feed_state import FeedState
from crawlers.extract_worker import ExtractionFailed, ExtractionService, ExtractionUnavailable
from crawlers.plan import FeedTask
from crawlers.records import ExtractedPage


async def extract_article(
    response: Response, task: FeedTask, extraction: ExtractionService, state: FeedState
) -> ExtractedPage | None:
    """The article of ``response``, or None when it is not to be stored."""
    if state.is_suspect(task.source_id):
        state.stats.inc_value("aict/article_suspect")
        return None
    if not isinstance(response, TextResponse):
        state.stats.inc_value("aict/article_not_text")
        return None
    try:
        # In the worker process, off the reactor thread, within AICT_EXTRACT_TIMEOUT (B10).
        page = await extraction.extract(response.text, response.url)
    except ExtractionUnavailable as exc:
        # Every next page would fail the same way: the crawl stops (the CLI exits 1).
        state.extraction_unavailable(task, exc)
        raise CloseSpider("extraction_unavailable") from None
    except ExtractionFailed as exc:
        state.extraction_failed(task, response.url, exc)
        return None
    if page.unrendered:
        state.page_unrendered(task, response.url, response.status, page.unrendered)
        return None
    return page
