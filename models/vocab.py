"""The closed vocabularies of the crawl tables, as ``StrEnum``s, and the named sets built on them.

Each value is written here once: the models build their ``CHECK`` constraints from these
enums (the migration that added them writes the same lists out, frozen), the registry checks
its YAML against them and the crawler, report and digest compare with their members. A member
is a ``str`` equal to its value (``FeedStatus.OK == "ok"``, same hash), so rows, JSON and
views read exactly as before. The AICT objects are the taxonomy's (:mod:`models.taxonomy`).
"""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    """``sources.kind``: a press title or a council (a "channel" in the views)."""

    PRESS = "press"
    COUNCIL = "council"


class SourceStatus(StrEnum):
    """``sources.status``; ``suspect``: the site changed hands or became a parking page (A21),
    kept but neither crawled nor digested until reinstated."""

    ACTIVE = "active"
    SUSPECT = "suspect"


class FeedKind(StrEnum):
    """``feeds.kind``: how the URL is read."""

    RSS = "rss"
    ATOM = "atom"
    SITEMAP = "sitemap"
    LISTING = "listing"


class FeedStatus(StrEnum):
    """``feeds.status`` and ``v_source_health.status`` (design.md): the last fetch's result,
    ``pending`` before the first fetch, ``disabled`` (the view's) for a disabled source."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"
    DISALLOWED = "disallowed"
    REFUSED = "refused"
    BACKOFF = "backoff"
    PENDING = "pending"
    DISABLED = "disabled"


class FetchStatus(StrEnum):
    """``fetch_events.status``: a fetch's result, or an article-page event in the feed's log
    (``unrendered``; ``pages_failed`` sums a crawl's failed article pages of the feed), which is
    never a feed status."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"
    DISALLOWED = "disallowed"
    REFUSED = "refused"
    BACKOFF = "backoff"
    UNRENDERED = "unrendered"
    PAGES_FAILED = "pages_failed"


#: A fetch that worked: the feed answered, with something new or not.
SUCCESS_STATUSES: frozenset[str] = frozenset({FeedStatus.OK, FeedStatus.NOT_MODIFIED})
#: A fetch that failed: what makes a crawl's sources "failed" (exit 3).
FAILED_STATUSES: frozenset[str] = frozenset(
    {FeedStatus.ERROR, FeedStatus.DISALLOWED, FeedStatus.REFUSED, FeedStatus.BACKOFF}
)
#: Feed statuses that are no fetch result: neither a success nor a failure.
UNFETCHED_STATUSES: frozenset[str] = frozenset({FeedStatus.PENDING, FeedStatus.DISABLED})
#: Feed statuses an operator or reader need not be told about.
QUIET_STATUSES: frozenset[str] = SUCCESS_STATUSES | UNFETCHED_STATUSES
#: Article-page events of a feed's log (``fetch_events`` only).
PAGE_STATUSES: frozenset[str] = frozenset({FetchStatus.UNRENDERED, FetchStatus.PAGES_FAILED})


def values(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The plain string values of a vocabulary, in declaration order (CHECK lists, messages)."""
    return tuple(member.value for member in vocabulary)
