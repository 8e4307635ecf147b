"""Dates from feeds and pages → aware UTC, or None (P-D3, B4), and the publication date rule.

Naive times are Europe/Paris wall-clock times, never UTC; an explicit offset (``+00:00``,
``Z``, ``GMT+0000``) is honoured as given. A date without a time stands for its Paris calendar
day (stored as Paris midnight). JavaScript's ``Date.toString()`` (``Tue Aug 25 2020 00:23:33
GMT+0000 (Coordinated Universal Time)``) is read by its offset. French formats (``mar., 12
mars 2024``, ``12/03/2024``) go through dateparser; anything unparseable or implausible is
None, and the caller falls back on ``first_seen_at``.

:func:`choose_published` picks the publication moment among an article's candidates (issue
12, item 4), in these steps:

1. **The day.** The page's own dates come first: the visible "Publié le …" of the article
   container, when there is one, gives the day (it is what the reader sees; an attribute
   that disagrees with it holds an update time or a wrong zone). Otherwise the structured
   dates of the article (JSON-LD ``datePublished``, ``article:published_time``, a ``<time>``
   inside the article container, in that order of trust): the first one's Paris day, unless
   they disagree and htmldate (``original_date``, ``extensive_search``) sides with another.
   With no date of its own, the page's day is htmldate's, then the feed's.
2. **The moment.** The most trusted candidate on that day that carries a time (own dates,
   then the feed's); a day alone is Paris midnight.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import warnings
from collections.abc import Sequence

import dateparser

from crawlers.records import DateCandidate
from storage.timeutil import PARIS, to_paris

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
#: JavaScript ``Date.prototype.toString()``: the zone name in brackets is prose, the offset
#: is the truth (dateparser reads the name and lands two hours off).
_JS_DATE = re.compile(
    r"^(?:[A-Za-z]{3},?\s+)?(?P<moment>[A-Za-z]{3}\s+\d{1,2}\s+\d{4}\s+\d{1,2}:\d{2}:\d{2})"
    r"\s+(?:GMT|UTC)(?P<offset>[+-]\d{2}:?\d{2})(?:\s*\(.*\))?$"
)
#: A time of day in a date string ("T10:00", "14h30", "0:50"); without one, a date is a day.
_HAS_TIME = re.compile(r"(?:T|\b)\d{1,2}\s*[:h]\s*\d{2}\b|\d{1,2}\s*h\b", re.IGNORECASE)
#: Trust order of the page's own structured dates, then what comes from outside the page.
OWN_STRUCTURED = ("jsonld", "meta", "time")
VISIBLE = "visible"
HTMLDATE = "htmldate"
FEED = "feed"


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


def _js_date(text: str) -> dt.datetime | None:
    match = _JS_DATE.match(text)
    if not match:
        return None
    try:
        moment = dt.datetime.strptime(match.group("moment"), "%b %d %Y %H:%M:%S")
        offset = dt.datetime.strptime(match.group("offset").replace(":", ""), "%z").tzinfo
    except ValueError:
        return None
    return moment.replace(tzinfo=offset)


def parse_date(value: str | None, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """Parse one date string; aware UTC at second precision, or None."""
    if not value or not value.strip():
        return None
    text = _PARIS_ZONES.sub("", value.strip())
    parsed: dt.datetime | None = _js_date(text)
    if parsed is not None:
        return _plausible(_aware(parsed), now)
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


def has_time(value: str | None) -> bool:
    """True when ``value`` carries a time of day (else it names a Paris calendar day)."""
    return bool(value and _HAS_TIME.search(value))


def _parsed(
    candidates: Sequence[DateCandidate], now: dt.datetime | None
) -> list[tuple[DateCandidate, dt.datetime]]:
    out = []
    for candidate in candidates:
        moment = parse_date(candidate.value, now=now)
        if moment is not None:
            out.append((candidate, moment))
    return out


def _day(parsed: list[tuple[DateCandidate, dt.datetime]]) -> dt.date | None:
    """Step 1 of the module's rule: the publication's Paris day."""
    days: dict[str, list[dt.date]] = {}
    for candidate, moment in parsed:
        days.setdefault(candidate.kind, []).append(to_paris(moment).date())
    if VISIBLE in days:
        return days[VISIBLE][0]
    own = [d for kind in OWN_STRUCTURED for d in days.get(kind, [])]
    if own:
        helper = days.get(HTMLDATE, [])
        if len(set(own)) > 1 and helper and helper[0] in own:
            return helper[0]
        return own[0]
    for kind in (HTMLDATE, FEED):
        if kind in days:
            return days[kind][0]
    return None


def choose_published(
    candidates: Sequence[DateCandidate], *, now: dt.datetime | None = None
) -> dt.datetime | None:
    """The publication moment of an article (aware UTC), by the rule in the module docstring."""
    parsed = _parsed(candidates, now)
    day = _day(parsed)
    if day is None:
        return None
    order = (*OWN_STRUCTURED, VISIBLE, FEED, HTMLDATE)
    on_day = sorted(
        (pair for pair in parsed if to_paris(pair[1]).date() == day),
        key=lambda pair: order.index(pair[0].kind) if pair[0].kind in order else len(order),
    )
    for candidate, moment in on_day:
        if has_time(candidate.value):
            return moment
    return dt.datetime.combine(day, dt.time(), tzinfo=PARIS).astimezone(dt.UTC)
