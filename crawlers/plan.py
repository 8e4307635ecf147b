"""What one crawl will fetch: due feeds of enabled sources, and council sites to discover.

Read from the database before the crawl starts and handed to the spider as plain records, so
the spider never decides scheduling itself. Disabled sources and quarantined (``suspect``, A21)
ones are skipped, even when named. Council tasks carry the registered domains of the source's
own URLs, so a redirect elsewhere can be caught (:mod:`crawlers.quarantine`).

The scheduled runs' selection lives here too: which sources have work due at a moment
(:func:`due_sources`, :func:`due_work`, by the same plan and its one "due" rule,
:func:`is_due`), every council to discover (:func:`council_sources`), the feeds of named
sources (:func:`feeds_of_sources`), and how sources are cut into bounded batches sorted by
département (:func:`batches`), so a batch stays local (one hosting region, one press group).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Engine, select
from sqlalchemy.orm import Session

from crawlers.quarantine import home_domains
from models import Feed, Source
from models.vocab import FeedStatus, SourceKind, SourceStatus
from storage.engine import read_engine

#: At most this many batches per run: Airflow fails a mapped task past ``[core]
#: max_map_length`` (1,024) and the project keeps each mapping at 500 (reliability.md P-A1).
MAX_BATCHES = 500


@dataclass(frozen=True)
class FeedTask:
    feed_id: int
    url: str
    kind: str
    source_id: int
    source_slug: str
    source_kind: str
    group: str | None
    etag: str | None = None
    last_modified: str | None = None
    last_hash: str | None = None
    #: The previous successful poll: where a sitemap's polling window starts (issue 12).
    last_success_at: dt.datetime | None = None
    #: Registered domains of a council's own URLs (empty for press: no domain check, A21).
    home_domains: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DiscoveryTask:
    source_id: int
    source_slug: str
    source_kind: str
    group: str | None
    homepage: str
    departments: str = ""
    home_domains: frozenset[str] = frozenset()


@dataclass
class CrawlPlan:
    feeds: list[FeedTask] = field(default_factory=list)
    discoveries: list[DiscoveryTask] = field(default_factory=list)
    skipped_disabled: list[str] = field(default_factory=list)
    skipped_suspect: dict[str, str] = field(default_factory=dict)  # slug → quarantine reason
    #: Councils whose discovery already settled since the run's ``settled_since`` (resumed).
    skipped_settled: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.feeds and not self.discoveries


def _home(source: Source, feeds: list[Feed]) -> frozenset[str]:
    """A council's own registered domains; press titles legitimately span group domains."""
    if source.kind != SourceKind.COUNCIL:
        return frozenset()
    listed = [*(source.listing_pages or "").split(), *(source.sitemaps or "").split()]
    return home_domains([source.homepage, *listed, *(f.url for f in feeds)])


def _task(feed: Feed, source: Source, home: frozenset[str]) -> FeedTask:
    return FeedTask(
        feed_id=feed.id,
        url=feed.url,
        kind=feed.kind,
        source_id=source.id,
        source_slug=source.slug,
        source_kind=source.kind,
        group=source.group_name,
        etag=feed.etag,
        last_modified=feed.last_modified,
        last_hash=feed.last_hash,
        last_success_at=feed.last_success_at,
        home_domains=home,
    )


def is_due(feed: Feed, at: dt.datetime) -> bool:
    """The one "due" rule: never polled yet, or its next poll (adaptive interval, backoff,
    ``Retry-After``) has come by ``at``.

    Every selection goes through it — ``aict crawl``, and the DAGs both when they list due
    sources and when each batch crawls (``--due-at``, :mod:`orchestration.batches`) — so batching
    never changes which feeds are fetched.
    """
    return feed.next_fetch_at is None or feed.next_fetch_at <= at


def _selected(feed: Feed, at: dt.datetime, due_only: bool, forced: Collection[int]) -> bool:
    # A server's Retry-After (status backoff) is honoured even for explicitly named sources.
    if feed.status == FeedStatus.BACKOFF and not is_due(feed, at):
        return False
    return not due_only or is_due(feed, at) or feed.id in forced


def build_plan(
    engine: Engine,
    *,
    slugs: list[str] | None = None,
    kind: str | None = None,
    now: dt.datetime | None = None,
    due_only: bool = True,
    discover: str = "missing",
    feed_ids: Collection[int] = (),
    settled_since: dt.datetime | None = None,
) -> CrawlPlan:
    """The crawl plan at ``now``. ``discover``: ``missing`` (councils without feeds), ``all``
    or ``none``; ``kind``: only ``press`` or ``council`` sources. ``settled_since``: no
    discovery for councils whose discovery ended at or after it (a stopped discovery resumed).

    Without ``due_only``, named sources (``slugs``) are fetched whatever their schedule; with
    it, only their feeds that are due (:func:`is_due`), and the ``feed_ids`` of a scheduled
    run's recorded batch even when no longer due (a cleared run redoes its work, issue 16).
    An unknown slug raises ValueError.
    """
    now = now or dt.datetime.now(dt.UTC)
    forced = frozenset(feed_ids)
    plan = CrawlPlan()
    chosen: list[ColumnElement[bool]] = [Source.slug.in_(slugs)] if slugs else []
    if kind:
        chosen.append(Source.kind == kind)
    with read_engine(engine).connect() as conn, conn.begin():
        session = Session(bind=conn)
        sources = list(session.scalars(select(Source).where(*chosen).order_by(Source.slug)))
        if slugs:
            missing = sorted(set(slugs) - {s.slug for s in sources})
            if missing:
                raise ValueError(f"unknown source {missing[0]!r} (see `aict sources list`)")
        feeds_of = _feeds_by_source(session, chosen)
        for source in sources:
            wants = discover
            if wants != "none" and _settled(source, settled_since):
                plan.skipped_settled.append(source.slug)
                wants = "none"
            _plan_source(plan, source, feeds_of.get(source.id, []), now, due_only, forced, wants)
        session.close()
    return plan


