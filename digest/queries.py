"""What the digest reads, as plain typed rows: one snapshot per week, shared by every recipient.

Reads the officer views through the typed read layer the report uses too
(:mod:`storage.readers`: v_silent_actions, v_relay, v_source_health, v_weekly_coverage), and the
tables behind v_aict_mentions (titles and links are not in the views). Bound parameters only;
read-only transactions (:func:`storage.engine.read_engine`) so a digest never blocks a crawl.
A quarantined source (``sources.status = 'suspect'``, A21: its domain may have changed hands)
never reaches a digest: neither its articles nor its health or completeness lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Select, func, select

from digest.period import previous_weeks, week_days
from digest.territory import Area, area_of, split_codes
from models import Article, Collectivite, Country, Feed, MeasureRun, Source, Tag, TagObject
from models.vocab import QUIET_STATUSES, SourceStatus
from nlp.record import is_french_actor
from storage import readers
from storage.engine import read_engine
from storage.readers import Period, SilentAction

#: A feed of v_source_health whose status needs explaining (a row of the read layer).
FeedProblem = readers.FeedHealth

TREND_WEEKS = 4
#: How far back "what went unreported" looks: older actions can no longer be relayed.
SILENT_LOOKBACK_DAYS = 91
_CHUNK = 500


@dataclass(frozen=True)
class AictArticle:
    """An AICT article (press or council) of the week or of the trend weeks."""

    id: str
    week: str
    title: str
    url: str
    day: dt.date
    syndicated_of: str | None
    source_slug: str
    source_kind: str
    departements: frozenset[str]
    actor_codes: tuple[str, ...]
    actor_names: tuple[str, ...]
    countries: tuple[str, ...]
    objects: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class SourceInfo:
    """A source with the départements it covers (its own and its feeds')."""

    slug: str
    name: str
    kind: str
    departements: frozenset[str]
    collectivite_code: str | None


@dataclass(frozen=True)
class CountryInfo:
    name: str
    is_ldc: bool


@dataclass(frozen=True)
class WeekData:
    """Everything a week's digests are built from."""

    week: str
    trend_weeks: tuple[str, ...]
    articles: tuple[AictArticle, ...]
    relayed: dict[str, bool]
    silent: tuple[SilentAction, ...]
    problems: tuple[FeedProblem, ...]
    completeness: dict[str, bool]
    sources: dict[str, SourceInfo]
    areas: dict[str, Area]
    names: dict[str, str]
    countries: dict[str, CountryInfo]
    as_of: dt.date | None
    #: The days whose actions "what went unreported" lists (their silence is as of ``as_of``);
    #: None: the look-back before the week's Sunday (:func:`silent_period`).
    silent_period: Period | None = None
    #: Why an incomplete source's week was incomplete (days, reason), as the report says it.
    gaps: dict[str, readers.CollectionGap] = field(default_factory=dict)


def _day(published: dt.datetime | None, seen: dt.datetime) -> dt.date:
    from storage.timeutil import to_paris

    return to_paris(published or seen).date()


def _sources(conn: Connection) -> dict[str, SourceInfo]:
    feed_deps: dict[int, set[str]] = {}
    for source_id, deps in conn.execute(select(Feed.source_id, Feed.departments)):
        feed_deps.setdefault(source_id, set()).update(split_codes(deps))
    rows = conn.execute(
        select(
            Source.id,
            Source.slug,
            Source.name,
            Source.kind,
            Source.departments,
            Source.collectivite_code,
        )
    )
    return {
        r.slug: SourceInfo(
            r.slug,
            r.name,
            r.kind,
            frozenset(split_codes(r.departments)) | frozenset(feed_deps.get(r.id, ())),
            r.collectivite_code,
        )
        for r in rows
    }


def _articles(conn: Connection, weeks: Sequence[str]) -> list[AictArticle]:
    objects = _object_scores(conn, weeks)
    rows = conn.execute(_articles_query(weeks))
    return [
        AictArticle(
            id=r.id,
            week=r.week,
            title=r.title or "",
            url=r.url,
            day=_day(r.published_at, r.first_seen_at),
            syndicated_of=r.syndicated_of,
            source_slug=r.slug,
            source_kind=r.kind,
            # An edition's départements say more than the whole title's.
            departements=frozenset(split_codes(r.feed_departments or r.departments)),
            actor_codes=tuple(split_codes(r.actor_codes)),
            actor_names=tuple(_actor_names(r.actors)),
            countries=tuple(split_codes(r.partner_countries)),
            objects=tuple(sorted(objects.get(r.id, []), key=lambda o: -o[1])),
        )
        for r in rows
    ]


def _object_scores(conn: Connection, weeks: Sequence[str]) -> dict[str, list[tuple[str, float]]]:
    """Per article of the weeks, its objects with their scores."""
    objects: dict[str, list[tuple[str, float]]] = {}
    obj_rows = conn.execute(
        select(TagObject.article_id, TagObject.object, TagObject.score)
        .join(Article, Article.id == TagObject.article_id)
        .where(Article.week.in_(weeks))
    )
    for article_id, obj, score in obj_rows:
        objects.setdefault(article_id, []).append((obj, float(score)))
    return objects


def _articles_query(weeks: Sequence[str]) -> Select[*tuple[Any, ...]]:
    """The weeks' AICT articles of sources not suspect, with their source, feed and tag."""
    return (
        select(
            Article.id,
            Article.week,
            Article.title,
            Article.url,
            Article.published_at,
            Article.first_seen_at,
            Article.syndicated_of,
            Source.slug,
            Source.kind,
            Source.departments,
            Feed.departments.label("feed_departments"),
            Tag.actor_codes,
            Tag.actors,
            Tag.partner_countries,
        )
        .join(Source, Source.id == Article.source_id)
        .join(Tag, Tag.article_id == Article.id)
        .outerjoin(Feed, Feed.id == Article.feed_id)
        .where(
            Article.week.in_(weeks), Tag.is_aict.is_(True), Source.status != SourceStatus.SUSPECT
        )
        .order_by(Article.id)
    )


def _actor_names(actors: Any) -> Iterable[str]:
    """Names of the French actors (collectivités, bodies they steer) of a stored tag."""
    for actor in actors or []:
        if (
            isinstance(actor, dict)
            and isinstance(actor.get("name"), str)
            and is_french_actor(actor)
        ):
            yield actor["name"]


def _problems(conn: Connection) -> list[FeedProblem]:
    return [
        h
        for h in readers.source_health(conn, include_suspect=False)
        if h.status not in QUIET_STATUSES
    ]


def _completeness(conn: Connection, week: Period) -> dict[str, bool]:
    rows = readers.weekly_coverage(conn, week, include_suspect=False)
    return {r.source_slug: r.complete for r in rows if r.object is None}


def _gaps(conn: Connection, week: str, sunday: dt.date) -> dict[str, readers.CollectionGap]:
    """The week's collection gaps per source (the digest's week has ended by its Monday)."""
    until = sunday + dt.timedelta(days=1)
    return {g.source_slug: g for g in readers.collection_gaps(conn, [week], until)}


def _collectivites(
    conn: Connection, codes: Iterable[str]
) -> tuple[dict[str, Area], dict[str, str]]:
    wanted = sorted(set(codes))
    areas: dict[str, Area] = {}
    names: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(Collectivite.code, Collectivite.name, Collectivite.departement_codes).where(
                Collectivite.code.in_(wanted[start : start + _CHUNK])
            )
        )
        for code, name, deps in rows:
            areas[code] = area_of(code, deps)
            names[code] = name
    return areas, names


