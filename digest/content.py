"""The digest's content for one recipient: typed records built by pure functions from a
:class:`~digest.queries.WeekData` snapshot. No database, no HTML here (rendering is apart).

Counting rules: syndicated copies (``articles.syndicated_of``) are one item with several outlets;
an item matches the recipient's objects when one of its objects is wanted, and is listed once,
under its best-scoring wanted object. Sections are capped (P-F3) and say how many were left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.links import http_url
from digest.period import french_date, subject_for, week_days, week_long_label
from digest.queries import AictArticle, SourceInfo, WeekData, silent_period
from digest.subscriptions import Subscription
from digest.territory import TerritoryFilter, contains, resolve
from models.taxonomy import OBJECT_IDS
from models.vocab import SourceKind
from nlp.record import clean_partners
from storage.labels import INCOMPLETE, OBJECT_NAMES, OBJECT_SHORT, STATUS_LABELS, health_reason
from storage.readers import SilentAction

ITEMS_PER_OBJECT = 5
OUTLETS_PER_ITEM = 4
SILENT_CAP = 8
COUNTRIES_CAP = 8
HEALTH_CAP = 8
TITLE_CHARS = 160
ERROR_CHARS = 90


@dataclass(frozen=True)
class Outlet:
    name: str
    url: str | None


@dataclass(frozen=True)
class CoverageItem:
    title: str
    url: str | None
    outlet: str
    day: str
    actors: str
    countries: str
    also: tuple[Outlet, ...]
    also_more: int
    other_objects: str
    #: For the "Signaler une erreur" link (digest.links.report_error_url).
    article_id: str = ""


@dataclass(frozen=True)
class ObjectSection:
    object_id: str
    label: str
    items: tuple[CoverageItem, ...]
    more: int


@dataclass(frozen=True)
class ObjectTrend:
    object_id: str
    label: str
    this_week: int
    previous_avg: float


@dataclass(frozen=True)
class Headline:
    press_items: int
    previous_avg: float
    trend: str
    outlets: int
    council_items: int
    council_relayed: int
    silent: int
    countries: int


@dataclass(frozen=True)
class UnreportedItem:
    actor: str
    object_label: str
    partner: str
    day: str
    days_without: int


@dataclass(frozen=True)
class CountryLine:
    name: str
    is_ldc: bool
    press: int
    council: int


@dataclass(frozen=True)
class HealthLine:
    source: str
    problem: str
    detail: str
    last_success: str


@dataclass(frozen=True)
class DigestContent:
    """Everything one recipient's digest says, ready to render."""

    week: str
    subject: str
    period: str
    greeting: str
    scope: str
    headline: Headline
    trends: tuple[ObjectTrend, ...]
    sections: tuple[ObjectSection, ...]
    unreported: tuple[UnreportedItem, ...]
    unreported_more: int
    countries: tuple[CountryLine, ...]
    countries_more: int
    ldc_share_press: float | None
    ldc_share_council: float | None
    health: tuple[HealthLine, ...]
    health_more: int
    complete_sources: int
    crawled_sources: int
    nlp_version: str
    as_of: str | None
    #: "du 9 août au 8 novembre 2026": the days of the actions counted in ``headline.silent``.
    silent_period: str
    #: First of those days (tests compare the report over the same period).
    silent_since: dt.date

    @property
    def quiet(self) -> bool:
        """Nothing to report: the "nothing this week" edition (still sent, with health)."""
        return not self.headline.press_items and not self.headline.council_items


def shorten(value: str, limit: int) -> str:
    """``value`` on one line, cut at ``limit`` characters with an ellipsis."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def trend_word(current: float, previous_avg: float) -> str:
    """``en hausse`` / ``en baisse`` / ``stable`` (±20 % and at least one item of difference)."""
    diff = current - previous_avg
    if abs(diff) < 1 or abs(diff) <= 0.2 * previous_avg:
        return "stable"
    return "en hausse" if diff > 0 else "en baisse"


def wanted_objects(article: AictArticle, objects: Sequence[str]) -> list[str]:
    """The article's objects the recipient wants, best score first (all when no filter)."""
    return [o for o, _ in article.objects if not objects or o in objects]


def article_matches(
    article: AictArticle, sub: Subscription, where: TerritoryFilter, data: WeekData
) -> bool:
    if not wanted_objects(article, sub.objects):
        return False
    return where.matches(article.actor_codes, article.departements, data.areas)


def group_items(articles: Iterable[AictArticle]) -> list[list[AictArticle]]:
    """Syndicated copies together; the original (or the earliest copy) first."""
    groups: dict[str, list[AictArticle]] = defaultdict(list)
    for article in articles:
        groups[article.syndicated_of or article.id].append(article)
    result = []
    for key, members in groups.items():
        members.sort(key=lambda a: (a.id != key, a.day, a.id))
        result.append(members)
    return result


def _actors_text(article: AictArticle, names: dict[str, str]) -> str:
    shown = [names.get(c, c) for c in article.actor_codes] or list(article.actor_names)
    return shorten(", ".join(dict.fromkeys(shown)), 120)


