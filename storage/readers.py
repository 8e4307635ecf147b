"""The typed read layer over the officer views: one function per question, one dataclass per row.

The report (:mod:`measure.report`), its charts and the digest (:mod:`digest.queries`) read the
views only through here, so the same question over the same period gives the same number in
each of them (issue 13). Periods are Paris calendar days, inclusive at both ends; an item's day
is the Paris day of ``COALESCE(published_at, first_seen_at)``, the same instant its ``week``
and ``month`` columns come from. Partner names are cleaned on the way out
(:func:`nlp.record.clean_partners`), so rows stored before the cleaning read clean too.
Bound parameters only; callers pass a connection from :func:`storage.engine.read_engine`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Date, bindparam, text

from models.base import UTCDateTime
from nlp.record import clean_partners
from storage.labels import cutoff_label, period_label
from storage.timeutil import iso_week_of_date, to_paris


@dataclass(frozen=True)
class Period:
    """Paris calendar days from ``start`` to ``end`` inclusive (``start`` None: from the start)."""

    start: dt.date | None
    end: dt.date

    @property
    def label(self) -> str:
        """``du 1er septembre au 4 décembre 2026``, or ``au 4 décembre 2026`` without a start."""
        return period_label(self.start, self.end) if self.start else cutoff_label(self.end)

    @property
    def weeks(self) -> tuple[str | None, str]:
        return (iso_week_of_date(self.start) if self.start else None, iso_week_of_date(self.end))

    @property
    def months(self) -> tuple[str | None, str]:
        return (self.start.strftime("%Y-%m") if self.start else None, self.end.strftime("%Y-%m"))

    def __contains__(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and day <= self.end


def split_codes(value: str | None) -> list[str]:
    """A list column (``'a,b'``, ``''`` or NULL) as a list."""
    return [v for v in (value or "").split(",") if v]


@dataclass(frozen=True)
class SilentAction:
    """A row of v_silent_actions (partner cleaned: no header, no line break)."""

    action_id: int
    actor_codes: tuple[str, ...]
    actor_name: str | None
    object: str
    partner: str | None
    country_iso2: str | None
    action_date: dt.date
    origin: str
    days_without_coverage: int | None


@dataclass(frozen=True)
class RelayRow:
    """A row of v_relay, with the item's Paris day."""

    council_article_id: str
    object: str
    day: dt.date
    relayed: bool
    lag_days: int | None
    reuse_ratio: float | None


@dataclass(frozen=True)
class FeedHealth:
    """A row of v_source_health."""

    source_slug: str
    feed_url: str
    status: str
    last_success_at: dt.datetime | None
    last_error: str | None
    failures: float


@dataclass(frozen=True)
class WeekCoverage:
    """A row of v_weekly_coverage with its source's kind (``object`` None = all objects)."""

    week: str
    source_slug: str
    source_kind: str
    object: str | None
    articles: int
    aict_articles: int
    audience: int | None
    complete: bool


@dataclass(frozen=True)
class CountryMonth:
    """A row of v_partner_geography."""

    month: str
    country_iso2: str
    country_name: str | None
    is_ldc: bool
    un_region: str | None
    council_actions: int
    press_articles: int


@dataclass(frozen=True)
class ObjectMonth:
    """A row of v_object_mix."""

    month: str
    channel: str
    object: str
    items: int


def latest_as_of(conn: Connection) -> dt.date | None:
    """The date of the latest ``aict measure`` (what "as of" means in every view)."""
    value = conn.execute(text("SELECT MAX(as_of) FROM measure_runs")).scalar()
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def silent_actions(conn: Connection, period: Period) -> list[SilentAction]:
    """Actions without press coverage as of the latest measure, dated within ``period``;
    oldest first."""
    start = period.start or dt.date(1, 1, 1)
    stmt = (
        text(
            "SELECT action_id, actor_codes, actor_name, object, partner, country_iso2, "
            "action_date, origin, days_without_coverage FROM v_silent_actions "
            "WHERE action_date >= :since AND action_date <= :until "
            "ORDER BY action_date, action_id"
        )
        .bindparams(bindparam("since", type_=Date), bindparam("until", type_=Date))
        .columns(action_date=Date)
    )
    return [
        SilentAction(
            r.action_id,
            tuple(split_codes(r.actor_codes)),
            r.actor_name,
            r.object,
            next(iter(clean_partners([r.partner])), None),
            r.country_iso2,
            r.action_date,
            r.origin,
            r.days_without_coverage,
        )
        for r in conn.execute(stmt, {"since": start, "until": period.end})
    ]


