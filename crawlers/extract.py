"""Article pages → :class:`ExtractedPage`: main text by trafilatura, metadata by agreement.

Pure over an already-decoded HTML string. Everything about the article is read from the
article's own container first (the ``<article>`` holding the ``<h1>``, else ``<main>``), never
from the first match anywhere in the page: a sidebar of other posts has its own ``<time>``
and labels. The parts:

- **title**: chosen among ``<h1>``, ``og:title``, JSON-LD ``headline``, trafilatura's title
  and ``<title>`` by :func:`crawlers.titles.choose_title` (truncated candidates dropped,
  site names cut, entities decoded, then agreement);
- **dates**: raw :class:`DateCandidate` values — JSON-LD ``datePublished``, the
  ``article:published_time`` meta, a ``<time datetime>`` inside the container, the visible
  "Publié le …", and htmldate at its best setting (``original_date``, ``extensive_search``)
  — decided by :func:`crawlers.dates.choose_published` in the date pipeline, with the feed's;
- **paywall**: :func:`crawlers.paywall.is_paywalled` (structured data, the publisher's
  paywall box, or a cut body followed by a marker; never a phrase elsewhere on the page);
- **unrendered**: why the page is template markup or a JavaScript shell
  (:mod:`crawlers.unrendered`), so that the spider counts it instead of storing it.

Boilerplate lines are removed after extraction by the boilerplate pipeline
(:mod:`crawlers.cleaning`), so the paywall decision sees the text as published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

import trafilatura
from htmldate import find_date
from parsel import Selector
from trafilatura.settings import DEFAULT_CONFIG

from crawlers.paywall import is_paywalled
from crawlers.records import DateCandidate, ExtractedPage
from crawlers.texthygiene import clean_line, clean_text
from crawlers.titles import choose_title
from crawlers.unrendered import unrendered_reason

#: Below this many characters a press text is a teaser (trafilatura's MIN_EXTRACTED_SIZE).
SHORT_TEXT = 250
#: Bound on the parsed tree (B10); trafilatura's default is unlimited.
MAX_TREE_SIZE = 50_000
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})
#: Where the article is, most specific first; the first that matches is the container.
CONTAINERS = (
    "//main//article[.//h1]",
    "//article[.//h1]",
    "//main//article",
    "//*[@itemprop='articleBody']/ancestor::*[.//h1][1]",
    "//main",
    "//*[@role='main']",
    "//article",
    "//body",
)
#: Parts of the container that speak of other things (asides, related links, comments).
_ELSEWHERE = (
    "ancestor::aside or ancestor::nav or ancestor::footer or ancestor::figure "
    "or ancestor::*[contains(@class, 'related') or contains(@class, 'comment') "
    "or contains(@class, 'lire-aussi') or contains(@class, 'sur-le-meme-sujet')]"
)
#: The visible publication line: "Publié le 12/03/2024 à 14h30", "Publié le 15 juil. 24 à 0:50".
#: Capitalised, as a label is ("Publié le"); in the reporting, "publié le" speaks of another
#: document ("le rapport, publié le 12 mars 2023").
VISIBLE_DATE = re.compile(
    r"\b(?:Publi[ée]e?|PUBLI[ÉE]E?|Mis en ligne|MIS EN LIGNE|Post[ée]e?)\s*(?:le|LE|:)?\s*"
    r"(?P<date>(?:[a-zé]+\.?\s+)?\d{1,2}(?:er)?(?:[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\s+[a-zéû]+\.?\s+\d{2,4}))"
    r"(?:\s*(?:à|,|-)\s*(?P<time>\d{1,2}\s*[h:]\s*\d{0,2}))?",
)
#: A publication line is short; a longer block is a paragraph of the article.
MAX_DATE_LINE = 200
_LABEL_TEXT = (
    "contains(., 'Publi') or contains(., 'PUBLI') or contains(., 'Mis en ligne') "
    "or contains(., 'MIS EN LIGNE') or contains(., 'Post')"
)
_LINE_ELEMENTS = (
    "self::p or self::div or self::span or self::time or self::li or self::small "
    "or self::address or self::header or self::footer"
)

_CONFIG = deepcopy(DEFAULT_CONFIG)
_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def jsonld_article(sel: Selector) -> dict[str, Any]:
    """The first Article-like JSON-LD object of the page ({} when none parses)."""
    for raw in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for obj in _walk(data):
            kind = obj.get("@type")
            kinds = set(kind) if isinstance(kind, list) else {kind}
            if kinds & ARTICLE_TYPES:
                return obj
    return {}


def article_container(sel: Selector) -> Selector:
    """The element holding the article (see ``CONTAINERS``); the whole page at worst."""
    for xpath in CONTAINERS:
        found = sel.xpath(xpath)
        if found:
            return found[0]
    return sel


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _htmldate(html: str, url: str) -> str | None:
    try:
        # The original publication date (not an update), searching the whole page when the
        # markup says nothing: the issue-12 pages lost a date with extensive_search off.
        return find_date(html, url=url, original_date=True, extensive_search=True)
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on odd markup
        return None


def visible_date(container: Selector) -> str | None:
    """The "Publié le …" text of the article container, as a parseable date string."""
    # From the few text nodes that carry a label up to their line: testing every element's
    # length was quadratic on deeply nested pages (B10: 6 s for 2,000 nested divs).
    for label in container.xpath(f".//*[not(self::script)][text()[{_LABEL_TEXT}]]"):
        line = label.xpath(f"ancestor-or-self::*[{_LINE_ELEMENTS}][1][not({_ELSEWHERE})]")
        text = line.xpath("normalize-space(.)").get("") if line else ""
        match = VISIBLE_DATE.search(text) if len(text) <= MAX_DATE_LINE else None
        if match:
            time = match.group("time")
            return f"{match.group('date')} à {time}" if time else match.group("date")
    return None


def container_time(container: Selector) -> str | None:
    """The ``<time datetime>`` of the article itself (datePublished first), not a sidebar's."""
    times = container.xpath(f".//time[@datetime][not({_ELSEWHERE})]")
    for time in times:
        if time.attrib.get("itemprop") == "datePublished" or "pubdate" in time.attrib:
            return time.attrib["datetime"]
    return times[0].attrib["datetime"] if times else None