def _countries_text(codes: Iterable[str], data: WeekData) -> str:
    return ", ".join(data.countries[c].name if c in data.countries else c for c in codes)


def coverage_item(group: list[AictArticle], data: WeekData, other: Sequence[str]) -> CoverageItem:
    first = group[0]
    outlets = [Outlet(_outlet(a.source_slug, data.sources), http_url(a.url)) for a in group[1:]]
    return CoverageItem(
        title=shorten(first.title, TITLE_CHARS) or "(sans titre)",
        url=http_url(first.url),
        outlet=_outlet(first.source_slug, data.sources),
        day=french_date(first.day, "EEEE d MMMM"),
        actors=_actors_text(first, data.names),
        countries=_countries_text(first.countries, data),
        also=tuple(outlets[:OUTLETS_PER_ITEM]),
        also_more=max(0, len(outlets) - OUTLETS_PER_ITEM),
        other_objects=", ".join(OBJECT_SHORT[o].lower() for o in other if o in OBJECT_SHORT),
        article_id=first.id,
    )


def _outlet(slug: str, sources: dict[str, SourceInfo]) -> str:
    return sources[slug].name if slug in sources else slug


def coverage_sections(
    groups: list[list[AictArticle]], sub: Subscription, data: WeekData
) -> list[ObjectSection]:
    by_object: dict[str, list[list[AictArticle]]] = defaultdict(list)
    for group in groups:
        by_object[wanted_objects(group[0], sub.objects)[0]].append(group)
    sections = []
    for obj in OBJECT_IDS:
        members = sorted(by_object.get(obj, []), key=lambda g: (-len(g), g[0].day, g[0].id))
        if not members:
            continue
        items = tuple(
            coverage_item(g, data, [o for o, _ in g[0].objects if o != obj])
            for g in members[:ITEMS_PER_OBJECT]
        )
        sections.append(ObjectSection(obj, OBJECT_NAMES[obj], items, len(members) - len(items)))
    return sections


def object_trends(
    press: list[AictArticle], sub: Subscription, weeks: Sequence[str], current: str
) -> list[ObjectTrend]:
    """Per object, this week's press items and the average of the previous weeks.

    ``press`` holds only articles that match the recipient (so at least one wanted object).
    """
    counts: Counter[tuple[str, str]] = Counter()
    for group in group_items(press):
        # Counted under the object it is listed under, so the chart agrees with the sections.
        counts[(group[0].week, wanted_objects(group[0], sub.objects)[0])] += 1
    objects = sub.objects or OBJECT_IDS
    return [
        ObjectTrend(
            o,
            OBJECT_SHORT[o],
            counts[(current, o)],
            sum(counts[(w, o)] for w in weeks) / len(weeks) if weeks else 0.0,
        )
        for o in objects
    ]


def unreported_items(
    sub: Subscription, where: TerritoryFilter, data: WeekData
) -> list[SilentAction]:
    return [
        s
        for s in data.silent
        if (not sub.objects or s.object in sub.objects)
        and where.matches(s.actor_codes, (), data.areas)
    ]


def unreported_line(action: SilentAction, data: WeekData, week_end: dt.date) -> UnreportedItem:
    actor = action.actor_name or ", ".join(data.names.get(c, c) for c in action.actor_codes)
    country = _countries_text([action.country_iso2], data) if action.country_iso2 else ""
    partner = action.partner or ""
    # A partner that is only the country's name ("Haïti — Haïti") is said once.
    partner_bits = (
        [partner, country] if clean_partners([partner, country]) != [partner] else [partner]
    )
    days = action.days_without_coverage
    return UnreportedItem(
        actor=shorten(actor or "Collectivité non identifiée", 100),
        object_label=OBJECT_SHORT.get(action.object, action.object),
        partner=shorten(" — ".join(b for b in partner_bits if b), 100),
        day=french_date(action.action_date, "d MMMM y"),
        days_without=days if days is not None else (week_end - action.action_date).days,
    )


def country_lines(
    items: list[list[AictArticle]], data: WeekData
) -> tuple[list[CountryLine], float | None, float | None]:
    """Partner countries (press and council items) and the share of items naming an LDC."""
    press: Counter[str] = Counter()
    council: Counter[str] = Counter()
    naming = {SourceKind.PRESS: [0, 0], SourceKind.COUNCIL: [0, 0]}
    for group in items:
        first = group[0]
        if not first.countries:
            continue
        channel = SourceKind.PRESS if first.source_kind == SourceKind.PRESS else SourceKind.COUNCIL
        (press if channel == SourceKind.PRESS else council).update(set(first.countries))
        naming[channel][0] += 1
        if any(data.countries.get(c) and data.countries[c].is_ldc for c in first.countries):
            naming[channel][1] += 1
    lines = [
        CountryLine(
            data.countries[c].name if c in data.countries else c,
            bool(data.countries.get(c) and data.countries[c].is_ldc),
            press[c],
            council[c],
        )
        for c in set(press) | set(council)
    ]
    lines.sort(key=lambda line: (-(line.press + line.council), line.name))

    def share(channel: SourceKind) -> float | None:
        total, ldc = naming[channel]
        return ldc / total if total else None

    return lines, share(SourceKind.PRESS), share(SourceKind.COUNCIL)


