"""Paris-time calendar helpers: ISO weeks and months are Europe/Paris, computed in Python.

SQLite 3.40 has neither ``%G``/``%V`` nor time zones, so weeks and months are stored in
columns when a row is written (design.md, "Weeks, months and as of").
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def to_paris(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in Paris time; a naive one is taken as Paris wall-clock time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def iso_week(moment: dt.datetime) -> str:
    """``YYYY-Www`` of ``moment`` in Paris time."""
    year, week, _ = to_paris(moment).isocalendar()
    return f"{year}-W{week:02d}"


def iso_week_of_date(day: dt.date) -> str:
    """``YYYY-Www`` of a calendar date."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def paris_day(moment: dt.datetime | None) -> dt.date | None:
    """The Europe/Paris calendar day of ``moment`` (``articles.published_date``), None for None.

    A date-only publication ("2026-11-29") is stored as Paris midnight, i.e. 23:00 or 22:00 UTC
    the day before: officers reading the UTC day would see the wrong day.
    """
    if moment is None:
        return None
    return to_paris(moment).date()


def month_of(moment: dt.datetime) -> str:
    """``YYYY-MM`` of ``moment`` in Paris time."""
    return to_paris(moment).strftime("%Y-%m")


def parse_week(week: str) -> tuple[int, int]:
    """``2026-W47`` → (2026, 47); ValueError with a readable message otherwise."""
    match = _WEEK_RE.match(week.strip())
    if not match:
        raise ValueError(f"invalid ISO week {week!r}: expected YYYY-Www, e.g. 2026-W47")
    year, num = int(match.group(1)), int(match.group(2))
    try:
        dt.date.fromisocalendar(year, num, 1)
    except ValueError as exc:
        raise ValueError(f"invalid ISO week {week!r}: {exc}") from exc
    return year, num


def week_bounds(week: str) -> tuple[dt.datetime, dt.datetime]:
    """The Paris week [Monday 00:00, next Monday 00:00) as aware UTC datetimes (167–169 h)."""
    year, num = parse_week(week)
    monday = dt.date.fromisocalendar(year, num, 1)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=PARIS)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=PARIS)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def paris_today() -> dt.date:
    """Today in Paris, or ``AICT_AS_OF`` when set (reproducible runs)."""
    from storage.environment import StorageSettings

    pinned = StorageSettings.from_env().as_of
    if pinned:
        return dt.date.fromisoformat(pinned)
    return dt.datetime.now(PARIS).date()
