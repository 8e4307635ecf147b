"""The report: what the officer views say over a period, as plain typed sections.

Every figure is read through the typed read layer the digest uses too (:mod:`storage.readers`),
so the same question over the same period gives the same number in the report, its charts and
the digest. The period runs from ``since`` to ``until`` (default: the latest measure's
``as_of``), Paris days, both included; each section's title says which period or cut-off date
its figures cover, in French. Sections keep stable column keys (the views' names, for CSV and
JSON) beside French headers for the printed table; rendering lives in :mod:`measure.render`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

from models.taxonomy import OBJECT_IDS
from models.vocab import FAILED_STATUSES, SourceKind
from storage import readers
from storage.engine import read_engine
from storage.labels import (
    cutoff_label,
    health_reason,
    months_label,
    object_short,
    plural,
    status_label,
)
from storage.readers import Period
from storage.timeutil import paris_today


@dataclass
class Section:
    """A titled table: column keys, French headers and rows of plain values."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    headers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.headers:
            self.headers = list(self.columns)


@dataclass
class Report:
    since: dt.date
    until: dt.date
    as_of: dt.date | None
    sections: list[Section]
    #: Every silent action of the period (the section lists the oldest only).
    silent_total: int = 0

    @property
    def period(self) -> Period:
        return Period(self.since, self.until)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "silent_total": self.silent_total,
            "sections": [asdict(s) for s in self.sections],
        }


def weekly_attention(conn: Connection, period: Period) -> Section:
    """Press AICT articles per week and object, with the week's attention ratio and completeness."""
    rows = readers.weekly_coverage(conn, period, kinds=(SourceKind.PRESS,))
    totals, per_object = _weekly_totals(rows)
    section = _weekly_section(period)
    for week in sorted(totals):
        articles, aict, complete, sources, aict_aud, all_aud = totals[week]
        # A week still in progress has no completeness yet (None: "en cours"), not a gap.
        done = readers.finished(week, period.end)
        section.rows.append(
            [
                week,
                int(articles),
                int(aict),
                round(aict / articles, 4) if articles else None,
                round(aict_aud / all_aud, 4) if all_aud else None,
                round(complete / sources, 2) if sources and done else None,
                *[per_object[week].get(o, 0) for o in OBJECT_IDS],
            ]
        )
    return section


def _weekly_section(period: Period) -> Section:
    """The weekly attention section, without its rows."""
    first, last = period.weeks
    return Section(
        "weekly_attention",
        f"Attention de la presse à l'AICT par semaine ISO (semaines {first} à {last})",
        [
            "week",
            "articles",
            "aict_articles",
            "attention",
            "audience_weighted",
            "complete",
            *OBJECT_IDS,
        ],
        note="attention = articles AICT / tous les articles ; pondérée = pondérée par la "
        "diffusion ACPM quand elle est connue ; collecte complète = part des sources-semaines "
        "collectées avec succès chaque jour (sous 1 : trou de collecte, pas silence ; vide : "
        "semaine en cours).",
        headers=[
            "semaine",
            "articles",
            "articles AICT",
            "attention",
            "attention pondérée",
            "collecte complète",
            *[object_short(o) for o in OBJECT_IDS],
        ],
    )


def _weekly_totals(
    rows: list[readers.WeekCoverage],
) -> tuple[dict[str, list[float]], dict[str, dict[str, int]]]:
    """Per week: articles, AICT articles, complete source-weeks, source-weeks and the two
    audience-weighted sums; and the AICT articles per object."""
    totals: dict[str, list[float]] = {}
    per_object: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        if r.object is not None:
            per_object[r.week][r.object] = per_object[r.week].get(r.object, 0) + r.aict_articles
            continue
        t = totals.setdefault(r.week, [0, 0, 0, 0, 0, 0])
        t[0] += r.articles
        t[1] += r.aict_articles
        t[2] += int(r.complete)
        t[3] += 1
        if r.audience is not None:
            t[4] += r.aict_articles * r.audience
            t[5] += r.articles * r.audience
    return totals, per_object