def date_candidates(
    sel: Selector, container: Selector, meta: dict[str, Any], html: str, url: str
) -> tuple[DateCandidate, ...]:
    """Every publication date the page offers, labelled by where it was read."""
    found = (
        ("jsonld", _string(meta.get("datePublished"))),
        ("meta", sel.xpath("//meta[@property='article:published_time']/@content").get()),
        ("meta", sel.xpath("//meta[@itemprop='datePublished']/@content").get()),
        ("time", container_time(container)),
        ("visible", visible_date(container)),
        ("htmldate", _htmldate(html, url)),
    )
    return tuple(DateCandidate(kind, value.strip()) for kind, value in found if value)


def _title(sel: Selector, container: Selector, meta: dict[str, Any], doc: Any, url: str) -> str:
    publisher = meta.get("publisher")
    sites = [
        sel.xpath("//meta[@property='og:site_name']/@content").get(""),
        publisher.get("name", "") if isinstance(publisher, dict) else "",
        getattr(doc, "sitename", None) or "",
    ]
    candidates = [
        container.xpath("normalize-space(.//h1)").get() or sel.xpath("normalize-space(//h1)").get(),
        sel.xpath("//meta[@property='og:title']/@content").get(),
        _string(meta.get("headline")),
        getattr(doc, "title", None),
        sel.xpath("//title/text()").get(),
    ]
    return choose_title(candidates, [s for s in sites if isinstance(s, str)], url)


def extract_page(html: str, url: str) -> ExtractedPage:
    """Title, text, lead, canonical URL, date candidates and paywall flags of an article page."""
    sel = Selector(text=html or "<html></html>")
    meta = jsonld_article(sel)
    container = article_container(sel)
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, config=_CONFIG
    )
    text = clean_text(getattr(doc, "text", None) if doc is not None else None)
    title = _title(sel, container, meta, doc, url)
    lead = clean_line(
        meta.get("description")
        or sel.xpath("//meta[@name='description']/@content").get()
        or (getattr(doc, "description", None) if doc is not None else None)
    )
    paywalled = is_paywalled(sel, meta, text)
    canonical = sel.xpath("//link[@rel='canonical']/@href").get()
    return ExtractedPage(
        title=title,
        text=text,
        lead=lead or None,
        canonical_url=canonical.strip() if canonical else None,
        date_candidates=date_candidates(sel, container, meta, html, url),
        modified=_string(meta.get("dateModified")),
        paywalled=paywalled,
        text_truncated=paywalled or len(text) < SHORT_TEXT,
        unrendered=unrendered_reason(sel, title, text),
    )
