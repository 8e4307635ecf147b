"""The report: what the officer views say over a period, as plain typed sections.

Every figure is read from the documented views (design.md) with bound parameters; the
functions here only aggregate them for people: weekly attention by object, the relay funnel,
partner geography (LDC vs others), the council/press object-mix gap, silent actions and
collection health. Rendering (terminal, CSV, JSON, charts) lives in :mod:`measure.render`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Engine, text

from models.base import OBJECT_IDS
from storage.engine import read_engine
from storage.timeutil import iso_week_of_date


@dataclass
class Section:
    """A titled table: column names and rows of plain values."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    since: dt.date
    as_of: dt.date | None
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "sections": [asdict(s) for s in self.sections],
        }


def _rows(conn, sql: str, **params: Any) -> list[Any]:  # type: ignore[no-untyped-def]
    return list(conn.execute(text(sql), params))


def weekly_attention(conn, since_week: str) -> Section:  # type: ignore[no-untyped-def]
    """Press AICT articles per week and object, with the week's attention ratio and completeness."""
    totals = _rows(
        conn,
        "SELECT w.week, SUM(w.articles), SUM(w.aict_articles), "
        "SUM(CASE WHEN w.complete THEN 1 ELSE 0 END), COUNT(*), "
        "SUM(w.aict_articles * w.audience), SUM(w.articles * w.audience) "
        "FROM v_weekly_coverage w JOIN sources s ON s.slug = w.source_slug "
        "WHERE s.kind = 'press' AND w.object IS NULL AND w.week >= :since "
        "GROUP BY w.week ORDER BY w.week",
        since=since_week,
    )
    per_object: dict[str, dict[str, int]] = defaultdict(dict)
    for week, obj, count in _rows(
        conn,
        "SELECT w.week, w.object, SUM(w.aict_articles) FROM v_weekly_coverage w "
        "JOIN sources s ON s.slug = w.source_slug "
        "WHERE s.kind = 'press' AND w.object IS NOT NULL AND w.week >= :since "
        "GROUP BY w.week, w.object",
        since=since_week,
    ):
        per_object[week][obj] = int(count or 0)
    section = Section(
        "weekly_attention",
        "Press attention to AICT by ISO week",
        [
            "week",
            "articles",
            "aict_articles",
            "attention",
            "audience_weighted",
            "complete",
            *OBJECT_IDS,
        ],
        note="attention = AICT articles / all articles; audience_weighted uses ACPM circulation "
        "where known; complete = share of source-weeks with a successful fetch every day "
        "(below 1: collection gap, not silence).",
    )
    for week, articles, aict, complete, sources, aict_aud, all_aud in totals:
        articles, aict = int(articles or 0), int(aict or 0)
        section.rows.append(
            [
                week,
                articles,
                aict,
                round(aict / articles, 4) if articles else None,
                round(aict_aud / all_aud, 4) if all_aud else None,
                round(int(complete or 0) / sources, 2) if sources else None,
                *[per_object[week].get(o, 0) for o in OBJECT_IDS],
            ]
        )
    return section


def relay_funnel(conn, since: dt.date) -> Section:  # type: ignore[no-untyped-def]
    """Council AICT items → relayed → lag, per object and overall (syndicated copies once)."""
    rows = _rows(
        conn,
        "SELECT object, council_article_id, relayed, lag_days, reuse_ratio FROM v_relay "
        "WHERE published_at >= :since",
        since=dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC),
    )
    by_object: dict[str, dict[str, tuple]] = defaultdict(dict)
    for obj, item, relayed, lag, reuse in rows:
        by_object[obj][item] = (bool(relayed), lag, reuse)
        by_object["(all)"][item] = (bool(relayed), lag, reuse)
    section = Section(
        "relay_funnel",
        "What councils published → what the press relayed",
        [
            "object",
            "council_items",
            "relayed",
            "relay_rate",
            "median_lag_days",
            "relayed_within_7_days",
            "median_reuse_ratio",
        ],
        note="Relay: a press article within 2 days before to 21 days after, same actor and "
        "partner, similar text. reuse_ratio near 1 = the press reprinted the release.",
    )
    for obj in ["(all)", *OBJECT_IDS]:
        items = by_object.get(obj, {})
        if not items:
            continue
        relayed = [v for v in items.values() if v[0]]
        lags = [v[1] for v in relayed if v[1] is not None]
        reuse = [v[2] for v in relayed if v[2] is not None]
        section.rows.append(
            [
                obj,
                len(items),
                len(relayed),
                round(len(relayed) / len(items), 3),
                statistics.median(lags) if lags else None,
                sum(1 for lag in lags if lag <= 7),
                round(statistics.median(reuse), 3) if reuse else None,
            ]
        )
    return section