def collection_gaps(conn: Connection, period: Period) -> Section:
    """Finished weeks a source was not collected every day, with the days and the reason."""
    first, last = period.weeks
    weeks = sorted({r.week for r in readers.weekly_coverage(conn, period)})
    section = Section(
        "collection_gaps",
        f"Trous de collecte (semaines {first} à {last})",
        ["week", "source_slug", "source_name", "days_without", "detail"],
        note="Une semaine est complète quand chaque flux de la source a été collecté avec "
        "succès chacun des 7 jours ; ses chiffres sont alors un silence et non un trou.",
        headers=["semaine", "source", "nom", "jours sans collecte", "détail"],
    )
    for gap in readers.collection_gaps(conn, weeks, period.end):
        section.rows.append([gap.week, gap.source_slug, gap.source_name, len(gap.days), gap.label])
    return section


def relay_funnel(conn: Connection, period: Period) -> Section:
    """Council AICT items → relayed → lag, per object and overall (syndicated copies once)."""
    by_object: dict[str, dict[str, tuple[bool, int | None, float | None]]] = defaultdict(dict)
    for r in readers.relay_rows(conn, period):
        by_object[r.object][r.council_article_id] = (r.relayed, r.lag_days, r.reuse_ratio)
        by_object["(all)"][r.council_article_id] = (r.relayed, r.lag_days, r.reuse_ratio)
    section = Section(
        "relay_funnel",
        f"Des publications des collectivités aux relais dans la presse "
        f"(publications {period.label})",
        [
            "object",
            "council_items",
            "relayed",
            "relay_rate",
            "median_lag_days",
            "relayed_within_7_days",
            "median_reuse_ratio",
        ],
        note="Relais : un article de presse de 2 jours avant à 21 jours après, même collectivité "
        "et même partenaire, texte proche. Reprise proche de 1 = la presse a repris le "
        "communiqué.",
        headers=[
            "objet",
            "publications",
            "relayées",
            "taux de relais",
            "délai médian (jours)",
            "relayées sous 7 jours",
            "reprise médiane",
        ],
    )
    for obj in ["(all)", *OBJECT_IDS]:
        items = by_object.get(obj, {})
        if items:
            section.rows.append(_funnel_row(obj, items))
    return section


def _funnel_row(obj: str, items: dict[str, tuple[bool, int | None, float | None]]) -> list[Any]:
    """One object's line: items, relayed, rate, median lag, relayed within 7 days, reuse."""
    relayed = [v for v in items.values() if v[0]]
    lags = [v[1] for v in relayed if v[1] is not None]
    reuse = [v[2] for v in relayed if v[2] is not None]
    return [
        obj,
        len(items),
        len(relayed),
        round(len(relayed) / len(items), 3),
        statistics.median(lags) if lags else None,
        sum(1 for lag in lags if lag <= 7),
        round(statistics.median(reuse), 3) if reuse else None,
    ]


def _months_label(period: Period) -> str:
    """The months the monthly views count: whole months that meet the period."""
    return f"mois {months_label(period.start or period.end, period.end)}"


def partner_geography(conn: Connection, period: Period) -> Section:
    totals: dict[str, list[Any]] = {}
    for r in readers.partner_geography(conn, period):
        row = totals.setdefault(r.country_iso2, [r.country_name, r.is_ldc, r.un_region, 0, 0])
        row[3] += r.council_actions
        row[4] += r.press_articles
    section = Section(
        "partner_geography",
        f"Pays partenaires : actions des collectivités et articles de presse "
        f"({_months_label(period)})",
        [
            "country_iso2",
            "country_name",
            "is_ldc",
            "un_region",
            "council_actions",
            "press_articles",
            "press_per_action",
        ],
        note="PMA : pays les moins avancés (liste de l'ONU, 44 pays).",
        headers=[
            "code",
            "pays",
            "PMA",
            "région ONU",
            "actions des collectivités",
            "articles de presse",
            "articles par action",
        ],
    )
    order = sorted(totals.items(), key=lambda kv: (-(kv[1][3] + kv[1][4]), kv[0]))
    for iso, (name, ldc, region, council, press) in order:
        section.rows.append(
            [iso, name, ldc, region, council, press, round(press / council, 2) if council else None]
        )
    return section


def ldc_summary(geo: Section, period: Period) -> Section:
    """LDC partners vs others: how much press each council action gets."""
    section = Section(
        "ldc_summary",
        f"Pays les moins avancés et autres partenaires ({_months_label(period)})",
        ["group", "countries", "council_actions", "press_articles", "press_per_action"],
        headers=["groupe", "pays", "actions des collectivités", "articles de presse", "articles par action"],
    )  # fmt: skip
    for label, flag in (("LDC", True), ("other", False)):
        rows = [r for r in geo.rows if r[2] is flag]
        council = sum(r[4] for r in rows)
        press = sum(r[5] for r in rows)
        section.rows.append(
            [label, len(rows), council, press, round(press / council, 2) if council else None]
        )
    return section


