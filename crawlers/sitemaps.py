"""Sitemaps (``<urlset>`` with optional ``news:`` and ``lastmod``), sitemap indexes, and which
of their URLs a poll takes.

A URL is a candidate when its date (``news:publication_date`` or ``lastmod``, the later of the
two) falls within the poll's window, whatever its path: a press title files its news under
``/monde/`` or ``/meteo/`` as often as under ``/actualites/``. The window starts a grace period
before the feed's previous successful poll; a first poll reads back
:data:`FIRST_POLL_LOOKBACK` from the newest date the sitemap lists (its own clock, not ours).
The news-path pattern is only a heuristic, for URLs without any date in a plain sitemap. What a
poll leaves out is counted by reason, so feed health can say it (issue 12).

lxml runs without entity resolution, network access or huge trees, so entity bombs and
external DTDs in a sitemap expand to nothing (B2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawlers.dates import parse_date
from crawlers.feeds import MAX_ENTRIES
from crawlers.listing import NEWS_PATH
from crawlers.records import FeedEntry, ParsedIndex
from crawlers.urls import is_crawlable

#: Dates a little older than the previous poll still count: date-only ``lastmod`` values mean
#: midnight, publishers stamp the time of writing rather than of publication, and an article
#: whose fetch failed is tried again at the next polls.
POLL_GRACE = dt.timedelta(days=2)
#: How far back a first poll reads, from the newest date the sitemap lists: a plain sitemap
#: may list a whole archive (or every page of a council site), and the observatory wants news.
FIRST_POLL_LOOKBACK = dt.timedelta(days=30)
#: Reasons a sitemap URL is not a candidate (the keys of ``ParsedIndex.left_out``).
OLDER = "dated before the polling window"
UNDATED = "undated and not article-like"
REFUSED = "refused (scheme, length) or past the entry cap"
#: An article slug: at least four words joined by hyphens, or a numeric id of 5+ digits.
_ARTICLE_SLUG = re.compile(r"(?:[^/-]+-){3,}[^/-]+|\d{5,}")
_UNDATED_RANK = dt.datetime.min.replace(tzinfo=dt.UTC)

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
    children: list[tuple[str, str | None]] = []
    for node in root:
        loc = _child_text(node, "loc")
        url = urljoin(base_url, loc) if loc else ""
        if not is_crawlable(url):
            result.skipped += 1
        elif _local(node.tag) == "sitemap":
            children.append((url, _child_text(node, "lastmod")))
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
    result.children = newest_first(children)
    return result


def newest_first(children: Sequence[tuple[str, str | None]]) -> list[str]:
    """Child sitemaps by ``lastmod``, newest first; undated ones after, in document order.

    Only the first few children of an index are followed per poll, and archives list their
    monthly sitemaps oldest first: in document order the poll would read the oldest months.
    """
    dated = [
        (parse_date(lastmod) if lastmod else None, i, url)
        for i, (url, lastmod) in enumerate(children)
    ]
    ordered = sorted(dated, key=lambda x: (x[0] is None, -(x[0].timestamp() if x[0] else 0), x[1]))
    return [url for _, _, url in ordered]


def is_news_sitemap(body: bytes) -> bool:
    """True for a sitemap that declares the Google News namespace."""
    return b"sitemap-news" in body[:4096] or b"<news:news" in body[:65536]


def looks_like_article(url: str) -> bool:
    """The heuristic for undated URLs: a news-like path or an article-like last segment."""
    if NEWS_PATH.search(url):
        return True
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_ARTICLE_SLUG.search(segment))


def entry_date(entry: FeedEntry) -> dt.datetime | None:
    """When a sitemap says the URL was published or changed: the later date, or None."""
    dates = [d for d in (parse_date(entry.published), parse_date(entry.updated)) if d]
    return max(dates) if dates else None


def window_start(
    last_success: dt.datetime | None, dates: Sequence[dt.datetime]
) -> dt.datetime | None:
    """Where a poll's window starts; None when nothing in the sitemap is dated."""
    if last_success is not None:
        return last_success - POLL_GRACE
    return max(dates) - FIRST_POLL_LOOKBACK if dates else None


def select_candidates(
    parsed: ParsedIndex, *, news: bool, last_success: dt.datetime | None
) -> ParsedIndex:
    """Keep the URLs of ``parsed`` a poll takes, newest first; count the others by reason.

    Dated URLs count when within the window; undated ones are all kept in a news sitemap (it
    lists news by definition) and, in a plain one, when they look like articles.
    """
    dated = [(entry, entry_date(entry)) for entry in parsed.entries]
    start = window_start(last_success, [d for _, d in dated if d is not None])
    kept: list[tuple[FeedEntry, dt.datetime | None]] = []
    left_out = dict.fromkeys((OLDER, UNDATED, REFUSED), 0)
    left_out[REFUSED] = parsed.skipped
    for entry, when in dated:
        if when is not None and start is not None and when < start:
            left_out[OLDER] += 1
        elif when is None and not news and not looks_like_article(entry.url):
            left_out[UNDATED] += 1
        else:
            kept.append((entry, when))
    # Newest first, undated last, otherwise in document order: a per-feed cap drops the oldest.
    kept.sort(key=lambda pair: pair[1] or _UNDATED_RANK, reverse=True)
    parsed.entries = [entry for entry, _ in kept]
    parsed.left_out = {reason: n for reason, n in left_out.items() if n}
    return parsed


def left_out_note(parsed: ParsedIndex) -> str | None:
    """``"5 of 69 sitemap URLs left out: 3 dated before …, 2 undated …"``, or None."""
    count = sum(parsed.left_out.values())
    if not count:
        return None
    total = count + len(parsed.entries)
    reasons = ", ".join(f"{n} {reason}" for reason, n in parsed.left_out.items())
    urls = "sitemap URL" if total == 1 else "sitemap URLs"
    return f"{count} of {total} {urls} left out: {reasons}"