def _countries(conn: Connection) -> dict[str, CountryInfo]:
    rows = conn.execute(select(Country.iso2, Country.name_fr, Country.is_ldc))
    return {iso2: CountryInfo(name, bool(ldc)) for iso2, name, ldc in rows}


def silent_period(week: str) -> Period:
    """The days "what went unreported" looks at: the look-back up to the week's Sunday."""
    _, sunday = week_days(week)
    return Period(sunday - dt.timedelta(days=SILENT_LOOKBACK_DAYS), sunday)


def load_week(engine: Engine, week: str, territories: Iterable[str] = ()) -> WeekData:
    """Read the week's snapshot; ``territories`` are the recipients' codes to resolve too."""
    trend = tuple(previous_weeks(week, TREND_WEEKS))
    days = Period(*week_days(week))
    silent_days = silent_period(week)
    with read_engine(engine).connect() as conn:
        articles = _articles(conn, (week, *trend))
        silent = readers.silent_actions(conn, silent_days)
        sources = _sources(conn)
        codes = {c for a in articles for c in a.actor_codes}
        codes |= {c for s in silent for c in s.actor_codes}
        codes |= {s.collectivite_code for s in sources.values() if s.collectivite_code}
        areas, names = _collectivites(conn, codes | set(territories))
        as_of = conn.execute(select(func.max(MeasureRun.as_of))).scalar()
        return WeekData(
            week=week,
            trend_weeks=trend,
            articles=tuple(articles),
            relayed={r.council_article_id: r.relayed for r in readers.relay_rows(conn, days)},
            silent=tuple(silent),
            problems=tuple(_problems(conn)),
            completeness=_completeness(conn, days),
            sources=sources,
            areas=areas,
            names=names,
            countries=_countries(conn),
            as_of=as_of,
            silent_period=silent_days,
            gaps=_gaps(conn, week, days.end),
        )