def object_mix(conn: Connection, period: Period) -> Section:
    """Share of each object in council vs press AICT items over the period: the gap by object."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for r in readers.object_mix(conn, period):
        counts[(r.channel, r.object)] += r.items
        totals[r.channel] += r.items
    section = Section(
        "object_mix",
        f"Objets : communication des collectivités et couverture de presse "
        f"({_months_label(period)})",
        ["object", "council_items", "council_share", "press_items", "press_share", "gap"],
        note="part = éléments avec l'objet / paires (objet, élément) du canal ; écart = part "
        "presse − part collectivités (négatif : la presse couvre moins cet objet).",
        headers=["objet", "collectivités", "part collectivités", "presse", "part presse", "écart"],
    )
    c_total, p_total = totals.get(SourceKind.COUNCIL, 0), totals.get(SourceKind.PRESS, 0)
    for obj in OBJECT_IDS:
        council = counts.get((SourceKind.COUNCIL, obj), 0)
        press = counts.get((SourceKind.PRESS, obj), 0)
        c_share = round(council / c_total, 3) if c_total else None
        p_share = round(press / p_total, 3) if p_total else None
        gap = round(p_share - c_share, 3) if c_share is not None and p_share is not None else None
        section.rows.append([obj, council, c_share, press, p_share, gap])
    return section


def silent_actions(
    actions: list[readers.SilentAction], period: Period, as_of: dt.date | None, limit: int = 15
) -> Section:
    oldest = sorted(actions, key=lambda a: (-(a.days_without_coverage or 0), a.action_id))
    measured = f"sans article de presse {cutoff_label(as_of)}" if as_of else "jamais mesurées"
    return Section(
        "silent_actions",
        f"Actions sans écho : {plural(len(actions), 'action')} {period.label}, {measured} "
        f"(les plus anciennes d'abord)",
        [
            "action_date",
            "actor_name",
            "actor_codes",
            "object",
            "partner",
            "country_iso2",
            "origin",
            "days_without_coverage",
        ],
        [
            [
                a.action_date,
                a.actor_name,
                ",".join(a.actor_codes),
                a.object,
                a.partner,
                a.country_iso2,
                a.origin,
                a.days_without_coverage,
            ]
            for a in oldest[:limit]
        ],
        headers=["date", "collectivité", "codes", "objet", "partenaire", "pays", "origine", "jours sans écho"],
    )  # fmt: skip


def source_health(conn: Connection, today: dt.date) -> Section:
    feeds = readers.source_health(conn)
    counts: dict[str, int] = defaultdict(int)
    for f in feeds:
        counts[f.status] += 1
    failing = [f for f in feeds if f.status in FAILED_STATUSES]

    return Section(
        "source_health",
        f"État de la collecte {cutoff_label(today)} (flux par statut)",
        ["status", "feeds"],
        [[s, n] for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))],
        note="; ".join(
            f"{f.source_slug} : {status_label(f.status)}"
            + (f" ({reason})" if (reason := health_reason(f.status, f.last_error)) else "")
            for f in failing[:10]
        ),
        headers=["statut", "flux"],
    )


def build_report(engine: Engine, since: dt.date, until: dt.date | None = None) -> Report:
    """Every section over ``since`` → ``until`` (default: the latest measure date, else today)."""
    today = paris_today()
    with read_engine(engine).connect() as conn:
        as_of = readers.latest_as_of(conn)
        end = until or as_of or today
        period = Period(since, end)
        geo = partner_geography(conn, period)
        silent = readers.silent_actions(conn, period)
        sections = [
            weekly_attention(conn, period),
            collection_gaps(conn, period),
            relay_funnel(conn, period),
            geo,
            ldc_summary(geo, period),
            object_mix(conn, period),
            silent_actions(silent, period, as_of),
            source_health(conn, today),
        ]
        # Imported here: the registers module builds on this one's Section.
        from measure.framing_report import framing_sections
        from measure.registers_report import registers_sections

        sections += registers_sections(conn) + framing_sections(conn)
    return Report(since, end, as_of, sections, silent_total=len(silent))
