"""The crawler's clock: the real UTC time, or a simulated one while a replay runs.

Everything the crawl writes with a time (fetch outcomes and their Paris day of health, the next
poll, quarantine, first-seen articles) and every "is it due?" question reads :func:`utc_now`.
A replay (:func:`crawlers.runner.run_rounds`, used by the demo to poll its 12 weeks of web
history day by day) sets the simulated time for the duration of one round; nothing else does,
and no setting or environment variable can, so production crawls always run on real time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

_simulated: dt.datetime | None = None


def utc_now() -> dt.datetime:
    """Now in UTC, to the second: the simulated time during a replay round, else the real one."""
    return (_simulated or dt.datetime.now(dt.UTC)).replace(microsecond=0)


@contextmanager
def simulated(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Freeze :func:`utc_now` at ``moment`` (timezone-aware) inside the block."""
    global _simulated
    if moment.tzinfo is None:
        raise ValueError("a simulated time must be timezone-aware")
    previous, _simulated = _simulated, moment.astimezone(dt.UTC)
    try:
        yield _simulated
    finally:
        _simulated = previous
