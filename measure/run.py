"""`aict measure`: build the action register and link relays as of a date, in one transaction.

Reads council and press AICT articles (tags of any nlp_version: the current tag per article),
links relays (:mod:`measure.relay`), then replaces relays, relay summaries and the
council-item actions, makes the latest Atlas's projects actions (:mod:`measure.atlas_actions`),
updates the coverage of imported partnerships and Atlas projects, rebuilds the weekly counts
behind ``v_weekly_coverage`` and the per-collectivité counts behind ``v_registers``, and records
a measure run.
Re-running with the same data and ``as_of`` changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Row, Select, delete, literal, select
from sqlalchemy.orm import Session

from measure.atlas_actions import sync_atlas_actions
from measure.relay import Item, Link, Outcome, link
from models import Action, Article, Relay, RelaySummary, Source, Tag
from models.vocab import SourceKind
from nlp.record import clean_partners, is_french_actor
from nlp.text import fold
from storage.engine import write_session
from storage.registers.counts import refresh_collectivite_year_counts
from storage.timeutil import PARIS, to_paris
from storage.upserts import (
    upsert_actions,
    upsert_measure_runs,
    upsert_relay_summaries,
    upsert_relays,
)
from storage.weekly import refresh_weekly_counts

#: Imported partnerships count as covered by press AICT articles of the last year.
PARTNERSHIP_PERIOD = dt.timedelta(days=365)


@dataclass
class MeasureReport:
    as_of: dt.date
    council_items: int
    press_items: int
    relayed: int
    links: int
    actions: int
    silent: int


def end_of_day(day: dt.date) -> dt.datetime:
    """The instant after ``day`` ends in Paris, as aware UTC."""
    nxt = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=PARIS)
    return nxt.astimezone(dt.UTC)


def _csv_set(value: str | None) -> frozenset[str]:
    return frozenset(v for v in (value or "").split(",") if v)


def load_items(
    session: Session, kind: str, until: dt.datetime
) -> tuple[list[Item], dict[str, Any]]:
    """AICT articles of one channel published (or first seen) before ``until``.

    Returns the items and, per item id, the tag columns actions are built from. Selects columns
    rather than ORM entities: building 50,000 Article and Tag objects (and decoding JSON columns
    nobody reads here) took a fifth of a large measure run.
    """
    items, tags = [], {}
    for row in session.execute(_items_query(kind)):
        published = row.published_at or row.first_seen_at
        if published >= until:
            continue
        items.append(
            Item(
                id=row.id,
                source_slug=row.slug,
                published=published,
                text=f"{row.title}\n\n{row.text}",
                actor_codes=_csv_set(row.actor_codes),
                countries=_csv_set(row.partner_countries),
                partners=frozenset(fold(p) for p in clean_partners(row.partners)),
                syndicated_of=row.syndicated_of,
            )
        )
        tags[row.id] = row
    return items, tags


def _items_query(kind: str) -> Select[Any]:
    """The AICT articles of one channel with the tag columns the measure reads."""
    return (
        select(
            Article.id,
            Article.title,
            Article.text,
            Article.published_at,
            Article.first_seen_at,
            Article.syndicated_of,
            Source.slug,
            Tag.objects,
            Tag.actors if kind == SourceKind.COUNCIL else literal(None).label("actors"),
            Tag.actor_codes,
            Tag.partners,
            Tag.partner_countries,
        )
        .join(Tag, Tag.article_id == Article.id)
        .join(Source, Source.id == Article.source_id)
        .where(Tag.is_aict.is_(True), Source.kind == kind)
        .order_by(Article.id)
    )


def _item_actions(
    item: Item, tag: Row[Any], outcome: Outcome, as_of: dt.date
) -> list[dict[str, Any]]:
    day = to_paris(item.published).date()
    # The action's actor is the first French one (a tag also lists the State, foreign towns…).
    actors = [a for a in tag.actors or [] if isinstance(a, dict) and is_french_actor(a)]
    partners = clean_partners(tag.partners)
    countries = sorted(item.countries)
    rows = []
    for obj in sorted(_csv_set(tag.objects)):
        rows.append(
            {
                "natural_key": f"item:{item.id}:{obj}",
                "origin": "council_item",
                "article_id": item.id,
                "actor_codes": tag.actor_codes or "",
                "actor_name": actors[0]["name"] if actors else None,
                "object": obj,
                "partner": partners[0] if partners else None,
                "country_iso2": countries[0] if countries else None,
                "action_date": day,
                "note": None,
                "covered": outcome.relayed,
                "first_press_at": outcome.first_press_at,
                "days_without_coverage": None if outcome.relayed else (as_of - day).days,
            }
        )
    return rows


def _press_by_actor(press: list[Item]) -> dict[str, list[tuple[dt.date, Item]]]:
    """Press AICT items by actor code, with their Paris day: coverage of thousands of Atlas
    projects looks up one collectivité's articles instead of scanning every article."""
    index: dict[str, list[tuple[dt.date, Item]]] = {}
    for item in press:
        day = to_paris(item.published).date()
        for code in item.actor_codes:
            index.setdefault(code, []).append((day, item))
    return index


