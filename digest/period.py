"""The digest's week: default "last complete ISO week" (Europe/Paris) and its French labels."""

from __future__ import annotations

import datetime as dt

# LOCALE and french_date are re-exported (``X as X``): the digest's modules import them from here.
from storage.labels import LOCALE as LOCALE
from storage.labels import french_date as french_date
from storage.labels import period_label
from storage.timeutil import iso_week_of_date, parse_week


def last_complete_week(today: dt.date) -> str:
    """The ISO week before the one containing ``today`` (a week is complete once it has ended)."""
    return iso_week_of_date(today - dt.timedelta(days=7))


def week_days(week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of ``week`` (Paris calendar dates)."""
    year, num = parse_week(week)
    monday = dt.date.fromisocalendar(year, num, 1)
    return monday, monday + dt.timedelta(days=6)


def previous_weeks(week: str, count: int) -> list[str]:
    """The ``count`` ISO weeks before ``week``, most recent first."""
    monday, _ = week_days(week)
    return [iso_week_of_date(monday - dt.timedelta(days=7 * n)) for n in range(1, count + 1)]


def week_range_label(week: str) -> str:
    """``18–24 mars 2024``, ``29 avril–5 mai 2024`` or ``30 décembre 2024–5 janvier 2025``."""
    monday, sunday = week_days(week)
    if monday.year != sunday.year:
        return f"{french_date(monday)}–{french_date(sunday)}"
    if monday.month != sunday.month:
        return f"{french_date(monday, 'd MMMM')}–{french_date(sunday)}"
    return f"{monday.day}–{french_date(sunday)}"


def week_long_label(week: str) -> str:
    """``du 18 au 24 mars 2024`` (body text; the subject keeps the compact form)."""
    return period_label(*week_days(week))


def subject_for(week: str) -> str:
    """The fixed subject template: ``Veille AICT — semaine 12 (18–24 mars 2024)``.

    Built only from the week number and babel month names, never from scraped text (P-F2).
    """
    _, num = parse_week(week)
    return f"Veille AICT — semaine {num} ({week_range_label(week)})"
