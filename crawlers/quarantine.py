"""Quarantine of council sites that changed hands (A21): the triggers, and the status change.

A council domain that expired is soon parked or bought by someone else; its feeds then redirect
to another site or answer a parking page. Both are detected here with pure functions —
:func:`leaves_home` (a redirect from one of the source's own registered domains to another one)
and :func:`parking_signature` (markers of :mod:`crawlers.parking_markers` on a short page) —
and :func:`quarantine_source` marks the source ``suspect``: its past articles stay, nothing
from the suspect response is stored, the planner skips it and the digest leaves it out until an
operator runs ``aict sources reinstate``.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from courlan import extract_domain
from lxml import etree
from lxml import html as lxml_html
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crawlers.parking_markers import MAX_PARKING_WORDS, PARKING_HOSTS, PARKING_PHRASES
from models import Source
from models.vocab import SourceStatus
from nlp.text import fold as fold_accents
from storage.engine import affected_rows

_PROVIDER = re.compile(
    r"(?<![a-z0-9-])(" + "|".join(re.escape(host) for host in PARKING_HOSTS) + r")\b"
)
_INVISIBLE = ("script", "style", "noscript", "template")
_UTF8_HTML = lxml_html.HTMLParser(encoding="utf-8", no_network=True)


def site_key(url: str) -> str | None:
    """The registered domain of ``url`` (``www.chambery.fr`` → ``chambery.fr``).

    The public suffix list (bundled with courlan's ``tld``, private suffixes included so two
    ``*.wixsite.com`` sites differ) decides; an IP literal or a name without a public suffix
    (``localhost``) is its own key. None when the URL has no host.
    """
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:  # e.g. a malformed IPv6 literal
        return None
    if not host:
        return None
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii")  # chambéry.fr and xn--chambry-bya.fr agree
    except UnicodeError:
        return host
    return extract_domain(f"http://{host}/") or host


def home_domains(urls: Iterable[str | None]) -> frozenset[str]:
    """Registered domains of a source's own URLs (homepage, feeds, listing pages, sitemaps)."""
    keys = (site_key(url) for url in urls if url)
    return frozenset(key for key in keys if key)


def leaves_home(start_url: str, target_url: str, home: frozenset[str]) -> str | None:
    """The foreign domain when a fetch that began at home is sent to another registered domain.

    Only fetches that start on one of the source's own domains count: a feed that links an
    article on a partner's site, which then redirects within that site, is not the council's
    site changing hands.
    """
    if not home or site_key(start_url) not in home:
        return None
    target = site_key(target_url)
    return target if target and target not in home else None


def fold(text: str) -> str:
    """Lower case, no accents, plain apostrophes, single spaces: how markers are compared."""
    return " ".join(fold_accents(text).split())


def visible_text(html: str) -> str:
    """The text a reader would see (no scripts or styles); empty for unparsable input."""
    try:
        # Bytes with an explicit encoding: lxml refuses str with an XML encoding declaration.
        root = lxml_html.document_fromstring(html.encode("utf-8"), parser=_UTF8_HTML)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_INVISIBLE)):
        element.drop_tree()  # keeps the tail text, which is visible
    return " ".join(root.text_content().split())


def parking_signature(html: str) -> str | None:
    """Why ``html`` looks like a parked or for-sale domain page, or None.

    A marker only counts on a short page (at most ``MAX_PARKING_WORDS`` visible words): real
    council news can mention a "domaine à vendre", a parking page has little else to say.
    """
    text = visible_text(html)
    if len(text.split()) > MAX_PARKING_WORDS:
        return None
    folded = fold(text)
    for phrase in PARKING_PHRASES:
        if phrase in folded:
            return f'parking page ("{phrase}")'
    provider = _PROVIDER.search(html.lower())
    if provider:
        return f"parking page (served by {provider.group(1)})"
    return None


def looks_like_html(body: bytes, content_type: bytes | str | None) -> bool:
    """True for an HTML response (feeds and sitemaps are XML and never a parking page)."""
    kind = content_type.decode("latin-1") if isinstance(content_type, bytes) else content_type
    if kind and "html" in kind.lower():
        return True
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def quarantine_source(session: Session, source_id: int, reason: str, now: dt.datetime) -> bool:
    """Mark the source ``suspect`` with ``reason``; False when it already was (first reason kept)."""
    done = session.execute(
        update(Source)
        .where(Source.id == source_id, Source.status != SourceStatus.SUSPECT)
        .values(status=SourceStatus.SUSPECT, status_reason=reason[:1000], status_changed_at=now)
    )
    return bool(affected_rows(done))


def reinstate_source(session: Session, slug: str, now: dt.datetime) -> str | None:
    """Make a source ``active`` again: its previous status, or None for an unknown slug."""
    source = session.scalars(select(Source).where(Source.slug == slug)).one_or_none()
    if source is None:
        return None
    previous = source.status
    if previous != SourceStatus.ACTIVE:
        source.status = SourceStatus.ACTIVE
        source.status_reason = None
        source.status_changed_at = now
    return previous
