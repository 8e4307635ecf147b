"""Typed records passed between the pure parsers, the spider and the pipelines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FeedEntry:
    """One item announced by a feed, news sitemap or listing page."""

    url: str
    title: str = ""
    summary: str = ""
    published: str | None = None  # raw date text; parsed by crawlers.dates downstream
    updated: str | None = None
    guid: str | None = None


@dataclass
class ParsedIndex:
    """What an index document (feed, sitemap, listing page) yielded."""

    entries: list[FeedEntry] = field(default_factory=list)
    skipped: int = 0  # refused schemes, over-long URLs, entries past the cap
    bozo: str | None = None  # a lenient parser's complaint (kept, not a failure)
    next_url: str | None = None  # listing pagination
    children: list[str] = field(default_factory=list)  # sitemap index → child sitemaps
    #: Why announced URLs are not candidates (sitemap window, heuristics), reason → count.
    left_out: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DateCandidate:
    """One raw publication date of an article and where it was read.

    ``kind``: ``jsonld``, ``meta``, ``time`` (inside the article container), ``visible``
    ("Publié le …"), ``htmldate`` or ``feed``; :func:`crawlers.dates.choose_published` decides.
    """

    kind: str
    value: str


@dataclass
class ExtractedPage:
    """The parts of an article page the observatory keeps."""

    title: str
    text: str
    lead: str | None
    canonical_url: str | None
    date_candidates: tuple[DateCandidate, ...]
    modified: str | None
    paywalled: bool
    text_truncated: bool
    #: Why the page is not an article but unrendered template markup or a JavaScript shell
    #: (issue 12, item 6); such a page is counted in health, never stored. None: rendered.
    unrendered: str | None = None


@dataclass
class ArticleItem:
    """An article on its way through the item pipelines to storage."""

    url: str
    source_id: int
    source_kind: str
    group: str | None
    feed_id: int | None
    html: str = field(repr=False)  # keeps Scrapy's "Dropped: …" log lines short
    encoding: str | None
    http_status: int
    page: ExtractedPage = field(repr=False)
    feed_date: str | None = None
    feed_title: str = ""
    normalized_url: str = ""
    published_at: dt.datetime | None = None
    language: str | None = None
    simhash: str | None = None
    syndicated_of: str | None = None
