"""RSS/Atom parsing with feedparser over bytes the crawler fetched (no HTTP in feedparser).

Lenient by design (B1): a malformed feed keeps its entries and reports ``bozo``. Entity bombs
and external entities are neutralised by feedparser (B2). Only http(s) links of at most 2,048
characters are kept and at most 2,000 entries per feed (P-C8, A13); titles stay plain text
(B12: escaping happens at output).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import feedparser
from w3lib.html import remove_tags, replace_entities

from crawlers.records import FeedEntry, ParsedIndex
from crawlers.urls import is_crawlable

MAX_ENTRIES = 2000
#: A DOCTYPE with its internal subset: feeds never need one, and entity declarations are
#: what billion-laughs and external-entity attacks are made of (B2). Removed before parsing.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)
_HEAD = 65536


def strip_doctype(body: bytes) -> bytes:
    """``body`` without its DOCTYPE declaration (only looked for in the first 64 KiB)."""
    head, tail = body[:_HEAD], body[_HEAD:]
    return _DOCTYPE.sub(b"", head, count=1) + tail


class NotAFeed(ValueError):
    """The body is not an RSS/Atom feed (a soft failure, B3)."""


def _plain(detail: dict | None, value: str) -> str:
    if detail and detail.get("type") in ("text/html", "application/xhtml+xml"):
        return " ".join(replace_entities(remove_tags(value)).split())
    return value.strip()


def read_feed(
    body: bytes,
    base_url: str,
    *,
    content_type: str | None = None,
    max_entries: int = MAX_ENTRIES,
) -> ParsedIndex:
    """Entries of an RSS/Atom document; :class:`NotAFeed` when it is none.

    ``content_type`` is the HTTP header (its charset is one of feedparser's encoding clues).
    """
    parsed = feedparser.parse(
        strip_doctype(body),
        response_headers={
            "content-location": base_url,
            "content-type": content_type or "application/xml",
        },
        resolve_relative_uris=False,
        sanitize_html=True,
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not an RSS/Atom feed ({type(problem).__name__ if problem else 'empty'})")
    result = ParsedIndex()
    if parsed.get("bozo"):
        result.bozo = str(parsed.get("bozo_exception", "malformed feed")).splitlines()[0][:300]
    for entry in parsed.entries:
        link = (entry.get("link") or entry.get("id") or "").strip()
        url = urljoin(base_url, link) if link else ""
        if not is_crawlable(url) or len(result.entries) >= max_entries:
            result.skipped += 1
            continue
        result.entries.append(_entry(entry, url))
    return result


def _entry(entry: Any, url: str) -> FeedEntry:
    """A feedparser entry as a :class:`FeedEntry` at ``url`` (plain text, summary bounded)."""
    return FeedEntry(
        url=url,
        title=_plain(entry.get("title_detail"), entry.get("title", "")),
        summary=_plain(entry.get("summary_detail"), entry.get("summary", ""))[:2000],
        published=entry.get("published") or entry.get("created"),
        # dict.get: FeedParserDict would fall back from "updated" to the RSS pubDate,
        # and a real modification time is what triggers a re-fetch (B9).
        updated=dict.get(entry, "updated"),
        guid=entry.get("id"),
    )


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """The entries of a feed (the typed, pure entry point used by tests and the spider)."""
    return read_feed(body, base_url).entries
