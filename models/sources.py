"""Sources (press titles, council sites), their feeds, fetch events and per-day feed health.

Kinds and statuses are the vocabularies of :mod:`models.vocab`, checked by the database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.vocab import FeedKind, FeedStatus, FetchStatus, SourceKind, SourceStatus


class Source(Base):
    """One publisher: a press title or a council. Editions are feeds."""

    __tablename__ = "sources"
    __table_args__ = (
        UniqueConstraint("slug"),
        one_of("kind", SourceKind),
        one_of("status", SourceStatus),
    )
    UPSERT_KEY = ("slug",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    group_name: Mapped[str | None] = mapped_column(String(200))
    collectivite_code: Mapped[str | None] = mapped_column(String(40))
    homepage: Mapped[str | None] = mapped_column(String(2048))
    departments: Mapped[str] = mapped_column(String(400), default="")
    circulation: Mapped[int | None] = mapped_column(Integer)
    listing_pages: Mapped[str] = mapped_column(Text, default="")
    sitemaps: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(
        String(16), default=SourceStatus.ACTIVE, server_default=SourceStatus.ACTIVE.value
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column()
    #: When the discovery of the council's site last ended, feeds found or not (issue 16 item 8).
    discovered_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    feeds: Mapped[list[Feed]] = relationship(back_populates="source")


class Feed(Base):
    """A URL polled for new items: RSS/Atom feed, news sitemap or listing page."""

    __tablename__ = "feeds"
    __table_args__ = (
        UniqueConstraint("url"),
        Index("ix_feeds_next_fetch_at", "next_fetch_at"),
        one_of("kind", FeedKind),
        one_of("status", FeedStatus),
    )
    UPSERT_KEY = ("url",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    kind: Mapped[str] = mapped_column(String(16), default=FeedKind.RSS)
    departments: Mapped[str] = mapped_column(String(400), default="")
    discovered: Mapped[bool] = mapped_column(Boolean, default=False)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_hash: Mapped[str | None] = mapped_column(String(64))
    poll_minutes: Mapped[int] = mapped_column(Integer, default=360)
    next_fetch_at: Mapped[dt.datetime | None] = mapped_column()
    failures: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(16), default=FeedStatus.PENDING)
    last_fetch_at: Mapped[dt.datetime | None] = mapped_column()
    last_success_at: Mapped[dt.datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    #: NULL: never fetched over HTTPS; False: the certificate did not verify (A19), kept anyway.
    tls_verified: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    source: Mapped[Source] = relationship(back_populates="feeds")


class FetchEvent(Base):
    """One fetch of a feed (the last 30 per feed are kept, P-C9 / Media Cloud FETCH_EVENT_ROWS)."""

    __tablename__ = "fetch_events"
    __table_args__ = (
        Index("ix_fetch_events_feed_id_fetched_at", "feed_id", "fetched_at"),
        one_of("status", FetchStatus),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    new_items: Mapped[int] = mapped_column(Integer, default=0)
    seen_items: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


class FeedHealthDaily(Base):
    """Per-feed, per-day sums of fetch events, kept as long as the articles (completeness flag)."""

    __tablename__ = "feed_health_daily"
    UPSERT_KEY = ("feed_id", "day")

    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    week: Mapped[str] = mapped_column(String(8), index=True)
    fetches: Mapped[int] = mapped_column(Integer, default=0)
    successes: Mapped[int] = mapped_column(Integer, default=0)
    new_items: Mapped[int] = mapped_column(Integer, default=0)
