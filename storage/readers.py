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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Date, bindparam, text

from models.base import UTCDateTime
from models.vocab import SUCCESS_STATUSES, SourceKind
from nlp.record import clean_partners
from storage.labels import cutoff_label, french_date, health_reason, period_label
from storage.timeutil import PARIS, iso_week_of_date, parse_week, to_paris


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
    query = text(
        "SELECT council_article_id, object, published_at, relayed, lag_days, reuse_ratio "
        "FROM v_relay WHERE published_at >= :low AND published_at < :high "
        "ORDER BY council_article_id, object"
    )
    stmt = query.bindparams(
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
    kinds: Iterable[str] = tuple(SourceKind),
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


@dataclass(frozen=True)
class CollectionGap:
    """A finished source-week that is not complete: the Paris days a feed of the source had no
    successful fetch (or no fetch at all), and the French reason of the failures when known."""

    week: str
    source_slug: str
    source_name: str
    days: tuple[dt.date, ...]
    reason: str

    @property
    def label(self) -> str:
        """``7 jours sans collecte (du 16 au 22 novembre 2026) — robots.txt indisponible …``."""
        count = len(self.days)
        span = (
            period_label(self.days[0], self.days[-1])
            if count > 1
            else f"le {french_date(self.days[0])}"
        )
        text_ = f"{count} jour{'s' if count > 1 else ''} sans collecte ({span})"
        return f"{text_} — {self.reason}" if self.reason else text_


def _monday(week: str) -> dt.date:
    year, num = parse_week(week)
    return dt.date.fromisocalendar(year, num, 1)


def finished(week: str, until: dt.date) -> bool:
    """True when the ISO ``week`` ended before ``until`` (a week in progress is no gap)."""
    return _monday(week) + dt.timedelta(days=6) < until


def collection_gaps(conn: Connection, weeks: Iterable[str], until: dt.date) -> list[CollectionGap]:
    """Why the finished ``weeks`` were incomplete, per source (from the daily feed health).

    Read from the tables (``feed_health_daily``, ``fetch_events``): no view keeps days. The
    reason comes from the fetch events kept for the feeds that week (the crawler keeps the last
    30 per feed), mapped to a reader's French reason; "" when none is left or none is known.
    """
    wanted = [w for w in weeks if finished(w, until)]
    if not wanted:
        return []
    stmt = text(
        "SELECT h.week, s.slug, s.name, f.id, h.day, h.successes FROM feed_health_daily h "
        "JOIN feeds f ON f.id = h.feed_id JOIN sources s ON s.id = f.source_id "
        "WHERE h.week IN :weeks ORDER BY h.week, s.slug"
    ).bindparams(bindparam("weeks", expanding=True))
    ok: dict[tuple[str, str], dict[int, set[dt.date]]] = {}
    names: dict[str, str] = {}
    for week, slug, name, feed_id, day, successes in conn.execute(stmt, {"weeks": wanted}):
        names[slug] = name
        days = ok.setdefault((week, slug), {}).setdefault(feed_id, set())
        if successes:
            days.add(day if isinstance(day, dt.date) else dt.date.fromisoformat(day))
    gaps = []
    for (week, slug), feeds in sorted(ok.items()):
        monday = _monday(week)
        all_days = [monday + dt.timedelta(days=n) for n in range(7)]
        missing = tuple(d for d in all_days if any(d not in seen for seen in feeds.values()))
        if missing:
            reason = _gap_reason(conn, list(feeds), missing)
            gaps.append(CollectionGap(week, slug, names[slug], missing, reason))
    return gaps


def _gap_reason(conn: Connection, feed_ids: list[int], days: tuple[dt.date, ...]) -> str:
    """The most frequent known French reason among the failed fetches of those days."""
    start = dt.datetime.combine(days[0], dt.time(0), tzinfo=PARIS).astimezone(dt.UTC)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    stmt = text(
        "SELECT status, error FROM fetch_events WHERE feed_id IN :feeds "
        "AND fetched_at >= :start AND fetched_at < :end AND status NOT IN :ok"
    ).bindparams(
        bindparam("feeds", expanding=True),
        bindparam("ok", expanding=True),
        bindparam("start", type_=UTCDateTime()),
        bindparam("end", type_=UTCDateTime()),
    )
    params = {
        "feeds": feed_ids,
        "ok": sorted(SUCCESS_STATUSES),
        "start": start,
        "end": end.astimezone(dt.UTC),
    }
    reasons = Counter(health_reason(status, error) for status, error in conn.execute(stmt, params))
    reasons.pop("", None)
    return reasons.most_common(1)[0][0] if reasons else ""