def partner_geography(conn, since_month: str) -> Section:  # type: ignore[no-untyped-def]
    rows = _rows(
        conn,
        "SELECT country_iso2, country_name, is_ldc, un_region, SUM(council_actions), "
        "SUM(press_articles) FROM v_partner_geography WHERE month >= :since "
        "GROUP BY country_iso2, country_name, is_ldc, un_region "
        "ORDER BY SUM(council_actions) + SUM(press_articles) DESC, country_iso2",
        since=since_month,
    )
    section = Section(
        "partner_geography",
        "Partner countries: council actions vs press articles",
        [
            "country_iso2",
            "country_name",
            "is_ldc",
            "un_region",
            "council_actions",
            "press_articles",
            "press_per_action",
        ],
        note="Least developed countries (UN list, 44) are flagged is_ldc.",
    )
    for iso, name, ldc, region, council, press in rows:
        council, press = int(council or 0), int(press or 0)
        section.rows.append(
            [
                iso,
                name,
                bool(ldc),
                region,
                council,
                press,
                round(press / council, 2) if council else None,
            ]
        )
    return section


def ldc_summary(geo: Section) -> Section:
    """LDC partners vs others: how much press each council action gets."""
    section = Section(
        "ldc_summary",
        "Least developed countries vs other partners",
        ["group", "countries", "council_actions", "press_articles", "press_per_action"],
    )
    for label, flag in (("LDC", True), ("other", False)):
        rows = [r for r in geo.rows if r[2] is flag]
        council = sum(r[4] for r in rows)
        press = sum(r[5] for r in rows)
        section.rows.append(
            [label, len(rows), council, press, round(press / council, 2) if council else None]
        )
    return section


def object_mix(conn, since_month: str) -> Section:  # type: ignore[no-untyped-def]
    """Share of each object in council vs press AICT items over the period: the gap by object."""
    rows = _rows(
        conn,
        "SELECT channel, object, SUM(items) FROM v_object_mix WHERE month >= :since "
        "GROUP BY channel, object",
        since=since_month,
    )
    totals = dict(
        _rows(
            conn,
            "SELECT channel, SUM(items) FROM v_object_mix WHERE month >= :since GROUP BY channel",
            since=since_month,
        )
    )
    counts = {(ch, obj): int(n or 0) for ch, obj, n in rows}
    section = Section(
        "object_mix",
        "Object mix: council communication vs press coverage",
        ["object", "council_items", "council_share", "press_items", "press_share", "gap"],
        note="share = items with the object / (object, item) pairs of the channel; gap = press "
        "share − council share (negative: the press under-covers that object).",
    )
    for obj in OBJECT_IDS:
        council, press = counts.get(("council", obj), 0), counts.get(("press", obj), 0)
        c_total, p_total = int(totals.get("council") or 0), int(totals.get("press") or 0)
        c_share = round(council / c_total, 3) if c_total else None
        p_share = round(press / p_total, 3) if p_total else None
        gap = round(p_share - c_share, 3) if c_share is not None and p_share is not None else None
        section.rows.append([obj, council, c_share, press, p_share, gap])
    return section


def silent_actions(conn, limit: int = 15) -> Section:  # type: ignore[no-untyped-def]
    rows = _rows(
        conn,
        "SELECT action_date, actor_name, actor_codes, object, partner, country_iso2, origin, "
        "days_without_coverage FROM v_silent_actions "
        "ORDER BY days_without_coverage DESC, action_id LIMIT :limit",
        limit=limit,
    )
    total = _rows(conn, "SELECT COUNT(*) FROM v_silent_actions")[0][0]
    return Section(
        "silent_actions",
        f"Actions with no press coverage ({total} in all, oldest first)",
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
        [list(r) for r in rows],
    )


def source_health(conn) -> Section:  # type: ignore[no-untyped-def]
    rows = _rows(
        conn,
        "SELECT status, COUNT(*) FROM v_source_health GROUP BY status ORDER BY COUNT(*) DESC",
    )
    failing = _rows(
        conn,
        "SELECT source_slug, feed_url, status, last_error FROM v_source_health "
        "WHERE status IN ('error', 'disallowed', 'refused', 'backoff') ORDER BY source_slug",
    )
    section = Section(
        "source_health",
        "Collection health (feeds by status)",
        ["status", "feeds"],
        [list(r) for r in rows],
        note="; ".join(f"{s} {st}: {(e or '')[:80]}" for s, _, st, e in failing[:10]),
    )
    return section


def build_report(engine: Engine, since: dt.date) -> Report:
    """Every section over the period starting ``since``."""
    with read_engine(engine).connect() as conn:
        as_of = conn.execute(text("SELECT MAX(as_of) FROM measure_runs")).scalar()
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        geo = partner_geography(conn, since.strftime("%Y-%m"))
        sections = [
            weekly_attention(conn, iso_week_of_date(since)),
            relay_funnel(conn, since),
            geo,
            ldc_summary(geo),
            object_mix(conn, since.strftime("%Y-%m")),
            silent_actions(conn),
            source_health(conn),
        ]
    return Report(since, as_of, sections)