def relay_rows(conn: Connection, period: Period) -> list[RelayRow]:
    """v_relay rows of the council items published within ``period`` (Paris days)."""
    # A UTC window one day wider on each side, then the exact Paris day in Python: SQLite
    # has no time zones, and the day must match the item's stored week and month.
    low = period.start - dt.timedelta(days=1) if period.start else dt.date(1, 1, 2)
    stmt = text(
        "SELECT council_article_id, object, published_at, relayed, lag_days, reuse_ratio "
        "FROM v_relay WHERE published_at >= :low AND published_at < :high "
        "ORDER BY council_article_id, object"
    )
    stmt = stmt.bindparams(
        bindparam("low", type_=UTCDateTime()), bindparam("high", type_=UTCDateTime())
    ).columns(published_at=UTCDateTime())
    bounds = {
        "low": dt.datetime.combine(low, dt.time(), tzinfo=dt.UTC),
        "high": dt.datetime.combine(period.end + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC),
    }
    rows = []
    for r in conn.execute(stmt, bounds):
        day = to_paris(r.published_at).date()
        if day in period:
            rows.append(
                RelayRow(
                    r.council_article_id,
                    r.object,
                    day,
                    bool(r.relayed),
                    r.lag_days,
                    float(r.reuse_ratio) if r.reuse_ratio is not None else None,
                )
            )
    return rows


def source_health(conn: Connection, *, include_suspect: bool = True) -> list[FeedHealth]:
    """Every feed's state (current, not as of a date), by source and feed URL."""
    stmt = text(
        "SELECT source_slug, feed_url, status, last_success_at, last_error, failures "
        "FROM v_source_health WHERE "
        "(:with_suspect = 1 OR source_slug NOT IN (SELECT slug FROM sources "
        "WHERE status = 'suspect')) ORDER BY source_slug, feed_url"
    ).columns(last_success_at=UTCDateTime())
    params = {"with_suspect": int(include_suspect)}
    return [
        FeedHealth(r[0], r[1], r[2], r[3], r[4], float(r[5] or 0))
        for r in conn.execute(stmt, params)
    ]


def weekly_coverage(
    conn: Connection,
    period: Period,
    *,
    kinds: Iterable[str] = ("press", "council"),
    include_suspect: bool = True,
) -> list[WeekCoverage]:
    """v_weekly_coverage rows of the ISO weeks that meet ``period``, for sources of ``kinds``."""
    first, last = period.weeks
    stmt = text(
        "SELECT w.week, w.source_slug, s.kind, w.object, w.articles, w.aict_articles, "
        "w.audience, w.complete FROM v_weekly_coverage w "
        "JOIN sources s ON s.slug = w.source_slug "
        "WHERE w.week >= :first AND w.week <= :last AND s.kind IN :kinds "
        "AND (:with_suspect = 1 OR s.status != 'suspect') ORDER BY w.week, w.source_slug"
    ).bindparams(bindparam("kinds", expanding=True))
    params = {
        "first": first or "",
        "last": last,
        "kinds": list(kinds),
        "with_suspect": int(include_suspect),
    }
    return [
        WeekCoverage(r[0], r[1], r[2], r[3], int(r[4] or 0), int(r[5] or 0), r[6], bool(r[7]))
        for r in conn.execute(stmt, params)
    ]


def partner_geography(conn: Connection, period: Period) -> list[CountryMonth]:
    """v_partner_geography rows of the months that meet ``period``."""
    first, last = period.months
    stmt = text(
        "SELECT month, country_iso2, country_name, is_ldc, un_region, council_actions, "
        "press_articles FROM v_partner_geography WHERE month >= :first AND month <= :last "
        "ORDER BY month, country_iso2"
    )
    return [
        CountryMonth(r[0], r[1], r[2], bool(r[3]), r[4], int(r[5] or 0), int(r[6] or 0))
        for r in conn.execute(stmt, {"first": first or "", "last": last})
    ]


def object_mix(conn: Connection, period: Period) -> list[ObjectMonth]:
    """v_object_mix rows of the months that meet ``period``."""
    first, last = period.months
    stmt = text(
        "SELECT month, channel, object, items FROM v_object_mix "
        "WHERE month >= :first AND month <= :last ORDER BY month, channel, object"
    )
    return [
        ObjectMonth(r[0], r[1], r[2], int(r[3] or 0))
        for r in conn.execute(stmt, {"first": first or "", "last": last})
    ]
