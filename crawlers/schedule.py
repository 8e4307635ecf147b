"""Per-feed polling: adaptive intervals within bounds and linear backoff (design.md, P-C9).

Media Cloud style: the interval shrinks when a fetch brings many new URLs and grows when all
were already seen; a failing feed waits ``interval × failures`` (capped at 24 h, and at 30
days after 30 failures) and is never deleted. Failures weigh 1 (hard), 0.5 (soft: 404, 429,
5xx, unknown host) or 0.25 (temporary: timeouts, refused or reset connections).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from models.vocab import FeedKind, SourceKind

HARD, SOFT, TEMPORARY = 1.0, 0.5, 0.25
MAX_FAILURES = 30
BACKOFF_CAP = dt.timedelta(hours=24)
UNDEAD_CAP = dt.timedelta(days=30)
RETRY_AFTER_CAP = dt.timedelta(hours=24)
RETRY_AFTER_JITTER_MINUTES = 60


@dataclass(frozen=True)
class Bounds:
    """Default and bounds of a polling interval, in minutes."""

    default: int
    low: int
    high: int


#: design.md "Polling intervals".
POLLING: dict[tuple[str, str], Bounds] = {
    (SourceKind.PRESS, FeedKind.RSS): Bounds(30, 10, 360),
    (SourceKind.PRESS, FeedKind.ATOM): Bounds(30, 10, 360),
    (SourceKind.PRESS, FeedKind.SITEMAP): Bounds(30, 10, 360),
    (SourceKind.PRESS, FeedKind.LISTING): Bounds(30, 10, 360),
    (SourceKind.COUNCIL, FeedKind.RSS): Bounds(360, 60, 1440),
    (SourceKind.COUNCIL, FeedKind.ATOM): Bounds(360, 60, 1440),
    (SourceKind.COUNCIL, FeedKind.SITEMAP): Bounds(360, 60, 1440),
    (SourceKind.COUNCIL, FeedKind.LISTING): Bounds(720, 360, 1440),
}


def bounds_for(source_kind: str, feed_kind: str) -> Bounds:
    """Polling bounds of a feed (council defaults for anything unexpected)."""
    return POLLING.get((source_kind, feed_kind), POLLING[(SourceKind.COUNCIL, FeedKind.RSS)])


def adapt_interval(current: int, new_items: int, total_items: int, bounds: Bounds) -> int:
    """Next interval from this fetch: slower only when nothing was new, fresher when much was.

    A feed that still brings new items is polled at least every ``2 × default`` (an hour for
    the press): a press feed lists its last 30–50 articles, so a few new ones per poll is a
    *small share* of it however busy the title is. Lengthening on a small share (the rule
    before) drifted busy titles to the 6 h bound, and the load test measured press
    publication-to-database p95 over the 2 h promise (docs/decisions.md).
    """
    current = current or bounds.default
    if total_items == 0 or new_items == 0:
        proposed = current * 1.5
    elif new_items / total_items >= 0.5:
        proposed = current / 2
    elif new_items / total_items >= 0.2:
        proposed = current * 0.8
    else:
        proposed = min(current, active_ceiling(bounds))
    return int(min(max(proposed, bounds.low), bounds.high))


def active_ceiling(bounds: Bounds) -> int:
    """The longest interval of a feed whose last fetch brought something new."""
    return min(2 * bounds.default, bounds.high)


def backoff_delay(poll_minutes: int, failures: float) -> dt.timedelta:
    """Linear backoff: ``interval × failures``, capped at 24 h (30 days after 30 failures)."""
    delay = dt.timedelta(minutes=poll_minutes * max(failures, 1.0))
    cap = UNDEAD_CAP if failures > MAX_FAILURES else BACKOFF_CAP
    return min(delay, cap)


def retry_after_delay(
    seconds: float, status: int, rng: random.Random | None = None
) -> dt.timedelta:
    """Honour ``Retry-After`` up to 24 h, plus 0–60 min of jitter after a 429 (P-C3)."""
    delay = min(dt.timedelta(seconds=max(seconds, 0)), RETRY_AFTER_CAP)
    if status == 429:
        jitter = (rng or random.Random()).uniform(0, RETRY_AFTER_JITTER_MINUTES)  # noqa: S311
        delay += dt.timedelta(minutes=jitter)
    return delay


def failure_weight(http_status: int | None, error_kind: str | None) -> float:
    """Weight of one failed fetch: 1 hard, 0.5 soft, 0.25 temporary (Media Cloud)."""
    if http_status is not None:
        if http_status in (404, 408, 410, 429) or http_status >= 500:
            return SOFT
        return HARD
    if error_kind in ("timeout", "connection"):
        return TEMPORARY
    if error_kind in ("dns", "parse", "unavailable"):
        return SOFT
    return HARD
