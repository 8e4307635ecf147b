"""The requests and items the observatory spider sends, built from plan tasks (pure functions).

Each request carries what its callback, errback and our middlewares read in ``meta``: the task
(``task`` for a feed's pages and articles, ``site`` for a discovery), the body size bound, the
source's registered domains (redirect check) and, for council sites, ``check_parking``
(:mod:`crawlers.middlewares.parking`; both A21).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawlers.plan import DiscoveryTask, FeedTask
from crawlers.records import ArticleItem, ExtractedPage, FeedEntry
from crawlers.settings import HTML_MAXSIZE
from crawlers.spiders.kinds import READERS
from models.vocab import SourceKind

Callback = Callable[..., Any]


def index_request(
    task: FeedTask, url: str, page: int, callback: Callback, errback: Callback
) -> Request:
    """A feed, sitemap or listing page; the first page is a conditional GET (A18)."""
    headers: dict[str, str] = {}
    if page == 1 and task.etag:
        headers["If-None-Match"] = task.etag
    if page == 1 and task.last_modified:
        headers["If-Modified-Since"] = task.last_modified
    return Request(
        url,
        headers=headers,
        callback=callback,
        errback=errback,
        meta={
            "task": task,
            "page": page,
            "download_maxsize": READERS[task.kind].maxsize,
            "handle_httpstatus_list": [304],
            "home_domains": task.home_domains,
            "check_parking": task.source_kind == SourceKind.COUNCIL,
        },
        # A planned first page is always fetched; later pages pass the duplicate filter.
        dont_filter=page == 1,
    )


def article_request(
    task: FeedTask, entry: FeedEntry, normalized: str, callback: Callback, errback: Callback
) -> Request:
    """An article page announced by a feed entry."""
    return Request(
        entry.url,
        callback=callback,
        errback=errback,
        meta={
            "task": task,
            "entry": entry,
            "normalized": normalized,
            "download_maxsize": HTML_MAXSIZE,
            "home_domains": task.home_domains,
            "check_parking": task.source_kind == SourceKind.COUNCIL,
        },
    )


def discovery_request(site: DiscoveryTask, callback: Callback, errback: Callback) -> Request:
    """A council's homepage, where discovery starts."""
    return Request(
        site.homepage,
        callback=callback,
        errback=errback,
        meta={
            "site": site,
            "download_maxsize": HTML_MAXSIZE,
            "home_domains": site.home_domains,
            "check_parking": site.source_kind == SourceKind.COUNCIL,
        },
        dont_filter=True,
    )


def article_item(response: Response, task: FeedTask, page: ExtractedPage) -> ArticleItem:
    """The item of an extracted article page, for the pipelines."""
    entry: FeedEntry = response.meta["entry"]
    return ArticleItem(
        url=response.url,
        source_id=task.source_id,
        source_kind=task.source_kind,
        group=task.group,
        feed_id=task.feed_id,
        html=response.text,
        encoding=response.encoding,  # type: ignore[attr-defined]  # a TextResponse here
        http_status=response.status,
        page=page,
        feed_date=entry.published or entry.updated,
        feed_title=entry.title,
        normalized_url=response.meta["normalized"],
    )
