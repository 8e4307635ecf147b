"""Idempotent upserts, one function per table, as ``INSERT … ON CONFLICT`` on both dialects.

Each model declares its conflict key once (``Model.UPSERT_KEY``, matching its unique
constraint); every function here reuses it. Functions take a :class:`~sqlalchemy.orm.Session`
already inside a transaction and never commit: the caller owns the transaction, so a batch is
all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import (
    Action,
    Article,
    ArticleVersion,
    Collectivite,
    Country,
    DigestOutbox,
    Feed,
    FeedHealthDaily,
    MeasureRun,
    Relay,
    RelaySummary,
    Source,
    Tag,
    TagCountry,
    TagFrame,
    TagObject,
)
from models.base import Base, utcnow
from storage.keys import article_id, content_hash, title_hash
from storage.timeutil import iso_week, month_of, paris_day

Row = Mapping[str, Any]
#: Rows per statement: well under SQLite's 32,766 bound parameters for our widest table.
BATCH = 500


def _insert(session: Session, model: type[Base]) -> Any:
    dialect = session.get_bind().dialect.name
    # Every model of Base is declared on a Table; SQLAlchemy types __table__ as a FromClause.
    table = cast(Table, model.__table__)
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"unsupported dialect {dialect}")


def upsert(
    session: Session,
    model: type[Base],
    rows: Iterable[Row],
    update: Sequence[str] | None = None,
    *,
    keep_existing: Sequence[str] = (),
    do_nothing: bool = False,
) -> int:
    """Insert ``rows`` into ``model``'s table; on a key conflict update ``update`` columns.

    ``update=None`` updates every column given except the key; ``keep_existing`` columns are
    only filled when the stored value is NULL (e.g. a publication date found later).
    ``do_nothing`` leaves existing rows untouched. Returns the number of rows sent.
    """
    # Declared by each model that has an upsert (Base has none): a missing one fails here.
    key: tuple[str, ...] = model.UPSERT_KEY  # type: ignore[attr-defined]
    rows = list(rows)
    if not rows:
        return 0
    # One statement compiled once per column set, executed with a list of parameter sets:
    # SQLAlchemy's "insertmanyvalues" batches it into multi-row INSERTs without recompiling.
    groups: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for present, group in groups.items():
        stmt = _insert(session, model)
        columns = update if update is not None else [c for c in present if c not in key]
        columns = [c for c in columns if c in present]
        if do_nothing or not (columns or keep_existing):
            stmt = stmt.on_conflict_do_nothing(index_elements=list(key))
        else:
            table = model.__table__
            set_: dict[str, Any] = {c: stmt.excluded[c] for c in columns if c not in keep_existing}
            for col in keep_existing:
                if col in present:
                    set_[col] = func.coalesce(table.c[col], stmt.excluded[col])
            stmt = stmt.on_conflict_do_update(index_elements=list(key), set_=set_)
        for start in range(0, len(group), BATCH):
            session.execute(stmt, group[start : start + BATCH])
    return len(rows)


# --- registry -------------------------------------------------------------------------------


def upsert_sources(session: Session, rows: Iterable[Row]) -> int:
    """Sources by slug; the registry fields are refreshed, ids and history kept."""
    stamped = [{**r, "updated_at": utcnow()} for r in rows]
    return upsert(session, Source, stamped)


def upsert_feeds(session: Session, rows: Iterable[Row]) -> int:
    """Feeds by URL; only registry fields are updated (fetch state is never reset by a reload)."""
    return upsert(session, Feed, rows, update=["source_id", "kind", "departments"])


def source_ids(session: Session) -> dict[str, int]:
    """slug → id for every source."""
    return {slug: id_ for slug, id_ in session.execute(select(Source.slug, Source.id))}


# --- articles ------------------------------------------------------------------------------


def article_row(
    *,
    source_id: int,
    url: str,
    normalized_url: str,
    title: str,
    text: str,
    published_at: dt.datetime | None,
    first_seen_at: dt.datetime | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A complete ``articles`` row: deterministic id, hashes, Paris week, month and publication day."""
    seen = first_seen_at or utcnow()
    anchor = published_at or seen
    return {
        "id": article_id(normalized_url),
        "source_id": source_id,
        "url": url,
        "normalized_url": normalized_url,
        "title": title,
        "text": text,
        "published_at": published_at,
        "published_date": paris_day(published_at),
        "first_seen_at": seen,
        "week": iso_week(anchor),
        "month": month_of(anchor),
        "content_hash": content_hash(text),
        "title_hash": title_hash(title),
        "updated_at": utcnow(),
        **extra,
    }