def source_relevant(source: SourceInfo, where: TerritoryFilter, data: WeekData) -> bool:
    if where.everywhere:
        return True
    if source.collectivite_code:
        actor = data.areas.get(source.collectivite_code)
        if actor and any(contains(t, actor) for t in where.areas):
            return True
    return bool(source.departements & where.departements) or not source.departements


def health_lines(where: TerritoryFilter, data: WeekData) -> list[HealthLine]:
    """Sources with collection problems: failing feeds first, then incomplete weeks."""
    lines: list[HealthLine] = []
    listed: set[str] = set()
    for problem in data.problems:
        source = data.sources.get(problem.source_slug)
        if (
            source is None
            or problem.source_slug in listed
            or not source_relevant(source, where, data)
        ):
            continue
        listed.add(problem.source_slug)
        last = problem.last_success_at
        lines.append(
            HealthLine(
                source=source.name,
                problem=STATUS_LABELS.get(problem.status, problem.status),
                # last_error is the crawler's English message for operators: readers get a
                # French reason, or nothing.
                detail=shorten(health_reason(problem.status, problem.last_error), ERROR_CHARS),
                last_success=french_date(last.date(), "d MMMM y") if last else "jamais",
            )
        )
    for slug, complete in sorted(data.completeness.items()):
        source = data.sources.get(slug)
        if complete or slug in listed or source is None or not source_relevant(source, where, data):
            continue
        gap = data.gaps.get(slug)
        detail = shorten(gap.label, 2 * ERROR_CHARS) if gap else ""  # days and reason
        lines.append(HealthLine(source.name, STATUS_LABELS[INCOMPLETE], detail, ""))
    return lines


def scope_label(sub: Subscription, data: WeekData) -> str:
    places = [data.names.get(c, c) for c in sub.territories] or ["toute la France"]
    objects = [OBJECT_SHORT[o].lower() for o in sub.objects] or ["tous les objets"]
    return f"{', '.join(places)} · {', '.join(objects)}"


def _headline(
    data: WeekData,
    press_all: list[AictArticle],
    press_groups: list[list[AictArticle]],
    council: list[AictArticle],
    silent: int,
    countries: int,
) -> Headline:
    """The week's figures, the press items compared with the trend weeks' average."""
    previous = Counter(g[0].week for g in group_items(press_all) if g[0].week != data.week)
    prev_avg = sum(previous.values()) / len(data.trend_weeks) if data.trend_weeks else 0.0
    outlets = {a.source_slug for g in press_groups for a in g}
    return Headline(
        press_items=len(press_groups),
        previous_avg=prev_avg,
        trend=trend_word(len(press_groups), prev_avg),
        outlets=len(outlets),
        council_items=len(council),
        council_relayed=sum(1 for c in council if data.relayed.get(c.id)),
        silent=silent,
        countries=countries,
    )


def build_content(data: WeekData, sub: Subscription, nlp_version: str) -> DigestContent:
    """One recipient's digest for ``data.week`` (ValueError for an unknown territory)."""
    where = resolve(sub.territories, data.areas)
    matching = [a for a in data.articles if article_matches(a, sub, where, data)]
    press_all = [a for a in matching if a.source_kind == SourceKind.PRESS]
    this_week = [a for a in matching if a.week == data.week]
    press_groups = group_items(a for a in this_week if a.source_kind == SourceKind.PRESS)
    council = [a for a in this_week if a.source_kind == SourceKind.COUNCIL]
    trends = object_trends(press_all, sub, data.trend_weeks, data.week)
    silent = unreported_items(sub, where, data)
    _, sunday = week_days(data.week)
    countries, ldc_press, ldc_council = country_lines(press_groups + [[c] for c in council], data)
    health = health_lines(where, data)
    headline = _headline(data, press_all, press_groups, council, len(silent), len(countries))
    complete = sum(1 for ok in data.completeness.values() if ok)
    silent_days = data.silent_period or silent_period(data.week)
    return DigestContent(
        week=data.week,
        subject=subject_for(data.week),
        period=week_long_label(data.week),
        greeting=f"Bonjour {sub.name}," if sub.name else "Bonjour,",
        scope=scope_label(sub, data),
        headline=headline,
        trends=tuple(trends),
        sections=tuple(coverage_sections(press_groups, sub, data)),
        unreported=tuple(unreported_line(s, data, sunday) for s in silent[:SILENT_CAP]),
        unreported_more=max(0, len(silent) - SILENT_CAP),
        countries=tuple(countries[:COUNTRIES_CAP]),
        countries_more=max(0, len(countries) - COUNTRIES_CAP),
        ldc_share_press=ldc_press,
        ldc_share_council=ldc_council,
        health=tuple(health[:HEALTH_CAP]),
        health_more=max(0, len(health) - HEALTH_CAP),
        complete_sources=complete,
        crawled_sources=len(data.completeness),
        nlp_version=nlp_version,
        as_of=french_date(data.as_of, "d MMMM y") if data.as_of else None,
        silent_period=silent_days.label,
        silent_since=silent_days.start or sunday,
    )
