"""Dates from feeds and pages → aware UTC, or None (P-D3, B4).

Naive times are Europe/Paris wall-clock times, never UTC; French formats (``mar., 12 mars
2024``, ``12/03/2024``) go through dateparser; anything unparseable or implausible is None,
and the caller falls back on ``first_seen_at``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import warnings

import dateparser

from storage.timeutil import PARIS

_DATEPARSER_SETTINGS = {
    "TIMEZONE": "Europe/Paris",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "past",
}
_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
#: Clock skew tolerated for "future" dates before they are taken as wrong.
_FUTURE_SLACK = dt.timedelta(days=2)
#: Abbreviated zone names feedparser and email.utils read as UTC; all are Paris time here.
_PARIS_ZONES = re.compile(r"\s+(CET|CEST|MET|MEST|HNEC|HAEC)\s*$", re.IGNORECASE)


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        # fold=0: in the autumn overlap take the first (summer) reading, like most publishers.
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(dt.UTC)


def _plausible(moment: dt.datetime, now: dt.datetime | None) -> dt.datetime | None:
    now = now or dt.datetime.now(dt.UTC)
    if moment < _EARLIEST or moment > now + _FUTURE_SLACK:
        return None
    return moment.replace(microsecond=0)


def parse_date(value: str | None, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """Parse one date string; aware UTC at second precision, or None."""
    if not value or not value.strip():
        return None
    text = _PARIS_ZONES.sub("", value.strip())
    parsed: dt.datetime | None = None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if parsed is None:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateparser.parse(text, languages=["fr", "en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        return None
    return _plausible(_aware(parsed), now)


def first_date(*candidates: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """The first candidate that parses (callers order them by trust)."""
    for candidate in candidates:
        parsed = parse_date(candidate, now=now)
        if parsed is not None:
            return parsed
    return None