_ARTICLE_REFRESH = (
    "title",
    "text",
    "lead",
    "canonical_url",
    "content_hash",
    "paywalled",
    "text_truncated",
    "encoding",
    "language",
    "updated_at",
)


def upsert_articles(session: Session, rows: Iterable[Row]) -> int:
    """Articles by normalised URL. ``first_seen_at`` never moves; a late publication date fills a
    NULL one (with its Paris day); text fields follow the latest extraction (its versions are
    kept apart)."""
    rows = list(rows)
    if not rows:
        return 0
    present = set(rows[0])
    update = [c for c in _ARTICLE_REFRESH if c in present]
    return upsert(
        session, Article, rows, update=update, keep_existing=["published_at", "published_date"]
    )


def upsert_article_versions(session: Session, rows: Iterable[Row]) -> int:
    """One version per (article, content hash); an identical text adds nothing."""
    return upsert(session, ArticleVersion, rows, do_nothing=True)


# --- tags, reference, actions, relays, health, outbox -------------------------------------


def upsert_tags(session: Session, rows: Iterable[Row]) -> int:
    """The current tag per article (a new nlp_version replaces the old one)."""
    return upsert(session, Tag, rows)


def upsert_tag_objects(session: Session, rows: Iterable[Row]) -> int:
    """Objects of AICT tags (callers delete the article's old rows first when re-tagging)."""
    return upsert(session, TagObject, rows)


def upsert_tag_countries(session: Session, rows: Iterable[Row]) -> int:
    """Partner countries of AICT tags."""
    return upsert(session, TagCountry, rows, do_nothing=True)


def upsert_tag_frames(session: Session, rows: Iterable[Row]) -> int:
    """Frame shares of AICT articles (``tag_frames``)."""
    return upsert(session, TagFrame, rows)


def upsert_collectivites(session: Session, rows: Iterable[Row]) -> int:
    """Collectivités by typed code."""
    return upsert(session, Collectivite, rows)


def upsert_countries(session: Session, rows: Iterable[Row]) -> int:
    """Countries by ISO2."""
    return upsert(session, Country, rows)


def upsert_actions(session: Session, rows: Iterable[Row]) -> int:
    """Actions by natural key."""
    return upsert(session, Action, rows)


def upsert_relays(session: Session, rows: Iterable[Row]) -> int:
    """Relays by (council item, press article)."""
    return upsert(session, Relay, rows)


def upsert_relay_summaries(session: Session, rows: Iterable[Row]) -> int:
    """Relay outcome per council item."""
    return upsert(session, RelaySummary, rows)


def upsert_measure_runs(session: Session, rows: Iterable[Row]) -> int:
    """One measure run per ``as_of``: counts are refreshed, ``ran_at`` keeps the first run."""
    return upsert(session, MeasureRun, rows, update=["council_items", "relayed_items", "note"])


def upsert_feed_health(session: Session, rows: Iterable[Row]) -> int:
    """Add a day's fetch counts to ``feed_health_daily`` (counts accumulate)."""
    total = 0
    for row in rows:
        stmt = _insert(session, FeedHealthDaily).values(**row)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(FeedHealthDaily.UPSERT_KEY),
            set_={
                "fetches": FeedHealthDaily.__table__.c.fetches + stmt.excluded.fetches,
                "successes": FeedHealthDaily.__table__.c.successes + stmt.excluded.successes,
                "new_items": FeedHealthDaily.__table__.c.new_items + stmt.excluded.new_items,
            },
        )
        session.execute(stmt)
        total += 1
    return total


def upsert_outbox(session: Session, rows: Iterable[Row]) -> int:
    """Create outbox rows as ``pending``; an existing (week, recipient) row is never touched."""
    return upsert(session, DigestOutbox, rows, do_nothing=True)
