"""Article pages → :class:`ExtractedPage`: main text by trafilatura, metadata from JSON-LD.

Pure over an already-decoded HTML string. Dates are returned as raw candidates (JSON-LD, then
``article:published_time``, then htmldate) for the date pipeline to parse; the paywall flag
follows Google's ``isAccessibleForFree`` markup or a French marker phrase (B8).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

import trafilatura
from htmldate import find_date
from parsel import Selector
from trafilatura.settings import DEFAULT_CONFIG

from crawlers.records import ExtractedPage
from crawlers.texthygiene import clean_line, clean_text

#: Below this many characters a press text is a teaser (trafilatura's MIN_EXTRACTED_SIZE).
SHORT_TEXT = 250
#: Bound on the parsed tree (B10); trafilatura's default is unlimited.
MAX_TREE_SIZE = 50_000
PAYWALL_MARKERS = (
    "réservé aux abonnés",
    "reserve aux abonnes",
    "article réservé à nos abonnés",
    "réservé à nos abonnés",
    "abonnez-vous pour lire la suite",
    "la suite est réservée aux abonnés",
    "contenu réservé aux abonnés",
)
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})

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


def _free_flag(obj: dict[str, Any]) -> bool | None:
    value = obj.get("isAccessibleForFree")
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no")
    return bool(value)


def _htmldate(html: str, url: str) -> str | None:
    try:
        return find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on odd markup
        return None


def extract_page(html: str, url: str) -> ExtractedPage:
    """Title, text, lead, canonical URL, date candidates and paywall flags of an article page."""
    sel = Selector(text=html or "<html></html>")
    meta = jsonld_article(sel)
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, config=_CONFIG
    )
    text = clean_text(getattr(doc, "text", None) if doc is not None else None)
    title = clean_line(
        meta.get("headline")
        or sel.xpath("//meta[@property='og:title']/@content").get()
        or (getattr(doc, "title", None) if doc is not None else None)
        or sel.xpath("//title/text()").get()
    )
    lead = clean_line(
        meta.get("description")
        or sel.xpath("//meta[@name='description']/@content").get()
        or (getattr(doc, "description", None) if doc is not None else None)
    )
    lowered = f"{text}\n{sel.xpath('normalize-space(//body)').get('')[:20000]}".lower()
    marker = any(m in lowered for m in PAYWALL_MARKERS)
    locked = _free_flag(meta) is False
    canonical = sel.xpath("//link[@rel='canonical']/@href").get()
    published = meta.get("datePublished")
    return ExtractedPage(
        title=title,
        text=text,
        lead=lead or None,
        canonical_url=canonical.strip() if canonical else None,
        date_candidates=(
            published if isinstance(published, str) else None,
            sel.xpath("//meta[@property='article:published_time']/@content").get(),
            sel.xpath("//time[@datetime]/@datetime").get(),
            _htmldate(html, url),
        ),
        modified=meta.get("dateModified") if isinstance(meta.get("dateModified"), str) else None,
        paywalled=locked or marker,
        text_truncated=locked or marker or len(text) < SHORT_TEXT,
    )