def _settled(source: Source, since: dt.datetime | None) -> bool:
    """True when the source's discovery ended at or after ``since``."""
    if since is None or source.discovered_at is None or not source.enabled:
        return False
    return source.discovered_at >= since


def _feeds_by_source(session: Session, chosen: list[Any]) -> dict[int, list[Feed]]:
    """``source id → its feeds`` for the chosen sources, in one query (a query per source
    took ~35,000 round trips for councils)."""
    feeds_of: dict[int, list[Feed]] = {}
    query = select(Feed).join(Source, Feed.source_id == Source.id).where(*chosen).order_by(Feed.id)
    for feed in session.scalars(query):
        feeds_of.setdefault(feed.source_id, []).append(feed)
    return feeds_of


def _plan_source(
    plan: CrawlPlan,
    source: Source,
    all_feeds: list[Feed],
    now: dt.datetime,
    due_only: bool,
    forced: Collection[int],
    discover: str,
) -> None:
    """Add one source's work to ``plan``: its selected feeds, and its discovery if wanted."""
    if not source.enabled:
        plan.skipped_disabled.append(source.slug)
        return
    if source.status == SourceStatus.SUSPECT:
        plan.skipped_suspect[source.slug] = source.status_reason or "suspect"
        return
    home = _home(source, all_feeds)
    due = [f for f in all_feeds if _selected(f, now, due_only, forced)]
    plan.feeds.extend(_task(f, source, home) for f in due)
    wants = discover == "all" or (discover == "missing" and not all_feeds)
    if wants and source.homepage and source.kind == SourceKind.COUNCIL:
        plan.discoveries.append(
            DiscoveryTask(
                source.id,
                source.slug,
                source.kind,
                source.group_name,
                source.homepage,
                source.departments or "",
                home,
            )
        )


def due_sources(engine: Engine, kind: str, at: dt.datetime) -> list[tuple[str, str]]:
    """``(slug, first département)`` of enabled sources of ``kind`` with work due at ``at``.

    Exactly the sources :func:`crawlers.plan.build_plan` would crawl at ``at``: one of their
    feeds is due, or (a council without any feed) their crawl starts with discovery.
    """
    feeds_of, discover = due_work(engine, kind, at)
    return sources_with_departments(engine, kind, set(feeds_of) | discover)


def due_work(engine: Engine, kind: str, at: dt.datetime) -> tuple[dict[str, list[int]], set[str]]:
    """The work due at ``at`` for sources of ``kind``: ``slug → due feed ids`` and the slugs of
    the councils whose crawl starts with discovery (no feed yet)."""
    plan = build_plan(engine, kind=kind, now=at, due_only=True, discover="missing")
    feeds_of: dict[str, list[int]] = {}
    for task in plan.feeds:
        feeds_of.setdefault(task.source_slug, []).append(task.feed_id)
    return feeds_of, {d.source_slug for d in plan.discoveries}


def sources_with_departments(engine: Engine, kind: str, slugs: set[str]) -> list[tuple[str, str]]:
    """``(slug, first département)`` of the sources of ``kind`` named in ``slugs``, sorted."""
    query = select(Source.slug, Source.departments).where(Source.kind == kind)
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query).all()
    return sorted((slug, (depts or "").split(",")[0]) for slug, depts in rows if slug in slugs)


def feeds_of_sources(engine: Engine, slugs: Collection[str]) -> dict[str, list[int]]:
    """``slug → ids of its recorded feeds`` for the named sources (those with feeds)."""
    query = select(Source.slug, Feed.id).join(Feed, Feed.source_id == Source.id)
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query.where(Source.slug.in_(sorted(slugs)))).all()
    found: dict[str, list[int]] = {}
    for slug, feed_id in rows:
        found.setdefault(slug, []).append(feed_id)
    return found


def council_sources(engine: Engine) -> list[tuple[str, str]]:
    """``(slug, first département)`` of every enabled council with a homepage (discovery)."""
    query = (
        select(Source.slug, Source.departments)
        .where(
            Source.kind == SourceKind.COUNCIL,
            Source.enabled.is_(True),
            Source.homepage.is_not(None),
        )
        .order_by(Source.slug)
    )
    with read_engine(engine).connect() as conn:
        rows = conn.execute(query).all()
    return [(slug, (depts or "").split(",")[0]) for slug, depts in rows]


def batches(
    sources: Sequence[tuple[str, str]], *, min_size: int = 1, max_batches: int = MAX_BATCHES
) -> list[list[str]]:
    """Slugs in at most ``max_batches`` batches of at least ``min_size`` (but the last).

    Sorted by (département, slug), so each département's sources sit together.
    """
    if not sources:
        return []
    ordered = [slug for _, slug in sorted((dept, slug) for slug, dept in sources)]
    size = max(min_size, math.ceil(len(ordered) / max_batches))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]