def _imported_coverage(session: Session, press: list[Item], as_of: dt.date) -> int:
    """Update coverage of imported partnerships and Atlas projects from press AICT articles;
    returns the silent ones."""
    silent = 0
    by_actor = _press_by_actor(press)
    query = select(Action).where(Action.origin.in_(("imported", "atlas")))
    for action in session.scalars(query):
        start = max(action.action_date, as_of - PARTNERSHIP_PERIOD)
        candidates = {
            item.id: (day, item)
            for code in _csv_set(action.actor_codes)
            for day, item in by_actor.get(code, ())
        }
        hits = [
            item.published
            for day, item in candidates.values()
            if (action.country_iso2 is None or action.country_iso2 in item.countries)
            and start <= day <= as_of
        ]
        action.covered = bool(hits)
        action.first_press_at = min(hits) if hits else None
        # A project or partnership dated after as_of has not been silent yet: 0 days, never < 0.
        action.days_without_coverage = None if hits else max((as_of - start).days, 0)
        silent += not hits
    return silent


def run_measure(engine: Engine, as_of: dt.date) -> MeasureReport:
    """Measure everything published up to ``as_of`` (Paris) and store it."""
    until = end_of_day(as_of)
    with write_session(engine) as session:
        council, council_tags = load_items(session, SourceKind.COUNCIL, until)
        press, _ = load_items(session, SourceKind.PRESS, until)
        links, outcomes = link(council, press)
        council_ids = [c.id for c in council]
        _store_relays(session, links, outcomes, council_ids)
        actions = _store_actions(session, council, council_tags, outcomes, as_of)
        silent = sum(1 for a in actions if not a["covered"])
        sync_atlas_actions(session)
        session.flush()
        silent += _imported_coverage(session, press, as_of)
        relayed = sum(o.relayed for o in outcomes.values())
        refresh_weekly_counts(session.connection())
        refresh_collectivite_year_counts(session.connection())
        _record_run(session, as_of, len(council_ids), relayed, len(links), len(press))
    _refresh_planner_statistics(engine)
    return MeasureReport(as_of, len(council), len(press), relayed, len(links), len(actions), silent)


def _store_relays(
    session: Session,
    links: list[Link],
    outcomes: dict[str, Outcome],
    council_ids: list[str],
) -> None:
    """The links and each council item's relay outcome."""
    _drop_stale_relays(session, links, council_ids)
    upsert_relays(
        session,
        [
            {
                "council_article_id": lk.council_id,
                "press_article_id": lk.press_id,
                "similarity": lk.similarity,
                "reuse_ratio": lk.reuse_ratio,
                "lag_days": lk.lag_days,
            }
            for lk in links
        ],
    )
    upsert_relay_summaries(
        session,
        [
            {
                "council_article_id": cid,
                "relayed": o.relayed,
                "first_press_at": o.first_press_at,
                "lag_days": o.lag_days,
                "press_outlets": ",".join(o.press_outlets),
                "similarity": o.similarity,
                "reuse_ratio": o.reuse_ratio,
            }
            for cid, o in outcomes.items()
        ],
    )


def _drop_stale_relays(session: Session, links: list[Link], council_ids: list[str]) -> None:
    # Rows an earlier run derived that no longer hold (the tagger or the threshold may have
    # changed) are deleted; the others are updated in place, so action ids stay stable.
    keep_pairs = {(lk.council_id, lk.press_id) for lk in links}
    for relay in session.scalars(select(Relay)):
        if (relay.council_article_id, relay.press_article_id) not in keep_pairs:
            session.delete(relay)
    session.execute(delete(RelaySummary).where(RelaySummary.council_article_id.not_in(council_ids)))
    session.flush()


def _store_actions(
    session: Session,
    council: list[Item],
    council_tags: dict[str, Any],
    outcomes: dict[str, Outcome],
    as_of: dt.date,
) -> list[dict[str, Any]]:
    """The actions of the council items (the ones that no longer hold deleted); their rows."""
    actions = [
        row
        for item in council
        for row in _item_actions(item, council_tags[item.id], outcomes[item.id], as_of)
    ]
    keys = {a["natural_key"] for a in actions}
    for action in session.scalars(select(Action).where(Action.origin == "council_item")):
        if action.natural_key not in keys:
            session.delete(action)
    session.flush()
    if actions:
        upsert_actions(session, actions)
    return actions


def _record_run(
    session: Session, as_of: dt.date, council_items: int, relayed: int, links: int, press: int
) -> None:
    upsert_measure_runs(
        session,
        [
            {
                "as_of": as_of,
                "council_items": council_items,
                "relayed_items": relayed,
                "note": f"{links} links, {press} press AICT articles",
            }
        ],
    )


def _refresh_planner_statistics(engine: Engine) -> None:
    """``ANALYZE`` on SQLite, which never gathers statistics by itself.

    Without them SQLite planned ``v_aict_mentions`` filtered by source kind from the million
    articles instead of the AICT tags: cookbook Q2 took 8 to 12 s, 0.4 s after an ``ANALYZE``
    of 0.55 s (a sampled one, ``analysis_limit``, left the bad plan). PostgreSQL's autovacuum
    keeps its own statistics.
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
